"""Renewals, with dates worked out by hand: what expires when, renewal chains, what lapses do to a 总数 goal,
and the renewal window an enterprise sees. 江苏名牌产品 runs three years, to the day before the anniversary;
the plan runs 2016-01-01 to 2020-12-31; the default look-ahead is 12 months."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcbrand import services
from qcbrand.rules import scoring
from qcbrand.services import editing

D = dt.date.fromisoformat
PLAN = "changzhou-2016"


def expiring_ids(store, as_of: str, within: int = 12) -> list[int]:
    return services.expiring(store, D(as_of), within)["id"].tolist()


@pytest.fixture
def brands(ledger):
    a = ledger.enterprise("甲机械有限公司", "wujin")
    b = ledger.enterprise("乙电子有限公司", "xinbei")
    ids = {
        "leap": ledger.famous_brand(a, "2020-02-29", product="机床"),                    # valid to 2023-02-28
        "on_the_day": ledger.famous_brand(a, "2017-06-30", product="齿轮", valid_until="2020-06-30"),
        "window_end": ledger.famous_brand(b, "2018-07-01", product="传感器", valid_until="2021-06-30"),
        "past_window": ledger.famous_brand(b, "2018-07-01", product="电机", valid_until="2021-07-01"),
        "revoked": ledger.famous_brand(b, "2018-01-10", product="阀门", revoked="2020-08-01"),  # valid to 2021-01-09
        "first": ledger.famous_brand(a, "2017-09-01", product="减速机"),                   # valid to 2020-08-31
        "renewal": ledger.famous_brand(a, "2020-07-15", product="减速机"),                 # renews "first"
    }
    return ids


def test_the_term_of_29_february_runs_to_28_february(fresh_db, brands) -> None:
    record = services.record_view(fresh_db, brands["leap"], D("2023-02-28")).record
    assert record["valid_until"] == D("2023-02-28") and record["status"] == "expiring"
    assert services.record_view(fresh_db, brands["leap"], D("2023-03-01")).record["status"] == "expired"
    assert brands["leap"] in expiring_ids(fresh_db, "2022-02-28")      # the last day of the window
    assert brands["leap"] not in expiring_ids(fresh_db, "2023-02-28")  # valid on the day, not after it


def test_the_sql_term_is_the_python_term() -> None:
    from qcbrand.ledger.store import Store

    with Store.open(":memory:") as store:
        @settings(max_examples=300, deadline=None)
        @given(st.dates(min_value=D("2000-01-01"), max_value=D("2030-12-31")), st.integers(1, 10))
        def agrees(granted: dt.date, years: int) -> None:
            assert store.scalar("SELECT term_end(?, ?)", [granted, years]) == scoring.valid_until(granted, None, years)

        agrees()
        assert store.scalar("SELECT term_end(DATE '2020-02-29', 3)") == D("2023-02-28")


def test_what_expires_within_the_window(fresh_db, brands) -> None:
    found = expiring_ids(fresh_db, "2020-06-30")
    assert brands["on_the_day"] not in found   # its valid-until is the as-of day: in force, not after it
    assert brands["window_end"] in found       # 2021-06-30 is the same day 12 months on: the window's last day
    assert brands["past_window"] not in found  # one day too late
    assert brands["revoked"] not in found      # it ends by revocation on 2020-08-01: a revocation is not a lapse
    assert brands["first"] in found            # listed, with its renewal
    row = services.expiring(fresh_db, D("2020-06-30"))
    first = row[row["id"] == brands["first"]].iloc[0]
    assert (first["renewed_by"], first["renewed_on"].date(), first["days_left"]) == (brands["renewal"], D("2020-07-15"), 62)
    assert expiring_ids(fresh_db, "2020-08-01", within=1) == [brands["first"]]  # 2020-08-02 … 2020-09-01
    assert brands["leap"] in expiring_ids(fresh_db, "2022-02-28", within=12)


def test_a_renewal_chain_counts_once(fresh_db, brands) -> None:
    def total(day: str) -> int:
        return services.goal_score(fresh_db, PLAN, "famous_brand_products", D(day)).value

    # on 2020-08-01: leap, window_end, past_window, renewal (first is taken over; revoked that day)
    assert total("2020-08-01") == 4
    # on 2020-07-20 both of the chain are valid; it counts once: leap, window_end, past_window, revoked, renewal
    assert total("2020-07-20") == 5
    assert total("2020-07-14") == 5  # the day before the renewal: first still counts; on_the_day lapsed on 06-30
    record = services.record_view(fresh_db, brands["renewal"], D("2020-12-31")).record
    assert record["renews"] == brands["first"]


def test_lapses_before_the_deadline_and_the_pace_to_hold_the_target(fresh_db, brands) -> None:
    score = services.goal_score(fresh_db, PLAN, "famous_brand_products", D("2020-06-01"))
    # in force on 2020-06-01: leap, on_the_day, window_end, past_window, revoked, first (the renewal is not yet)
    assert score.value == 6
    # lapsing before 2020-12-31 with no renewal recorded by 2020-06-01: on_the_day (06-30) and first (08-31);
    # revoked ends by revocation, not a lapse; the others run past the deadline
    assert score.expiring_before_deadline == 2
    # to hold 230 on the deadline: 230 - (6 - 2) = 226 more, of which 2 can be the renewals
    assert (score.score.to_renew, score.score.to_add) == (2, 224)
    remaining = scoring.years_between(D("2020-06-01"), D("2020-12-31"))
    assert score.score.pace_needed == pytest.approx(226 / remaining)
    later = services.goal_score(fresh_db, PLAN, "famous_brand_products", D("2020-07-20"))
    assert later.expiring_before_deadline == 0  # first is renewed by then; on_the_day has lapsed already
    assert services.goal_score(fresh_db, PLAN, "well_known_trademarks", D("2020-06-01")).expiring_before_deadline == 0


def test_the_lapse_path(fresh_db, brands) -> None:
    plan = services.get_plan(fresh_db, PLAN)
    path = services.lapse_path(fresh_db, plan, "famous_brand_products", D("2020-06-01"))
    values = dict(zip([d.date() for d in path["on_date"]], path["value"]))
    assert values[D("2020-06-01")] == 6
    assert values[D("2020-06-30")] == 6   # on_the_day is valid through 06-30
    assert values[D("2020-07-31")] == 5
    assert values[D("2020-08-31")] == 4   # revoked from 08-01; first is valid through 08-31
    assert values[D("2020-09-30")] == 3   # nothing renewed or added: first has lapsed
    assert values[D("2020-12-31")] == 3
    assert services.lapse_path(fresh_db, plan, "famous_brand_products", D("2020-12-31")) is None


def test_a_goal_met_today_whose_lapses_take_it_below_target_needs_attention() -> None:
    s = scoring.score(240, 200, 230, "at_least", D("2016-01-01"), D("2020-12-31"), D("2019-06-30"), lapsing=30)
    assert s.status == "achieved" and s.lapse_risk and (s.to_renew, s.to_add) == (20, 0)
    held = scoring.score(240, 200, 230, "at_least", D("2016-01-01"), D("2020-12-31"), D("2019-06-30"), lapsing=5)
    assert not held.lapse_risk and held.pace_needed is None


def test_renewal_window() -> None:
    assert scoring.renewal_window(D("2021-06-30"), 12, D("2020-06-29")) == (D("2020-06-30"), "not_yet")
    assert scoring.renewal_window(D("2021-06-30"), 12, D("2020-06-30")) == (D("2020-06-30"), "open")
    assert scoring.renewal_window(D("2021-02-28"), 12, D("2020-02-29")) == (D("2020-02-28"), "open")
    assert scoring.renewal_window(D("2021-06-30"), 6, D("2021-07-01")) == (D("2020-12-30"), "closed")
    assert scoring.renewal_window(None, 12, D("2021-07-01")) == (None, "none")


def test_the_enterprise_sees_days_left_and_its_chain(fresh_db, brands) -> None:
    firm = services.record_view(fresh_db, brands["first"], D("2020-06-30")).holders["enterprise_id"].iloc[0]
    records = services.enterprise_standing(fresh_db, int(firm), D("2020-06-30")).records.set_index("id")
    assert records.loc[brands["first"], "days_left"] == 62
    assert records.loc[brands["first"], "renewed_by"] == brands["renewal"]
    assert records.loc[brands["renewal"], "renews"] == brands["first"]
    assert records.loc[brands["on_the_day"], "days_left"] == 0  # its last day


def test_a_correction_that_moves_a_record_out_of_its_chain_breaks_the_link(fresh_db, brands) -> None:
    editing.correct_record(fresh_db, "test", brands["renewal"], {"product": "新产品"})
    assert services.record_view(fresh_db, brands["renewal"], D("2020-12-31")).record["renews"] is None
    assert services.goal_score(fresh_db, PLAN, "famous_brand_products", D("2020-07-20")).value == 6  # no chain now
    from qcbrand.ledger import integrity

    assert integrity.orphans(fresh_db)["stale_facts"] == 0
