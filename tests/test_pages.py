"""Every page of the app under AppTest on the demo database: it runs, shows the engine's numbers,
opens the entity its URL names, and answers a bad parameter with a message, never a traceback."""

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qcbrand import services
from tests.conftest import shown

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DEADLINE = dt.date(2020, 12, 31)
PAGES = ["overview", "goal", "districts", "enterprise", "renewals", "indicators", "brands", "trademarks", "awards", "standards",
         "record"]


def table_values(at: AppTest, key: str = "goal", value: str = "value") -> dict[str, int]:
    out = {}
    for frame in at.dataframe:
        if key in frame.value.columns and value in frame.value.columns:
            out.update(dict(zip(frame.value[key], frame.value[value])))
    return out


def engine_values(demo_db, as_of: dt.date, district: str | None = None, lang: str = "zh") -> dict[str, int]:
    return {s.name(lang): s.value for s in services.scoreboard(demo_db, None, as_of, district)}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(app, page: str) -> None:
    at = app(page)
    assert not at.exception
    assert not at.error or page == "record"  # the record page without ?record= only asks for one


# --- overview ------------------------------------------------------------------------------------


def test_overview_shows_the_engines_numbers(app, demo_db) -> None:
    at = app()
    assert at.title[0].value == "常州市进一步深化质量强市工作的决定"
    assert table_values(at) == engine_values(demo_db, DEADLINE)  # today is past the deadline: the deadline is shown
    headline = [s for s in services.scoreboard(demo_db, None, DEADLINE) if s.headline]
    assert {m.label: m.value for m in at.metric} == {s.name_zh: f"{s.value:,} / {s.score.target:,.0f}" for s in headline}
    assert any("示例数据" in i.value for i in at.info)


def test_overview_as_of_and_district_from_the_url(app, demo_db) -> None:
    at = app(as_of="2019-06-30", district="武进")
    assert table_values(at) == engine_values(demo_db, dt.date(2019, 6, 30), "wujin")
    assert at.query_params["district"] in ("wujin", ["wujin"])


def test_english_switch(app, demo_db) -> None:
    at = app()
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Changzhou decision on further deepening the quality-strong-city work"
    assert table_values(at) == engine_values(demo_db, DEADLINE, lang="en")
    assert app(lang="en").title[0].value.startswith("Changzhou")


@pytest.mark.parametrize(("param", "value"), [("as_of", "2020-13-45"), ("district", "火星区"), ("lang", "fr")])
def test_a_bad_parameter_gives_a_message(app, demo_db, param: str, value: str) -> None:
    at = app(**{param: value})
    assert not at.exception
    assert any(param in shown(w.value) and value in shown(w.value) for w in at.warning)
    assert table_values(at) == engine_values(demo_db, DEADLINE)  # the defaults are used instead


def test_changing_the_date_changes_the_numbers(app, demo_db) -> None:
    at = app()
    at.sidebar.date_input[0].set_value(dt.date(2018, 12, 31)).run()
    assert table_values(at) == engine_values(demo_db, dt.date(2018, 12, 31))


# --- goal ----------------------------------------------------------------------------------------


def test_goal_page_opens_the_goal_in_its_url(app, demo_db) -> None:
    as_of = dt.date(2019, 6, 30)
    at = app("goal", goal="led_standards", as_of="2019-06-30")
    s = services.goal_score(demo_db, None, "led_standards", as_of)
    assert at.title[0].value == s.name_zh
    assert at.metric[0].value == f"{s.value:,} / {s.score.target:,.0f}"
    assert any(s.wording_zh in m.value for m in at.markdown)
    # the district table equals the engine's breakdown
    breakdown = services.district_breakdown(demo_db, None, as_of, "led_standards")
    names = {"wujin": "武进区", "xinbei": "新北区", "liyang": "溧阳市", "jintan": "金坛区", "tianning": "天宁区",
             "zhonglou": "钟楼区", "jingkai": "常州经济开发区"}
    assert table_values(at, "name", "value") == {names[c]: v for c, v in zip(breakdown["district_code"], breakdown["value"])}
    # the records behind the figure: as many as the engine counts (led standards are counted once each)
    records = services.records_behind(demo_db, None, "led_standards", as_of, limit=100000)
    assert any(f"共 {records['total_rows'].iloc[0]:,} 条记录" in m.value for m in at.markdown)
    assert records["id"].nunique() == s.value
    charts = [e for e in at.get("arrow_vega_lite_chart")] + [e for e in at.get("vega_lite_chart")]
    assert len(charts) == 3  # the trend, the districts' bars, the districts' map
    shown = json.loads(charts[2].proto.spec)
    mapped = shown["vconcat"][0]["hconcat"][0]["layer"][0]
    assert mapped["mark"]["type"] == "geoshape" and len(mapped["data"]["values"]) == 6  # 经开区 has no polygon: beside
    values = {v["name"]: v["value"] for v in mapped["transform"][0]["from"]["data"]["values"]}
    assert values == {names[c]: v for c, v in zip(breakdown["district_code"], breakdown["value"])}


def test_goal_page_for_one_district(app, demo_db) -> None:
    """The decision gives no district a target: the district's value, share of the city, change and rank, never
    a figure "/ 80" against the city's target."""
    at = app("goal", goal="yangzi_cup", district="wujin")
    s = services.goal_score(demo_db, None, "yangzi_cup", DEADLINE, "wujin")
    city = services.goal_score(demo_db, None, "yangzi_cup", DEADLINE)
    assert s.score is None and s.contribution.city_value == city.value
    # the goal's own figures first (the pipeline's follow, with no target: none "/ 80")
    assert [m.value for m in at.metric][:4] == [f"{s.value:,}", f"{s.value / city.value:.0%}", f"{s.value - s.baseline:+,}",
                                                f"第{s.contribution.rank}名 / 7"]
    assert not any("/" in m.value for m in at.metric[4:])
    assert not any("/ 80" in m.value for m in at.metric) and any("未给武进区分解目标" in i.value for i in at.info)


def test_unknown_goal_says_so(app) -> None:
    at = app("goal", goal="no_such_goal")
    assert not at.exception
    assert any("no_such_goal" in shown(w.value) for w in at.warning)


# --- districts -----------------------------------------------------------------------------------


def test_districts_ranking_and_contribution(app, demo_db) -> None:
    at = app("districts")
    contribution, ranking = services.district_overview(demo_db, None, DEADLINE)
    assert table_values(at, "name", "in_force") == dict(zip(ranking["name_zh"], ranking["in_force"]))
    matrix = next(f.value for f in at.dataframe if "全市" in f.value.columns)
    assert dict(zip(matrix["目标"], matrix["全市"])) == engine_values(demo_db, DEADLINE)
    wujin = contribution[contribution["district_code"] == "wujin"].set_index("goal_code")["value"]
    names = {s.goal_code: s.name_zh for s in services.scoreboard(demo_db, None, DEADLINE)}
    assert dict(zip(matrix["目标"], matrix["武进"])) == {names[g]: v for g, v in wujin.items()}


def test_district_page_from_its_url(app, demo_db) -> None:
    at = app("districts", district="xinbei")
    assert at.title[0].value == "新北区"
    assert table_values(at, "goal", "value") == engine_values(demo_db, DEADLINE, "xinbei")
    top = services.top_enterprises(demo_db, DEADLINE, "xinbei")
    assert table_values(at, "name", "honours") == dict(zip(top["name"], top["honours"]))


# --- enterprises ---------------------------------------------------------------------------------


def test_search_by_part_of_a_name_full_width_and_without_legal_form(app, demo_db) -> None:
    name = services.top_enterprises(demo_db, DEADLINE, limit=1).iloc[0]["name"]
    part = name[2:6]  # e.g. 恒瑞机械 out of 常州恒瑞机械有限公司
    full_width = part.translate({ord(c): ord(c) + 0xFEE0 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"})
    at = app("enterprise", q=full_width + "有限公司")
    found = services.search_enterprises(demo_db, part)
    assert name in set(found["name"])
    assert set(next(f.value for f in at.dataframe)["name"]) == set(found["name"])


def test_search_by_credit_code(app, demo_db) -> None:
    row = demo_db.dicts("SELECT enterprise_id, name, uscc FROM enterprises WHERE uscc IS NOT NULL ORDER BY enterprise_id LIMIT 1")[0]
    at = app("enterprise", q=row["uscc"])
    assert list(next(f.value for f in at.dataframe)["name"])[0] == row["name"]


def test_enterprise_page_from_its_url(app, demo_db) -> None:
    top = services.top_enterprises(demo_db, DEADLINE, "wujin", limit=1).iloc[0]
    at = app("enterprise", enterprise=str(int(top.enterprise_id)))
    standing = services.enterprise_standing(demo_db, int(top.enterprise_id), DEADLINE)
    assert at.title[0].value == top["name"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["有效荣誉"] == str(standing.counts["in_force"] + standing.counts["expiring"]) == str(int(top.honours))
    district_size = demo_db.scalar("SELECT count(*) FROM enterprises WHERE district_code = 'wujin' AND merged_into IS NULL")
    assert metrics["区内排名"] == f"第{int(top['rank'])}名 / {district_size}家"
    shown = sum(len(f.value) for f in at.dataframe)
    assert shown == len(standing.records)  # every honour and standard, grouped by kind


@pytest.mark.parametrize(("value", "kind"), [("abc", "warning"), ("999999", "error")])
def test_bad_enterprise_parameter(app, value: str, kind: str) -> None:
    at = app("enterprise", enterprise=value)
    assert not at.exception
    messages = at.warning if kind == "warning" else at.error
    assert any(value in m.value for m in messages)


# --- record browsers and records -----------------------------------------------------------------


@pytest.mark.parametrize(("page", "category"), [("brands", "famous_brand"), ("trademarks", "trademark"),
                                                ("awards", "quality_award"), ("standards", "standard")])
def test_record_browsers_count_what_the_engine_finds(app, demo_db, page: str, category: str) -> None:
    at = app(page, district="jintan")
    rows = services.browse(demo_db, category, DEADLINE, district="jintan", year_from=2000, year_to=2020)
    total = int(rows["total_rows"].iloc[0])
    assert any(m.value == f"共 {total:,} 条" for m in at.markdown)
    assert len(at.dataframe[0].value) == len(rows)


def test_browser_filters(app, demo_db) -> None:
    at = app("trademarks")
    at.selectbox(key="trademark-status").set_value("expiring").run()
    rows = services.browse(demo_db, "trademark", DEADLINE, status="expiring", year_from=2000, year_to=2020)
    assert len(at.dataframe[0].value) == len(rows) > 0
    assert set(at.dataframe[0].value["status"]) == {"12个月内到期"}


def test_record_page_from_its_url(app, demo_db) -> None:
    record_id = demo_db.scalar("SELECT min(id) FROM trademarks WHERE revoked_on IS NOT NULL")
    at = app("record", record=str(record_id))
    view = services.record_view(demo_db, record_id, DEADLINE)
    assert view.record["title"] in at.title[0].value
    facts = dict(zip(at.dataframe[0].value.iloc[:, 0], at.dataframe[0].value.iloc[:, 1]))
    assert facts["状态"] == "已撤销" and "商标法" in facts["撤销日期"]


# --- renewals ------------------------------------------------------------------------------------


def test_the_renewals_page_agrees_with_the_list_and_the_goal(app, demo_db) -> None:
    as_of = dt.date(2018, 6, 30)
    at = app("renewals", as_of=as_of.isoformat(), within="6")
    assert not at.exception
    expected = services.expiring(demo_db, as_of, 6)
    table = next(f.value for f in at.dataframe if "days_left" in f.value.columns)
    assert len(table) == len(expected) and list(table["days_left"]) == list(expected["days_left"])
    assert any(f"共 {len(expected):,} 条将到期" in m.value for m in at.markdown)
    assert len(at.get("vega_lite_chart")) == 2  # by month, by district
    assert at.query_params["within"] == "6"
    # the goal page says what the lapses do to the total, as the scoreboard does
    at = app("goal", goal="famous_brand_products", as_of=as_of.isoformat())
    score = services.goal_score(demo_db, None, "famous_brand_products", as_of)
    shown_lapsing = next(m.value for m in at.metric if m.label == "截止前到期未续")
    assert shown_lapsing == f"{score.expiring_before_deadline:,}" and score.expiring_before_deadline > 0
    assert any(f"须续展（或替换）{score.score.to_renew:,.0f}个，另新增{score.score.to_add:,.0f}个" in w.value for w in at.warning)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert "若不续展也不新增" in json.dumps(spec, ensure_ascii=False)
