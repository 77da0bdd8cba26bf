"""The cultivation pipeline (培育库) in the ledger: its stages, its candidates and each candidate's steps.

A candidate's stage on a date is the stage of its last step entered by then (steps are kept in the order they were
written). The import that brings a record closes the open candidacies that record fulfils (`close_by_import`), and
its rollback takes those steps away again (`delete_import`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pyarrow as pa

from qcbrand.ledger.store import Cursor, Store
from qcbrand.rules.plans import StageSpec


def save_stages(cur: Cursor, stages: list[StageSpec]) -> int:
    """The catalogue's stages, in its order; a stage no longer in the catalogue stays while a step names it."""
    for sort, s in enumerate(stages):
        cur.execute("INSERT OR REPLACE INTO pipeline_stages (code, name_zh, name_en, outcome, sort, aliases) "
                    "VALUES (?, ?, ?, ?, ?, ?)", [s.code, s.name_zh, s.name_en, s.outcome, sort, s.aliases])
    cur.execute("DELETE FROM pipeline_stages p WHERE NOT list_contains(?::VARCHAR[], p.code) "
                "AND NOT EXISTS (SELECT 1 FROM candidate_steps s WHERE s.stage_code = p.code)", [[s.code for s in stages]])
    return len(stages)


def stages(store: Store | Cursor) -> list[dict[str, Any]]:
    return store.dicts("SELECT code, name_zh, name_en, outcome, sort, aliases FROM pipeline_stages ORDER BY sort, code")


# What identifies a candidacy in a list: the enterprise and the honour. A row matches a candidacy of the ledger that
# is still open, or that stands at the row's own stage (so the same list imported twice adds nothing).
NATURAL_KEY = ["enterprise_id", "kind_code"]
_CURRENT = ("(SELECT candidate_id, stage_code FROM candidate_steps "
            "QUALIFY row_number() OVER (PARTITION BY candidate_id ORDER BY step_id DESC) = 1)")
_MATCHES = (f"EXISTS (SELECT 1 FROM candidates t JOIN {_CURRENT} s ON s.candidate_id = t.candidate_id "
            "JOIN pipeline_stages st ON st.code = s.stage_code "
            "WHERE t.enterprise_id = i.enterprise_id AND t.kind_code = i.kind_code "
            "AND (st.outcome = 'open' OR s.stage_code = i.stage_code))")


def count_existing(cur: Cursor, frame: pa.Table) -> int:
    cur.register("i", frame)
    try:
        return int(cur.scalar(f"SELECT count(*) FROM i WHERE {_MATCHES}"))
    finally:
        cur.unregister("i")


def open_stage_of(store: Store | Cursor, pairs: pd.DataFrame) -> pd.DataFrame:
    """For (enterprise_id, kind_code) pairs: the open candidacy the ledger has for each (candidate_id, stage_code)."""
    cursor = store if isinstance(store, Cursor) else Cursor(store.cursor())
    cursor.register("pairs", pairs[["enterprise_id", "kind_code"]])
    try:
        return cursor.df(
            f"SELECT p.enterprise_id, p.kind_code, t.candidate_id, s.stage_code FROM pairs p "
            f"JOIN candidates t ON t.enterprise_id = p.enterprise_id AND t.kind_code = p.kind_code "
            f"JOIN {_CURRENT} s ON s.candidate_id = t.candidate_id JOIN pipeline_stages st ON st.code = s.stage_code "
            f"WHERE st.outcome = 'open'")
    finally:
        cursor.unregister("pairs")


def insert_candidates(cur: Cursor, frame: pa.Table, editor: str) -> int:
    """The rows (enterprise_id, kind_code, stage_code, expected_year, unit, note, stage_on, import_id, source_ref)
    the ledger does not have yet, numbered in the file's order, each with its first step, entered on its stage_on
    (else today); returns how many."""
    cur.register("i", frame.append_column("_order", pa.array(range(frame.num_rows), pa.int64())))
    try:
        before = cur.scalar("SELECT coalesce(max(candidate_id), 0) FROM candidates")
        # numbered in the file's order, one after the last
        cur.execute(
            "CREATE TEMP TABLE new_candidates AS SELECT ? + row_number() OVER (ORDER BY _order) AS candidate_id, * "
            f"FROM i WHERE NOT {_MATCHES}", [before])
        cur.execute("INSERT INTO candidates (candidate_id, enterprise_id, kind_code, expected_year, unit, note, import_id, "
                    "source_ref) SELECT candidate_id, enterprise_id, kind_code, expected_year, unit, note, import_id, "
                    "source_ref FROM new_candidates ORDER BY candidate_id")
        cur.execute("INSERT INTO candidate_steps (candidate_id, stage_code, entered_on, import_id, editor) "
                    "SELECT candidate_id, stage_code, coalesce(stage_on, current_date), import_id, ? FROM new_candidates "
                    "ORDER BY candidate_id", [editor])
        added = cur.scalar("SELECT count(*) FROM candidates WHERE candidate_id > ?", [before])
        cur.execute("DROP TABLE new_candidates")
        return int(added)
    finally:
        cur.unregister("i")


def add_step(cur: Cursor, candidate_id: int, stage_code: str, entered_on: dt.date, note: str | None, editor: str,
             record_id: int | None = None, import_id: int | None = None) -> None:
    cur.execute("INSERT INTO candidate_steps (candidate_id, stage_code, entered_on, note, record_id, import_id, editor) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", [candidate_id, stage_code, entered_on, note, record_id, import_id, editor])


def close_by_import(cur: Cursor, import_id: int, editor: str) -> list[dict[str, Any]]:
    """Move to the obtaining stage every open candidacy that a record of this import fulfils: the candidate's
    enterprise and honour, granted in the year its candidacy began or later (an older record is the enterprise's
    past, not the candidacy's outcome). The step is dated the record's grant (the earliest, if several) and names
    it. Reads the facts table, so the caller settles the change first."""
    found = cur.dicts(
        f"WITH began AS (SELECT candidate_id, min(entered_on) AS since FROM candidate_steps GROUP BY candidate_id), "
        f"open_c AS (SELECT t.candidate_id, t.enterprise_id, t.kind_code, b.since FROM candidates t "
        f"  JOIN {_CURRENT} s ON s.candidate_id = t.candidate_id JOIN pipeline_stages st ON st.code = s.stage_code "
        f"  JOIN began b ON b.candidate_id = t.candidate_id WHERE st.outcome = 'open') "
        "SELECT o.candidate_id, arg_min(f.id, f.granted_on) AS record_id, min(f.granted_on) AS granted_on "
        "FROM open_c o JOIN facts f ON f.enterprise_id = o.enterprise_id AND f.kind_code = o.kind_code "
        "WHERE f.import_id = ? AND f.revoked_on IS NULL AND year(f.granted_on) >= year(o.since) "
        "GROUP BY o.candidate_id ORDER BY o.candidate_id", [import_id])
    stage = obtained_stage(cur)
    for row in found:
        add_step(cur, row["candidate_id"], stage, row["granted_on"], None, editor, row["record_id"], import_id)
    return found


def obtained_stage(store: Store | Cursor) -> str:
    return str(store.scalar("SELECT code FROM pipeline_stages WHERE outcome = 'obtained' ORDER BY sort LIMIT 1"))


def delete_import(cur: Cursor, import_id: int) -> dict[str, int]:
    """What one import wrote into the pipeline goes: the candidacies it brought (with all their steps) and the steps
    it wrote into others (the candidacies its records closed reopen)."""
    removed = {
        "candidates": cur.scalar("SELECT count(*) FROM candidates WHERE import_id = ?", [import_id]),
        "candidate_steps": cur.scalar(
            "SELECT count(*) FROM candidate_steps WHERE import_id = ? AND candidate_id NOT IN "
            "(SELECT candidate_id FROM candidates WHERE import_id = ?)", [import_id, import_id]),
    }
    cur.execute("DELETE FROM candidate_steps WHERE import_id = ? OR candidate_id IN "
                "(SELECT candidate_id FROM candidates WHERE import_id = ?)", [import_id, import_id])
    cur.execute("DELETE FROM candidates WHERE import_id = ?", [import_id])
    return removed


def move_enterprise(cur: Cursor, keep: int, merge: int) -> int:
    n = cur.scalar("SELECT count(*) FROM candidates WHERE enterprise_id = ?", [merge])
    cur.execute("UPDATE candidates SET enterprise_id = ? WHERE enterprise_id = ?", [keep, merge])
    return int(n)


def candidates(store: Store | Cursor, as_of: dt.date, *, kinds: list[str] | None = None, stage: str | None = None,
               district: str | None = None, enterprise_id: int | None = None,
               candidate_id: int | None = None) -> pd.DataFrame:
    return store.named("pipeline_candidates", {"as_of": as_of, "kinds": kinds, "stage": stage, "district": district,
                                               "enterprise": enterprise_id, "candidate": candidate_id})


def steps(store: Store | Cursor, candidate_ids: list[int]) -> pd.DataFrame:
    """Every step of these candidacies, in the order they were written."""
    return store.df(
        "SELECT s.candidate_id, s.step_id, s.stage_code, st.name_zh AS stage_zh, st.name_en AS stage_en, st.outcome, "
        "s.entered_on, s.note, s.record_id, s.import_id, s.editor, s.recorded_at FROM candidate_steps s "
        "JOIN pipeline_stages st ON st.code = s.stage_code WHERE list_contains(?::BIGINT[], s.candidate_id) "
        "ORDER BY s.candidate_id, s.step_id", [candidate_ids])


def last_step(store: Store | Cursor, candidate_id: int) -> dict[str, Any] | None:
    found = store.dicts("SELECT s.*, st.outcome FROM candidate_steps s JOIN pipeline_stages st ON st.code = s.stage_code "
                        "WHERE s.candidate_id = ? ORDER BY s.step_id DESC LIMIT 1", [candidate_id])
    return found[0] if found else None


def candidate_row(store: Store | Cursor, candidate_id: int) -> dict[str, Any] | None:
    found = store.dicts("SELECT * FROM candidates WHERE candidate_id = ?", [candidate_id])
    return found[0] if found else None


def closing_candidates(store: Store | Cursor, record_id: int) -> pd.DataFrame:
    """The candidacies a record closed (the record's side of the link)."""
    return store.df(
        "SELECT s.candidate_id, s.entered_on, c.enterprise_id, c.kind_code, c.unit FROM candidate_steps s "
        "JOIN candidates c ON c.candidate_id = s.candidate_id WHERE s.record_id = ? ORDER BY s.candidate_id", [record_id])


def records_of_kind(cur: Cursor, kind_code: str, first_year: int, last_year: int) -> list[dict[str, Any]]:
    """The enterprise records of a kind granted in these years (id, enterprise_id, granted_on), oldest first."""
    return cur.dicts("SELECT id, enterprise_id, granted_on FROM facts WHERE kind_code = ? AND enterprise_id IS NOT NULL "
                     "AND year(granted_on) BETWEEN ? AND ? AND revoked_on IS NULL ORDER BY granted_on, id",
                     [kind_code, first_year, last_year])


def enterprises_without(cur: Cursor, kind_code: str) -> list[dict[str, Any]]:
    """The enterprises (id, district_code) that never held a kind, in number order."""
    return cur.dicts("SELECT enterprise_id, district_code FROM enterprises e WHERE merged_into IS NULL AND NOT EXISTS "
                     "(SELECT 1 FROM facts f WHERE f.enterprise_id = e.enterprise_id AND f.kind_code = ?) ORDER BY 1",
                     [kind_code])


def district_of(cur: Cursor, enterprise_ids: list[int]) -> dict[int, str | None]:
    return dict(cur.rows("SELECT enterprise_id, district_code FROM enterprises WHERE list_contains(?::BIGINT[], enterprise_id)",
                         [enterprise_ids]))


def candidate_count(store: Store | Cursor) -> int:
    return int(store.scalar("SELECT count(*) FROM candidates"))


def goal_pipelines(store: Store | Cursor, plan_code: str, as_of: dt.date, district: str | None) -> pd.DataFrame:
    return store.named("pipeline_goals", {"plan": plan_code, "goal": None, "as_of": as_of, "district": district})


def closed_view(store: Store | Cursor, closed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The candidacies `close_by_import` closed, with their enterprise and honour as a report names them."""
    if not closed:
        return []
    names = {r["candidate_id"]: r for r in store.dicts(
        "SELECT c.candidate_id, e.name AS enterprise, k.name_zh AS kind_zh, k.name_en AS kind_en FROM candidates c "
        "JOIN enterprises e ON e.enterprise_id = c.enterprise_id JOIN honour_kinds k ON k.code = c.kind_code "
        "WHERE list_contains(?::BIGINT[], c.candidate_id)", [[c["candidate_id"] for c in closed]])}
    return [{**names[c["candidate_id"]], "record_id": c["record_id"], "granted_on": c["granted_on"]} for c in closed]
