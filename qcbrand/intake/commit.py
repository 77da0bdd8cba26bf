"""Writing a prepared import all or nothing, previewing it in a transaction that is rolled back, rolling an
import back. A row already in the ledger (by its natural key) is skipped, so importing the same honours twice,
from a table or from a notice, adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qcbrand import i18n, ledger
from qcbrand.errors import ImportRefused, NotFound, QcbrandError
from qcbrand.intake.models import (
    Problem,
)
from qcbrand.intake.prepare import prepare_file
from qcbrand.intake.report import ImportReport, Prepared
from qcbrand.ledger import browsing, counting, derived, edits, importing, pipeline, reference
from qcbrand.ledger.store import Store
from qcbrand.rules import periods


def commit(store: Store, prepared: Prepared, editor: str, as_of: dt.date | None = None,
           plan_code: str | None = None) -> ImportReport:
    """Write a prepared import in one transaction: every row or none. The report's goal_changes say what it did
    to the goals of the plan (`plan_code`; else the one in force on `as_of`, else the newest) on `as_of` or the
    plan's deadline."""
    report = prepared.report
    if not report.ok:
        raise ImportRefused("导入被拒绝：" + report.summary("zh"), "import refused: " + report.summary("en"), report)
    before = _goal_values(store, as_of, plan_code)
    with ledger.changes(store) as change:
        _write(change, prepared, editor)
    report.goal_changes = _changes(store, before, _goal_values(store, as_of, plan_code))
    report.dry_run = False
    return report


class _Trial(Exception):
    """Ends a trial write: the transaction is rolled back."""


def preview(store: Store, prepared: Prepared, as_of: dt.date | None = None, plan_code: str | None = None) -> ImportReport:
    """What the import would do to the goals, found by writing it in a transaction that is then rolled back:
    the same code as the commit, so the preview cannot differ from what the commit will do. A read-only
    ledger (a dry run beside a running app) cannot try: goal_changes stays empty and a warning says so."""
    report = prepared.report
    if not report.ok or not prepared.parts:
        return report
    if store.read_only:
        report.problems.append(Problem(None, "—", "", *i18n.pair("msg.commit.ledger_open_read_only_so"),
                                       "warning"))
        return report
    before = _goal_values(store, as_of, plan_code)
    rows_new, present, firms = report.rows_new, report.rows_already_present, report.enterprises_new
    try:
        with ledger.changes(store) as change:
            _write(change, prepared, "preview")
            change.settle()
            after = _goal_values(change.cur, as_of, plan_code)
            raise _Trial
    except _Trial:
        pass
    finally:
        report.import_id = None
    report.rows_new, report.rows_already_present, report.enterprises_new = rows_new, present, firms
    report.dry_run = True
    report.goal_changes = _changes(store, before, after)
    return report


def _goal_values(store: Store | Any, as_of: dt.date | None, plan_code: str | None = None,
                 ) -> tuple[str, dt.date, dict[str, int]] | None:
    """(plan, date, goal -> value): the plan named, else the one in force on as_of (today without one), else the
    newest; on as_of, else on the plan's deadline. None without a plan."""
    found = reference.plans(store)
    if not found:
        return None
    named = [p for p in found if p["plan_code"] == plan_code]
    plan = named[0] if named else periods.plan_in_force([(p, p["starts_on"], p["ends_on"]) for p in found],
                                                        as_of or dt.date.today())
    on = as_of or plan["ends_on"]
    counts = counting.scoreboard_counts(store, plan["plan_code"], on)
    return plan["plan_code"], on, {r.goal_code: int(r.value) for r in counts.itertuples()}


def _changes(store: Store, before: Any, after: Any) -> list[dict[str, Any]]:
    if before is None or after is None:
        return []
    plan, on, was = before
    now = after[2]
    names = {g["goal_code"]: g for g in reference.goals(store, plan)}
    return [{"goal": code, "name_zh": names[code]["name_zh"] if code in names else code,
             "name_en": names[code]["name_en"] if code in names else code, "on": on.isoformat(),
             "before": was.get(code, 0), "after": now.get(code, 0)}
            for code in sorted(set(was) | set(now), key=lambda c: list(names).index(c) if c in names else 999)
            if was.get(code, 0) != now.get(code, 0)]


def _write(change: ledger.Change, prepared: Prepared, editor: str) -> None:
    """The import's writes inside the caller's change (commit's and preview's)."""
    cur = change.cur
    report = prepared.report
    table = prepared.table
    source_text = table.original_text if table is not None and (table.notice is not None or table.converted) else None
    import_id = importing.new_import(cur, report.file_name, report.sha256, report.record_kind, editor, report.rows_in_file,
                                   report.source_title, "、".join(report.doc_numbers) or None, source_text)
    report.import_id = import_id
    new_firms = prepared.new_enterprises
    firms_added = 0
    created: dict[str, int] = {}
    if len(new_firms):
        firms_added = importing.insert_new_enterprises(cur, new_firms.assign(import_id=import_id))
        created = importing.enterprise_ids_by_key(cur, new_firms["name_key"].tolist())
    added = unique = 0
    for kind, part in prepared.parts.items():
        records = part.filter(pc.invert(part.column("repeat")))  # a row the list repeats is written once
        unique += records.num_rows
        records = records.drop_columns(["row", "repeat"]).append_column(
            "import_id", pa.array(np.full(records.num_rows, import_id)))
        if "new_key" in records.column_names:
            if created:
                made = pa.array([created.get(k) for k in records.column("new_key").to_pylist()], pa.int64())
                records = records.set_column(records.column_names.index("enterprise_id"), "enterprise_id",
                                             pc.coalesce(records.column("enterprise_id"), made))
                # the new enterprises have their numbers now (one may have been registered meanwhile)
                records = importing.first_rows(records, importing.NATURAL_KEYS[kind][0])
            records = records.drop_columns(["new_key"])
        # rows the ledger has (by natural key, counted inside the transaction) are not written again
        added += (pipeline.insert_candidates(cur, records, editor) if kind == "candidates"
                  else importing.insert_new_records(cur, kind, records))
    importing.finish_import(cur, import_id, added, firms_added, report.persons)
    change.touched(import_id=import_id)
    if set(prepared.parts) - {"candidates", "enterprises", "indicator_readings"}:
        change.settle()  # the facts of its records, which close the candidacies they fulfil
        report.pipeline_closed = pipeline.closed_view(cur, pipeline.close_by_import(cur, import_id, editor))
    change.audit(editor, "import", table_name=report.record_kind, import_id=import_id,
                  after={"rows_added": added, "enterprises_added": firms_added, "rows_in_file": report.rows_in_file,
                         "persons": report.persons, "by_kind": report.rows_by_kind},
                  note=f"{report.file_name} sha256 {report.sha256[:12]}")
    report.rows_new = added
    report.rows_already_present = unique - added
    report.enterprises_new = firms_added


def import_file(
    store: Store,
    path: str | Path,
    kind: str | None = None,
    *,
    editor: str = "cli",
    dry_run: bool = False,
    engine: str = "bulk",
    **options: Any,
) -> ImportReport:
    """Read, prepare and (unless a dry run) commit one file. Raises ImportRefused with the report if
    anything is wrong. `options` are those of prepare_file."""
    as_of = options.pop("as_of", None)
    plan_code = options.pop("plan_code", None)
    prepared = prepare_file(store, path, kind, engine=engine, count=dry_run, **options)
    report = prepared.report
    report.dry_run = dry_run
    if not report.ok:
        raise ImportRefused("导入被拒绝：" + report.summary("zh"), "import refused: " + report.summary("en"), report)
    if dry_run:
        return preview(store, prepared, as_of, plan_code)
    return commit(store, prepared, editor, as_of, plan_code)


def rollback(store: Store, import_id: int, editor: str) -> dict[str, int]:
    """Undo an import as a whole: its records go, and the enterprises it created unless later
    records name them. The import stays in the log, marked as rolled back."""
    info = browsing.import_info(store, import_id)
    if info is None:
        raise NotFound(*i18n.pair("msg.commit.there_no_import_number", import_id=import_id))
    if info["rolled_back_at"] is not None:
        raise QcbrandError(*i18n.pair("msg.commit.import_was_already_rolled_back", import_id=import_id, v2=info['rolled_back_at']))
    with ledger.changes(store) as change:
        cur = change.cur
        chains = derived.renewal_group_ids(cur, [], import_id)  # before they go
        removed = edits.delete_import(cur, import_id)
        change.touched(import_id=import_id, chains=chains)
        edits.mark_rolled_back(cur, import_id, editor)
        change.audit(editor, "rollback", table_name=info["record_kind"], import_id=import_id, before=removed,
                      note=f"{info['file_name']} (import {import_id})")
    return removed


def imports(store: Store) -> pd.DataFrame:
    return browsing.imports(store)


def today() -> dt.date:
    return dt.date.today()
