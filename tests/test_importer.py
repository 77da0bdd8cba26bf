"""Importing canonical CSVs: every encoding Excel writes, bad rows named, all or nothing, idempotent."""

import datetime as dt
from pathlib import Path

import pytest

from qcbrand import intake, services
from qcbrand.errors import ImportRefused

D = dt.date.fromisoformat
GOOD_CODE = "91350100M000100Y43"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


BRANDS = (
    "企业名称,统一社会信用代码,所在地区,产品名称,商标,认定年份\n"
    f"常州恒达机械有限公司,{GOOD_CODE},武进,数控机床,恒达,2018\n"
    "常州瑞泰电子有限公司,,新北区,工业传感器,瑞泰,2019年12月\n"
    "金坛华晨纺织有限公司,,金坛市,色织面料,华晨,2020.06\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_each_encoding_excel_writes_imports_the_same(fresh_db, tmp_path: Path, encoding: str) -> None:
    report = intake.import_file(fresh_db, write(tmp_path / "brands.csv", BRANDS, encoding), "famous_brands", editor="t", create_enterprises=True)
    assert (report.rows_in_file, report.rows_new, report.enterprises_new) == (3, 3, 3)
    rows = fresh_db.rows(
        "SELECT e.name, e.district_code, f.product, f.granted_on FROM famous_brands f JOIN enterprises e USING (enterprise_id) ORDER BY 1")
    assert rows == [
        ("常州恒达机械有限公司", "wujin", "数控机床", D("2018-12-31")),
        ("常州瑞泰电子有限公司", "xinbei", "工业传感器", D("2019-12-31")),
        ("金坛华晨纺织有限公司", "jintan", "色织面料", D("2020-06-30")),
    ]


def test_one_bad_row_names_row_and_field_and_writes_nothing(fresh_db, tmp_path: Path) -> None:
    bad = BRANDS + "常州某某有限公司,91350100M000100Y44,火星区,螺丝,某某,2019\n"
    before = fresh_db.table_counts()
    with pytest.raises(ImportRefused) as e:
        intake.import_file(fresh_db, write(tmp_path / "bad.csv", bad), "famous_brands", create_enterprises=True)
    errors = {(p.row, p.field) for p in e.value.report.errors}
    assert errors == {(5, "uscc"), (5, "district")}
    uscc = next(p for p in e.value.report.errors if p.field == "uscc")
    assert "校验位" in uscc.zh and "check character" in uscc.en and uscc.value == "91350100M000100Y44"
    assert fresh_db.table_counts() == before


def test_reimporting_the_same_file_adds_nothing(fresh_db, tmp_path: Path) -> None:
    path = write(tmp_path / "brands.csv", BRANDS)
    first = intake.import_file(fresh_db, path, "famous_brands", create_enterprises=True)
    scoreboard_after_first = [s.value for s in services.scoreboard(fresh_db, None, D("2020-12-31"))]
    second = intake.import_file(fresh_db, path, "famous_brands", create_enterprises=True)
    assert (first.rows_new, second.rows_new, second.rows_already_present) == (3, 0, 3)
    assert fresh_db.scalar("SELECT count(*) FROM famous_brands") == 3
    assert fresh_db.scalar("SELECT count(*) FROM enterprises") == 3
    assert [s.value for s in services.scoreboard(fresh_db, None, D("2020-12-31"))] == scoreboard_after_first
    assert fresh_db.scalar("SELECT count(*) FROM imports") == 2
    assert fresh_db.scalar("SELECT count(*) FROM audit_log WHERE action = 'import'") == 2


def test_dry_run_reports_and_writes_nothing(fresh_db, tmp_path: Path) -> None:
    before = fresh_db.table_counts()
    report = intake.import_file(fresh_db, write(tmp_path / "b.csv", BRANDS), "famous_brands", dry_run=True, create_enterprises=True)
    assert report.ok and report.rows_new == 3
    assert fresh_db.table_counts() == before


def test_rows_match_existing_enterprises_by_code_then_name(fresh_db, tmp_path: Path) -> None:
    intake.import_file(fresh_db, write(tmp_path / "b.csv", BRANDS), "famous_brands", create_enterprises=True)
    marks = (
        "enterprise,uscc,district,mark,reg_no,nice_class,tier,granted_on\n"
        f"恒达机械（常州）,{GOOD_CODE},,恒达,1234567,7,中国驰名商标,2017-05-01\n"   # by code, though named otherwise
        "常州瑞泰电子,,,瑞泰,7654321,第9类,省著名商标,2016\n"                      # by name without 有限公司
    )
    report = intake.import_file(fresh_db, write(tmp_path / "m.csv", marks), "trademarks")
    assert report.enterprises_new == 0 and report.rows_new == 2
    assert fresh_db.rows("SELECT e.name, t.kind_code, t.nice_class FROM trademarks t JOIN enterprises e USING (enterprise_id) ORDER BY 1") == [
        ("常州恒达机械有限公司", "china_well_known_trademark", 7),
        ("常州瑞泰电子有限公司", "jiangsu_famous_trademark", 9),
    ]


@pytest.mark.parametrize(
    ("row", "field", "zh"),
    [
        ("常州甲有限公司,,,甲,1,46,中国驰名商标,2017", "nice_class", "1至45"),
        ("常州甲有限公司,,,甲,1,7,金牌商标,2017", "tier", "不在荣誉类别目录中"),
        ("常州甲有限公司,,,甲,1,7,中国驰名商标,去年", "granted_on", "无法识别的日期"),
        ("常州甲有限公司,,戚墅堰区,甲,1,7,中国驰名商标,2017", "district", "编辑人员选定"),
        (",,,甲,1,7,中国驰名商标,2017", "enterprise", "必填"),
    ],
)
def test_each_bad_field_is_named(fresh_db, tmp_path: Path, row: str, field: str, zh: str) -> None:
    text = "enterprise,uscc,district,mark,reg_no,nice_class,tier,granted_on\n" + row + "\n"
    with pytest.raises(ImportRefused) as e:
        intake.import_file(fresh_db, write(tmp_path / "m.csv", text), "trademarks")
    [problem] = e.value.report.errors
    assert (problem.row, problem.field) == (2, field) and zh in problem.zh and problem.en


def test_valid_until_before_grant_is_refused(fresh_db, tmp_path: Path) -> None:
    text = "企业名称,产品名称,认定日期,有效期至\n常州甲有限公司,机床,2019-12-01,2018-12-01\n"
    with pytest.raises(ImportRefused) as e:
        intake.import_file(fresh_db, write(tmp_path / "f.csv", text), "famous_brands")
    assert "早于" in e.value.report.errors[0].zh and "before the grant" in e.value.report.errors[0].en


@pytest.mark.parametrize(("text", "zh"), [("", "空"), ("企业名称,产品名称,认定年份\n", "没有数据行"), ("企业名称,认定年份\n甲,2019\n", "产品")])
def test_empty_headers_only_and_missing_columns(fresh_db, tmp_path: Path, text: str, zh: str) -> None:
    with pytest.raises(ImportRefused) as e:
        intake.import_file(fresh_db, write(tmp_path / "x.csv", text), "famous_brands")
    assert any(zh in p.zh for p in e.value.report.errors)


def test_standards_with_drafters_count_once(fresh_db, tmp_path: Path) -> None:
    text = (
        "标准编号,标准名称,发布日期,企业名称,所在地区,起草角色\n"
        "GB/T 30001—2018,数控机床精度检验,2018-06-01,常州甲机械有限公司,武进,主导\n"
        "GB/T 30001-2018,数控机床精度检验,2018-06-01,常州乙电子有限公司,新北,参与\n"
        "DB32/T 3500—2019,物流服务规范,2019-03-01,常州丙物流有限公司,天宁,主导\n"
    )
    report = intake.import_file(fresh_db, write(tmp_path / "s.csv", text), "standards", create_enterprises=True)
    assert report.rows_new == 3
    assert fresh_db.rows("SELECT std_no, level FROM standards ORDER BY 1") == [("DB32/T 3500-2019", "local"), ("GB/T 30001-2018", "national")]
    v = {s.goal_code: s.value for s in services.scoreboard(fresh_db, None, D("2020-12-31"))}
    assert v["led_standards"] == 1 and v["standard_drafting_enterprises"] == 3


def test_other_honours_and_indicator_readings(fresh_db, tmp_path: Path) -> None:
    others = "kind,title,district,granted_on\n全国知名品牌创建示范区,溧阳某产业示范区,溧阳,2018-11-01\n"
    intake.import_file(fresh_db, write(tmp_path / "o.csv", others), "other_honours")
    assert {s.goal_code: s.value for s in services.scoreboard(fresh_db, None, D("2020-12-31"))}["brand_demo_zones"] == 1
    readings = "indicator,year,value,source\nforest_cover,2020,25.3,统计公报\nno_such,2020,1,\n"
    with pytest.raises(ImportRefused) as e:
        intake.import_file(fresh_db, write(tmp_path / "r.csv", readings), "indicator_readings")
    assert [(p.row, p.field) for p in e.value.report.errors] == [(3, "indicator")]


def test_new_enterprises_need_the_editors_consent(fresh_db, tmp_path: Path) -> None:
    path = write(tmp_path / "brands.csv", BRANDS)
    with pytest.raises(ImportRefused) as e:
        intake.import_file(fresh_db, path, "famous_brands")
    assert [(p.row, p.field) for p in e.value.report.errors] == [(2, "enterprise"), (3, "enterprise"), (4, "enterprise")]
    assert e.value.report.new_enterprise_names == ["常州恒达机械有限公司", "常州瑞泰电子有限公司", "金坛华晨纺织有限公司"]
    assert "--create-enterprises" in e.value.report.errors[0].en
    assert fresh_db.scalar("SELECT count(*) FROM enterprises") == 0


def test_a_limited_company_and_a_joint_stock_company_of_one_name_stay_two(fresh_db, tmp_path: Path) -> None:
    # 某某有限公司 and 某某股份有限公司 are two companies in one district: both are registered, and a
    # list's exact name picks the right one.
    enterprises = "企业名称,所在地区\n常州宏禾车辆配件有限公司,武进区\n常州宏禾车辆配件股份有限公司,武进区\n"
    report = intake.import_file(fresh_db, write(tmp_path / "firms.csv", enterprises), "enterprises")
    assert report.rows_new == 2
    brands = ("企业名称,所在地区,产品名称,认定年份\n"
              "常州宏禾车辆配件股份有限公司,武进,车轴,2019\n"
              "常州宏禾车辆配件有限责任公司,武进,轮毂,2019\n")
    intake.import_file(fresh_db, write(tmp_path / "brands.csv", brands), "famous_brands")
    assert fresh_db.rows("SELECT f.product, e.name FROM famous_brands f JOIN enterprises e USING (enterprise_id) "
                         "ORDER BY 1") == [("车轴", "常州宏禾车辆配件股份有限公司"), ("轮毂", "常州宏禾车辆配件有限公司")]


def test_a_name_registered_in_two_districts_needs_the_district(ledger, tmp_path: Path) -> None:
    fresh_db = ledger.store
    ledger.enterprise("常州恒达机械有限公司", "wujin")
    ledger.enterprise("常州恒达机械有限公司", "xinbei")
    with pytest.raises(ImportRefused) as e:
        intake.import_file(fresh_db, write(tmp_path / "vague.csv", "企业名称,产品名称,认定年份\n常州恒达机械公司,刹车片,2019\n"),
                             "famous_brands")
    (problem,) = e.value.report.errors
    assert (problem.row, problem.field) == (2, "enterprise") and "2 家" in problem.zh and "2 registered" in problem.en
    intake.import_file(fresh_db, write(tmp_path / "clear.csv", "企业名称,所在地区,产品名称,认定年份\n常州恒达机械公司,新北,刹车片,2019\n"),
                         "famous_brands")
    assert fresh_db.rows("SELECT e.district_code FROM famous_brands f JOIN enterprises e USING (enterprise_id)") == [("xinbei",)]
