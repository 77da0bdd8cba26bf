"""Tables for Excel and WPS: UTF-8 with BOM, a title block in XLSX, and no formula can run."""

import io

import pandas as pd
from openpyxl import load_workbook

from qcbrand.reports import exports

FRAME = pd.DataFrame({"企业": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tTab", "常州甲有限公司"],
                      "数值": [1, 2, -3, 4, 5, 6]})


def test_csv_is_utf8_with_bom_and_neutralised() -> None:
    data = exports.to_csv(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["企业"][:5]) == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tTab"]
    assert back["企业"][5] == "常州甲有限公司"
    assert list(back["数值"]) == [1, 2, -3, 4, 5, 6]  # numbers, negative ones too, stay numbers


def test_xlsx_has_title_block_and_no_formulas() -> None:
    data = exports.to_xlsx(FRAME, title="江苏名牌产品", lines=["统计截至 2020-12-31 · 全市", "数据来源：qcbrand"])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "江苏名牌产品" and ws["A2"].value.startswith("统计截至")
    header = [c.value for c in ws[5]]
    assert header == ["企业", "数值"]
    cells = [ws.cell(row=r, column=1) for r in range(6, 12)]
    assert all(c.data_type != "f" for c in cells)
    assert cells[0].value == "'=HYPERLINK(\"http://x\")"
    assert ws.cell(row=8, column=2).value == -3
