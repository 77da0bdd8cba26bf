"""Writes the corpus's Excel files (committed; run again only to change them): python tests/corpus/make_xlsx.py"""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def save(name: str, title: str, header: list[str], rows: list[list[object]], note: str | None = None) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "名单"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    if note:
        ws.append([note])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    book.properties.creator = "qcbrand corpus"
    book.properties.created = book.properties.modified = dt.datetime(2026, 11, 26)  # the same bytes every time
    book.save(HERE / name)


save("table-title-note.xlsx", "2019年度江苏名牌产品名单（常州地区）",
     ["序号", "企业名称", "所在地区", "产品名称", "认定日期"],
     [[1, "常州恒达机械有限公司", "武进区", "数控机床", dt.datetime(2019, 11, 20)],
      [2, "常州华晨纺织有限公司", "金坛", "色织面料", "2019年12月"]],
     "注：以上排名不分先后。")
save("honours-leibie.xlsx", "2018—2019年度质量荣誉汇总表",
     ["类别", "名称", "企业名称", "所在地区", "认定日期"],
     [["质量信用AAA级企业", "常州恒达机械有限公司", "常州恒达机械有限公司", "武进区", "2018-12-01"],
      ["扬子杯", "宏禾科技园3号厂房", "常州宏禾集团有限公司", "天宁区", "2019-10-15"],
      ["常州服务业名牌企业", "常州华晨纺织有限公司", "常州华晨纺织有限公司", "金坛区", "2019"]])
save("laozihao-no-honour-column.xlsx", "第四批“常州老字号”名单",
     ["序号", "辖市区", "单位名称", "品牌名称", "创立时间"],
     [[1, "武进", "常州恒达机械有限公司", "恒达", 1956],
      [2, "金坛", "常州华晨纺织有限公司", "华晨", "1923年"]])
save("bad-honours-unknown-kind.xlsx", "质量荣誉汇总表",
     ["类别", "名称", "企业名称", "所在地区", "认定日期"],
     [["质量信用AAA级企业", "常州恒达机械有限公司", "常州恒达机械有限公司", "武进区", "2018-12-01"],
      ["质量诚信示范企业", "常州华晨纺织有限公司", "常州华晨纺织有限公司", "金坛区", "2019-05-01"]])
