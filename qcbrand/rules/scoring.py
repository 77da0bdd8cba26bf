"""The counting rules, gap, pace and status of a goal: plain functions over dates and numbers.

No database, no Streamlit. The database counts with the SQL macro `counts_on` (migration 001) for
speed; `counts_on` here is the same rule written for people and tests, and a test checks the two agree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

Rule = Literal["total_in_force", "new_in_plan", "cumulative", "won_in_plan"]
Counts = Literal["records", "enterprises"]  # what a goal's unit word counts: 个/件/项 records, 家 enterprises
Comparison = Literal["at_least", "more_than"]
Status = Literal["achieved", "on_track", "at_risk", "behind", "missed", "not_started"]

STATUSES: tuple[Status, ...] = ("achieved", "on_track", "at_risk", "behind", "missed", "not_started")

# A goal whose pace so far is at least this share of the pace it needs is "at risk", not "behind".
AT_RISK_PACE_RATIO = 0.75
DAYS_PER_YEAR = 365.25


def counts_on(
    rule: Rule,
    plan_start: dt.date,
    granted_on: dt.date,
    valid_until: dt.date | None,
    revoked_on: dt.date | None,
    as_of: dt.date,
) -> bool:
    """Whether one record counts toward a goal with this rule on the as-of date.

    - 总数 (total_in_force): granted by the date and still valid on it;
    - 新增 / 争创 (new_in_plan, won_in_plan): granted between the plan start and the date;
    - 累计 (cumulative), and 参与…的企业: granted by the date.
    A record revoked on or before the date never counts."""
    if granted_on > as_of:
        return False
    if revoked_on is not None and revoked_on <= as_of:
        return False
    if rule == "total_in_force":
        return valid_until is None or valid_until >= as_of
    if rule in ("new_in_plan", "won_in_plan"):
        return granted_on >= plan_start
    return True


@dataclass(frozen=True)
class Fact:
    """One record as a goal sees it: the unit it belongs to (the record, or its enterprise for a goal in 家)."""

    unit: int
    granted_on: dt.date
    counts_until: dt.date | None
    revoked_on: dt.date | None


def unit_counts(rule: Rule, counts: Counts, plan_start: dt.date, facts: list[Fact], as_of: dt.date) -> bool:
    """Whether one unit counts toward a goal on the date, from all its matching facts (the SQL macro
    unit_counts is its twin): a record counts by counts_on; an enterprise counts once if any of its records
    does, and toward a 新增/新培育 or 争创 goal only if its first matching record ever falls in the plan."""
    any_counts = any(counts_on(rule, plan_start, f.granted_on, f.counts_until, f.revoked_on, as_of) for f in facts)
    if counts == "enterprises" and rule in ("new_in_plan", "won_in_plan"):
        return any_counts and min(f.granted_on for f in facts) >= plan_start
    return any_counts


def goal_value(rule: Rule, counts: Counts, plan_start: dt.date, facts: list[Fact], as_of: dt.date) -> int:
    """A goal's value on a date: how many units count (the scoreboard's SQL counts the same)."""
    by_unit: dict[int, list[Fact]] = {}
    for fact in facts:
        by_unit.setdefault(fact.unit, []).append(fact)
    return sum(unit_counts(rule, counts, plan_start, unit, as_of) for unit in by_unit.values())


def valid_until(granted_on: dt.date, own_valid_until: dt.date | None, term_years: int | None) -> dt.date | None:
    """A record's own valid-until date wins; else the kind's term from the grant date; else none."""
    if own_valid_until is not None:
        return own_valid_until
    if term_years is None:
        return None
    try:
        end = granted_on.replace(year=granted_on.year + term_years)
    except ValueError:  # 29 February
        end = granted_on.replace(year=granted_on.year + term_years, day=28) + dt.timedelta(days=1)
    return end - dt.timedelta(days=1)


def needed(target: float, comparison: Comparison) -> float:
    """The smallest count that meets the goal: 达到230 needs 230; 超过100 needs 101."""
    if comparison == "more_than":
        return math.floor(target) + 1
    return target


def is_met(value: float, target: float, comparison: Comparison) -> bool:
    return value >= needed(target, comparison)


def gap(value: float, target: float, comparison: Comparison) -> float:
    return max(0.0, needed(target, comparison) - value)


def years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / DAYS_PER_YEAR


@dataclass(frozen=True)
class Score:
    value: int
    target: float
    percent: float  # value / target × 100
    gap: float
    pace_needed: float | None  # per remaining year; None once no time remains or nothing is needed
    pace_so_far: float | None  # per elapsed year since the plan start; None before it starts
    projected: float | None  # value at the deadline if the pace so far holds
    status: Status
    # 总数 goals: what lapses before the deadline with no renewal recorded, and what it takes to hold the target
    lapsing: int = 0  # units counted now that lapse before the deadline
    to_renew: float = 0  # of them, how many must be renewed (or replaced) to hold the target on the deadline
    to_add: float = 0  # and how many must be added beyond them
    lapse_risk: bool = False  # met or not, the scheduled lapses would take it below the target


def score(
    value: int,
    baseline: int,
    target: float,
    comparison: Comparison,
    plan_start: dt.date,
    plan_end: dt.date,
    as_of: dt.date,
    lapsing: int = 0,
) -> Score:
    """Value against target on the as-of date, the pace needed and the pace so far, and the status.

    `baseline` is the value on the day before the plan started (0 for 新增 goals): the pace so far
    is the change since then per elapsed year. Status:
    achieved: the target is met; missed: not met and the deadline has come;
    not_started: the as-of date is before the plan starts;
    on_track: the pace so far would meet the target by the deadline;
    at_risk: the pace so far is at least 75 % of the pace needed; behind: slower than that.

    `lapsing` (总数 goals): units counted now that lapse before the deadline unless renewed. The pace needed
    then includes replacing them: to hold the target on the deadline, renew (or replace) `to_renew` of them and
    add `to_add` more; a goal met today whose lapses would take it below the target is flagged `lapse_risk`."""
    the_gap = gap(value, target, comparison)
    percent = 100.0 * value / target if target else 0.0
    before_start = plan_start - dt.timedelta(days=1)
    elapsed = years_between(before_start, as_of)
    remaining = years_between(as_of, plan_end)
    lapsing = lapsing if remaining > 0 else 0
    required = max(0.0, needed(target, comparison) - (value - lapsing))  # by the deadline, from renewals or new ones
    to_renew = min(float(lapsing), required)
    to_add = required - to_renew
    pace_so_far = (value - baseline) / elapsed if as_of >= plan_start and elapsed > 0 else None
    pace_needed = required / remaining if remaining > 0 and required > 0 else None
    # a count never falls below nothing: a 总数 that has been falling projects to 0 at the lowest, not to a negative
    projected = max(0.0, value + pace_so_far * max(remaining, 0.0)) if pace_so_far is not None else None

    status: Status
    if the_gap == 0:
        status = "achieved"
    elif as_of >= plan_end:
        status = "missed"
    elif as_of < plan_start:
        status = "not_started"
    else:
        assert pace_so_far is not None and pace_needed is not None
        if pace_needed is None or pace_so_far >= pace_needed:
            status = "on_track"
        elif pace_so_far >= AT_RISK_PACE_RATIO * pace_needed:
            status = "at_risk"
        else:
            status = "behind"
    lapse_risk = remaining > 0 and lapsing > 0 and value - lapsing < needed(target, comparison)
    return Score(value, target, percent, the_gap, pace_needed, pace_so_far, projected, status,
                 lapsing, to_renew, to_add, lapse_risk)


def default_as_of(plan_end: dt.date, today: dt.date) -> dt.date:
    """Today while the plan runs; its deadline once that has passed (the figure that was judged)."""
    return min(today, plan_end)


def year_ends(first_year: int, as_of: dt.date) -> list[dt.date]:
    """31 December of each year from first_year, ending with the as-of date itself."""
    days = [dt.date(y, 12, 31) for y in range(first_year, as_of.year)]
    return [*days, as_of]


RecordStatus = Literal["in_force", "expiring", "expired", "revoked", "not_yet"]
RECORD_STATUSES: tuple[RecordStatus, ...] = ("in_force", "expiring", "expired", "revoked", "not_yet")


def record_status(granted_on: dt.date, valid_until: dt.date | None, revoked_on: dt.date | None, as_of: dt.date) -> RecordStatus:
    """What one record is on a date, for people: revoked, not yet granted, expired, expiring within
    12 months, or in force (the SQL macro record_status is its twin)."""
    if revoked_on is not None and revoked_on <= as_of:
        return "revoked"
    if granted_on > as_of:
        return "not_yet"
    if valid_until is not None and valid_until < as_of:
        return "expired"
    if valid_until is not None and valid_until <= plus_months(as_of, 12):
        return "expiring"
    return "in_force"


def plus_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's end (as SQL's date + INTERVAL does):
    2020-02-29 + 12 months is 2021-02-28."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))




def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The start date, the last day of each month after it, and the end date."""
    import calendar

    days = [start]
    year, month = start.year, start.month
    while True:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last >= end:
            break
        if last > start:
            days.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [*days, end] if end > start else days


def renewal_window(valid_until: dt.date | None, months: int, as_of: dt.date) -> tuple[dt.date | None, str]:
    """When a designation's renewal may be applied for (`months` before it expires) and where the date stands:
    (opens on, "open" | "not_yet" | "closed" | "none")."""
    if valid_until is None:
        return None, "none"
    opens = plus_months(valid_until, -months)
    if as_of > valid_until:
        return opens, "closed"
    return opens, "open" if as_of >= opens else "not_yet"


def reading_range(unit_zh: str) -> tuple[float, float | None]:
    """The values an indicator's reading may take, by its unit: a rate in % lies in 0–100; any other reading
    (batches per thousand, deaths per hundred million, a score) is not negative."""
    return (0.0, 100.0) if unit_zh.strip() in ("%", "％") else (0.0, None)


# --- the rate indicators -------------------------------------------------------------------------------

IndicatorStatus = Literal["met", "not_met", "no_reading"]
# 左右 ("about"): a reading within this share of the target either way meets it (55%左右: 52.25–57.75)
ABOUT_TOLERANCE = 0.05


def indicator_met(value: float, target: float, comparison: str) -> bool:
    """Whether a reading meets an indicator's target: 以上/达到 at least, 超过 more than, 低于 below, 左右 about."""
    if comparison == "at_least":
        return value >= target
    if comparison == "more_than":
        return value > target
    if comparison == "below":
        return value < target
    if comparison == "about":
        return abs(value - target) <= ABOUT_TOLERANCE * abs(target)
    raise ValueError(f"unknown comparison {comparison!r}")


def reading_known(year: int, as_of: dt.date) -> bool:
    """A yearly reading is known once its year has ended: on 2019-06-30 the readings up to 2018."""
    return year < as_of.year or (year == as_of.year and (as_of.month, as_of.day) == (12, 31))
