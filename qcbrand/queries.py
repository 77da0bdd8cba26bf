"""The ledger's named reads and writes: each function is one question or one change, in SQL with
parameters. Part of the storage layer with store.py; the rest of qcbrand calls these, never SQL.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd

from .codes import DISTRICTS
from .plans import Catalogue, Plan
from .store import Cursor, Store

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
        scope, params = "id IN (SELECT unnest(?::BIGINT[]))", [ids]
    elif import_id is not None:
        scope, params = "import_id = ?", [import_id]
    elif enterprise_ids is not None:
        scope, params = "enterprise_id IN (SELECT unnest(?::BIGINT[]))", [enterprise_ids]
    else:
        cur.execute("DELETE FROM facts")
        cur.execute("INSERT INTO facts SELECT * FROM fact_source ORDER BY kind_code, id")
        return
    cur.execute(f"DELETE FROM facts WHERE {scope}", params)
    cur.execute(f"INSERT INTO facts SELECT * FROM fact_source WHERE {scope}", params)


def stale_facts(store: Store | Cursor) -> int:
    """Rows in which the facts table and what the records say differ (0 in a sound ledger)."""
    return int(store.scalar(
        "SELECT count(*) FROM ((SELECT * FROM facts EXCEPT ALL SELECT * FROM fact_source) "
        "UNION ALL (SELECT * FROM fact_source EXCEPT ALL SELECT * FROM facts))"))


def refresh_name_index(cur: Cursor) -> None:
    """The pinyin and initials of every enterprise name that has none yet (new or renamed enterprises),
    from a table of each character's reading: one set-based update, however many names."""
    from .hanzi import char_pinyin

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


def renewal_group_ids(cur: Cursor, ids: list[int]) -> list[int]:
    """Every record in the renewal chains of the given records (their product or mark, enterprise and kind)."""
    found: list[int] = []
    for table, item in _RENEWAL_GROUPS.items():
        found += [r[0] for r in cur.rows(
            f"SELECT t.id FROM {table} t WHERE EXISTS (SELECT 1 FROM {table} g WHERE g.id IN (SELECT unnest(?::BIGINT[])) "
            f"AND g.enterprise_id = t.enterprise_id AND g.kind_code = t.kind_code AND g.{item} = t.{item})", [ids])]
    return found


def refresh_renewals(cur: Cursor, ids: list[int] | None = None) -> list[int]:
    """Link each designation to the one it renews, within the chains of the given records (every chain when
    None). Returns the records whose facts change with it: those renewed before and after."""
    affected: list[int] = []
    for table, item in _RENEWAL_GROUPS.items():
        scope, params = "", []
        if ids is not None:
            scope = (f"WHERE EXISTS (SELECT 1 FROM {table} g WHERE g.id IN (SELECT unnest(?::BIGINT[])) "
                     f"AND g.enterprise_id = t.enterprise_id AND g.kind_code = t.kind_code AND g.{item} = t.{item})")
            params = [ids]
        changes = cur.df(
            f"SELECT id, renews, prev FROM (SELECT t.id, t.renews, lag(t.id) OVER (PARTITION BY t.enterprise_id, "
            f"t.kind_code, t.{item} ORDER BY t.granted_on, t.id) AS prev FROM {table} t {scope}) "
            "WHERE renews IS DISTINCT FROM prev", params)
        if changes.empty:
            continue
        cur.register("_renewals", changes)
        try:
            cur.execute(f"UPDATE {table} SET renews = c.prev FROM _renewals c WHERE {table}.id = c.id")
        finally:
            cur.unregister("_renewals")
        affected += [int(v) for v in pd.concat([changes["renews"], changes["prev"]]).dropna()]
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
        touched = [r[0] for r in cur.rows("SELECT id FROM famous_brands WHERE import_id = ? UNION ALL "
                                          "SELECT id FROM trademarks WHERE import_id = ?", [import_id, import_id])]
        affected = refresh_renewals(cur, touched + (chains or [])) if touched or chains else []
        refresh_facts(cur, import_id=import_id)
        if affected:
            refresh_facts(cur, ids=affected)
    elif ids is not None:
        affected = refresh_renewals(cur, ids + (chains or []))
        refresh_facts(cur, ids=sorted(set(ids + affected)))
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
            {"plan_code": code, "sort": i, **g.model_dump(exclude={"kinds"})}
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
    return store.named("scoreboard", {"plan": plan_code, "as_of": as_of, "district": district, "goal": goal})


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


def _in_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(_order=range(len(frame)))


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


def match_enterprises(store: Store | Cursor, holders: pd.DataFrame) -> list[tuple[str, str, int, str, str | None]]:
    """(how, probe, id, registered name, district) of every enterprise not merged away whose credit code is
    one of the holders' (how 'uscc') or whose name or former name has one of their name keys (how 'key');
    `holders` has the columns uscc and name_key. One row per enterprise and key, its own name first."""
    cursor = store if isinstance(store, Cursor) else Cursor(store.cursor())
    cursor.register("holders", holders[["uscc", "name_key"]])
    try:
        return cursor.rows(
            "WITH names AS ("
            "  SELECT enterprise_id, name, name_key AS key, district_code, 0 AS former FROM enterprises "
            "  WHERE merged_into IS NULL "
            "  UNION ALL "
            "  SELECT enterprise_id, f.former, name_key(f.former), district_code, 1 FROM enterprises, "
            "  unnest(former_names) AS f(former) WHERE merged_into IS NULL) "
            "SELECT 'uscc', e.uscc, e.enterprise_id, e.name, e.district_code FROM enterprises e "
            "WHERE e.merged_into IS NULL AND e.uscc IN (SELECT uscc FROM holders WHERE uscc IS NOT NULL) "
            "UNION ALL "
            "SELECT * FROM (SELECT 'key', n.key, n.enterprise_id, n.name, n.district_code FROM names n "
            "  WHERE n.key IN (SELECT name_key FROM holders) "
            "  QUALIFY row_number() OVER (PARTITION BY n.key, n.enterprise_id ORDER BY n.former) = 1)")
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


def new_import(cur: Cursor, file_name: str, sha256: str, kind: str, editor: str, rows_in_file: int,
               source_title: str | None = None, doc_numbers: str | None = None, source_text: str | None = None) -> int:
    return cur.scalar(
        "INSERT INTO imports (file_name, sha256, record_kind, editor, rows_in_file, rows_added, source_title, doc_numbers, "
        "source_text) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING import_id",
        [file_name, sha256, kind, editor, rows_in_file, source_title, doc_numbers, source_text],
    )


def finish_import(cur: Cursor, import_id: int, rows_added: int, enterprises_added: int, persons_added: int = 0) -> None:
    cur.execute("UPDATE imports SET rows_added = ?, enterprises_added = ?, persons_added = ? WHERE import_id = ?",
                [rows_added, enterprises_added, persons_added, import_id])


def count_existing(cur: Cursor | Store, kind: str, frame: pd.DataFrame) -> int:
    """How many distinct incoming rows are already in the ledger, by the kind's natural key."""
    if frame.empty:
        return 0
    columns, condition = NATURAL_KEYS[kind]
    table = "standards" if kind == "standards" else kind
    incoming = frame.drop_duplicates(subset=columns)
    cursor = cur if isinstance(cur, Cursor) else Cursor(cur.cursor())
    cursor.register("i", incoming)
    try:
        return cursor.scalar(f'SELECT count(*) FROM i WHERE EXISTS (SELECT 1 FROM "{table}" t WHERE {condition})')
    finally:
        cursor.unregister("i")


def insert_new_records(cur: Cursor, kind: str, frame: pd.DataFrame) -> int:
    """Insert the incoming rows that are not in the ledger yet; returns how many were added."""
    if frame.empty:
        return 0
    columns, condition = NATURAL_KEYS[kind]
    # in the file's order, so that records and enterprises are numbered as the list lists them
    cur.register("i", _in_order(frame.drop_duplicates(subset=columns)))
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
                      limit: int = 50) -> pd.DataFrame:
    return store.named("enterprise_search", {"key": key, "code": code, "pinyin": pinyin, "text": text, "limit": limit})


def enterprise(store: Store | Cursor, enterprise_id: int) -> dict[str, Any] | None:
    found = store.named("enterprise", {"id": enterprise_id})
    return None if found.empty else found.iloc[0].to_dict()


def enterprise_records(store: Store | Cursor, enterprise_id: int, as_of: dt.date) -> pd.DataFrame:
    return store.named("enterprise_records", {"id": enterprise_id, "as_of": as_of})


def enterprise_ranks(store: Store | Cursor, as_of: dt.date) -> pd.DataFrame:
    """Every enterprise's honours in force on the date and its ranks, most honours first."""
    return store.named("enterprise_ranks", {"as_of": as_of})


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
                    text: str | None = None, district: str | None = None) -> pd.DataFrame:
    return store.named("enterprise_list", {"key": key, "code": code, "pinyin": pinyin, "text": text, "district": district})


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
    return found


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


def import_record_ids(cur: Cursor, import_id: int) -> list[int]:
    return [r[0] for r in cur.rows("SELECT id FROM famous_brands WHERE import_id = ? UNION ALL "
                                   "SELECT id FROM trademarks WHERE import_id = ?", [import_id, import_id])]


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
        raise ValueError(f"not correctable in {table}: {bad}")
    key_column = "enterprise_id" if table == "enterprises" else "id"
    sets = ", ".join(f'"{c}" = ?' for c in changes)
    if table == "enterprises" and "name" in changes:
        from .codes import name_key

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
