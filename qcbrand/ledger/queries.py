"""The ledger's named reads and writes: each function is one question or one change, in SQL with
parameters. Part of the storage layer with store.py; the rest of qcbrand calls these, never SQL.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qcbrand.rules.codes import DISTRICTS
from qcbrand.errors import QcbrandError
from qcbrand.rules.plans import Catalogue, Plan
from qcbrand.ledger.store import TOUCHED_UNITS_SCOPE, Cursor, Store, load_sql

# --- reference data ------------------------------------------------------------------------------


def ensure_districts(cur: Cursor | Store) -> None:
    rows = [(d.code, d.name_zh, d.name_en, i) for i, d in enumerate(DISTRICTS)]
    for row in rows:  # seven rows, once per init
        cur.execute("INSERT OR REPLACE INTO districts VALUES (?, ?, ?, ?)", list(row))


def save_kinds(cur: Cursor, catalogue: Catalogue) -> int:
    frame = pd.DataFrame(
        [
            {
                "code": k.code,
                "category": k.category,
                "name_zh": k.name_zh,
                "name_en": k.name_en,
                "level": k.level,
                "term_years": k.term_years,
                "aliases": k.aliases,
                "note": k.note,
                "renewal_window_months": k.renewal_window_months,
            }
            for k in catalogue.kinds
        ]
    )
    frame["term_years"] = frame["term_years"].astype("Int64")
    cur.register("_kinds", frame)
    try:
        cur.execute(
            "INSERT OR REPLACE INTO honour_kinds (code, category, name_zh, name_en, level, term_years, aliases, note, "
            "renewal_window_months) SELECT code, category, name_zh, name_en, level, term_years, aliases, note, "
            "renewal_window_months FROM _kinds"
        )
    finally:
        cur.unregister("_kinds")
    return len(frame)


def kinds(store: Store | Cursor) -> pd.DataFrame:
    return store.df("SELECT * FROM honour_kinds ORDER BY category, code")


def kind_codes(store: Store | Cursor) -> set[str]:
    return {r[0] for r in store.rows("SELECT code FROM honour_kinds")}


def districts(store: Store | Cursor) -> pd.DataFrame:
    return store.df("SELECT code, name_zh, name_en FROM districts ORDER BY sort")


# --- derived tables: kept true by every write -----------------------------------------------------


def refresh_facts(cur: Cursor, *, ids: list[int] | None = None, import_id: int | None = None,
                  enterprise_ids: list[int] | None = None) -> None:
    """Bring the facts table in line with the record tables, for the records a write touched (their ids,
    an import's, or an enterprise's), or for everything when no scope is given."""
    if ids is not None:
        name, value = "ids", ids
    elif import_id is not None:
        name, value = "import_id", import_id
    elif enterprise_ids is not None:
        name, value = "enterprise_ids", enterprise_ids
    else:  # everything: ordered by district, so that one district's scoreboard reads a few row groups
        cur.execute("DELETE FROM facts")
        cur.execute("INSERT INTO facts SELECT * FROM fact_source ORDER BY district_code, kind_code, id")
        refresh_kind_days(cur)
        refresh_spans(cur)
        return
    scope = _DAY_SCOPES[name]
    params = {name: value}
    # the facts the write touched, as they were and as they are: the units of the goals that count them by
    # spans are counted again (a write to kinds that no such goal counts has none)
    touched_sql = (f"SELECT kind_code, enterprise_id, id FROM facts WHERE {scope} "
                   f"AND kind_code IN (SELECT kind_code FROM goal_kinds gk JOIN goals g USING (plan_code, goal_code) "
                   f"JOIN honour_kinds k ON k.code = gk.kind_code WHERE g.counts = 'enterprises' OR k.category = 'standard')")
    touched = [cur.df(touched_sql, params)]
    before = kind_day_counts(cur, name, value)
    cur.execute(f"DELETE FROM facts WHERE {scope}", params)
    cur.execute(f"INSERT INTO facts SELECT * FROM fact_source WHERE {scope}", params)
    touched.append(cur.df(touched_sql, params))
    apply_kind_days(cur, before, kind_day_counts(cur, name, value))
    refresh_spans(cur, pd.concat(touched, ignore_index=True))


_DAY_KEYS = "kind_code, granted_on, last_on, revoked_on, lapses_on"
_DAY_SCOPES = {"ids": "id IN (SELECT unnest($ids::BIGINT[]))", "import_id": "import_id = $import_id",
               "enterprise_ids": "enterprise_id IN (SELECT unnest($enterprise_ids::BIGINT[]))"}


def refresh_kind_days(cur: Cursor) -> None:
    """Rebuild the city's day counts of whole-record facts (kind_days) from every fact."""
    cur.execute("DELETE FROM kind_days")
    cur.execute("WITH " + load_sql("kind_day_rows", day_scope="true")
                + f" INSERT INTO kind_days SELECT {_DAY_KEYS}, count(*) FROM kind_day_rows GROUP BY ALL")


def kind_day_counts(cur: Cursor, scope: str, value: Any) -> pd.DataFrame:
    """The day counts of the whole-record facts of a write's scope (ids, import_id or enterprise_ids)."""
    return cur.df("WITH " + load_sql("kind_day_rows", day_scope=_DAY_SCOPES[scope])
                  + f" SELECT {_DAY_KEYS}, count(*) AS n FROM kind_day_rows GROUP BY ALL", {scope: value})


def apply_kind_days(cur: Cursor, before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Count the scope's facts out as they were and in as they are."""
    _apply_counts(cur, "kind_days", _DAY_KEYS, before, after)


_COUNTED_TABLES = {"kind_days", "span_days"}


def _apply_counts(cur: Cursor, table: str, key_list: str, before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Change a table of counts (`key_list`, n) by what a write took out (`before`) and put in (`after`)."""
    assert table in _COUNTED_TABLES
    delta = pd.concat([before.assign(n=-before["n"]), after])
    if delta.empty:
        return
    keys = key_list.split(", ")
    delta = delta.groupby(keys, as_index=False)["n"].sum()
    delta = delta[delta["n"] != 0]
    if delta.empty:
        return
    match = " AND ".join(f"k.{c} = d.{c}" for c in keys)
    cur.register("_count_delta", delta)
    try:
        cur.execute(f"UPDATE {table} k SET n = k.n + d.n FROM _count_delta d WHERE {match}")
        cur.execute(f"INSERT INTO {table} SELECT {key_list}, n FROM _count_delta d "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {table} k WHERE {match})")
        cur.execute(f"DELETE FROM {table} WHERE n = 0")
    finally:
        cur.unregister("_count_delta")


def _differing(kept: str, truth: str) -> str:
    """SQL counting the rows in which a kept table and what it should hold differ, either way (duplicates count)."""
    return (f"(SELECT count(*) FROM ((SELECT * FROM {kept} EXCEPT ALL SELECT * FROM {truth}) "
            f"UNION ALL (SELECT * FROM {truth} EXCEPT ALL SELECT * FROM {kept})))")


def stale_kind_days(store: Store | Cursor) -> int:
    rows = load_sql("kind_day_rows", day_scope="true")
    return int(store.scalar(
        f"WITH {rows}, counted AS (SELECT {_DAY_KEYS}, count(*) AS n FROM kind_day_rows GROUP BY ALL) "
        f"SELECT {_differing('kind_days', 'counted')}"))


_SPAN_KEYS = "plan_code, goal_code, district_code, starts_on, ends_on"


# The units of the goals that count by spans, among the facts a write touched (kind_code, enterprise_id, id):
# for each plan and goal over the fact's kind, the enterprise (a goal in 家) or the record (a goal over standards).
_TOUCHED_UNITS = """
SELECT DISTINCT g.plan_code, g.goal_code, CASE WHEN g.counts = 'enterprises' THEN t.enterprise_id ELSE t.id END AS unit
FROM touched_facts t
JOIN goal_kinds gk ON gk.kind_code = t.kind_code
JOIN goals g ON g.plan_code = gk.plan_code AND g.goal_code = gk.goal_code
JOIN honour_kinds k ON k.code = t.kind_code
WHERE (g.counts = 'enterprises' OR k.category = 'standard')
  AND (CASE WHEN g.counts = 'enterprises' THEN t.enterprise_id ELSE t.id END) IS NOT NULL"""
_SPANS_TOUCHED = ("EXISTS (SELECT 1 FROM touched_units u WHERE u.plan_code = goal_spans.plan_code "
                  "AND u.goal_code = goal_spans.goal_code AND u.unit = goal_spans.unit)")


def refresh_spans(cur: Cursor, touched: pd.DataFrame | None = None) -> None:
    """Bring the goals' counting spans in line with the facts: for the goals and units of the facts a write
    touched (a frame of kind_code, enterprise_id and id, as they were and as they are), or for every unit
    when None. A write to kinds that no goal counts by spans changes nothing here."""
    if touched is None:  # ordered by district: the city's ('*') and one district's spans are a few row groups
        cur.execute("DELETE FROM goal_spans")
        cur.execute("WITH " + load_sql("span_rows", span_scope="true")
                    + " INSERT INTO goal_spans SELECT * FROM span_rows ORDER BY district_code, plan_code, goal_code")
        cur.execute("DELETE FROM span_days")
        cur.execute(f"INSERT INTO span_days SELECT {_SPAN_KEYS}, count(*) FROM goal_spans GROUP BY ALL "
                    "ORDER BY district_code, plan_code, goal_code")
        return
    if touched.empty:
        return
    cur.register("touched_facts", touched[["kind_code", "enterprise_id", "id"]])
    try:
        units = cur.df(_TOUCHED_UNITS)
    finally:
        cur.unregister("touched_facts")
    if units.empty:
        return
    counted = f"SELECT {_SPAN_KEYS}, count(*) AS n FROM goal_spans WHERE {_SPANS_TOUCHED} GROUP BY ALL"
    cur.register("touched_units", units)
    try:
        before = cur.df(counted)
        cur.execute(f"DELETE FROM goal_spans WHERE {_SPANS_TOUCHED}")
        cur.execute("WITH " + load_sql("span_rows", span_scope=TOUCHED_UNITS_SCOPE) + " INSERT INTO goal_spans SELECT * FROM span_rows")
        _apply_counts(cur, "span_days", _SPAN_KEYS, before, cur.df(counted))
    finally:
        cur.unregister("touched_units")


def stale_spans(store: Store | Cursor) -> int:
    """Rows in which the goals' spans, or their counts, and what the facts say differ (0 in a sound ledger)."""
    spans = load_sql("span_rows", span_scope="true")
    return int(store.scalar(
        f"WITH {spans}, counted AS (SELECT {_SPAN_KEYS}, count(*) AS n FROM goal_spans GROUP BY ALL) "
        f"SELECT {_differing('goal_spans', 'span_rows')} + {_differing('span_days', 'counted')}"))


def touching_spans(store: Store | Cursor) -> int:
    """Spans of one unit, goal and place that overlap or touch (0 in a sound ledger): each would count the
    unit twice on the days they share."""
    return int(store.scalar(
        "SELECT count(*) FROM (SELECT starts_on, lag(ends_on) OVER (PARTITION BY plan_code, goal_code, unit, district_code "
        "ORDER BY starts_on, ends_on) AS previous_end FROM goal_spans) WHERE starts_on <= previous_end"))


def stale_facts(store: Store | Cursor) -> int:
    """Rows in which the facts table and what the records say differ (0 in a sound ledger)."""
    return int(store.scalar(f"SELECT {_differing('facts', 'fact_source')}"))


def refresh_name_index(cur: Cursor) -> None:
    """The pinyin and initials of every enterprise name that has none yet (new or renamed enterprises),
    from a table of each character's reading: one set-based update, however many names."""
    from qcbrand.rules.hanzi import char_pinyin

    missing = cur.rows("SELECT DISTINCT ch FROM (SELECT unnest(string_split(name, '')) AS ch FROM enterprises "
                       "WHERE name_pinyin IS NULL) WHERE ch NOT IN (SELECT ch FROM pinyin_chars)")
    if missing:
        chars = pd.DataFrame([(ch, *char_pinyin(ch)) for (ch,) in missing], columns=["ch", "pinyin", "initial"])
        cur.register("_chars", chars)
        try:
            cur.execute("INSERT INTO pinyin_chars SELECT ch, pinyin, initial FROM _chars")
        finally:
            cur.unregister("_chars")
    cur.execute(
        "UPDATE enterprises SET name_pinyin = x.py, name_initials = x.ini FROM ("
        "  SELECT s.enterprise_id, string_agg(coalesce(p.pinyin, ''), '' ORDER BY s.pos) AS py,"
        "         string_agg(coalesce(p.initial, ''), '' ORDER BY s.pos) AS ini"
        "  FROM (SELECT enterprise_id, unnest(string_split(name, '')) AS ch, unnest(range(length(name))) AS pos"
        "        FROM enterprises WHERE name_pinyin IS NULL) s"
        "  LEFT JOIN pinyin_chars p ON p.ch = s.ch GROUP BY s.enterprise_id) x "
        "WHERE enterprises.enterprise_id = x.enterprise_id")


# A later designation of the same product (or mark) for the same enterprise and kind renews the one before it.
_RENEWAL_GROUPS = {"famous_brands": "product", "trademarks": "mark"}


def _chains(table: str, item: str) -> str:
    """The records of the renewal chains (product or mark, enterprise and kind) of the given records: those
    whose ids are in the registered table _chain_ids, or of the import $import_id."""
    return (f"WITH keys AS (SELECT DISTINCT enterprise_id, kind_code, {item} FROM {table} "
            f"WHERE id IN (SELECT id FROM _chain_ids) OR import_id = $import_id) "
            f"SELECT t.* FROM {table} t SEMI JOIN keys k ON k.enterprise_id = t.enterprise_id "
            f"AND k.kind_code = t.kind_code AND k.{item} = t.{item}")


def _chain_ids(cur: Cursor, ids: list[int] | None) -> None:
    cur.register("_chain_ids", pd.DataFrame({"id": ids or []}, dtype="int64"))


def renewal_group_ids(cur: Cursor, ids: list[int], import_id: int | None = None) -> list[int]:
    """Every record in the renewal chains of the given records (by id, or an import's)."""
    found: list[int] = []
    _chain_ids(cur, ids)
    try:
        for table, item in _RENEWAL_GROUPS.items():
            found += [r[0] for r in cur.rows(f"SELECT id FROM ({_chains(table, item)})", {"import_id": import_id})]
    finally:
        cur.unregister("_chain_ids")
    return found


def refresh_renewals(cur: Cursor, ids: list[int] | None = None, import_id: int | None = None) -> list[int]:
    """Link each designation to the one it renews, within the chains of the given records (by id, or an
    import's; every chain when neither is given). Returns the records whose facts change with it: those
    renewed before and after."""
    affected: list[int] = []
    _chain_ids(cur, ids)
    try:
        for table, item in _RENEWAL_GROUPS.items():
            if ids is None and import_id is None:
                chains, params = table, {}
            else:
                chains, params = f"({_chains(table, item)})", {"import_id": import_id}
            changes = cur.df(
                f"SELECT id, renews, prev FROM (SELECT t.id, t.renews, lag(t.id) OVER (PARTITION BY t.enterprise_id, "
                f"t.kind_code, t.{item} ORDER BY t.granted_on, t.id) AS prev FROM {chains} t) "
                "WHERE renews IS DISTINCT FROM prev", params)
            if changes.empty:
                continue
            cur.register("_renewals", changes)
            try:
                cur.execute(f"UPDATE {table} SET renews = c.prev FROM _renewals c WHERE {table}.id = c.id")
            finally:
                cur.unregister("_renewals")
            affected += [int(v) for v in pd.concat([changes["renews"], changes["prev"]]).dropna()]
    finally:
        cur.unregister("_chain_ids")
    return affected


def after_write(cur: Cursor, *, ids: list[int] | None = None, import_id: int | None = None,
                enterprise_ids: list[int] | None = None, everything: bool = False,
                chains: list[int] | None = None) -> None:
    """What every write does last, inside its transaction: the renewal chains and the facts it touched, and
    the new names' pinyin. `chains`: records whose renewal chains the write may have broken (collected
    before a record was deleted or moved to another chain)."""
    if everything:
        refresh_renewals(cur)
        refresh_facts(cur)
    elif import_id is not None:
        affected = refresh_renewals(cur, chains or [], import_id)
        refresh_facts(cur, import_id=import_id)
        # a record whose renewal went with a rollback counts to its own term again: the whole chain is refreshed
        again = sorted(set(affected) | set(chains or []))
        if again:
            refresh_facts(cur, ids=again)
    elif ids is not None:
        affected = refresh_renewals(cur, ids + (chains or []))
        # a record's facts depend on the record that renews it: every chain the write touched, before and after
        # it, is counted again (a changed grant date moves the end of the record before it)
        refresh_facts(cur, ids=sorted(set(ids + affected + (chains or []) + renewal_group_ids(cur, ids))))
    elif enterprise_ids is not None:
        held = [r[0] for r in cur.rows(
            "SELECT id FROM famous_brands WHERE enterprise_id IN (SELECT unnest(?::BIGINT[])) UNION ALL "
            "SELECT id FROM trademarks WHERE enterprise_id IN (SELECT unnest(?::BIGINT[]))", [enterprise_ids, enterprise_ids])]
        affected = refresh_renewals(cur, held) if held else []
        refresh_facts(cur, enterprise_ids=enterprise_ids)
        if affected:
            refresh_facts(cur, ids=affected)
    refresh_name_index(cur)


# --- settings ------------------------------------------------------------------------------------


def set_setting(cur: Cursor, key: str, value: str) -> None:
    cur.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])


def record_count(store: Store | Cursor) -> int:
    return int(store.scalar("SELECT count(DISTINCT id) FROM facts"))


def setting(store: Store | Cursor, key: str) -> str | None:
    return store.scalar("SELECT value FROM settings WHERE key = ?", [key])


# --- audit ---------------------------------------------------------------------------------------


def audit(
    cur: Cursor,
    actor: str,
    action: str,
    *,
    table_name: str | None = None,
    record_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    import_id: int | None = None,
    note: str | None = None,
) -> None:
    cur.execute(
        "INSERT INTO audit_log (actor, action, table_name, record_id, before, after, import_id, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            actor,
            action,
            table_name,
            record_id,
            None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            None if after is None else json.dumps(after, ensure_ascii=False, default=str),
            import_id,
            note,
        ],
    )


def audit_log(store: Store, limit: int = 1000) -> pd.DataFrame:
    return store.df("SELECT * FROM audit_log ORDER BY audit_id DESC LIMIT ?", [limit])


# --- plans ---------------------------------------------------------------------------------------


def save_plan(cur: Cursor, plan: Plan, file_name: str, sha256: str) -> None:
    """Replace the plan's goals and indicators with the file's; indicator readings are kept."""
    code = plan.plan.code
    cur.execute("DELETE FROM goal_kinds WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM goal_district_targets WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM goals WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM indicators WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM plans WHERE plan_code = ?", [code])
    h = plan.plan
    cur.execute(
        "INSERT INTO plans (plan_code, name_zh, name_en, source_zh, starts_on, ends_on, file_name, sha256) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [code, h.name_zh, h.name_en, h.source_zh, h.starts_on, h.ends_on, file_name, sha256],
    )
    goals = pd.DataFrame(
        [
            {"plan_code": code, "sort": i, **g.model_dump(exclude={"kinds", "district_targets"})}
            for i, g in enumerate(plan.goals)
        ]
    ).rename(columns={"code": "goal_code"})
    cur.insert_frame(
        "goals",
        goals,
        ["plan_code", "goal_code", "sort", "clause", "name_zh", "name_en", "wording_zh", "target", "unit_zh",
         "unit_en", "comparison", "rule", "counts", "role", "service_only", "headline"],
    )
    goal_kinds = pd.DataFrame(
        [{"plan_code": code, "goal_code": g.code, "kind_code": k} for g in plan.goals for k in g.kinds]
    )
    cur.insert_frame("goal_kinds", goal_kinds, ["plan_code", "goal_code", "kind_code"])
    targets = pd.DataFrame([{"plan_code": code, "goal_code": g.code, "district_code": d, "target": t}
                            for g in plan.goals for d, t in g.district_targets.items()],
                           columns=["plan_code", "goal_code", "district_code", "target"])
    if not targets.empty:
        cur.insert_frame("goal_district_targets", targets, ["plan_code", "goal_code", "district_code", "target"])
    if plan.indicators:
        indicators = pd.DataFrame(
            [{"plan_code": code, "sort": i, **ind.model_dump()} for i, ind in enumerate(plan.indicators)]
        )
        cur.insert_frame(
            "indicators",
            indicators,
            ["plan_code", "code", "sort", "clause", "name_zh", "name_en", "wording_zh", "target", "unit_zh",
             "unit_en", "comparison"],
        )


def plans(store: Store | Cursor) -> list[dict[str, Any]]:
    return store.dicts("SELECT * FROM plans ORDER BY starts_on DESC, plan_code")


def plan(store: Store | Cursor, plan_code: str) -> dict[str, Any] | None:
    found = store.dicts("SELECT * FROM plans WHERE plan_code = ?", [plan_code])
    return found[0] if found else None


def goals(store: Store | Cursor, plan_code: str) -> list[dict[str, Any]]:
    return store.dicts(
        "SELECT g.*, list(gk.kind_code ORDER BY gk.kind_code) AS kinds FROM goals g "
        "JOIN goal_kinds gk USING (plan_code, goal_code) WHERE g.plan_code = ? "
        "GROUP BY ALL ORDER BY g.sort",
        [plan_code],
    )


def district_targets(store: Store | Cursor, plan_code: str) -> dict[tuple[str, str], float]:
    """(goal code, district code) -> the district's own target, for the goals a plan breaks down."""
    return {(g, d): t for g, d, t in store.rows(
        "SELECT goal_code, district_code, target FROM goal_district_targets WHERE plan_code = ?", [plan_code])}


def indicators(store: Store | Cursor, plan_code: str) -> pd.DataFrame:
    return store.df(
        "SELECT i.*, r.year, r.value, r.source FROM indicators i "
        "LEFT JOIN indicator_readings r ON r.plan_code = i.plan_code AND r.indicator_code = i.code "
        "WHERE i.plan_code = ? ORDER BY i.sort, r.year",
        [plan_code],
    )


# --- counting ------------------------------------------------------------------------------------


def scoreboard_counts(
    store: Store | Cursor, plan_code: str, as_of: dt.date, district: str | None = None, goal: str | None = None
) -> pd.DataFrame:
    start, end = store.rows("SELECT starts_on, ends_on FROM plans WHERE plan_code = ?", [plan_code])[0]
    params = {"plan": plan_code, "as_of": as_of, "district": district, "goal": goal, "plan_start": start,
              "before": start - dt.timedelta(days=1), "deadline": end}
    counts = store.named("scoreboard_city" if district is None else "scoreboard",
                         {k: v for k, v in params.items() if district is not None or k != "district"})
    spans = store.named("scoreboard_spans", {k: params[k] for k in ("plan", "as_of", "before", "district", "goal")})
    by_goal = spans.set_index("goal_code")
    for column in ("value", "baseline"):
        counts[column] = counts[column] + counts["goal_code"].map(by_goal[column]).fillna(0).astype(int)
    grouped = store.scalar(
        "SELECT count(*) FROM goals g JOIN goal_kinds gk USING (plan_code, goal_code) JOIN honour_kinds k "
        "ON k.code = gk.kind_code WHERE g.plan_code = ? AND g.rule = 'total_in_force' "
        "AND (g.counts = 'enterprises' OR k.category = 'standard')", [plan_code])
    if grouped:  # a 总数 goal that groups its facts: its lapses come from the facts (grouped_lapsing.sql)
        extra = dict(store.named("grouped_lapsing", params).itertuples(index=False, name=None))
        counts["lapsing"] = counts["lapsing"] + counts["goal_code"].map(extra).fillna(0).astype(int)
    return counts


def district_counts(store: Store | Cursor, plan_code: str, as_of: dt.date, goal: str | None = None) -> pd.DataFrame:
    return store.named("scoreboard_by_district", {"plan": plan_code, "as_of": as_of, "district": None, "goal": goal})


def series_counts(
    store: Store | Cursor,
    plan_code: str,
    dates: list[dt.date],
    goal: str | None = None,
    district: str | None = None,
    by_district: bool = False,
) -> pd.DataFrame:
    return store.named(
        "goal_series",
        {"plan": plan_code, "dates": dates, "goal": goal, "district": district, "by_district": by_district,
         "as_of": max(dates)},
    )


def lapse_path(store: Store | Cursor, plan_code: str, goal: str, as_of: dt.date, dates: list[dt.date],
               district: str | None = None) -> pd.DataFrame:
    return store.named("lapse_path", {"plan": plan_code, "goal": goal, "as_of": as_of, "dates": dates, "district": district})


def expiring(store: Store | Cursor, as_of: dt.date, until: dt.date, district: str | None = None,
             kind: str | None = None) -> pd.DataFrame:
    return store.named("expiring", {"as_of": as_of, "until": until, "district": district, "kind": kind})


def records_behind(
    store: Store | Cursor,
    plan_code: str,
    goal: str,
    as_of: dt.date,
    district: str | None = None,
    limit: int = 100,
    offset: int = 0,
    enterprises: bool = False,
) -> pd.DataFrame:
    """The records behind a goal's figure, or for a goal in 家 the enterprises, one row each with its records."""
    return store.named(
        "enterprises_behind" if enterprises else "records_behind",
        {"plan": plan_code, "goal": goal, "as_of": as_of, "district": district, "limit": limit, "offset": offset},
    )


# --- bulk writes ---------------------------------------------------------------------------------

RECORD_TABLES = ("enterprises", "famous_brands", "trademarks", "quality_awards", "standards", "standard_drafters",
                 "other_honours", "indicator_readings")


def _record_table(table: str) -> str:
    if table not in RECORD_TABLES:
        raise ValueError(f"not a record table: {table}")
    return table


def clear_table(cur: Cursor, table: str) -> None:
    cur.execute(f'DELETE FROM "{_record_table(table)}"')


def insert_rows(cur: Cursor, table: str, frame: pd.DataFrame) -> int:
    """Insert every row of the frame, its columns named as the table's, in one statement."""
    return cur.insert_frame(_record_table(table), frame, list(frame.columns))


def enterprise_ids_by_name(cur: Cursor | Store) -> dict[str, int]:
    return dict(cur.rows("SELECT name, enterprise_id FROM enterprises"))


def standard_ids_by_number(cur: Cursor | Store) -> dict[str, int]:
    return dict(cur.rows("SELECT std_no, id FROM standards"))


# --- imports -------------------------------------------------------------------------------------

# kind -> (columns that identify a row within a file, SQL condition matching incoming row i to row t)
NATURAL_KEYS: dict[str, tuple[list[str], str]] = {
    "enterprises": (
        ["name_key", "uscc"],
        "(i.uscc IS NOT NULL AND t.uscc = i.uscc) OR (t.name_key = i.name_key AND (i.uscc IS NULL OR t.uscc IS NULL))",
    ),
    "famous_brands": (
        ["enterprise_id", "kind_code", "product", "granted_on"],
        "t.enterprise_id = i.enterprise_id AND t.kind_code = i.kind_code AND t.product = i.product "
        "AND year(t.granted_on) = year(i.granted_on)",
    ),
    "trademarks": (
        ["enterprise_id", "kind_code", "mark", "granted_on"],
        "t.enterprise_id = i.enterprise_id AND t.kind_code = i.kind_code AND t.mark = i.mark "
        "AND year(t.granted_on) = year(i.granted_on)",
    ),
    "quality_awards": (  # a person's award is keyed by the person, an enterprise's by the enterprise
        ["enterprise_id", "laureate", "kind_code", "year"],
        "t.enterprise_id IS NOT DISTINCT FROM i.enterprise_id AND t.laureate IS NOT DISTINCT FROM i.laureate "
        "AND t.kind_code = i.kind_code AND t.year = i.year",
    ),
    "other_honours": (
        ["kind_code", "enterprise_id", "laureate", "title", "granted_on"],
        "t.kind_code = i.kind_code AND t.title = i.title AND year(t.granted_on) = year(i.granted_on) "
        "AND t.enterprise_id IS NOT DISTINCT FROM i.enterprise_id AND t.laureate IS NOT DISTINCT FROM i.laureate",
    ),
    "standards": (
        ["std_no", "enterprise_id"],
        "t.std_no = i.std_no AND EXISTS (SELECT 1 FROM standard_drafters d WHERE d.standard_id = t.id "
        "AND d.enterprise_id = i.enterprise_id)",
    ),
    "indicator_readings": (
        ["plan_code", "indicator_code", "year"],
        "t.plan_code = i.plan_code AND t.indicator_code = i.indicator_code AND t.year = i.year AND t.value = i.value",
    ),
}

_INSERT_COLUMNS = {
    "enterprises": ["name", "name_key", "uscc", "district_code", "industry", "former_names", "import_id"],
    "famous_brands": ["kind_code", "enterprise_id", "product", "brand", "granted_on", "valid_until", "import_id",
                      "source_ref"],
    "trademarks": ["kind_code", "enterprise_id", "mark", "reg_no", "nice_class", "granted_on", "valid_until", "import_id",
                   "source_ref"],
    "quality_awards": ["kind_code", "enterprise_id", "laureate", "laureate_org", "year", "granted_on", "import_id",
                       "source_ref"],
    "other_honours": ["kind_code", "enterprise_id", "laureate", "laureate_org", "title", "district_code", "granted_on",
                      "valid_until", "import_id", "source_ref"],
}


def _in_order(frame: Any) -> Any:
    """A frame (pandas or Arrow) with its rows' order as a column, _order."""
    if isinstance(frame, pa.Table):
        return frame.append_column("_order", pa.array(np.arange(frame.num_rows, dtype=np.int64)))
    return frame.assign(_order=range(len(frame)))


def repeated(table: pa.Table, keys: list[str]) -> pa.BooleanArray:
    """Whether each row repeats the keys of an earlier row (missing values equal each other)."""
    ordered = table.select(keys).append_column("_order", pa.array(np.arange(table.num_rows, dtype=np.int64)))
    first = ordered.group_by(keys, use_threads=False).aggregate([("_order", "min")]).column("_order_min")
    return pc.invert(pc.is_in(ordered.column("_order"), value_set=first))


def first_rows(table: pa.Table, keys: list[str]) -> pa.Table:
    """The rows that do not repeat an earlier row's keys, in order."""
    return table.filter(pc.invert(repeated(table, keys)))


def insert_new_enterprises(cur: Cursor, frame: pd.DataFrame) -> int:
    """Insert the enterprises of `frame` that the ledger still lacks (by credit code, else by name key):
    another import may have created some since the report was made."""
    cur.register("n", _in_order(frame))
    try:
        before = cur.scalar("SELECT count(*) FROM enterprises")
        cur.execute(
            "INSERT INTO enterprises (name, name_key, uscc, district_code, industry, former_names, import_id) "
            "SELECT name, name_key, uscc, district_code, industry, former_names, import_id FROM n "
            "WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.merged_into IS NULL "
            "AND ((n.uscc IS NOT NULL AND e.uscc = n.uscc) OR (e.name_key = n.name_key))) ORDER BY _order")
        return cur.scalar("SELECT count(*) FROM enterprises") - before
    finally:
        cur.unregister("n")


def match_enterprises(store: Store | Cursor, holders: pd.DataFrame) -> pd.DataFrame:
    """how, probe, enterprise_id, name and district_code of every enterprise not merged away whose credit code
    is one of the holders' (how 'uscc') or whose name or former name has one of their name keys (how 'key');
    `holders` has the columns uscc and name_key. One row per enterprise and key, its own name first."""
    cursor = store if isinstance(store, Cursor) else Cursor(store.cursor())
    cursor.register("holders", holders[["uscc", "name_key"]].astype({"uscc": "string", "name_key": "string"}))
    try:
        return cursor.df(
            "WITH wanted AS (SELECT DISTINCT name_key FROM holders), "
            "formers AS (SELECT enterprise_id, f.former AS name, name_key(f.former) AS key, district_code "
            "  FROM enterprises, unnest(former_names) AS f(former) WHERE merged_into IS NULL AND len(former_names) > 0), "
            "names AS ("
            "  SELECT enterprise_id, name, name_key AS key, district_code, 0 AS former FROM enterprises "
            "  WHERE merged_into IS NULL AND name_key IN (SELECT name_key FROM wanted) "
            "  UNION ALL "
            "  SELECT enterprise_id, name, key, district_code, 1 FROM formers WHERE key IN (SELECT name_key FROM wanted)) "
            "SELECT 'uscc' AS how, e.uscc AS probe, e.enterprise_id, e.name, e.district_code FROM enterprises e "
            "WHERE e.merged_into IS NULL AND e.uscc IN (SELECT uscc FROM holders WHERE uscc IS NOT NULL) "
            "UNION ALL "
            "SELECT * FROM (SELECT 'key', n.key, n.enterprise_id, n.name, n.district_code FROM names n "
            "  QUALIFY row_number() OVER (PARTITION BY n.key, n.enterprise_id ORDER BY n.former) = 1) "
            "ORDER BY how DESC, probe, enterprise_id")
    finally:
        cursor.unregister("holders")


def holder_matches(store: Store | Cursor, holders: pa.Table) -> pd.DataFrame:
    """For each holder (columns name, uscc, and key: the name key where Python computed it, else NULL for the
    name_key macro), in order: the enterprise its credit code names (uscc_id), how many enterprises its name
    key names by name or former name (n), and that enterprise when there is one (one)."""
    cursor = store if isinstance(store, Cursor) else Cursor(store.cursor())
    cursor.register("holders", holders.select(["name", "uscc", "key"]).append_column(
        "i", pa.array(np.arange(holders.num_rows, dtype=np.int64))))
    try:
        return cursor.df(
            "WITH h AS (SELECT * FROM holders), "
            "keyed AS (SELECT name, coalesce(any_value(key), name_key(name)) AS key FROM h GROUP BY name), "
            "formers AS (SELECT enterprise_id, name_key(f.former) AS key FROM enterprises, unnest(former_names) AS f(former) "
            "  WHERE merged_into IS NULL AND len(former_names) > 0), "
            "matched AS (SELECT enterprise_id, name_key AS key FROM enterprises "
            "  WHERE merged_into IS NULL AND name_key IN (SELECT key FROM keyed) "
            "  UNION ALL SELECT enterprise_id, key FROM formers WHERE key IN (SELECT key FROM keyed)), "
            "per_key AS (SELECT key, count(DISTINCT enterprise_id) AS n, min(enterprise_id) AS one FROM matched GROUP BY key), "
            "by_uscc AS (SELECT uscc, max(enterprise_id) AS enterprise_id FROM enterprises "
            "  WHERE merged_into IS NULL AND uscc IN (SELECT uscc FROM h WHERE uscc IS NOT NULL) GROUP BY uscc) "
            "SELECT h.i, u.enterprise_id AS uscc_id, coalesce(p.n, 0) AS n, p.one "
            "FROM h JOIN keyed k ON k.name = h.name LEFT JOIN per_key p ON p.key = k.key LEFT JOIN by_uscc u ON u.uscc = h.uscc "
            "ORDER BY h.i")
    finally:
        cursor.unregister("holders")


def enterprise_ids_by_key(cur: Cursor, keys: list[str]) -> dict[str, int]:
    cur.register("wanted", pd.DataFrame({"name_key": keys}))
    try:
        return dict(cur.rows(
            "SELECT e.name_key, max(e.enterprise_id) FROM enterprises e JOIN wanted w ON w.name_key = e.name_key "
            "WHERE e.merged_into IS NULL GROUP BY e.name_key"))
    finally:
        cur.unregister("wanted")


def registered_names(store: Store | Cursor) -> list[tuple[int, str, str | None]]:
    """(id, name, district) of every enterprise not merged away: what a new name is compared with."""
    return store.rows("SELECT enterprise_id, name, district_code FROM enterprises WHERE merged_into IS NULL ORDER BY 1")


def enterprises_exist(store: Store | Cursor, ids: list[int]) -> dict[int, bool]:
    found = {r[0] for r in store.rows(
        "SELECT enterprise_id FROM enterprises WHERE merged_into IS NULL AND enterprise_id IN (SELECT unnest(?))", [ids])}
    return {i: i in found for i in ids}


def indicator_codes(store: Store | Cursor) -> dict[str, str]:
    """indicator code -> the newest plan that has it."""
    return dict(store.rows(
        "SELECT i.code, arg_max(i.plan_code, p.starts_on) FROM indicators i JOIN plans p USING (plan_code) GROUP BY i.code"))


def indicator_units(store: Store | Cursor) -> dict[str, str]:
    """indicator code -> its unit (zh) in the newest plan that has it."""
    return dict(store.rows("SELECT i.code, arg_max(i.unit_zh, p.starts_on) FROM indicators i JOIN plans p USING (plan_code) "
                           "GROUP BY i.code"))


def new_import(cur: Cursor, file_name: str, sha256: str, kind: str, editor: str, rows_in_file: int,
               source_title: str | None = None, doc_numbers: str | None = None, source_text: str | None = None) -> int:
    # numbered one after the last (not by the sequence, which a rolled-back preview would advance): imports are
    # counted in order ("第 3 次导入"), and the one writer holds the ledger
    return cur.scalar(
        "INSERT INTO imports (import_id, file_name, sha256, record_kind, editor, rows_in_file, rows_added, source_title, "
        "doc_numbers, source_text) SELECT coalesce(max(import_id), 0) + 1, ?, ?, ?, ?, ?, 0, ?, ?, ? FROM imports "
        "RETURNING import_id",
        [file_name, sha256, kind, editor, rows_in_file, source_title, doc_numbers, source_text],
    )


def finish_import(cur: Cursor, import_id: int, rows_added: int, enterprises_added: int, persons_added: int = 0) -> None:
    cur.execute("UPDATE imports SET rows_added = ?, enterprises_added = ?, persons_added = ? WHERE import_id = ?",
                [rows_added, enterprises_added, persons_added, import_id])


def count_existing(cur: Cursor | Store, kind: str, frame: pa.Table) -> int:
    """How many incoming rows (each key once) are already in the ledger, by the kind's natural key."""
    if not frame.num_rows:
        return 0
    columns, condition = NATURAL_KEYS[kind]
    table = "standards" if kind == "standards" else kind
    incoming = frame
    cursor = cur if isinstance(cur, Cursor) else Cursor(cur.cursor())
    cursor.register("i", incoming)
    try:
        return cursor.scalar(f'SELECT count(*) FROM i WHERE EXISTS (SELECT 1 FROM "{table}" t WHERE {condition})')
    finally:
        cursor.unregister("i")


def insert_new_records(cur: Cursor, kind: str, frame: pa.Table) -> int:
    """Insert the incoming rows (each natural key once) that are not in the ledger yet; returns how many were
    added."""
    if not frame.num_rows:
        return 0
    columns, condition = NATURAL_KEYS[kind]
    # in the file's order, so that records and enterprises are numbered as the list lists them
    cur.register("i", _in_order(frame))
    try:
        if kind == "standards":
            before = cur.scalar("SELECT count(*) FROM standard_drafters")
            cur.execute(
                "INSERT INTO standards (std_no, title, level, kind_code, released_on, status, service, import_id, source_ref) "
                "SELECT std_no, title, level, kind_code, released_on, status, service, import_id, source_ref FROM i "
                "WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.std_no = i.std_no) "
                "QUALIFY row_number() OVER (PARTITION BY std_no ORDER BY _order) = 1 ORDER BY _order"
            )
            cur.execute(
                "INSERT INTO standard_drafters (standard_id, enterprise_id, role, import_id) "
                "SELECT DISTINCT ON (s.id, i.enterprise_id) s.id, i.enterprise_id, i.role, i.import_id "
                "FROM i JOIN standards s ON s.std_no = i.std_no "
                "WHERE NOT EXISTS (SELECT 1 FROM standard_drafters d WHERE d.standard_id = s.id "
                "AND d.enterprise_id = i.enterprise_id)"
            )
            return cur.scalar("SELECT count(*) FROM standard_drafters") - before
        if kind == "indicator_readings":
            added = cur.scalar(f"SELECT count(*) FROM i WHERE NOT EXISTS (SELECT 1 FROM indicator_readings t WHERE {condition})")
            cur.execute(
                "INSERT OR REPLACE INTO indicator_readings (plan_code, indicator_code, year, value, source, import_id) "
                "SELECT plan_code, indicator_code, year, value, source, import_id FROM i"
            )
            return added
        cols = ", ".join(_INSERT_COLUMNS[kind])
        before = cur.scalar(f'SELECT count(*) FROM "{kind}"')
        cur.execute(
            f'INSERT INTO "{kind}" ({cols}) SELECT {cols} FROM i '
            f'WHERE NOT EXISTS (SELECT 1 FROM "{kind}" t WHERE {condition}) ORDER BY _order'
        )
        return cur.scalar(f'SELECT count(*) FROM "{kind}"') - before
    finally:
        cur.unregister("i")


# --- enterprises, records, browsing --------------------------------------------------------------


def enterprise_search(store: Store | Cursor, key: str, code: str | None, pinyin: str | None, text: str,
                      limit: int = 50, place: tuple[str, str] = ("^$", "^$")) -> pd.DataFrame:
    return store.named("enterprise_search", {"key": key, "code": code, "pinyin": pinyin, "text": text, "limit": limit,
                                             "place": place[0], "place_pinyin": place[1]})


def enterprise(store: Store | Cursor, enterprise_id: int) -> dict[str, Any] | None:
    found = store.dicts(load_sql("enterprise"), {"id": enterprise_id})  # one row: no DataFrame to build
    return found[0] if found else None


def enterprise_records(store: Store | Cursor, enterprise_id: int, as_of: dt.date) -> pd.DataFrame:
    return store.named("enterprise_records", {"id": enterprise_id, "as_of": as_of})


def enterprise_rank_counts(store: Store | Cursor, as_of: dt.date) -> pd.DataFrame:
    """How many enterprises hold how many honours in force on the date, per district and industry."""
    return store.named("enterprise_rank_counts", {"as_of": as_of})


def top_enterprises(store: Store | Cursor, as_of: dt.date, district: str | None, limit: int) -> pd.DataFrame:
    """The enterprises with the most honours in force on the date (in a district, or the city), ranked."""
    return store.named("top_enterprises", {"as_of": as_of, "district": district, "limit": limit})


def district_summary(store: Store | Cursor, as_of: dt.date) -> pd.DataFrame:
    return store.named("district_summary", {"as_of": as_of})


def browse_records(store: Store | Cursor, category: str, as_of: dt.date, **filters: Any) -> pd.DataFrame:
    params = {"category": category, "as_of": as_of, "district": None, "year_from": None, "year_to": None,
              "kind": None, "status": None, "text": None, "limit": 5000}
    params.update(filters)
    if category == "standard":
        del params["category"]
        return store.named("browse_standards", params)
    return store.named("browse_records", params)


def record_list(store: Store | Cursor, as_of: dt.date, kind: str | None = None, year: int | None = None,
                district: str | None = None, text: str | None = None) -> pd.DataFrame:
    return store.named("record_list", {"as_of": as_of, "kind": kind, "year": year, "district": district, "text": text})


def enterprise_list(store: Store | Cursor, key: str | None = None, code: str | None = None, pinyin: str | None = None,
                    text: str | None = None, district: str | None = None,
                    place: tuple[str, str] = ("^$", "^$")) -> pd.DataFrame:
    return store.named("enterprise_list", {"key": key, "code": code, "pinyin": pinyin, "text": text, "district": district,
                                           "place": place[0], "place_pinyin": place[1]})


def record(store: Store | Cursor, record_id: int, as_of: dt.date) -> dict[str, Any] | None:
    found = store.named("record", {"id": record_id, "as_of": as_of})
    return None if found.empty else found.iloc[0].to_dict()


def record_holders(store: Store | Cursor, record_id: int) -> pd.DataFrame:
    return store.named("record_holders", {"id": record_id})


def record_audit(store: Store | Cursor, record_id: int) -> pd.DataFrame:
    return store.df(
        "SELECT at_time, actor, action, before, after, import_id, note FROM audit_log WHERE record_id = ? "
        "ORDER BY audit_id", [record_id])


def import_info(store: Store | Cursor, import_id: int) -> dict[str, Any] | None:
    found = store.dicts("SELECT * FROM imports WHERE import_id = ?", [import_id])
    return found[0] if found else None


def orphans(store: Store | Cursor) -> dict[str, int]:
    """References that point nowhere, by kind; all zero in a sound ledger."""
    checks = {
        "record_enterprise": "SELECT count(*) FROM honour_records r WHERE r.enterprise_id IS NOT NULL "
                             "AND NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.enterprise_id = r.enterprise_id)",
        "record_kind": "SELECT count(*) FROM (SELECT kind_code FROM famous_brands UNION ALL SELECT kind_code FROM trademarks "
                       "UNION ALL SELECT kind_code FROM quality_awards UNION ALL SELECT kind_code FROM standards "
                       "UNION ALL SELECT kind_code FROM other_honours) r "
                       "WHERE NOT EXISTS (SELECT 1 FROM honour_kinds k WHERE k.code = r.kind_code)",
        "drafter_standard": "SELECT count(*) FROM standard_drafters d WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = d.standard_id)",
        "drafter_enterprise": "SELECT count(*) FROM standard_drafters d "
                              "WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.enterprise_id = d.enterprise_id)",
        "standard_without_drafter": "SELECT count(*) FROM standards s WHERE NOT EXISTS "
                                    "(SELECT 1 FROM standard_drafters d WHERE d.standard_id = s.id)",
        "enterprise_district": "SELECT count(*) FROM enterprises e WHERE e.district_code IS NOT NULL "
                               "AND NOT EXISTS (SELECT 1 FROM districts d WHERE d.code = e.district_code)",
        "record_merged_enterprise": "SELECT count(*) FROM facts f JOIN enterprises e USING (enterprise_id) "
                                    "WHERE e.merged_into IS NOT NULL",
        "goal_kind": "SELECT count(*) FROM goal_kinds g WHERE NOT EXISTS (SELECT 1 FROM honour_kinds k WHERE k.code = g.kind_code)",
    }
    found = {name: int(store.scalar(sql)) for name, sql in checks.items()}
    found["stale_facts"] = stale_facts(store)  # the fact table differs from what the records say
    found["stale_spans"] = stale_spans(store)  # the goals' counting spans differ from what the facts say
    found["touching_spans"] = touching_spans(store)  # a unit counted twice on some days
    found["stale_kind_days"] = stale_kind_days(store)  # the city's day counts differ from the facts
    return found


def set_indicator_reading(cur: Cursor, plan_code: str, code: str, year: int, value: float, source: str | None) -> None:
    cur.execute("DELETE FROM indicator_readings WHERE plan_code = ? AND indicator_code = ? AND year = ?", [plan_code, code, year])
    cur.execute("INSERT INTO indicator_readings (plan_code, indicator_code, year, value, source) VALUES (?, ?, ?, ?, ?)",
                [plan_code, code, year, value, source])


def indicator_values(store: Store | Cursor) -> dict[tuple[str, str, int], float]:
    return {(p, c, y): v for p, c, y, v in store.rows("SELECT plan_code, indicator_code, year, value FROM indicator_readings")}


def imports(store: Store | Cursor) -> pd.DataFrame:
    """Every import, newest first (without the texts kept with them: see import_source_text)."""
    return store.df("SELECT * EXCLUDE (source_text) FROM imports ORDER BY import_id DESC")


def import_source_text(store: Store | Cursor, import_id: int) -> str | None:
    return store.scalar("SELECT source_text FROM imports WHERE import_id = ?", [import_id])


_REFERENCED = " OR ".join(  # NOT EXISTS, not NOT IN: other_honours.enterprise_id may be NULL
    f"EXISTS (SELECT 1 FROM {t} r WHERE r.enterprise_id = e.enterprise_id)"
    for t in ("famous_brands", "trademarks", "quality_awards", "other_honours", "standard_drafters")
)


def delete_import(cur: Cursor, import_id: int) -> dict[str, int]:
    """Delete what one import wrote; returns how many rows of each table went."""
    removed = {}
    for table in ("famous_brands", "trademarks", "quality_awards", "other_honours", "standard_drafters", "indicator_readings"):
        removed[table] = cur.scalar(f'SELECT count(*) FROM "{table}" WHERE import_id = ?', [import_id])
        cur.execute(f'DELETE FROM "{table}" WHERE import_id = ?', [import_id])
    # a standard it created stays while another import's drafters still name it
    removed["standards"] = cur.scalar(
        "SELECT count(*) FROM standards s WHERE import_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM standard_drafters d WHERE d.standard_id = s.id)", [import_id])
    cur.execute("DELETE FROM standards s WHERE import_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM standard_drafters d WHERE d.standard_id = s.id)", [import_id])
    # an enterprise it created stays while a later record names it
    removed["enterprises"] = cur.scalar(
        f"SELECT count(*) FROM enterprises e WHERE e.import_id = ? AND NOT ({_REFERENCED})", [import_id])
    cur.execute(f"DELETE FROM enterprises e WHERE e.import_id = ? AND NOT ({_REFERENCED})", [import_id])
    return removed


def mark_rolled_back(cur: Cursor, import_id: int, editor: str) -> None:
    cur.execute("UPDATE imports SET rolled_back_at = current_timestamp, rolled_back_by = ? WHERE import_id = ?",
                [editor, import_id])


# --- corrections ---------------------------------------------------------------------------------

HONOUR_TABLES = ("famous_brands", "trademarks", "quality_awards", "standards", "other_honours")
# the columns an editor may correct, per table
CORRECTABLE = {
    "famous_brands": ("product", "brand", "granted_on", "valid_until"),
    "trademarks": ("mark", "reg_no", "nice_class", "granted_on", "valid_until"),
    "quality_awards": ("year", "granted_on"),
    "standards": ("title", "released_on", "status", "service"),
    "other_honours": ("title", "district_code", "granted_on", "valid_until"),
    "enterprises": ("name", "uscc", "district_code", "industry"),
}


def find_record(cur: Cursor | Store, record_id: int) -> tuple[str, dict[str, Any]] | None:
    """The table and row of an honour record (ids are unique across the honour tables)."""
    for table in HONOUR_TABLES:
        found = cur.dicts(f'SELECT * FROM "{table}" WHERE id = ?', [record_id])
        if found:
            return table, found[0]
    return None


def enterprise_row(cur: Cursor | Store, enterprise_id: int) -> dict[str, Any] | None:
    found = cur.dicts("SELECT * FROM enterprises WHERE enterprise_id = ?", [enterprise_id])
    return found[0] if found else None


def update_row(cur: Cursor, table: str, key: int, changes: dict[str, Any]) -> None:
    allowed = CORRECTABLE[table]
    bad = [c for c in changes if c not in allowed]
    if bad:
        raise QcbrandError(f"{table} 中不能更正的字段：{'、'.join(bad)}；可更正：{'、'.join(sorted(allowed))}",
                           f"fields of {table} that cannot be corrected: {', '.join(bad)}; correctable: "
                           f"{', '.join(sorted(allowed))}")
    key_column = "enterprise_id" if table == "enterprises" else "id"
    sets = ", ".join(f'"{c}" = ?' for c in changes)
    if table == "enterprises" and "name" in changes:
        from qcbrand.rules.codes import name_key

        sets += ", name_key = ?, name_pinyin = NULL, name_initials = NULL"  # the pinyin is made again
        changes = {**changes, "_key": name_key(changes["name"])}
    cur.execute(f'UPDATE "{table}" SET {sets} WHERE "{key_column}" = ?', [*changes.values(), key])


def revoke(cur: Cursor, table: str, record_id: int, revoked_on: dt.date, reason: str) -> None:
    cur.execute(f'UPDATE "{table}" SET revoked_on = ?, revoke_reason = ? WHERE id = ?', [revoked_on, reason, record_id])


def merge_enterprises(cur: Cursor, keep: int, merge: int) -> dict[str, int]:
    """Move every record of `merge` to `keep`; a standard both drafted keeps one drafter row, led if
    either led. `merge` stays as a row marked merged_into, its names kept as former names of `keep`."""
    moved = {}
    for table in ("famous_brands", "trademarks", "quality_awards", "other_honours"):
        moved[table] = cur.scalar(f'SELECT count(*) FROM "{table}" WHERE enterprise_id = ?', [merge])
        cur.execute(f'UPDATE "{table}" SET enterprise_id = ? WHERE enterprise_id = ?', [keep, merge])
    moved["standard_drafters"] = cur.scalar("SELECT count(*) FROM standard_drafters WHERE enterprise_id = ?", [merge])
    cur.execute(
        "UPDATE standard_drafters k SET role = 'led' WHERE k.enterprise_id = ? AND EXISTS (SELECT 1 FROM standard_drafters m "
        "WHERE m.enterprise_id = ? AND m.standard_id = k.standard_id AND m.role = 'led')", [keep, merge])
    cur.execute(
        "INSERT INTO standard_drafters (standard_id, enterprise_id, role, import_id) "
        "SELECT m.standard_id, ?, m.role, m.import_id FROM standard_drafters m WHERE m.enterprise_id = ? "
        "AND NOT EXISTS (SELECT 1 FROM standard_drafters k WHERE k.enterprise_id = ? AND k.standard_id = m.standard_id)",
        [keep, merge, keep])
    cur.execute("DELETE FROM standard_drafters WHERE enterprise_id = ?", [merge])
    cur.execute(
        "UPDATE enterprises SET former_names = list_distinct(list_concat(former_names, "
        "(SELECT list_prepend(name, former_names) FROM enterprises WHERE enterprise_id = ?))) WHERE enterprise_id = ?",
        [merge, keep])
    code = cur.scalar("SELECT uscc FROM enterprises WHERE enterprise_id = ?", [merge])
    if code and cur.scalar("SELECT uscc FROM enterprises WHERE enterprise_id = ?", [keep]) is None:
        cur.execute("UPDATE enterprises SET uscc = NULL WHERE enterprise_id = ?", [merge])
        cur.execute("UPDATE enterprises SET uscc = ? WHERE enterprise_id = ?", [code, keep])
    cur.execute("UPDATE enterprises SET merged_into = ? WHERE enterprise_id = ?", [keep, merge])
    return moved


def audit_search(store: Store | Cursor, text: str | None = None, action: str | None = None,
                 since: dt.date | None = None, until: dt.date | None = None, limit: int = 5000) -> pd.DataFrame:
    return store.df(
        "SELECT audit_id, at_time, actor, action, table_name, record_id, import_id, note, "
        "CAST(before AS VARCHAR) AS before, CAST(after AS VARCHAR) AS after FROM audit_log "
        "WHERE (? IS NULL OR action = ?) AND (? IS NULL OR CAST(at_time AS DATE) >= ?) "
        "AND (? IS NULL OR CAST(at_time AS DATE) <= ?) "
        "AND (? IS NULL OR contains(lower(concat_ws(' ', actor, action, table_name, CAST(record_id AS VARCHAR), note, "
        "CAST(before AS VARCHAR), CAST(after AS VARCHAR))), lower(?))) "
        "ORDER BY audit_id DESC LIMIT ?",
        [action, action, since, since, until, until, text, text, limit])
