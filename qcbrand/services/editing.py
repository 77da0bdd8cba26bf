"""Corrections by editors: correct a record or an enterprise, revoke a record with a reason, merge two
enterprises that are one company. Each change is one transaction and one audit entry with who, when,
before and after. Values are checked with the same rules as imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from qcbrand import i18n, ledger
from qcbrand.errors import NotFound, QcbrandError
from qcbrand.ledger import browsing, derived, edits
from qcbrand.ledger.store import Store
from qcbrand.rules import fields

_CHECKS = {
    "granted_on": fields.sane_date,
    "released_on": fields.sane_date,
    "valid_until": lambda v: None if fields.blank_to_none(v) is None else fields.sane_date(v),
    "nice_class": fields.nice,
    "uscc": fields.uscc,
    "district_code": fields.district,
    "year": fields.year,
    "service": fields.flag,
    "product": fields.required_text,
    "mark": fields.required_text,
    "title": fields.required_text,
    "name": fields.required_text,
    "brand": fields.optional_text,
    "reg_no": fields.optional_text,
    "industry": fields.optional_text,
}
_STATUSES = {"current", "replaced", "withdrawn"}
CORRECTABLE = edits.CORRECTABLE


def _checked(changes: dict[str, Any]) -> dict[str, Any]:
    out, problems = {}, []
    for column, value in changes.items():
        try:
            if column == "status":
                if value not in _STATUSES:
                    raise fields.custom_error(*i18n.pair("msg.editing.status_current_replaced_withdrawn"))
                out[column] = value
            else:
                out[column] = _CHECKS[column](value)
        except Exception as e:  # the checks raise pydantic's custom errors with both messages
            ctx = getattr(e, "context", None) or {}
            problems.append((column, ctx.get("zh", str(e)), ctx.get("en", str(e))))
    if problems:
        raise QcbrandError("；".join(f"{c}：{zh}" for c, zh, _ in problems), "; ".join(f"{c}: {en}" for c, _, en in problems))
    return out


def correct_record(store: Store, editor: str, record_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Change some fields of one honour record; returns the row after the change."""
    with ledger.changes(store) as change:
        cur = change.cur
        found = edits.find_record(cur, record_id)
        if found is None:
            raise NotFound(*i18n.pair("msg.editing.there_no_record_number", record_id=record_id))
        table, before = found
        allowed = edits.CORRECTABLE[table]
        unknown = [c for c in changes if c not in allowed]
        if unknown:
            raise QcbrandError(*i18n.pair("msg.editing.cannot_corrected", table=table, v2='、'.join(unknown), v3=', '.join(unknown)))
        values = _checked(changes)
        merged = {**before, **values}
        granted = merged.get("granted_on") or merged.get("released_on")
        if merged.get("valid_until") and granted and merged["valid_until"] < granted:
            raise QcbrandError(*i18n.pair("msg.editing.valid_until_before_grant_date"))
        chains = derived.renewal_group_ids(cur, [record_id])  # its chain before a new product or date moves it
        edits.update_row(cur, table, record_id, values)
        change.touched(ids=[record_id], chains=chains)
        after = edits.find_record(cur, record_id)[1]  # type: ignore[index]
        change.audit(editor, "correct", table_name=table, record_id=record_id,
                      before={k: before[k] for k in values}, after={k: after[k] for k in values})
    return after


def correct_enterprise(store: Store, editor: str, enterprise_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    with ledger.changes(store) as change:
        cur = change.cur
        before = edits.enterprise_row(cur, enterprise_id)
        if before is None:
            raise NotFound(*i18n.pair("msg.editing.there_no_enterprise_number", enterprise_id=enterprise_id))
        values = _checked(changes)
        if values.get("uscc") and cur.scalar("SELECT count(*) FROM enterprises WHERE uscc = ? AND enterprise_id <> ?",
                                             [values["uscc"], enterprise_id]):
            raise QcbrandError(*i18n.pair("msg.editing.another_enterprise_has_this_credit"))
        edits.update_row(cur, "enterprises", enterprise_id, values)
        change.touched(enterprise_ids=[enterprise_id])  # its district places its records
        after = edits.enterprise_row(cur, enterprise_id)
        change.audit(editor, "correct", table_name="enterprises", record_id=enterprise_id,
                      before={k: before[k] for k in values}, after={k: after[k] for k in values})  # type: ignore[index]
    return after  # type: ignore[return-value]


def revoke(store: Store, editor: str, record_id: int, revoked_on: dt.date, reason: str) -> None:
    """Revoke a record from a date: it stops counting toward every goal on that date."""
    if not (reason or "").strip():
        raise QcbrandError(*i18n.pair("msg.editing.revocation_needs_reason"))
    with ledger.changes(store) as change:
        cur = change.cur
        found = edits.find_record(cur, record_id)
        if found is None:
            raise NotFound(*i18n.pair("msg.editing.there_no_record_number", record_id=record_id))
        table, before = found
        granted = before.get("granted_on") or before.get("released_on")
        if granted and revoked_on < granted:
            raise QcbrandError(*i18n.pair("msg.editing.revocation_date_before_grant", revoked_on=revoked_on, granted=granted))
        edits.revoke(cur, table, record_id, revoked_on, reason.strip())
        change.touched(ids=[record_id])
        change.audit(editor, "revoke", table_name=table, record_id=record_id,
                      before={"revoked_on": before["revoked_on"], "revoke_reason": before["revoke_reason"]},
                      after={"revoked_on": revoked_on, "revoke_reason": reason.strip()})


def merge(store: Store, editor: str, keep_id: int, merge_id: int) -> dict[str, int]:
    """Merge enterprise `merge_id` into `keep_id` (the same company listed twice)."""
    if keep_id == merge_id:
        raise QcbrandError(*i18n.pair("msg.editing.enterprise_cannot_merged_with_itself"))
    with ledger.changes(store) as change:
        cur = change.cur
        keep, gone = edits.enterprise_row(cur, keep_id), edits.enterprise_row(cur, merge_id)
        for row, number in ((keep, keep_id), (gone, merge_id)):
            if row is None:
                raise NotFound(*i18n.pair("msg.editing.there_no_enterprise_number_2", number=number))
            if row["merged_into"] is not None:
                raise QcbrandError(*i18n.pair("msg.editing.enterprise_was_already_merged_into", number=number, v2=row['merged_into']))
        if keep["uscc"] and gone["uscc"] and keep["uscc"] != gone["uscc"]:  # type: ignore[index]
            raise QcbrandError(*i18n.pair("msg.editing.two_enterprises_have_different_credit"))
        moved = edits.merge_enterprises(cur, keep_id, merge_id)
        change.touched(enterprise_ids=[keep_id, merge_id])
        change.audit(editor, "merge", table_name="enterprises", record_id=keep_id,
                      before={"kept": keep, "merged": gone}, after={"merged_into": keep_id, "moved": moved})
    return moved


def audit_log(store: Store, text: str | None = None, action: str | None = None, since: dt.date | None = None,
              until: dt.date | None = None) -> pd.DataFrame:
    return browsing.audit_search(store, text or None, action or None, since, until)
