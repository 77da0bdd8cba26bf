"""Writes the corpus of good and bad rows (committed; run again only to change them):

    .venv/bin/python tests/corpus/make_rows.py

One file per record kind, CSV as Excel on Chinese Windows saves it and XLSX with typed cells (numbers, dates,
booleans, empty cells): every field takes the values real lists hold, written well, written oddly (spaces,
full-width, traditional characters, a month for a date, an Excel serial) and written wrong (an empty required
cell, a date that does not exist, an unknown honour, a bad credit code, an ambiguous district). Rows repeat,
and a few are already in the ledger. tests/test_bulk.py imports each through the bulk path and the pydantic
models and requires the same records, errors and warnings.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from qcbrand.rules.codes import uscc_check_character  # noqa: E402

ROWS = 240


def uscc(body: str) -> str:
    return body + uscc_check_character(body)


GOOD_USCC = uscc("91320412MA1XYW12Q")
OTHER_USCC = uscc("91320411MA1ABC34D")

NAMES = ["常州恒达机械有限公司", "常州恒达机械有限公司", "江苏瑞华药业有限公司", "瑞华药业", " 常州华晨纺织有限公司 ",
         "常州华晨纺织有限公司", "常州恆達機械有限公司", "常州新星电子有限公司", "常州新星电子有限公司", "常州新星电子有限责任公司",
         "常州宏禾集团有限公司", "常州宏禾集团", "常州 宏禾  集团有限公司", "（常州）蓝天材料有限公司", "(常州)蓝天材料有限公司",
         "常州恒达机械股份有限公司", "恒达机械", "", "  ", "ＡＢＣ常州科技有限公司", "常州\u3000白云化工有限公司", "厂",
         "常州市第一机床厂", "常州黄河制药有限公司"]
USCCS = ["", "", "", GOOD_USCC, GOOD_USCC.lower(), OTHER_USCC, "123456", "91320412MA1XYW12X", f" {GOOD_USCC} "]
DISTRICTS = ["", "", "武进区", "武进", "wujin", "新北区", "金坛", "戚墅堰区", "不存在区", "溧阳市", " 天宁区 "]
DATES = ["2019", "2019", "2019-05-01", "2019年5月", "2019/5/1", "20190501", "2019.12", "2019年12月31日", "2019年度",
         "去年", "1800", "2019-02-30", "", "43466", "２０１９", "2019-5-1 "]
UNTIL = ["", "", "", "2022-12-31", "2018-01-01", "不详", "2022年"]
YEARS = ["2018", "2018", "2018年", "18", "二〇一八", "", "2031", "1948"]


def pick(rng: random.Random, pool: list[str]) -> str:
    return rng.choice(pool)


def write_csv(name: str, header: list[str], rows: list[list[str]]) -> None:
    with open(HERE / name, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(name: str, header: list[str], rows: list[list[object]]) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "名单"
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.properties.creator = "qcbrand corpus"
    book.properties.created = book.properties.modified = dt.datetime(2026, 11, 26)
    book.save(HERE / name)


def typed(value: str, rng: random.Random) -> object:
    """A cell as Excel may hold it: a number for digits, a date for a date, sometimes empty or a boolean."""
    if value.strip().isdigit() and len(value.strip()) in (4, 5):
        return int(value) if rng.random() < 0.7 else float(value)
    if value == "2019-05-01":
        return dt.datetime(2019, 5, 1)
    if value == "":
        return None if rng.random() < 0.5 else ""
    if rng.random() < 0.02:
        return True
    return value


def famous_brands(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    header = ["序号", "企业名称", "统一社会信用代码", "所在地区", "产品名称", "品牌", "荣誉类别", "认定日期", "有效期至"]
    kinds = ["江苏名牌产品", "江苏名牌产品", "", "江苏精品", "jiangsu_famous_brand", "中国驰名商标", "江苏名牌产品 ", "江蘇名牌產品"]
    products = ["数控机床", "数控机床", "纺织面料", "", " 盐酸二甲双胍片 ", "ＬＥＤ灯具", "电机", "电机（Ｙ系列）"]
    rows = [[str(i + 1), pick(rng, NAMES), pick(rng, USCCS), pick(rng, DISTRICTS), pick(rng, products),
             pick(rng, ["", "", "恒达", " 华晨 "]), pick(rng, kinds), pick(rng, DATES), pick(rng, UNTIL)] for i in range(ROWS)]
    return header, rows + rows[:12]  # rows the list repeats


def trademarks(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    header = ["企业名称", "所在地区", "商标", "注册号", "核定类别", "商标等级", "认定日期"]
    tiers = ["中国驰名商标", "江苏省著名商标", "著名商标", "省级商标", "", "常州市知名商标"]
    rows = [[pick(rng, NAMES), pick(rng, DISTRICTS), pick(rng, ["恒达", "华晨", "", "ＨＤ", "瑞华 "]),
             pick(rng, ["", "1234567", "12 345", "abc", "123456789A", "1234567890"]),
             pick(rng, ["7", "第9类", "46", "", "3.0", "九"]), pick(rng, tiers), pick(rng, DATES)] for _ in range(ROWS)]
    return header, rows


def awards(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    header = ["获奖单位", "所在地区", "奖项", "获奖年份", "获奖日期"]
    names = ["江苏省质量奖", "省长质量奖", "常州市市长质量奖", "中国质量奖", "", "江苏省质量奖优秀奖", "质量诚信奖"]
    rows = [[pick(rng, NAMES), pick(rng, DISTRICTS), pick(rng, names), pick(rng, YEARS),
             pick(rng, ["", "", "2018-12-20", "2017-12-20", "2018年12月", "不详"])] for _ in range(ROWS)]
    return header, rows


def standards(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    header = ["标准编号", "标准名称", "发布日期", "状态", "服务业标准", "起草单位", "起草角色"]
    numbers = ["GB/T 1234-2018", "GB/T 1234-2018", "DB32/T 380-2017", "JB/T 9-2019", "XYZ", "GB 1-88", "T/CAS 12-2020",
               "ISO 9001:2015", "", "GB/T 5678-2021", "ＧＢ/Ｔ 1234-2018"]
    rows = [[pick(rng, numbers), pick(rng, ["机床 精度", "纺织品", "", "服务规范"]),
             pick(rng, ["2018-06-01", "2019", "2020年", "2017-01-01", "", "不详"]),
             pick(rng, ["", "现行", "废止", "被代替", "作废中"]), pick(rng, ["", "是", "否", "服务业", "也许"]),
             pick(rng, NAMES), pick(rng, ["主导", "参与", "牵头", "", "旁听"])] for _ in range(ROWS)]
    return header, rows


def honours(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    header = ["荣誉名称", "项目名称", "获得单位", "所在地区", "命名时间", "有效期至"]
    kinds = ["江苏精品", "常州服务业名牌企业", "AAA级", "全国知名品牌创建示范区", "鲁班奖", "", "质量诚信示范企业",
             "江苏老字号", "扬子杯"]
    rows = [[pick(rng, kinds), pick(rng, ["", "", "某街区服务业集聚区", "常州大剧院工程", " 溧阳天目湖示范区 "]),
             pick(rng, NAMES), pick(rng, DISTRICTS), pick(rng, DATES), pick(rng, UNTIL)] for _ in range(ROWS)]
    return header, rows


def enterprises(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    header = ["企业名称", "统一社会信用代码", "所在地区", "行业", "曾用名"]
    rows = [[pick(rng, NAMES), pick(rng, USCCS), pick(rng, DISTRICTS), pick(rng, ["", "装备制造", " 纺织服装 "]),
             pick(rng, ["", "常州恒达机床厂", "常州老厂；常州新厂、常州旧厂", " ; "])] for _ in range(ROWS)]
    return header, rows


def main() -> None:
    for name, make in [("famous-brands", famous_brands), ("trademarks", trademarks), ("awards", awards),
                       ("standards", standards), ("honours", honours), ("enterprises", enterprises)]:
        rng = random.Random(name)
        header, rows = make(rng)
        write_csv(f"rows-{name}.csv", header, rows)
        write_xlsx(f"rows-{name}.xlsx", header, [[typed(v, rng) for v in row] for row in rows])


if __name__ == "__main__":
    main()
