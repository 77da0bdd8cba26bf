"""The browsing reads: enterprises, records, their holders and history, imports, the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from qcbrand.ledger.store import Cursor, Store, load_sql


def audit_log(store: Store, limit: int = 1000) -> pd.DataFrame:
    return store.df("SELECT * FROM audit_log ORDER BY audit_id DESC LIMIT ?", [limit])


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
    found = store.dicts(load_sql("record"), {"id": record_id, "as_of": as_of})  # a row: None for missing, never NaN
    return found[0] if found else None


def record_holders(store: Store | Cursor, record_id: int) -> pd.DataFrame:
    return store.named("record_holders", {"id": record_id})


def record_audit(store: Store | Cursor, record_id: int) -> pd.DataFrame:
    return store.df(
        "SELECT at_time, actor, action, before, after, import_id, note FROM audit_log WHERE record_id = ? "
        "ORDER BY audit_id", [record_id])


def import_info(store: Store | Cursor, import_id: int) -> dict[str, Any] | None:
    found = store.dicts("SELECT * FROM imports WHERE import_id = ?", [import_id])
    return found[0] if found else None


def imports(store: Store | Cursor) -> pd.DataFrame:
    """Every import, newest first (without the texts kept with them: see import_source_text)."""
    return store.df("SELECT * EXCLUDE (source_text) FROM imports ORDER BY import_id DESC")


def import_source_text(store: Store | Cursor, import_id: int) -> str | None:
    return store.scalar("SELECT source_text FROM imports WHERE import_id = ?", [import_id])


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


def enterprise_count(store: Store | Cursor) -> int:
    return int(store.scalar("SELECT count(*) FROM enterprises"))
