"""The city's districts and the industries, as pages and commands show them (the rules are qcbrand.rules.codes). The
districts are the open ledger's region's (qcbrand.rules.region)."""

from __future__ import annotations

from qcbrand.rules.codes import CodeError, ambiguous_districts, district_by_code, districts, industry_name, resolve_district
from qcbrand.rules.fields import MAX_YEAR, MIN_YEAR
from qcbrand.rules.region import Region, active
from qcbrand.rules.scoring import renewal_window


def region() -> Region:
    """The open ledger's region: the city's names, its districts, its boundaries."""
    return active()


def city_name(lang: str) -> str:
    r = active().region
    return r.name_zh if lang == "zh" else r.name_en


def district_name(code: str, lang: str, short: bool = False) -> str:
    d = district_by_code()[code]
    if short:
        return d.short_zh if lang == "zh" else d.short_en
    return d.name_zh if lang == "zh" else d.name_en


__all__ = ["CodeError", "Region", "ambiguous_districts", "city_name", "district_by_code", "district_name", "districts",
           "industry_name", "region", "resolve_district", "MAX_YEAR", "MIN_YEAR", "renewal_window"]
