"""The city's districts and the industries, as pages and commands show them (the rules are qcbrand.rules.codes)."""

from __future__ import annotations

from qcbrand.rules.codes import AMBIGUOUS_DISTRICTS, DISTRICT_BY_CODE, DISTRICTS, CodeError, industry_name, resolve_district
from qcbrand.rules.fields import MAX_YEAR, MIN_YEAR
from qcbrand.rules.scoring import renewal_window

__all__ = ["AMBIGUOUS_DISTRICTS", "DISTRICTS", "DISTRICT_BY_CODE", "CodeError", "industry_name", "resolve_district", "MAX_YEAR", "MIN_YEAR",
           "renewal_window"]
