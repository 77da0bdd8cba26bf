"""The scoreboard on a small hand-built ledger whose every figure is worked out here by hand.

Plan: the bundled decision, 2016-01-01 to 2020-12-31. Enterprises A and C in 武进区, B in 新北区.
"""

import datetime as dt

import pandas as pd
import pytest

from qcbrand import ledger, services

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
    return {s.goal_code: s.value for s in services.scoreboard(store, PLAN, D(as_of), district)}


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
    frame = services.district_breakdown(fresh_db, PLAN, D("2020-12-31"), "led_standards")
    by_district = dict(zip(frame["district_code"], frame["value"]))
    assert by_district == {"liyang": 0, "jintan": 0, "wujin": 2, "xinbei": 0, "tianning": 0, "zhonglou": 0, "jingkai": 0}


def test_a_standard_led_by_two_enterprises_of_one_district_is_one_span(fresh_db, city) -> None:
    """JB/T 3-2018 is led by A and C, both in 武进区: two facts with the same dates for one unit. Each unit has
    one span per goal and place; spans that overlap or touch (a unit counted twice) are reported by the check."""
    from qcbrand.ledger import integrity

    spans = fresh_db.df("SELECT district_code, starts_on FROM goal_spans s JOIN standards t ON t.id = s.unit "
                        "WHERE t.std_no = 'JB/T 3-2018' AND s.goal_code = 'led_standards' ORDER BY ALL")
    assert list(spans["district_code"]) == ["*", "wujin"] and set(spans["starts_on"].astype(str)) == {"2018-01-01"}
    assert integrity.orphans(fresh_db)["touching_spans"] == 0
    with fresh_db._transaction() as cur:  # a unit's span written twice, as a tie broken two ways once did (no upkeep)
        cur.execute("INSERT INTO goal_spans SELECT * FROM goal_spans WHERE goal_code = 'led_standards' AND district_code = '*' LIMIT 1")
    assert integrity.orphans(fresh_db)["touching_spans"] == 1


def test_before_any_record(fresh_db, city) -> None:
    scores = services.scoreboard(fresh_db, PLAN, D("2005-01-01"))
    assert all(s.value == 0 for s in scores)
    assert {s.score.status for s in scores} == {"not_started"}


def test_baseline_for_pace(fresh_db, city) -> None:
    drafting = next(s for s in services.scoreboard(fresh_db, PLAN, D("2020-12-31")) if s.goal_code == "standard_drafting_enterprises")
    assert drafting.baseline == 1  # on 2015-12-31 only A had drafted (GB/T 1-2015)
    assert drafting.score.status == "missed"  # 3 is not more than 100


def test_records_behind_a_figure(fresh_db, city) -> None:
    rows = services.records_behind(fresh_db, PLAN, "famous_brand_products", D("2020-12-31"))
    assert sorted(rows["id"]) == sorted([city["fb_in_force"], city["fb_granted_on_day"]])
    assert set(rows["enterprise"]) == {"甲机械有限公司", "丙材料有限公司"}
    assert rows["total_rows"].iloc[0] == 2


def test_yearly_series(fresh_db, city) -> None:
    series = services.goal_series(fresh_db, PLAN, "famous_brand_products", D("2020-12-31"), first_year=2015)
    assert dict(zip(series["year"], series["value"])) == {2015: 1, 2016: 1, 2017: 1, 2018: 1, 2019: 1, 2020: 2}


def test_unknown_goal_and_district(fresh_db) -> None:
    from qcbrand.errors import NotFound

    with pytest.raises(NotFound):
        services.goal_score(fresh_db, PLAN, "no_such_goal", D("2020-12-31"))
    with pytest.raises(NotFound) as e:
        services.scoreboard(fresh_db, PLAN, D("2020-12-31"), "火星区")
    assert "火星区" in e.value.zh


# --- goals in 家 count enterprises ------------------------------------------------------------------


@pytest.fixture
def jia(ledger):
    """A hand-counted ledger for the goals the decision words in 家."""
    a = ledger.enterprise("甲机械有限公司", "wujin")
    b = ledger.enterprise("乙物流有限公司", "xinbei")
    c = ledger.enterprise("丙旅游有限公司", "xinbei")
    ledger.other("quality_credit_aaa", "2017-06-01", enterprise_id=a, title="甲机械有限公司")
    ledger.other("quality_credit_aaa", "2019-06-01", enterprise_id=a, title="甲机械有限公司")  # rated again
    ledger.other("quality_credit_aaa", "2019-09-01", enterprise_id=b, title="乙物流有限公司")
    ledger.other("jiangsu_service_brand", "2017-11-01", enterprise_id=b, title="乙物流有限公司")
    ledger.other("jiangsu_service_brand", "2020-11-01", enterprise_id=b, title="乙物流有限公司")  # again in 2020
    ledger.other("changzhou_service_brand", "2015-10-01", enterprise_id=b, title="乙物流有限公司")  # first before the plan
    ledger.other("changzhou_service_brand", "2018-10-01", enterprise_id=b, title="乙物流有限公司")
    ledger.other("changzhou_service_brand", "2018-10-01", enterprise_id=c, title="丙旅游有限公司")
    ledger.other("changzhou_service_brand", "2019-03-01", district="wujin", title="某街区服务业集聚区")  # a place, no enterprise
    return {"a": a, "b": b, "c": c}


def test_an_enterprise_counts_once_toward_a_goal_in_jia(fresh_db, jia) -> None:
    v = values(fresh_db, "2020-12-31")
    assert v["quality_credit_aaa"] == 2        # A (2017 and 2019: once) and B
    assert v["jiangsu_service_brands"] == 1    # B (2017 and 2020: once)
    assert v["changzhou_service_brands"] == 1  # C; B was first named in 2015, before the plan; the place is no enterprise
    assert values(fresh_db, "2018-12-31")["quality_credit_aaa"] == 1
    assert values(fresh_db, "2018-12-31")["changzhou_service_brands"] == 1
    assert values(fresh_db, "2017-12-31")["changzhou_service_brands"] == 0


def test_goals_in_jia_by_district_and_their_enterprises_behind(fresh_db, jia) -> None:
    frame = services.district_breakdown(fresh_db, PLAN, D("2020-12-31"), "quality_credit_aaa")
    assert {k: v for k, v in zip(frame["district_code"], frame["value"]) if v} == {"wujin": 1, "xinbei": 1}
    assert values(fresh_db, "2020-12-31", "wujin")["changzhou_service_brands"] == 0
    assert values(fresh_db, "2020-12-31", "xinbei")["changzhou_service_brands"] == 1
    behind = services.records_behind(fresh_db, PLAN, "quality_credit_aaa", D("2020-12-31"))
    assert sorted(zip(behind["enterprise"], behind["records"])) == [("乙物流有限公司", 1), ("甲机械有限公司", 2)]
    assert behind["total_rows"].iloc[0] == 2
    a_row = behind[behind["enterprise"] == "甲机械有限公司"].iloc[0]
    assert a_row["listed"] == "2017-06-01 江苏省工业企业质量信用AAA级企业；2019-06-01 江苏省工业企业质量信用AAA级企业"
    series = services.goal_series(fresh_db, PLAN, "changzhou_service_brands", D("2020-12-31"), first_year=2015)
    assert dict(zip(series["year"], series["value"])) == {2015: 0, 2016: 0, 2017: 0, 2018: 1, 2019: 1, 2020: 1}


def test_the_sql_scoreboard_counts_as_the_python_rule() -> None:
    """For random ledgers of one kind, each goal's value is what scoring.goal_value says, whether the goal
    counts records or enterprises and whatever its rule."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qcbrand.ledger import importing
    from qcbrand.ledger.store import Store
    from qcbrand.rules import scoring

    day = st.dates(min_value=D("2013-01-01"), max_value=D("2021-06-30"))
    record = st.tuples(st.integers(0, 3), day, st.one_of(st.none(), st.integers(100, 2000)), st.one_of(st.none(), day))
    goals = {"jiangsu_service_brands": ("new_in_plan", "enterprises"), "quality_credit_aaa": ("cumulative", "enterprises"),
             "famous_brand_products": ("total_in_force", "records"), "yangzi_cup": ("new_in_plan", "records")}

    with Store.open(":memory:") as store:
        services.init_database(store, actor="test")
        with ledger.changes(store) as change:
            cur = change.cur
            firms = importing.insert_rows(cur, "enterprises", pd.DataFrame(
                [{"name": f"企业{i}", "name_key": f"企业{i}", "district_code": "wujin"} for i in range(4)]))
            change.audit("test", "fixture")
        ids = [r[0] for r in store.rows("SELECT enterprise_id FROM enterprises ORDER BY 1")]
        assert firms == 4

        @settings(max_examples=40, deadline=None)
        @given(st.lists(record, max_size=12), day)
        def agrees(records: list, as_of: dt.date) -> None:
            rows = []
            for n, (firm, granted, days, revoked) in enumerate(records):
                until = granted + dt.timedelta(days=days) if days else None
                gone = revoked if revoked and revoked >= granted else None
                rows.append({"firm": ids[firm], "granted": granted, "until": until, "revoked": gone, "n": n})
            with ledger.changes(store) as change:
                cur = change.cur
                for table in ("famous_brands", "other_honours"):
                    cur.execute(f"DELETE FROM {table}")
                for kind in ("jiangsu_service_brand", "quality_credit_aaa", "yangzi_cup"):
                    if rows:
                        importing.insert_rows(cur, "other_honours", pd.DataFrame([
                            {"kind_code": kind, "enterprise_id": r["firm"], "title": f"项目{r['n']}", "granted_on": r["granted"],
                             "valid_until": r["until"], "revoked_on": r["revoked"]} for r in rows]))
                if rows:
                    importing.insert_rows(cur, "famous_brands", pd.DataFrame([
                        {"kind_code": "jiangsu_famous_brand", "enterprise_id": r["firm"], "product": f"产品{r['n']}",
                         "granted_on": r["granted"], "valid_until": r["until"], "revoked_on": r["revoked"]} for r in rows]))
                change.touched(everything=True)
                change.audit("test", "fixture")
            got = {s.goal_code: s.value for s in services.scoreboard(store, PLAN, as_of)}
            for goal, (rule, counts) in goals.items():
                facts = [scoring.Fact(r["firm"] if counts == "enterprises" else r["n"], r["granted"],
                                      r["until"] or (scoring.valid_until(r["granted"], None, 3) if goal == "famous_brand_products" else None),
                                      r["revoked"]) for r in rows]
                assert got[goal] == scoring.goal_value(rule, counts, D("2016-01-01"), facts, as_of), goal

        agrees()


# --- ranks ---------------------------------------------------------------------------------------


def test_ranks_are_those_of_every_enterprise_ranked_in_python(demo_db) -> None:
    """The enterprise page's ranks and the top lists, from the small table of counts, are the ranks of every
    enterprise worked out here from the facts with scoring.record_status (ties share the lower rank)."""
    from qcbrand.rules import scoring

    as_of = D("2020-12-31")
    facts = demo_db.df("SELECT id, enterprise_id, granted_on, valid_until, revoked_on FROM facts WHERE enterprise_id IS NOT NULL")
    day = lambda v: None if pd.isna(v) else pd.Timestamp(v).date()  # noqa: E731
    facts["live"] = [scoring.record_status(day(g), day(v), day(r), as_of) in ("in_force", "expiring")
                     for g, v, r in zip(facts["granted_on"], facts["valid_until"], facts["revoked_on"])]
    honours = facts[facts["live"]].groupby("enterprise_id")["id"].nunique()
    firms = demo_db.df("SELECT enterprise_id, name, district_code, industry FROM enterprises WHERE merged_into IS NULL")
    firms["honours"] = firms["enterprise_id"].map(honours).fillna(0).astype(int)
    for column, scope in (("district_rank", "district_code"), ("industry_rank", "industry")):
        firms[column] = firms.groupby(firms[scope].fillna("<none>"))["honours"].rank(ascending=False, method="min")
    firms["city_rank"] = firms["honours"].rank(ascending=False, method="min")
    assert firms["honours"].duplicated().any() and firms["industry"].notna().any()  # ties to share ranks

    sample = pd.concat([firms.sort_values("honours").iloc[::7], firms[firms["honours"] == 0].head(3)])
    for firm in sample.itertuples():
        rank = services.enterprise_standing(demo_db, int(firm.enterprise_id), as_of).rank
        same_district = firms["district_code"].fillna("<none>") == ("<none>" if firm.district_code is None else firm.district_code)
        same_industry = firms["industry"].fillna("<none>") == ("<none>" if firm.industry is None else firm.industry)
        assert rank == {"honours": firm.honours, "district_rank": firm.district_rank, "district_size": same_district.sum(),
                        "industry_rank": firm.industry_rank, "industry_size": same_industry.sum(),
                        "city_rank": firm.city_rank}, firm.name

    for district in (None, "wujin", "xinbei"):
        chosen = firms[(firms["honours"] > 0) & ((firms["district_code"] == district) if district else True)]
        expected = chosen.sort_values(["honours", "name"], ascending=[False, True]).head(12)
        top = services.top_enterprises(demo_db, as_of, district, limit=12)
        assert list(top["name"]) == list(expected["name"])
        assert list(top["honours"]) == list(expected["honours"])
        assert list(top["rank"]) == list(expected["district_rank" if district else "city_rank"])
