"""The scoreboard on a small hand-built ledger whose every figure is worked out here by hand.

Plan: the bundled decision, 2016-01-01 to 2020-12-31. Enterprises A and C in 武进区, B in 新北区.
"""

import datetime as dt

import pytest

from qcbrand import api

D = dt.date.fromisoformat
PLAN = "changzhou-2016"


@pytest.fixture
def city(ledger):
    a = ledger.enterprise("甲机械有限公司", "wujin")
    b = ledger.enterprise("乙电子有限公司", "xinbei")
    c = ledger.enterprise("丙材料有限公司", "wujin")
    ids = {
        # 江苏名牌产品, a three-year term from the catalogue unless the record says otherwise
        "fb_expired_2018": ledger.famous_brand(a, "2015-06-01"),                        # valid to 2018-05-31
        "fb_in_force": ledger.famous_brand(a, "2018-03-01"),                            # valid to 2021-02-28
        "fb_own_expiry": ledger.famous_brand(b, "2019-01-10", valid_until="2019-06-30"),
        "fb_revoked": ledger.famous_brand(b, "2020-05-01", revoked="2020-10-01"),
        "fb_granted_on_day": ledger.famous_brand(c, "2020-12-31"),
        "fb_future": ledger.famous_brand(c, "2021-01-05"),
    }
    # standards: which were led, when, by whom
    ledger.standard("GB/T 1-2015", "national", "2015-12-31", [(a, "led")])               # before the plan
    ledger.standard("GB/T 2-2017", "national", "2017-05-01", [(a, "led"), (b, "took_part")])
    ledger.standard("JB/T 3-2018", "industry", "2018-01-01", [(a, "led"), (c, "led")])   # co-led: one standard
    ledger.standard("DB32/T 4-2019", "local", "2019-03-01", [(b, "led")])                # local: not in clause 8
    ledger.standard("GB/T 5-2019", "national", "2019-04-01", [(b, "took_part")])         # took part only
    ledger.standard("DB32/T 6-2018", "local", "2018-08-08", [(c, "took_part")], service=True)
    ledger.add("quality_awards", kind_code="jiangsu_quality_award", enterprise_id=a, year=2015, granted_on=D("2015-12-01"))
    ledger.add("quality_awards", kind_code="jiangsu_quality_award", enterprise_id=b, year=2017, granted_on=D("2017-12-01"))
    ledger.other("quality_credit_aaa", "2012-05-05", enterprise_id=a)
    ledger.other("quality_credit_aaa", "2019-05-05", enterprise_id=b)
    ledger.other("brand_demo_zone", "2018-09-09", district="liyang", title="溧阳某产业示范区")
    return ids


def values(store, as_of: str, district: str | None = None) -> dict[str, int]:
    return {s.goal_code: s.value for s in api.scoreboard(store, PLAN, D(as_of), district)}


def test_city_on_the_deadline(fresh_db, city) -> None:
    v = values(fresh_db, "2020-12-31")
    assert v["famous_brand_products"] == 2          # in force: 2018-03-01 and the one granted on the day
    assert v["led_standards"] == 2                  # GB/T 2-2017 and JB/T 3-2018 (co-led, counted once)
    assert v["standard_drafting_enterprises"] == 3  # A, B and C each drafted something
    assert v["service_standards"] == 1              # DB32/T 6-2018, a local service standard
    assert v["jiangsu_quality_award"] == 1          # 2015's was before the plan
    assert v["quality_credit_aaa"] == 2             # 累计: 2012's counts too
    assert v["brand_demo_zones"] == 1               # held by a district, not an enterprise
    assert v["well_known_trademarks"] == 0


def test_expiry_and_revocation_move_the_total(fresh_db, city) -> None:
    assert values(fresh_db, "2019-03-01")["famous_brand_products"] == 2  # 2018-03-01 and 2019-01-10 (valid to 06-30)
    assert values(fresh_db, "2019-07-01")["famous_brand_products"] == 1  # the 2019 one expired on 06-30
    assert values(fresh_db, "2020-09-30")["famous_brand_products"] == 2  # 2018 + 2020-05-01 (not yet revoked)
    assert values(fresh_db, "2020-10-01")["famous_brand_products"] == 1  # revoked that day


def test_district_filter(fresh_db, city) -> None:
    wujin = values(fresh_db, "2020-12-31", "wujin")
    assert wujin["famous_brand_products"] == 2
    assert wujin["led_standards"] == 2
    assert wujin["standard_drafting_enterprises"] == 2  # A and C
    xinbei = values(fresh_db, "2020-12-31", "新北区")
    assert xinbei["famous_brand_products"] == 0
    assert xinbei["led_standards"] == 0
    assert xinbei["standard_drafting_enterprises"] == 1
    assert xinbei["jiangsu_quality_award"] == 1
    assert values(fresh_db, "2020-12-31", "溧阳")["brand_demo_zones"] == 1


def test_district_breakdown_adds_up_the_same_way(fresh_db, city) -> None:
    frame = api.district_breakdown(fresh_db, PLAN, D("2020-12-31"), "led_standards")
    by_district = dict(zip(frame["district_code"], frame["value"]))
    assert by_district == {"liyang": 0, "jintan": 0, "wujin": 2, "xinbei": 0, "tianning": 0, "zhonglou": 0, "jingkai": 0}


def test_before_any_record(fresh_db, city) -> None:
    scores = api.scoreboard(fresh_db, PLAN, D("2005-01-01"))
    assert all(s.value == 0 for s in scores)
    assert {s.score.status for s in scores} == {"not_started"}


def test_baseline_for_pace(fresh_db, city) -> None:
    drafting = next(s for s in api.scoreboard(fresh_db, PLAN, D("2020-12-31")) if s.goal_code == "standard_drafting_enterprises")
    assert drafting.baseline == 1  # on 2015-12-31 only A had drafted (GB/T 1-2015)
    assert drafting.score.status == "missed"  # 3 is not more than 100


def test_records_behind_a_figure(fresh_db, city) -> None:
    rows = api.records_behind(fresh_db, PLAN, "famous_brand_products", D("2020-12-31"))
    assert sorted(rows["id"]) == sorted([city["fb_in_force"], city["fb_granted_on_day"]])
    assert set(rows["enterprise"]) == {"甲机械有限公司", "丙材料有限公司"}
    assert rows["total_rows"].iloc[0] == 2


def test_yearly_series(fresh_db, city) -> None:
    series = api.goal_series(fresh_db, PLAN, "famous_brand_products", D("2020-12-31"), first_year=2015)
    assert dict(zip(series["year"], series["value"])) == {2015: 1, 2016: 1, 2017: 1, 2018: 1, 2019: 1, 2020: 2}


def test_unknown_goal_and_district(fresh_db) -> None:
    from qcbrand.errors import NotFound

    with pytest.raises(NotFound):
        api.goal_score(fresh_db, PLAN, "no_such_goal", D("2020-12-31"))
    with pytest.raises(NotFound) as e:
        api.scoreboard(fresh_db, PLAN, D("2020-12-31"), "火星区")
    assert "火星区" in e.value.zh
