"""What a goal's figures say in words, the same on every page, in the command line and in the briefing: a
goal judged against a target (the city's, or a district's own), a district's contribution where the plan gives
it no target, and the outcome on the deadline once the plan has ended."""

from __future__ import annotations

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
