"""Exported charts: briefing size, and Chinese drawn as characters, never as boxes."""

import datetime as dt
import io

import pandas as pd
import pytest
from PIL import Image, ImageChops

from qcbrand import services
from qcbrand.reports import charts

SERIES = pd.DataFrame({"as_of": [dt.date(y, 12, 31) for y in range(2014, 2020)], "value": [3, 5, 9, 14, 20, 26]})


def trend(title: str) -> object:
    return charts.goal_trend(SERIES, title=title, subtitle_text="统计截至 2019-12-31 · 全市", source="数据来源：测试",
                             lang="zh", target=40, deadline=dt.date(2020, 12, 31), as_of=dt.date(2019, 12, 31),
                             projected=32.0, unit="项")


def title_area(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.crop((0, 0, image.width // 2, 60))  # the title line, top left


def test_png_is_briefing_size() -> None:
    image = Image.open(io.BytesIO(charts.to_png(trend("江苏名牌产品总数"))))
    assert image.width >= 1600 and image.height >= 700


def test_chinese_titles_render_as_distinct_glyphs_not_boxes() -> None:
    # The two titles have the same length and differ only in their Chinese characters. Missing glyphs
    # all render as one identical box, so with boxes the title areas would be the same image.
    first = title_area(charts.to_png(trend("江苏名牌产品总数")))
    second = title_area(charts.to_png(trend("中国驰名商标总数")))
    assert ImageChops.difference(first, second).getbbox() is not None
    # and the title is drawn at all: ink on white
    assert first.getextrema()[0] < 100


def test_a_missing_font_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "_fonts_ready", None)
    monkeypatch.setattr(charts, "FONT_DIRS", ("/nonexistent",))
    with pytest.raises(Exception) as e:
        charts.to_png(trend("标题"))
    assert "CJK" in str(e.value)


def test_svg_keeps_text_as_text() -> None:
    svg = charts.to_svg(trend("江苏名牌产品总数"))
    assert "<text" in svg and "江苏名牌产品总数" in svg and "数据来源：测试" in svg and "目标值 40" in svg


def test_goal_chart_carries_title_date_district_and_source(demo_db) -> None:
    as_of = dt.date(2019, 6, 30)
    detail = services.goal_detail(demo_db, None, "led_standards", as_of)
    s = detail["score"]
    chart = charts.goal_trend(detail["series"], title=s.name("zh"), subtitle_text=charts.subtitle("zh", as_of, "全市"),
                              source="数据来源：qcbrand 示例数据（虚构）", lang="zh", target=s.score.target,
                              deadline=dt.date(2020, 12, 31), as_of=as_of, projected=s.score.projected, unit=s.unit_zh)
    svg = charts.to_svg(chart)
    for text in ("新增主导研制国际、国家和行业标准", "2019-06-30", "全市", "示例数据", "截止 2020-12-31", "目标值 100"):
        assert text in svg, text
    # a district the plan gives no target of its own: no goal line
    wujin = services.goal_detail(demo_db, None, "led_standards", as_of, "wujin")
    chart = charts.goal_trend(wujin["series"], title=s.name("zh"), subtitle_text=charts.subtitle("zh", as_of, "武进区"),
                              source="数据来源", lang="zh", target=None, deadline=dt.date(2020, 12, 31), as_of=as_of,
                              projected=None, unit=s.unit_zh)
    svg = charts.to_svg(chart)
    assert "武进区" in svg and "目标值" not in svg


def test_file_names() -> None:
    assert charts.file_name("led_standards", "trend", dt.date(2020, 12, 31), None, suffix="png") == \
        "qcbrand-led_standards-trend-2020-12-31.png"


def test_every_chart_of_the_app_exports(demo_db) -> None:
    as_of = dt.date(2020, 12, 31)
    top = services.top_enterprises(demo_db, as_of, limit=1).iloc[0]
    standing = services.enterprise_standing(demo_db, int(top.enterprise_id), as_of)
    records = standing.records.assign(kind=standing.records["kind_zh"])
    timeline = charts.timeline(records, title=top["name"], subtitle_text="统计截至 2020-12-31", source="来源", lang="zh",
                               status_names={"in_force": "有效", "expiring": "将到期", "expired": "已过期",
                                             "revoked": "已撤销", "not_yet": "晚于统计日"}, as_of=as_of)
    breakdown = services.district_breakdown(demo_db, None, as_of, "yangzi_cup").rename(columns={"district_code": "district"})
    bars = charts.district_bars(breakdown, title="扬子杯", subtitle_text="统计截至 2020-12-31", source="来源", value_title="项")
    for chart in (timeline, bars):
        assert Image.open(io.BytesIO(charts.to_png(chart))).width >= 1600
        assert "来源" in charts.to_svg(chart)
    svg = charts.to_svg(timeline)
    assert standing.records["kind_zh"].iloc[0] in svg and "有效" in svg


def test_every_chart_is_a_valid_vega_lite_spec(demo_db) -> None:
    # The charts are written as plain dicts for speed; the schema Altair carries checks them.
    import altair as alt

    as_of = dt.date(2020, 12, 31)
    top = services.top_enterprises(demo_db, as_of, limit=1).iloc[0]
    records = services.enterprise_standing(demo_db, int(top.enterprise_id), as_of).records
    specs = [
        trend("江苏名牌产品总数"),
        charts.timeline(records.assign(kind=records["kind_zh"]), title="t", subtitle_text="s", source="来源", lang="en",
                        status_names={"in_force": "in force", "expiring": "expiring", "expired": "expired",
                                      "revoked": "revoked", "not_yet": "not yet"}, as_of=as_of),
        charts.district_bars(pd.DataFrame({"district": ["武进区", "新北区"], "value": [3, 5]}), title="t",
                             subtitle_text="s", source="来源", value_title="项"),
    ]
    for spec in specs:
        alt.VConcatChart.from_dict(spec, validate=True)  # raises on anything Vega-Lite would not accept
        assert spec["config"]["font"] == charts.FONT


def test_trend_points_fall_on_their_years() -> None:
    # Dates are written as local midnight, so a 31 December point is labelled with its own year.
    svg = charts.to_svg(trend("江苏名牌产品总数"))
    for year in range(2014, 2021):
        assert f">{year}<" in svg, year
