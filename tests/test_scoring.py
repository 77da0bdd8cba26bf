"""The counting rules, pace and status as plain functions, and the SQL macro that must agree with them."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcbrand.rules import scoring
from qcbrand.rules.scoring import counts_on, score

D = dt.date.fromisoformat
START, END = D("2016-01-01"), D("2020-12-31")


def test_a_designation_that_expired_does_not_count_toward_a_total() -> None:
    assert not counts_on("total_in_force", START, D("2018-01-01"), D("2019-06-30"), None, D("2020-12-31"))
    assert counts_on("total_in_force", START, D("2018-01-01"), D("2019-06-30"), None, D("2019-06-30"))


def test_a_record_granted_before_the_plan_start_is_not_new() -> None:
    assert not counts_on("new_in_plan", START, D("2015-12-31"), None, None, D("2020-12-31"))
    assert counts_on("new_in_plan", START, D("2016-01-01"), None, None, D("2020-12-31"))
    assert counts_on("cumulative", START, D("2015-12-31"), None, None, D("2020-12-31"))


def test_a_revoked_record_stops_counting_on_its_revocation_date() -> None:
    assert counts_on("cumulative", START, D("2017-01-01"), None, D("2019-05-01"), D("2019-04-30"))
    assert not counts_on("cumulative", START, D("2017-01-01"), None, D("2019-05-01"), D("2019-05-01"))


def test_nothing_counts_before_it_was_granted() -> None:
    for rule in ("total_in_force", "new_in_plan", "cumulative", "won_in_plan", "distinct_enterprises"):
        assert not counts_on(rule, START, D("2019-01-02"), None, None, D("2019-01-01"))


def test_term_of_validity_runs_to_the_day_before_the_anniversary() -> None:
    assert scoring.valid_until(D("2017-12-31"), None, 3) == D("2020-12-30")
    assert scoring.valid_until(D("2016-02-29"), None, 3) == D("2019-02-28")
    assert scoring.valid_until(D("2017-12-31"), D("2022-06-30"), 3) == D("2022-06-30")
    assert scoring.valid_until(D("2017-12-31"), None, None) is None


def test_more_than_needs_one_more() -> None:
    assert scoring.gap(100, 100, "more_than") == 1
    assert scoring.gap(100, 100, "at_least") == 0
    assert not scoring.is_met(100, 100, "more_than")


def test_statuses_worked_by_hand() -> None:
    as_of = D("2018-12-31")  # 1096 days since 2015-12-31 (3.0007 years); 731 days remain (2.0014 years)
    # 60 of 100: 19.996 a year so far, 19.987 needed for the remaining 40: on track
    assert score(60, 0, 100, "at_least", START, END, as_of).status == "on_track"
    # 55: 18.33 a year against 22.48 needed, 81 %: at risk
    assert score(55, 0, 100, "at_least", START, END, as_of).status == "at_risk"
    # 50: 16.66 a year against 24.98 needed, 67 %: behind
    s = score(50, 0, 100, "at_least", START, END, as_of)
    assert s.status == "behind"
    assert s.gap == 50 and s.percent == 50.0
    assert s.pace_needed == pytest.approx(50 / (731 / 365.25))
    assert s.pace_so_far == pytest.approx(50 / (1096 / 365.25))
    assert s.projected == pytest.approx(50 + s.pace_so_far * 731 / 365.25)


def test_baseline_is_what_the_pace_is_measured_from() -> None:
    # a total of 230 that stood at 200 when the plan began has grown 30 in three years
    s = score(230, 200, 230, "at_least", START, END, D("2018-12-31"))
    assert s.status == "achieved"
    assert s.pace_so_far == pytest.approx(30 / (1096 / 365.25))


def test_deadline_and_before_the_start() -> None:
    assert score(229, 0, 230, "at_least", START, END, END).status == "missed"
    assert score(230, 0, 230, "at_least", START, END, END).status == "achieved"
    assert score(0, 0, 230, "at_least", START, END, D("2015-06-30")).status == "not_started"
    assert score(231, 0, 230, "at_least", START, END, D("2030-01-01")).status == "achieved"


def test_default_as_of_is_today_until_the_deadline() -> None:
    assert scoring.default_as_of(END, D("2019-05-05")) == D("2019-05-05")
    assert scoring.default_as_of(END, D("2026-11-25")) == END


dates = st.dates(min_value=D("2010-01-01"), max_value=D("2025-12-31"))
rules = st.sampled_from(["total_in_force", "new_in_plan", "cumulative", "distinct_enterprises", "won_in_plan"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # read-only use
@given(rules, dates, st.one_of(st.none(), dates), st.one_of(st.none(), dates), dates)
def test_the_sql_macro_counts_exactly_as_the_python_rule(fresh_db, rule, granted, valid, revoked, as_of) -> None:
    sql = fresh_db.scalar("SELECT counts_on(?, ?, ?, ?, ?, ?)", [rule, START, granted, valid, revoked, as_of])
    assert bool(sql) == counts_on(rule, START, granted, valid, revoked, as_of)


def test_a_falling_total_is_projected_to_nothing_at_the_lowest() -> None:
    # 200 when the plan began, 20 after three years: 60 fewer a year, two years left: 20 - 120 would be -100
    s = score(20, 200, 230, "at_least", START, END, D("2018-12-31"))
    assert s.pace_so_far == pytest.approx(-180 / (1096 / 365.25))
    assert s.projected == 0.0
