"""Reading lists as they are published: Excel with title rows and merged cells, CSV in every encoding
Excel writes, and notices pasted as text."""

import datetime as dt

import pytest

from qcbrand import sources
from qcbrand.errors import QcbrandError
from tests.files import NOTICE, brands_csv, published_brands_xlsx


def test_published_excel_shape() -> None:
    table = sources.read_xlsx("list.xlsx", published_brands_xlsx())
    assert table.sheet == "名单" and table.sheets == ["名单", "说明"]
    assert table.header_row == 3  # the second header row, whose cells the merges complete
    assert table.headers == ["序号", "企业名称", "统一社会信用代码", "产品名称", "所在地区", "认定日期"]
    assert [number for number, _ in table.rows] == [4, 5, 6, 7]  # rows as the spreadsheet numbers them
    districts = [cells[4] for _, cells in table.rows]
    assert districts == ["武进区", "武进区", "武进区", "溧阳"]  # the merged district fills down
    assert [cells[5] for _, cells in table.rows] == [43800, dt.date(2019, 11, 20), "2019年12月", "2019.12"]
    assert table.notes == [(9, "注:以上排名不分先后。")]


def test_the_wrong_sheet_is_refused_naming_the_sheets() -> None:
    with pytest.raises(QcbrandError) as e:
        sources.read_xlsx("list.xlsx", published_brands_xlsx(), sheet="说明")
    assert "说明" in e.value.zh and "名单" in e.value.zh and "no header row" in e.value.en
    with pytest.raises(QcbrandError) as e:
        sources.read_xlsx("list.xlsx", published_brands_xlsx(), sheet="Sheet9")
    assert "Sheet9" in e.value.en


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_every_encoding_excel_writes(encoding: str) -> None:
    table = sources.read_csv("list.csv", brands_csv(3).encode(encoding))
    assert table.header_row == 2
    assert table.headers == ["序号", "企业名称", "所在地区", "产品名称", "认定年份"]
    assert table.rows[0] == (3, ["1", "常州测试00001机械有限公司", "新北", "产品1", "2019"])


def test_a_file_in_another_encoding_is_refused() -> None:
    with pytest.raises(QcbrandError) as e:
        sources.read_csv("x.csv", "企业名称".encode("utf-16"))
    assert "GB18030" in e.value.zh


def test_notice_text() -> None:
    kinds = {"江苏省省长质量奖": ("jiangsu_quality_award", "quality_award"),
             "江苏省质量奖优秀奖": ("jiangsu_quality_award_excellence", "quality_award"),
             "常州市市长质量奖": ("changzhou_mayor_quality_award", "quality_award")}
    table = sources.read_notice("notice.txt", NOTICE, kinds)
    assert [(s["kind"], s["stated"], s["found"], s["etc"]) for s in table.sections] == [
        ("jiangsu_quality_award", 2, 2, None),
        ("jiangsu_quality_award_excellence", 3, 3, None),
        ("changzhou_mayor_quality_award", None, 2, 5),
    ]
    assert table.rows[0] == (4, ["常州青枫机械有限公司", "jiangsu_quality_award", 2019])
    assert table.rows[4] == (8, ["常州新锐材料有限公司", "jiangsu_quality_award_excellence", 2019])
    assert [cells[0] for _, cells in table.rows[-2:]] == ["常州甲有限公司", "常州乙有限公司"]


def test_longest_alias_wins() -> None:
    kinds = {"江苏省省长质量奖": ("a", "quality_award"), "江苏省省长质量奖提名奖": ("b", "quality_award")}
    assert sources.match_kind("2020年度江苏省省长质量奖提名奖获奖名单", kinds) == "b"
    assert sources.match_kind("江苏省省长质量奖", kinds) == "a"
    assert sources.match_kind("优秀科技成果", kinds) is None


@pytest.mark.parametrize(("name", "data", "zh"), [("x.csv", b"", "空"), ("x.xls", b"\xd0\xcf", ".xlsx"),
                                                  ("x.xlsx", b"not a zip", "无法读取")])
def test_unreadable_files(name: str, data: bytes, zh: str) -> None:
    with pytest.raises(QcbrandError) as e:
        sources.read_file(name, data)
    assert zh in e.value.zh
