"""The derived tables (facts, kind_days, goal_spans, the name index, renewal chains), kept true by every write.

Only the unit of work (`unit.py`) calls `after_write`; the `stale_*` checks compare each table with a
full rebuild."""

from __future__ import annotations

from typing import Any

import pandas as pd

from qcbrand.ledger.store import TOUCHED_UNITS_SCOPE, Cursor, Store, load_sql


def refresh_facts(cur: Cursor, *, ids: list[int] | None = None, import_id: int | None = None,
                  enterprise_ids: list[int] | None = None) -> None:
    """Bring the facts table in line with the record tables, for the records a write touched (their ids,
    an import's, or an enterprise's), or for everything when no scope is given."""
    value: Any
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
