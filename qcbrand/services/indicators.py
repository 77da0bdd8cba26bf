"""The plan's measured indicators (rates and shares, not counts): their readings, targets and whether met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qcbrand import i18n, ledger
from qcbrand.errors import NotFound, QcbrandError
from qcbrand.ledger import edits, reference
from qcbrand.ledger.store import Store
from qcbrand.rules import scoring
from qcbrand.services.memo import remembered
from qcbrand.services.scoreboard import get_plan


@dataclass(frozen=True)
class Indicator:
    """A rate indicator of the plan (合格率, 事故率, 满意度 …), its readings by year known on a date and the
    status of the latest."""

    code: str
    clause: int
    name_zh: str
    name_en: str
    wording_zh: str
    target: float
    unit_zh: str
    unit_en: str
    comparison: str
    readings: tuple[tuple[int, float, str | None], ...]  # (year, value, source), oldest first
    status: str  # met | not_met | no_reading (of the latest reading)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def unit(self, lang: str) -> str:
        return self.unit_zh if lang == "zh" else self.unit_en

    @property
    def latest(self) -> tuple[int, float, str | None] | None:
        return self.readings[-1] if self.readings else None

    def as_dict(self) -> dict[str, Any]:
        latest = self.latest
        return {"code": self.code, "clause": self.clause, "name_zh": self.name_zh, "name_en": self.name_en,
                "wording_zh": self.wording_zh, "target": self.target, "unit_zh": self.unit_zh, "unit_en": self.unit_en,
                "comparison": self.comparison, "latest_year": latest[0] if latest else None,
                "latest_value": latest[1] if latest else None, "status": self.status,
                "readings": [{"year": y, "value": v, "source": src} for y, v, src in self.readings]}


def indicators(store: Store, plan_code: str | None, as_of: dt.date) -> list[Indicator]:
    """The plan's indicators with the readings of the years that had ended by the as-of date."""
    plan = get_plan(store, plan_code)
    frame = remembered(store, "indicators", (plan.code,), lambda: reference.indicators(store, plan.code))
    out = []
    for code, rows in frame.groupby("code", sort=False):
        first = rows.iloc[0]
        readings = tuple((int(r.year), float(r.value), r.source if isinstance(r.source, str) else None)
                         for r in rows.itertuples() if pd.notna(r.year) and scoring.reading_known(int(r.year), as_of))
        status = "no_reading" if not readings else (
            "met" if scoring.indicator_met(readings[-1][1], float(first["target"]), first["comparison"]) else "not_met")
        out.append(Indicator(str(code), int(first["clause"]), first["name_zh"], first["name_en"], first["wording_zh"],
                             float(first["target"]), first["unit_zh"], first["unit_en"], first["comparison"], readings,
                             status))
    return out


def indicators_frame(items: list[Indicator], lang: str = "zh") -> pd.DataFrame:
    """The indicators as a table (CLI, downloads): the latest reading and its status, the target and wording."""
    return pd.DataFrame([{
        "clause": i.clause, "indicator": i.code, "name": i.name(lang), "target": i.target, "unit": i.unit(lang),
        "comparison": i.comparison, "latest_year": i.latest[0] if i.latest else None,
        "latest_value": i.latest[1] if i.latest else None, "status": i.status, "wording_zh": i.wording_zh,
    } for i in items], columns=["clause", "indicator", "name", "target", "unit", "comparison", "latest_year",
                                "latest_value", "status", "wording_zh"])


def set_indicator_reading(store: Store, plan_code: str | None, code: str, year: int, value: Any, editor: str,
                          source: str | None = None) -> dict[str, Any]:
    """Enter or correct one yearly reading of an indicator: checked as an import checks it (a number, a year,
    within the unit's range), written with an audit entry holding the reading before and after."""
    from qcbrand.intake import models
    from qcbrand.rules import fields

    plan = get_plan(store, plan_code)
    found = [i for i in indicators(store, plan.code, dt.date(fields.MAX_YEAR, 12, 31)) if i.code == code]
    if not found:
        raise NotFound(*i18n.pair("msg.indicators.plan_has_no_indicator_qcbrand", plan_code=plan.code, code=code))
    indicator = found[0]
    try:
        year = fields.year(year)
        number = models.reading_value(value)
    except Exception as e:  # pydantic's custom errors carry both messages
        context = getattr(e, "context", None) or {}
        raise QcbrandError(context.get("zh", str(e)), context.get("en", str(e))) from None
    low, high = scoring.reading_range(indicator.unit_zh)
    if number < low or (high is not None and number > high):
        span = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
        raise QcbrandError(*i18n.pair("msg.indicators.reading_out_range_lies_within", number=number, indicator_name_zh=indicator.name_zh, span=span, indicator_unit_zh=indicator.unit_zh, indicator_name_en=indicator.name_en, indicator_unit_en=indicator.unit_en))
    before = next(({"year": y, "value": v, "source": src} for y, v, src in indicator.readings if y == year), None)
    after = {"year": year, "value": number, "source": source}
    with ledger.changes(store) as change:
        cur = change.cur
        edits.set_indicator_reading(cur, plan.code, code, year, number, source)
        change.audit(editor, "indicator_set", table_name="indicator_readings", before=before, after=after,
                      note=f"{plan.code} {code} {year}")
    return {"plan": plan.code, "indicator": code, "before": before, "after": after}
