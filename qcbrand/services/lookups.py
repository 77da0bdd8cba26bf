"""Looking things up: enterprises by name, code or pinyin, an enterprise's standing, records, kinds, expiries."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qcbrand import i18n
from qcbrand.errors import NotFound, QcbrandError
from qcbrand.ledger import browsing, counting, pipeline, reference
from qcbrand.ledger.store import Store
from qcbrand.rules import scoring
from qcbrand.services.memo import remembered
from qcbrand.services.scoreboard import check_district


def search_enterprises(store: Store, text: str, limit: int = 50) -> pd.DataFrame:
    """As people type: part of a name (full- or half-width, with or without 有限公司 …, traditional
    characters too), a 统一社会信用代码, or pinyin and initials (hengda or hd finds 恒达). Exact matches
    first, then names that begin with the text, then names that contain it, then pinyin matches."""
    from qcbrand.rules.codes import name_key, normalise_text
    from qcbrand.rules.hanzi import pinyin_query, simplified_cell

    cleaned = simplified_cell(normalise_text(text or ""))
    if not cleaned:
        return browsing.enterprise_search(store, "", None, None, "\x00", 0)
    code = cleaned.replace(" ", "").upper() if len(cleaned.replace(" ", "")) == 18 else None
    return browsing.enterprise_search(store, name_key(cleaned), code, pinyin_query(cleaned), cleaned, limit, _place_prefix())


def _place_prefix() -> tuple[str, str]:
    """Regular expressions for the place words a name begins with (省, 市, 区 …), in characters and in pinyin: after
    them the enterprise's own word begins, where pinyin and initials match too."""
    from qcbrand.rules.places import places

    return _place_prefix_of(tuple(sorted(places().words, key=len, reverse=True)))


@functools.lru_cache(maxsize=4)
def _place_prefix_of(words: tuple[str, ...]) -> tuple[str, str]:
    from qcbrand.rules.hanzi import char_pinyin

    spelled = sorted({"".join(char_pinyin(c)[0] for c in w) for w in words} - {""}, key=len, reverse=True)
    return ("^(?:" + "|".join(re.escape(w) for w in words) + ")+", "^(?:" + "|".join(re.escape(w) for w in spelled) + ")+")


@dataclass(frozen=True)
class Standing:
    """An enterprise's standing: who it is, every honour with its status, its ranks, its standards."""

    enterprise: dict[str, Any]
    records: pd.DataFrame
    rank: dict[str, Any]
    counts: dict[Any, int]


def enterprise_standing(store: Store, enterprise_id: int, as_of: dt.date) -> Standing:
    found = browsing.enterprise(store, enterprise_id)
    if found is None:
        raise NotFound(*i18n.pair("msg.lookups.there_no_enterprise_number", enterprise_id=enterprise_id))
    if found.get("merged_into") is not None and found["merged_into"] == found["merged_into"]:
        target = int(found["merged_into"])
        raise NotFound(*i18n.pair("msg.lookups.this_enterprise_was_merged_into", target=target))
    records = browsing.enterprise_records(store, enterprise_id, as_of)
    # the honours it holds in force on the date (a standard once, whatever its roles)
    honours = int(records.loc[records["status"].isin(("in_force", "expiring")), "id"].nunique())
    rank = enterprise_rank(_rank_counts(store, as_of), found.get("district_code"), found.get("industry"), honours)
    counts = {s: int((records["status"] == s).sum()) for s in scoring.RECORD_STATUSES}
    return Standing(found, records, rank, counts)


def enterprise_rank(counts: pd.DataFrame, district: str | None, industry: str | None, honours: int) -> dict[str, int]:
    """An enterprise's ranks from how many enterprises hold how many honours (browsing.enterprise_rank_counts):
    one more than those with more honours in its district, its industry and the city (ties share a rank),
    and how many enterprises each of these has."""

    def same(column: str, value: str | None) -> pd.Series:
        return counts[column].isna() if value is None or pd.isna(value) else counts[column] == value

    more = counts["honours"] > honours
    in_district, in_industry = same("district_code", district), same("industry", industry)
    return {
        "honours": honours,
        "district_rank": 1 + int(counts.loc[in_district & more, "n"].sum()),
        "district_size": int(counts.loc[in_district, "n"].sum()),
        "industry_rank": 1 + int(counts.loc[in_industry & more, "n"].sum()),
        "industry_size": int(counts.loc[in_industry, "n"].sum()),
        "city_rank": 1 + int(counts.loc[more, "n"].sum()),
    }


def top_enterprises(store: Store, as_of: dt.date, district: str | None = None, limit: int = 20) -> pd.DataFrame:
    """The enterprises with the most honours in force (in a district or the city) and their rank there."""
    return browsing.top_enterprises(store, as_of, check_district(store, district), limit)


def _rank_counts(store: Store, as_of: dt.date) -> pd.DataFrame:
    """How many enterprises hold how many honours, per district and industry, on a date: every enterprise
    must be counted for a rank, so the small table is computed once per database version and date."""
    return remembered(store, "rank_counts", (as_of,), lambda: browsing.enterprise_rank_counts(store, as_of))


def browse(store: Store, category: str, as_of: dt.date, **filters: Any) -> pd.DataFrame:
    """One record browser's rows (famous_brand, trademark, quality_award, standard) under its filters."""
    if category not in ("famous_brand", "trademark", "quality_award", "standard"):
        raise NotFound(*i18n.pair("msg.lookups.there_no_record_category", category=category))
    if filters.get("district"):
        filters["district"] = check_district(store, filters["district"])
    return browsing.browse_records(store, category, as_of, **{k: v for k, v in filters.items() if v not in (None, "")})


@dataclass(frozen=True)
class RecordView:
    record: dict[str, Any]
    holders: pd.DataFrame
    history: pd.DataFrame
    source_import: dict[str, Any] | None
    closes: pd.DataFrame | None = None  # the candidacies of the pipeline this record closed (candidate_id, entered_on, …)


def record_view(store: Store, record_id: int, as_of: dt.date) -> RecordView:
    found = browsing.record(store, record_id, as_of)
    if found is None:
        raise NotFound(*i18n.pair("msg.lookups.there_no_record_number", record_id=record_id))
    import_id = found.get("import_id")
    source = browsing.import_info(store, int(import_id)) if import_id is not None else None
    return RecordView(found, browsing.record_holders(store, record_id), browsing.record_audit(store, record_id), source,
                      pipeline.closing_candidates(store, record_id))


RECORD_COLUMNS = ("id", "kind_code", "kind_name", "enterprise", "district", "title", "granted_on", "valid_until",
                  "status", "import_id")


ENTERPRISE_COLUMNS = ("id", "name", "uscc", "district", "former_names", "records")


def resolve_kind(store: Store, text: str) -> str:
    """An honour kind's code from its code, name or alias (as lists write it, full- or half-width)."""
    from qcbrand.rules.codes import normalise_text
    from qcbrand.rules.hanzi import simplified_cell

    wanted = simplified_cell(normalise_text(text))
    for row in reference.kinds(store).itertuples():
        names = {row.code, row.name_zh, row.name_en.lower(), *[normalise_text(a) for a in row.aliases]}
        if wanted in names or wanted.lower() in names:
            return row.code
    raise NotFound(*i18n.pair("msg.lookups.honour_kind_catalogue_has_no", text=text))


def list_records(store: Store, as_of: dt.date, kind: str | None = None, year: int | None = None,
                 district: str | None = None, text: str | None = None) -> pd.DataFrame:
    """Every record (a standard once) with its status on the as-of date: id, kind code and name, enterprise,
    district, title (product, mark, award or standard), granted_on, valid_until, status, import id."""
    frame = browsing.record_list(store, as_of, resolve_kind(store, kind) if kind else None, year,
                                check_district(store, district), text or None)
    return frame[list(RECORD_COLUMNS)]


def list_enterprises(store: Store, text: str | None = None, district: str | None = None) -> pd.DataFrame:
    """Enterprises (id, name, uscc, district, former names, number of records), by part of a name or a code."""
    from qcbrand.rules.codes import name_key, normalise_text
    from qcbrand.rules.hanzi import pinyin_query, simplified_cell

    cleaned = simplified_cell(normalise_text(text or ""))
    key = name_key(cleaned) if cleaned else None
    code = cleaned.replace(" ", "").upper() if cleaned else None
    frame = browsing.enterprise_list(store, key, code, pinyin_query(cleaned) if cleaned else None, cleaned or None,
                                    check_district(store, district), _place_prefix())
    return frame[list(ENTERPRISE_COLUMNS)]


def kinds_frame(store: Store) -> pd.DataFrame:
    """The honour-kind catalogue as loaded in the database."""
    return reference.kinds(store)


def kinds_of(store: Store, category: str) -> pd.DataFrame:
    frame = reference.kinds(store)
    return frame[frame["category"] == category].reset_index(drop=True)


EXPIRING_COLUMNS = ("id", "enterprise", "district", "kind", "title", "granted_on", "valid_until", "days_left",
                    "renewed_by", "renewed_on")


def expiring(store: Store, as_of: dt.date, within_months: int = 12, district: str | None = None,
             kind: str | None = None) -> pd.DataFrame:
    """Designations in force on the as-of date whose valid-until falls after it and no later than the same day
    `within_months` later, soonest first, with days left, the renewal window and any renewal recorded."""
    if not 1 <= within_months <= 600:
        raise QcbrandError(*i18n.pair("msg.lookups.number_months_must_whole_number"))
    if not dt.date(1949, 1, 1) <= as_of <= dt.date(2100, 12, 31):
        raise QcbrandError(*i18n.pair("msg.lookups.date_outside", as_of=as_of))
    until = scoring.plus_months(as_of, within_months)
    return counting.expiring(store, as_of, until, check_district(store, district), resolve_kind(store, kind) if kind else None)
