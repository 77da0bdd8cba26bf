"""Real list files made for the tests, in the shapes official lists are published in."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

CODE_A = "91350100M000100Y43"  # a valid credit code (the DESIGN's worked example)


def published_brands_xlsx() -> bytes:
    """A 江苏名牌产品 list as a bureau publishes it: a merged title row, a two-row header whose
    cells are merged, a 序号 column, districts merged down several rows, dates as Excel serials,
    as dates and as text, a blank row and a note under the table."""
    book = Workbook()
    ws = book.active
    ws.title = "名单"
    ws["A1"] = "2019年度江苏名牌产品名单（常州地区）"
    ws.merge_cells("A1:F1")
    ws.append(["序号", "企业信息", None, "产品名称", "所在地区", "认定日期"])
    ws.append([None, "企业名称", "统一社会信用代码", None, None, None])
    for column in "ADEF":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("B2:C2")
    ws.append([1, "常州青枫机械有限公司", CODE_A, "数控机床", "武进区", 43800])       # serial 43800 = 2019-12-01
    ws.append([2, "常州白鹭电子有限公司", None, "工业传感器", None, dt.datetime(2019, 11, 20)])
    ws.append([3, "常州云杉纺织有限公司", None, "色织面料", None, "2019年12月"])
    ws.merge_cells("E4:E6")  # 武进区 for all three
    ws.append([4, "溧阳天目茶业有限公司", None, "白茶", "溧阳", "2019.12"])
    ws.append([None, None, None, None, None, None])
    ws.append(["注：以上排名不分先后。"])
    ws.merge_cells("A9:F9")
    other = book.create_sheet("说明")
    other["A1"] = "本表由市场监管局汇总"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def brands_csv(rows: int = 3, bad_row: int | None = None) -> str:
    """A CSV as Excel on Chinese Windows exports it, with a title line above the header."""
    lines = ["2019年度江苏名牌产品名单", "序号,企业名称,所在地区,产品名称,认定年份"]
    for i in range(1, rows + 1):
        district = "火星区" if i == bad_row else ("武进", "新北", "溧阳")[i % 3]
        lines.append(f"{i},常州测试{i:05d}机械有限公司,{district},产品{i},2019")
    return "\n".join(lines) + "\n"


NOTICE = """关于公布2019年度江苏省质量奖获奖名单的通知

一、江苏省省长质量奖（共2个）
常州青枫机械有限公司、常州白鹭电子有限公司

二、江苏省质量奖优秀奖（共3个）
常州云杉纺织有限公司、溧阳天目茶业有限公司、
常州新锐材料有限公司

三、常州市市长质量奖
常州甲有限公司、常州乙有限公司等5家
"""
