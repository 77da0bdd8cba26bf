"""The writes and lookups of an import: the records and enterprises it adds, what the ledger already holds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qcbrand.ledger import pipeline
from qcbrand.ledger.store import Cursor, Store

RECORD_TABLES = ("enterprises", "famous_brands", "trademarks", "quality_awards", "standards", "standard_drafters",
                 "other_honours", "indicator_readings", "candidates", "candidate_steps")


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
    "candidates": (pipeline.NATURAL_KEY, "see pipeline.count_existing"),
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
    if kind == "candidates":
        return pipeline.count_existing(cursor, incoming)
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
