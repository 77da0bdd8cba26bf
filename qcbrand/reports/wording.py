"""What a goal's figures say in words, the same on every page, in the command line and in the briefing: a
goal judged against a target (the city's, or a district's own), a district's contribution where the plan gives
it no target, and the outcome on the deadline once the plan has ended."""

from __future__ import annotations

from typing import Any

from qcbrand.i18n import STATUS_GLYPHS, status_word, t
from qcbrand.services.scoreboard import GoalScore


def figures(s: GoalScore, lang: str) -> str:
    """107 / 110 against a target (on the deadline once the plan has ended); a district without a target of its
    own, its value alone."""
    if s.score is None:
        return f"{s.value:,}"
    return f"{s.score.value:,} / {s.score.target:,.0f}"


def status(s: GoalScore, lang: str) -> str:
    """● 达成 …; a district without a target of its own has its rank among the districts instead."""
    if s.score is None:
        return rank(s, lang)
    return f"{STATUS_GLYPHS[s.score.status]} {status_word(s.score.status, lang)}"


def rank(s: GoalScore, lang: str) -> str:
    """第2名 / 7 among the districts; — while the city has nothing to rank."""
    c = s.contribution
    return "—" if c is None or c.rank is None else t("score.rank_value", lang, rank=c.rank, n=c.districts)


def since(s: GoalScore, lang: str) -> str:
    """After the deadline: the value on the chosen date, apart from the outcome ("" before it)."""
    return t("score.since", lang, n=f"{s.value:,}") if s.final and s.score is not None else ""


def share(s: GoalScore) -> str:
    c = s.contribution
    return "—" if c is None or c.share is None else f"{c.share:.0%}"


def change(s: GoalScore) -> str:
    c = s.contribution
    return "—" if c is None else f"{c.change:+,}"


def line(s: GoalScore, lang: str) -> str:
    """One goal in one line (needing attention, the briefing's lists)."""
    text = f"{status(s, lang)} · {s.name(lang)}" + (f"（{figures(s, lang)}）" if lang == "zh" else f" ({figures(s, lang)})")
    extra = since(s, lang)
    return f"{text}{'，' if lang == 'zh' else ', '}{extra}" if extra else text


def pipeline_stages(s: GoalScore, stages: list[Any], lang: str) -> str:
    """培育 10 · 辅导 9 · 申报 12: the open candidates of a goal by stage (— for an empty pipeline)."""
    p = s.pipeline
    if p is None or not p.open:
        return "—"
    names = {st.code: st.name(lang) for st in stages}
    return " · ".join(f"{names.get(code, code)} {n:,}" for code, n in p.by_stage.items() if n)


def pipeline(s: GoalScore, stages: list[Any], lang: str, deadline_year: int) -> str:
    """A goal's gap against its pipeline in one sentence: "gap 25; 31 in the pipeline (…), 12 applied; if those
    expected by 2020 succeed: 218 of 230". Without a target (a district's contribution) or once the deadline has
    passed, the pipeline alone."""
    p = s.pipeline
    unit = s.unit(lang)
    if p is None or not p.open:
        text = t("pipeline.none", lang, unit=unit)
    else:
        text = t("pipeline.open", lang, n=f"{p.open:,}", unit=unit, stages=pipeline_stages(s, stages, lang))
    if p is None or p.shortfall is None or s.score is None:
        return text
    lapsing = s.expiring_before_deadline or 0
    gap = t("pipeline.gap_lapsing" if lapsing else "pipeline.gap", lang, gap=f"{p.shortfall:,.0f}", lapsing=f"{lapsing:,}")
    outlook = t("pipeline.outlook", lang, year=deadline_year, projected=f"{p.projected:,}", target=f"{s.score.target:,.0f}",
                expected=f"{p.expected:,}", unit=unit)
    beyond = t("pipeline.beyond", lang) if p.beyond_pipeline else ""
    sep = "；" if lang == "zh" else "; "
    return sep.join(x for x in (gap, text, outlook, beyond) if x)
