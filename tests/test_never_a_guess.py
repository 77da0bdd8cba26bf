"""Never a guess: a list is read only as far as every part of it is understood (issue 17's three cases and their
families), and the report says how it was read and what it does to the goals before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from qcbrand import intake, services
from qcbrand.errors import ImportRefused, QcbrandError
from qcbrand.intake import notices
from qcbrand.ledger.store import Store
from qcbrand.rules import honours, names
from tests.test_corpus import CORPUS, REGISTERED, ledger, qcbrand, registered_db  # noqa: F401  (fixtures)


def catalogue(db: Path) -> dict:
    with Store.open(db, read_only=True) as store:
        return intake.kind_catalogue(store)


NOMINATIONS = """某某市人民政府关于公布2019年度某某市市长质量奖获奖名单的通知
一、2019年某某市市长质量奖（共5个）
常州青枫机械有限公司、常州白鹭电子有限公司、常州云杉纺织有限公司、常州紫荆化工有限公司、常州金桂药业有限公司。
二、某市市长质量奖提名奖（共2个）
常州银杏食品有限公司、常州红枫装备有限公司。
某某市人民政府
二〇一九年十二月二十日
"""


def test_a_nomination_section_is_refused_not_read_as_the_award(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "nominations.txt"
    path.write_text(NOMINATIONS, encoding="utf-8")
    code, out, err = qcbrand(ledger, "import", str(path), "--create-enterprises", "--dry-run", "--format", "json")
    assert code == 1
    report = json.loads(out)
    # how it was read: five awards, then a section whose honour is not the award
    assert [(r["text"], r["kind"], r["year"], r["stated"], r["read"]) for r in report["reading"]] == [
        ("2019年某某市市长质量奖(共5个)", "changzhou_mayor_quality_award", 2019, 5, 5),
        ("某市市长质量奖提名奖(共2个)", None, 2019, 2, 2)]
    [error] = report["errors"]
    assert error["row"] == 4 and error["field"] == "honour"
    assert "提名奖" in error["zh"] and "kinds load" in error["zh"] and "nomination" in error["en"]
    with Store.open(ledger, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM quality_awards") == 0


def test_the_nominations_read_once_their_kind_is_in_the_catalogue(ledger: Path, tmp_path: Path) -> None:
    kinds = tmp_path / "nomination.toml"
    kinds.write_text('[[kinds]]\ncode = "changzhou_mayor_quality_award_nomination"\ncategory = "quality_award"\n'
                     'name_zh = "常州市市长质量奖提名奖"\nname_en = "Changzhou Mayor\'s Quality Award nomination"\n'
                     'level = "municipal"\n', encoding="utf-8")
    assert qcbrand(ledger, "kinds", "load", str(kinds))[0] == 0
    path = tmp_path / "nominations.txt"
    path.write_text(NOMINATIONS, encoding="utf-8")
    code, _, err = qcbrand(ledger, "import", str(path), "--create-enterprises")
    assert code == 0, err
    with Store.open(ledger, read_only=True) as store:
        assert store.rows("SELECT kind_code, count(*) FROM quality_awards GROUP BY 1 ORDER BY 1") == [
            ("changzhou_mayor_quality_award", 5), ("changzhou_mayor_quality_award_nomination", 2)]


def provincial_table(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["2022年度第二批“江苏精品”认证企业及产品名单"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "设区市", "企业名称", "认证产品", "证书编号"])
    for i, row in enumerate(rows, 1):
        sheet.append([i, *row])
    book.save(path)
    return path


PROVINCIAL = [("南京市", "南京某某科技有限公司", "智能电表", "JSJP-2022-001"),
              ("苏州市", "苏州某某机械有限公司", "数控机床", "JSJP-2022-002"),
              ("无锡市", "无锡某某电子有限公司", "传感器", "JSJP-2022-003"),
              ("常州市", "常州恒达机械有限公司", "齿轮箱", "JSJP-2022-004"),
              ("常州市", "常州华晨纺织有限公司", "功能面料", "JSJP-2022-005"),
              ("常州市", "常州宏禾集团有限公司", "光伏组件", "JSJP-2022-006")]


def test_a_provincial_table_is_refused_until_its_unknown_column_is_settled(ledger: Path, tmp_path: Path) -> None:
    path = provincial_table(tmp_path / "jingpin.xlsx", PROVINCIAL)
    code, out, err = qcbrand(ledger, "import", str(path), "--dry-run", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert [(e["field"], e["row"]) for e in report["errors"]] == [("证书编号", None)]
    assert "--ignore 证书编号" in report["errors"][0]["zh"] and "--map 证书编号=" in report["errors"][0]["zh"]
    with Store.open(ledger, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM enterprises") == len(REGISTERED)


def test_a_provincial_table_gives_its_title_honour_to_this_citys_rows_only(ledger: Path, tmp_path: Path) -> None:
    path = provincial_table(tmp_path / "jingpin.xlsx", PROVINCIAL)
    code, out, err = qcbrand(ledger, "import", str(path), "--ignore", "证书编号", "--dry-run", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["reading"] == [{"text": "2022年度第二批“江苏精品”认证企业及产品名单", "kind": "jiangsu_boutique",
                                  "kind_name": "江苏精品", "year": 2022, "stated": None, "read": 3,
                                  "left_out": [{"row": 3, "why": "南京市：不是本市 / 南京市: not this city"},
                                               {"row": 4, "why": "苏州市：不是本市 / 苏州市: not this city"},
                                               {"row": 5, "why": "无锡市：不是本市 / 无锡市: not this city"}]}]
    assert report["left_out_by_city"] == {"南京市": 1, "苏州市": 1, "无锡市": 1}
    code, _, err = qcbrand(ledger, "import", str(path), "--ignore", "证书编号")
    assert code == 0, err
    with Store.open(ledger, read_only=True) as store:
        assert store.rows("SELECT e.name, f.kind_code, f.product, f.granted_on::VARCHAR FROM famous_brands f "
                          "JOIN enterprises e USING (enterprise_id) ORDER BY 1") == [
            ("常州华晨纺织有限公司", "jiangsu_boutique", "功能面料", "2022-12-31"),
            ("常州宏禾集团有限公司", "jiangsu_boutique", "光伏组件", "2022-12-31"),
            ("常州恒达机械有限公司", "jiangsu_boutique", "齿轮箱", "2022-12-31")]
        assert store.scalar("SELECT count(*) FROM enterprises") == len(REGISTERED)  # none of another city


def test_a_row_whose_place_is_not_known_is_an_error_naming_it(ledger: Path, tmp_path: Path) -> None:
    path = provincial_table(tmp_path / "jingpin.xlsx", [*PROVINCIAL[3:], ("火星市", "火星某某有限公司", "飞船", "X")])
    code, out, _ = qcbrand(ledger, "import", str(path), "--ignore", "证书编号", "--dry-run", "--format", "json")
    assert code == 1
    assert [(e["row"], e["field"], e["value"]) for e in json.loads(out)["errors"]] == [(6, "设区市", "火星市")]


def test_a_kinds_file_may_not_give_a_known_name_to_another_kind(ledger: Path, tmp_path: Path) -> None:
    kinds = tmp_path / "laozihao.toml"
    kinds.write_text('[[kinds]]\ncode = "changzhou_old_brand"\ncategory = "other"\nname_zh = "常州老字号"\n'
                     'name_en = "Changzhou old brand"\nlevel = "municipal"\n', encoding="utf-8")
    with Store.open(ledger, read_only=True) as store:
        before = store.fingerprints()
    code, _, err = qcbrand(ledger, "kinds", "load", str(kinds))
    assert code == 1 and "常州老字号" in err and "changzhou_old_brand" in err and "changzhou_time_honoured_brand" in err
    with Store.open(ledger, read_only=True) as store:
        assert store.fingerprints() == before


def test_the_bundled_catalogue_gives_every_name_one_kind() -> None:
    import tomllib

    data = tomllib.loads((Path(services.KINDS_FILE)).read_text(encoding="utf-8"))
    assert honours.clashes([(k["code"], [k["name_zh"], k["name_en"], *k.get("aliases", [])]) for k in data["kinds"]]) == []
    # the check can find one: two kinds named alike once their place words are read
    assert honours.clashes([("a", ["常州老字号"]), ("b", ["常州市老字号"])]) == [("常州市老字号", "a", "b")]


@pytest.mark.parametrize("text,code", [
    ("2019年某某市市长质量奖（共5个）", "changzhou_mayor_quality_award"),
    ("二〇一九年度常州市市长质量奖获奖企业名单", "changzhou_mayor_quality_award"),
    ("2022年度第二批“江苏精品”认证企业及产品名单", "jiangsu_boutique"),
    ("2019年度江苏名牌产品名单（常州地区）", "jiangsu_famous_brand"),
    ("关于公布第四批“常州老字号”名单的通知", "changzhou_time_honoured_brand"),
    ("2020年江苏省省长质量奖提名奖", "jiangsu_quality_award_nomination"),
    ("某某市质量管理先进单位（排名不分先后）", "changzhou_quality_management_unit"),
    # what is left is more than a kind's name: another honour
    ("某市市长质量奖提名奖", None), ("江苏省质量奖入围奖", None), ("“江苏精品”培育企业名单", None),
    ("某市质量管理先进个人", None), ("江苏服务业名牌企业培育对象", None),
    # a place at another level, or of another city, is not this city's honour
    ("某市质量奖", None), ("武进区质量奖", None), ("南京市市长质量奖", None),
])
def test_an_honour_matches_only_whole(registered_db: Path, text: str, code: str | None) -> None:
    assert honours.match(text, catalogue(registered_db)).code == code


def test_honour_for_the_whole_list_is_read_whole_too(ledger: Path) -> None:
    with Store.open(ledger, read_only=True) as store:
        assert intake.resolve_honour("2019年度江苏名牌产品", intake.kind_catalogue(store))[0] == "jiangsu_famous_brand"
        with pytest.raises(QcbrandError, match="入围奖"):
            intake.resolve_honour("江苏名牌产品入围奖", intake.kind_catalogue(store))


@pytest.mark.parametrize("written,name,former,place,problem", [
    ("常州甲机械有限公司（原常州甲机械厂）", "常州甲机械有限公司", ("常州甲机械厂",), None, False),
    ("常州乙有限公司(曾用名：常州丙有限公司)", "常州乙有限公司", ("常州丙有限公司",), None, False),
    ("某某(江苏)有限公司", "某某(江苏)有限公司", (), None, False),
    ("某某(中国)投资有限公司", "某某(中国)投资有限公司", (), None, False),
    ("某某集团股份有限公司(海安)", "某某集团股份有限公司", (), "南通市", False),
    ("常州丁有限公司(武进)", "常州丁有限公司", (), "常州市", False),
    ("常州戊有限公司(推荐)", "常州戊有限公司(推荐)", (), None, True),
])
def test_brackets_in_a_name_mean_what_lists_mean_by_them(written: str, name: str, former: tuple, place: str | None,
                                                        problem: bool) -> None:
    read = names.read_name(written)
    assert (read.name, read.former, read.place.city if read.place else None, read.problem is not None) == (
        name, former, place, problem)


def test_a_news_item_is_read_by_the_same_rules(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("我市恒达机械、华晨纺织获2023年江苏省省长质量奖，宏禾集团获提名奖。\n", encoding="utf-8")
    code, out, err = qcbrand(ledger, "import", str(path), "--dry-run", "--format", "json")
    assert code == 1  # short names still need the editor's --match
    report = json.loads(out)
    assert [(r["kind"], r["year"], r["read"]) for r in report["reading"]] == [
        ("jiangsu_quality_award", 2023, 2), ("jiangsu_quality_award_nomination", 2023, 1)]
    code, _, err = qcbrand(ledger, "import", str(path), "--match", "恒达机械=2", "--match", "华晨纺织=4",
                           "--match", "宏禾集团=5")
    assert code == 0, err
    with Store.open(ledger, read_only=True) as store:
        assert store.rows("SELECT kind_code, enterprise_id, year FROM quality_awards ORDER BY enterprise_id") == [
            ("jiangsu_quality_award", 2, 2023), ("jiangsu_quality_award", 4, 2023),
            ("jiangsu_quality_award_nomination", 5, 2023)]


def test_a_news_item_with_an_honour_not_understood_is_refused(registered_db: Path) -> None:
    notice = notices.parse("我市甲公司获2023年江苏省省长质量奖入围奖。", catalogue(registered_db))
    assert [(s.kind, s.match.extra if s.match else None) for s in notice.sections] == [(None, "入围奖")]


def test_a_notice_dated_only_at_its_foot_takes_that_year(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "foot.txt"
    path.write_text("某某市市长质量奖获奖企业名单\n常州恒达机械有限公司\n常州华晨纺织有限公司\n\n某某市人民政府\n二〇一九年十二月二十日\n",
                    encoding="utf-8")
    code, _, err = qcbrand(ledger, "import", str(path))
    assert code == 0, err
    with Store.open(ledger, read_only=True) as store:
        assert store.rows("SELECT DISTINCT year FROM quality_awards") == [(2019,)]


def test_a_dry_run_says_what_the_import_does_to_the_goals_and_writes_nothing(ledger: Path) -> None:
    with Store.open(ledger, read_only=True) as store:
        before = store.fingerprints()
    code, out, err = qcbrand(ledger, "import", str(CORPUS / "commendation-list.txt"), "--create-enterprises", "--dry-run",
                             "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    # 2020's awards: one enterprise and one person for the Jiangsu Quality Award (3 个 by 2020), on the deadline
    assert report["goal_changes"] == [{"goal": "jiangsu_quality_award", "before": 0, "after": 2, "on": "2020-12-31",
                                       "name_zh": "江苏省质量奖", "name_en": "Jiangsu Quality Award won"}]
    assert {"reading", "goal_changes", "errors", "warnings"} <= set(report)
    with Store.open(ledger, read_only=True) as store:
        assert store.fingerprints() == before
    code, out, _ = qcbrand(ledger, "import", str(CORPUS / "commendation-list.txt"), "--create-enterprises", "--dry-run",
                           "--format", "json", "--as-of", "2019-12-31")
    assert json.loads(out)["goal_changes"] == []  # nothing of 2020 counts on the last day of 2019


def test_an_import_that_is_refused_writes_nothing_and_says_so_in_json(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "nominations.txt"
    path.write_text(NOMINATIONS, encoding="utf-8")
    with pytest.raises(ImportRefused):
        with Store.open(ledger) as store:
            intake.import_file(store, path, create_enterprises=True)


def test_a_provincial_notice_with_a_section_per_city_keeps_this_citys_names(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "province.txt"
    path.write_text("关于公布2023年江苏省省长质量奖获奖名单的通知\n一、南京市（2个）\n南京某某电子有限公司、南京某某软件有限公司\n"
                    "二、常州市（2个）\n常州恒达机械有限公司、常州华晨纺织有限公司\n三、苏州市（1个）\n苏州某某精密有限公司\n"
                    "江苏省人民政府\n2023年12月20日\n", encoding="utf-8")
    code, out, err = qcbrand(ledger, "import", str(path), "--dry-run", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert [(r["text"], r["kind"], r["year"], r["stated"], r["read"], len(r["left_out"])) for r in report["reading"]] == [
        ("南京市(2个)", "jiangsu_quality_award", 2023, 2, 0, 2), ("常州市(2个)", "jiangsu_quality_award", 2023, 2, 2, 0),
        ("苏州市(1个)", "jiangsu_quality_award", 2023, 1, 0, 1)]
    assert report["left_out_by_city"] == {"南京市": 2, "苏州市": 1} and report["enterprises_new"] == 0
