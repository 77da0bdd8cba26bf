"""Reading lists as they are published: Excel with title rows and merged cells, CSV in every encoding
Excel writes, and traditional characters read as simplified ones (notices as text: test_notices.py)."""

import datetime as dt

import pytest

from qcbrand.errors import QcbrandError
from qcbrand.intake import sources
from tests.files import brands_csv, published_brands_xlsx


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


@pytest.mark.parametrize(("name", "data", "zh"), [("x.csv", b"", "空"), ("x.xls", b"\xd0\xcf", ".xlsx"),
                                                  ("x.xlsx", b"not a zip", "无法读取")])
def test_unreadable_files(name: str, data: bytes, zh: str) -> None:
    with pytest.raises(QcbrandError) as e:
        sources.read_file(name, data)
    assert zh in e.value.zh


def test_traditional_characters_in_a_table_are_read_as_simplified() -> None:
    text = "企業名稱,所在地區,產品名稱,認定年份\n常州恆達機械有限公司,武進區,數控機床,2019\n"
    table = sources.read_csv("list.csv", text.encode("utf-8"))
    assert table.headers == ["企业名称", "所在地区", "产品名称", "认定年份"]
    assert table.rows == [(2, ["常州恒达机械有限公司", "武进区", "数控机床", "2019"])]
    assert (2, "常州恆達機械有限公司", "常州恒达机械有限公司") in table.converted
    assert table.original_text == text  # kept with the import
