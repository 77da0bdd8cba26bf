"""A second city, end to end from its own files and no code change: 无锡市 (docs/examples/wuxi/: its region file with
real districts, its own honour kinds, a plan, and made-up lists: an enterprise register, a provincial table, a
city's table, a trademark list and a notice), through the command line as the README shows it.

Hand-worked figures, on 2020-12-31 (the plan runs 2017-01-01 to 2020-12-31):

- 江苏名牌产品总数 (target 6 个, records in force). The 2018 provincial table has 7 rows: 常州市 and 南京市 are other
  cities (left out), 5 are Wuxi's, valid until 2021-11-30: in force. The 2015 list's one product lapsed on
  2018-11-30. Value 5, gap 1: missed. By district: 江阴 3 (澄江精密 2, 长泾纺织 1), target 3: achieved; 宜兴 1 (紫陶),
  target 2: missed; 新吴 1 (太科光电), no target of its own.
- 省著名商标和市知名商标总数 (target 4 件): 梁溪 (江苏省著名商标, 2019, 3-year term) and 惠泉 (无锡市知名商标, 2019) are
  in force; 锡园 (无锡市知名商标, 2016) lapsed in 2019. Value 2.
- 新增市长质量奖获奖企业 (target 3 家, enterprises whose first award falls in the period): 2016 太科光电 (before the
  period); 2018 澄江精密, 紫陶新材料; 2019 太科光电 (not new: first won 2016), 长泾纺织. Five awards, 3 enterprises: achieved.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcbrand.cli import cli
from qcbrand.ledger.store import Store

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "wuxi"
LISTS = ["enterprises.csv", "famous-brands-2018.csv", "famous-brands-2015.csv", "trademarks-2019.csv",
         "mayor-award-notice.txt"]


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def wuxi(tmp_path: Path) -> Path:
    db = tmp_path / "wuxi.duckdb"
    code, out = run(db, "init", "--region", str(EXAMPLE / "wuxi.toml"))
    assert code == 0, out
    assert "plan wuxi-2017" in out
    for name in LISTS:
        code, out = run(db, "import", str(EXAMPLE / name))
        assert code == 0, f"{name}: {out}"
    return db


def scoreboard(db: Path, *extra: str) -> dict[str, dict]:
    code, out = run(db, "scoreboard", "--as-of", "2020-12-31", "--format", "json", *extra)
    assert code == 0, out
    return {g["goal_code"]: g for g in json.loads(out)["goals"]}


def test_the_second_city_counts_by_its_own_files(wuxi: Path) -> None:
    goals = scoreboard(wuxi)
    assert {g: (s["value"], s["target"], s["status"]) for g, s in goals.items()} == {
        "famous_brand_products": (5, 6, "missed"),
        "famous_and_known_trademarks": (2, 4, "missed"),
        "mayor_award_enterprises": (3, 3, "achieved"),
    }
    jiangyin = scoreboard(wuxi, "--district", "江阴")["famous_brand_products"]
    assert (jiangyin["value"], jiangyin["target"], jiangyin["status"]) == (3, 3, "achieved")
    yixing = scoreboard(wuxi, "--district", "yixing")["famous_brand_products"]
    assert (yixing["value"], yixing["target"], yixing["status"]) == (1, 2, "missed")
    assert scoreboard(wuxi, "--district", "新吴区")["famous_brand_products"]["value"] == 1


def test_its_districts_spellings_and_former_names_are_its_own(wuxi: Path) -> None:
    with Store.open(wuxi, read_only=True) as store:
        by_firm = dict(store.rows("SELECT name, district_code FROM enterprises"))
        left_out = store.scalar("SELECT count(*) FROM famous_brands f JOIN enterprises e USING (enterprise_id) "
                                "WHERE e.name LIKE '常州%' OR e.name LIKE '南京%'")
    # 北塘区 (merged into 梁溪区 in 2015), 无锡高新区 (an alias of 新吴区), 江阴 (a short form)
    assert by_firm == {"无锡澄江精密机械有限公司": "jiangyin", "江阴长泾纺织有限公司": "jiangyin",
                       "宜兴紫陶新材料有限公司": "yixing", "无锡梁溪食品有限公司": "liangxi",
                       "无锡太科光电有限公司": "xinwu", "无锡惠泉药业有限公司": "huishan"}
    assert left_out == 0  # the other cities' rows of the provincial table made no enterprise
    code, out = run(wuxi, "scoreboard", "--district", "武进")
    assert code != 0 and "不是无锡市的辖市区" in out and "not a district of Wuxi" in out
    code, out = run(wuxi, "region", "show")
    assert code == 0 and "无锡市 / Wuxi" in out and "崇安区" in out and "7 polygons" in out


def test_the_same_provincial_table_in_the_bundled_city_keeps_only_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "changzhou.duckdb"
    assert run(db, "init")[0] == 0
    code, out = run(db, "import", str(EXAMPLE / "famous-brands-2018.csv"), "--create-enterprises", "--format", "json")
    assert code == 0, out
    report = json.loads(out)
    assert report["left_out_by_city"] == {"无锡市": 5, "南京市": 1}
    with Store.open(db, read_only=True) as store:
        assert store.rows("SELECT name FROM enterprises") == [("常州恒达机械有限公司",)]


def test_a_ledger_follows_one_city(wuxi: Path) -> None:
    code, out = run(wuxi, "region", "load", str(Path(__file__).resolve().parent.parent / "qcbrand" / "data" / "regions"
                                                 / "changzhou.toml"))
    assert code != 0 and "一个数据库只跟踪一个城市" in out


def test_a_region_file_that_drops_a_district_in_use_is_refused(wuxi: Path, tmp_path: Path) -> None:
    text = (EXAMPLE / "wuxi.toml").read_text(encoding="utf-8")
    start = text.index('[[districts]]\ncode = "yixing"')
    trimmed = text[:start] + text[text.index("[[districts]]", start + 5):]
    smaller = tmp_path / "wuxi.toml"
    smaller.write_text(trimmed.replace('boundaries = "wuxi.geojson"\n', ""), encoding="utf-8")
    (tmp_path / "wuxi-2017.toml").write_text((EXAMPLE / "wuxi-2017.toml").read_text(encoding="utf-8"), encoding="utf-8")
    code, out = run(wuxi, "region", "load", str(smaller))
    assert code != 0 and "yixing" in out
    with Store.open(wuxi, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM districts") == 7
