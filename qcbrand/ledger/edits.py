"""The writes of corrections: audit entries, record and enterprise changes, revocations, merges, rollbacks."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.ledger import pipeline
from qcbrand.ledger.store import Cursor, Store


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


def set_indicator_reading(cur: Cursor, plan_code: str, code: str, year: int, value: float, source: str | None) -> None:
    cur.execute("DELETE FROM indicator_readings WHERE plan_code = ? AND indicator_code = ? AND year = ?", [plan_code, code, year])
    cur.execute("INSERT INTO indicator_readings (plan_code, indicator_code, year, value, source) VALUES (?, ?, ?, ?, ?)",
                [plan_code, code, year, value, source])


_REFERENCED = " OR ".join(  # NOT EXISTS, not NOT IN: other_honours.enterprise_id may be NULL
    f"EXISTS (SELECT 1 FROM {t} r WHERE r.enterprise_id = e.enterprise_id)"
    for t in ("famous_brands", "trademarks", "quality_awards", "other_honours", "standard_drafters", "candidates")
)


def delete_import(cur: Cursor, import_id: int) -> dict[str, int]:
    """Delete what one import wrote; returns how many rows of each table went."""
    removed = pipeline.delete_import(cur, import_id)  # the candidacies its records closed reopen
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
        raise QcbrandError(*i18n.pair("msg.edits.fields_that_cannot_corrected_correctable", table=table, v2='、'.join(bad), v3='、'.join(sorted(allowed)), v4=', '.join(bad), v5=', '.join(sorted(allowed))))
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
    moved["candidates"] = pipeline.move_enterprise(cur, keep, merge)
    return moved
