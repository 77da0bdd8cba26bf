"""Reading official lists as they are published: Excel workbooks, CSV exported from Excel on Chinese
Windows, and government notices pasted as text. Each becomes a `RawTable`: the header row found
among title rows, the data rows with their row numbers as the spreadsheet shows them, and notes.

Nothing here knows the ledger; prepare.py maps and validates, commit.py writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.intake import notices
from qcbrand.intake.notices import Notice
from qcbrand.rules.codes import normalise_text
from qcbrand.rules.hanzi import simplified_cell, to_simplified

# Headers a list may use for each field (after NFKC and with spaces removed); the first is canonical.
# One header may name different fields in different kinds of list (名称 is an enterprise's name in an
# enterprise list, a project's title in a list of honours); columns.py maps per kind. 类别 and 类型 are
# told by their values (see columns.VALUE_HEADERS).
HEADERS: dict[str, tuple[str, ...]] = {
    "serial": ("序号", "编号", "no", "no."),
    "enterprise": ("enterprise", "企业名称", "单位名称", "企业", "获奖单位", "获得单位", "申请人", "注册人", "起草单位",
                   "申报单位", "企业(单位)名称", "企业（单位）名称", "受表彰单位", "获奖企业", "获奖单位名称", "单位",
                   "company", "holder"),
    "name": ("name", "企业名称", "单位名称", "名称"),
    "uscc": ("uscc", "统一社会信用代码", "信用代码", "社会信用代码", "统一代码"),
    "district": ("district", "所在地区", "辖市区", "地区", "所属地区", "区域", "所在地", "属地", "辖市(区)", "辖市（区）",
                 "所在辖市区"),
    "industry": ("industry", "行业", "所属行业"),
    "former_names": ("former_names", "曾用名"),
    "product": ("product", "产品名称", "产品", "名牌产品名称", "认证产品", "认证产品名称", "精品产品", "申报产品"),
    "brand": ("brand", "品牌", "品牌名称", "注册商标", "商标名称", "商标"),
    "kind": ("kind", "荣誉类别", "称号", "荣誉名称", "荣誉", "荣誉称号", "荣誉/申报项目", "申报项目", "培育项目", "申报荣誉",
             "培育荣誉", "目标荣誉"),
    "granted_on": ("granted_on", "认定日期", "认定年份", "获得日期", "认定时间", "获奖日期", "发布日期", "日期", "年份",
                   "命名时间", "命名日期", "授予时间", "表彰时间"),
    "valid_until": ("valid_until", "有效期", "有效期至", "有效期限", "有效截止日期"),
    "mark": ("mark", "商标", "商标名称", "商标文字"),
    "reg_no": ("reg_no", "注册号", "商标注册号"),
    "nice_class": ("nice_class", "核定类别", "国际分类", "尼斯分类", "商品类别", "核定使用类别"),
    "tier": ("tier", "商标等级", "商标级别", "等级", "级别", "荣誉类别"),
    "award": ("award", "奖项", "奖项名称", "荣誉类别", "获奖类别", "奖励名称"),
    "year": ("year", "年份", "获奖年份", "年度"),
    "std_no": ("std_no", "标准编号", "标准号"),
    "title": ("title", "标准名称", "项目名称", "名称", "工程名称", "品牌名称", "示范区名称"),
    "released_on": ("released_on", "发布日期", "发布时间"),
    "status": ("status", "状态", "标准状态"),
    "service": ("service", "服务业标准", "服务业"),
    "role": ("role", "起草角色", "角色", "主导/参与", "参与方式"),
    "indicator": ("indicator", "指标代码", "指标"),
    "value": ("value", "数值", "读数"),
    "source": ("source", "来源", "数据来源"),
    # a candidate list (培育库): the stage, the year the honour is expected, the responsible unit, the stage's date
    "stage": ("stage", "阶段", "培育阶段", "所处阶段", "当前阶段"),
    "expected_year": ("expected_year", "预计年份", "预计获得年份", "预计年度", "计划年份", "预计申报年份"),
    "unit": ("unit", "责任单位", "负责单位", "责任部门", "培育单位"),
    "stage_on": ("stage_on", "阶段日期", "入库日期", "入库时间", "进入阶段日期"),
    # the city a row of a wider area's list belongs to (设区市 in a provincial list): never a field, read to leave
    # other cities' rows out
    "city": ("设区市", "城市", "所在城市", "地市", "所属城市", "所在设区市", "所属设区市", "市别", "省辖市"),
    "note": ("备注", "说明", "note", "remarks"),
    # when a business was founded (创立时间 in a 老字号 list): never a grant date, never mapped
    "founded": ("创立时间", "成立时间", "创建时间", "成立日期", "创立年份", "始创年份", "创办时间", "创始时间"),
    # 类别 / 类型: an honour kind, a trademark tier or a Nice class, told by the column's values
    "category": ("类别", "类型"),
}

# A row whose only text starts with one of these is a note under the table, not a record.
_NOTE_STARTS = ("注", "备注", "说明", "附注", "合计", "共计", "总计", "填报", "数据来源", "制表", "审核")
_HEADER_SCAN_ROWS = 15


def header_key(text: Any) -> str:
    return normalise_text("" if text is None else str(text)).replace(" ", "").lower()


_KNOWN = {header_key(h) for names in HEADERS.values() for h in names}


@dataclass
class RawTable:
    """What a file holds, before any mapping: headers and rows of cells with their row numbers."""

    file_name: str
    sheet: str | None
    sheets: list[str]
    header_row: int  # as the spreadsheet shows it (1-based)
    headers: list[str]
    cells: list[tuple[int, list[Any]]] | None  # the data rows; None when held as columns (see `columnar`)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (row, text) of skipped note rows
    notice: Notice | None = None  # a notice given as text: its sections and laureates instead of rows
    # cells written in traditional characters, read as simplified: (row, as written, as read)
    converted: list[tuple[int, str, str]] = field(default_factory=list)
    original_text: str | None = None  # the text as given, kept with the import when it was converted
    # a large CSV read by Arrow: the data rows' numbers, and each column's cells (text)
    columnar: tuple[list[int], list[pa.Array]] | None = None
    titles: list[tuple[int, str]] = field(default_factory=list)  # (row, text) of the title rows above the header

    @property
    def rows(self) -> list[tuple[int, list[Any]]]:
        """The data rows with their numbers as the spreadsheet shows them, each padded to the header's width."""
        if self.cells is None:
            self.cells = self.head(None)
        return self.cells

    def head(self, limit: int | None) -> list[tuple[int, list[Any]]]:
        """The first `limit` data rows (all for None), without building every row of a columnar table."""
        if self.cells is not None or self.columnar is None:
            return self.rows[:limit]
        numbers, columns = self.columnar
        numbers = numbers[:limit]
        cells = [c.slice(0, len(numbers)).to_pylist() for c in columns]
        return list(zip(numbers, [list(row) for row in zip(*cells)])) if cells else [(n, []) for n in numbers]

    @property
    def size(self) -> int:
        """Rows in the file, or laureates in a notice."""
        return len(self.notice.items) if self.notice is not None else len(self.numbers())

    def numbers(self) -> list[int]:
        """The data rows' numbers as the spreadsheet shows them."""
        if self.cells is None and self.columnar is not None:
            return self.columnar[0]
        return [number for number, _ in self.rows]

    def column(self, index: int) -> list[Any] | pa.Array:
        """One column's cells, row by row (an Arrow array of text for a columnar table)."""
        if self.cells is None and self.columnar is not None:
            return self.columnar[1][index]
        return [cells[index] for _, cells in self.rows]


def _header_score(cells: list[Any]) -> int:
    return sum(1 for c in cells if header_key(c) in _KNOWN)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and math.isnan(value))


def _is_note(cells: list[Any]) -> str | None:
    filled = {c for c in cells if not _blank(c)}  # a note merged across the row fills every cell alike
    if len(filled) == 1 and isinstance(next(iter(filled)), str):
        text = normalise_text(next(iter(filled)))
        if text.startswith(_NOTE_STARTS):
            return text
    return None


def find_header(grid: list[tuple[int, list[Any]]], sheet: str | None = None,
                sheets: list[str] | None = None) -> tuple[int, list[Any]]:
    """The header among the first rows: the row naming the most known fields (at least two)."""
    candidates = grid[:_HEADER_SCAN_ROWS]
    best = max(candidates, key=lambda r: _header_score(r[1]), default=None)
    if best is None or _header_score(best[1]) < 2:
        where = f"工作表“{sheet}”" if sheet else "文件"
        where_en = f"sheet '{sheet}'" if sheet else "the file"
        others = f"；工作簿中的工作表：{'、'.join(sheets or [])}" if sheets and len(sheets) > 1 else ""
        others_en = f"; the workbook's sheets: {', '.join(sheets or [])}" if sheets and len(sheets) > 1 else ""
        raise QcbrandError(
            f"{where}前{_HEADER_SCAN_ROWS}行中找不到表头（如 企业名称、统一社会信用代码、所在地区）{others}",
            f"no header row (such as 企业名称, 统一社会信用代码, 所在地区) in the first {_HEADER_SCAN_ROWS} rows of "
            f"{where_en}{others_en}",
        )
    return best


def from_grid(file_name: str, grid: list[tuple[int, list[Any]]], sheet: str | None = None,
              sheets: list[str] | None = None) -> RawTable:
    """Find the header among the first rows, then keep every non-blank row below it; note rows under the
    table are set aside."""
    header_row, headers = find_header(grid, sheet, sheets)
    width = len(headers)
    rows, notes = [], []
    titles = _titles(grid, header_row)
    for number, cells in grid:
        if number <= header_row or all(_blank(c) for c in cells):
            continue
        if (note := _is_note(cells)) is not None:
            notes.append((number, note))
            continue
        rows.append((number, (list(cells) + [None] * width)[:width]))
    return RawTable(file_name, sheet, sheets or ([sheet] if sheet else []), header_row,
                    ["" if h is None else str(h) for h in headers], rows, notes, titles=titles)


def _titles(grid: list[tuple[int, list[Any]]], header_row: int) -> list[tuple[int, str]]:
    """The text of the rows above the header (a title merged across the row fills every cell alike)."""
    out = []
    for number, cells in grid:
        if number >= header_row:
            break
        texts = list(dict.fromkeys(normalise_text(str(c)) for c in cells if not _blank(c)))
        if texts:
            out.append((number, " ".join(texts)))
    return out


# --- CSV -----------------------------------------------------------------------------------------


_ENCODING_ADVICE = i18n.pair("msg.sources.excel_wps_save_as_csv")


def _not_text(zh: str, en: str) -> QcbrandError:
    return QcbrandError(*i18n.pair("msg.sources.tried_utf_utf_with_bom", zh=zh, v2=_ENCODING_ADVICE[0], en=en, v4=_ENCODING_ADVICE[1]))


def _private_use(text: str) -> str | None:
    return next((ch for ch in text if "\ue000" <= ch <= "\uf8ff" or "\U000f0000" <= ch <= "\U0010ffff"), None)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK): what Excel on Chinese Windows writes.
    Decoded strictly, and only as text of plausible Chinese: a file that decodes as GB18030 only by reading
    another encoding's bytes as Chinese (Big5, Shift-JIS, Windows-1252: characters outside the common set,
    private-use characters) or that mixes UTF-8 lines with GBK ones is refused, naming the encodings tried."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError as e:
            raise _not_text(*i18n.pair("msg.sources.file_starts_with_utf_mark")) from e
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _gb18030(data)
    if (ch := _private_use(text)) is not None:
        raise _not_text(*i18n.pair("msg.sources.file_holds_private_use_character", v1=ord(ch)))
    return text


def _gb18030(data: bytes) -> str:
    lines = data.split(b"\n")
    utf8 = [i + 1 for i, line in enumerate(lines) if not line.isascii() and _is_utf8(line)]
    if utf8:
        raise _not_text(*i18n.pair("msg.sources.file_mixes_two_encodings_line", v1='、'.join(map(str, utf8[:5])), v2=', '.join(map(str, utf8[:5]))))
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise _not_text(*i18n.pair("msg.sources.file_neither_utf_nor_gb")) from e
    wide = [ch for ch in text if not ch.isascii()]
    rare = [ch for ch in wide if not _common(ch)]
    if len(rare) >= 3 and len(rare) > 0.15 * len(wide):
        raise _not_text(*i18n.pair("msg.sources.read_as_gb_text_mostly", v1=''.join(rare[:6])))
    return text


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _common(ch: str) -> bool:
    """Whether a character is in GB2312 (the 6,763 common characters and the usual punctuation)."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def read_csv(file_name: str, data: bytes) -> RawTable:
    """A CSV, its traditional characters read as simplified ones (the text as given is kept)."""
    original = decode(data)
    text = to_simplified(original)
    table = _read_csv_columns(file_name, text) if len(text) > _COLUMNAR_FROM else None
    if table is None:
        reader = csv.reader(io.StringIO(text, newline=""))
        grid = []
        start = 1
        try:
            for cells in reader:
                if any(len(c) > MAX_CELL_CHARS for c in cells):
                    raise QcbrandError(*i18n.pair("msg.sources.row_has_cell_over_characters", start=start, MAX_CELL_CHARS=MAX_CELL_CHARS))
                grid.append((start, cells))
                start = reader.line_num + 1
        except csv.Error as e:
            raise QcbrandError(*i18n.pair("msg.sources.row_cannot_read_as_csv", start=start, e=e)) from None
        table = from_grid(file_name, grid)
    if text != original:
        table.original_text = original
        was = dict(_csv_cells(original))
        table.converted = [(row, was[(row, col)], cell) for (row, col), cell in _csv_cells(text) if was.get((row, col)) != cell]
    return table


# A CSV longer than this (characters) is read by Arrow's CSV reader, column by column, when its shape allows.
_COLUMNAR_FROM = 200_000
# The characters str.isspace() calls white space, as a regular-expression class: a cell is blank when it has
# no other character (the test sources._blank makes with str.strip()).
WHITE_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
               "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")  # tests/test_bulk.py checks it
_NOT_WHITE = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITE_SPACE) + "]"


def _read_csv_columns(file_name: str, text: str) -> RawTable | None:
    """A CSV read by Arrow into columns of text, or None when its shape needs the row-by-row reader: quotes
    (a cell may then span lines), a line break that is a bare CR, or rows of different widths. The result is
    what from_grid makes of the same text: the same header, row numbers, skipped blank rows and notes."""
    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None
    lines = text.split("\n", _HEADER_SCAN_ROWS)
    head = [(i + 1, next(csv.reader([line.rstrip("\r")]), [])) for i, line in enumerate(lines[:_HEADER_SCAN_ROWS])]
    header_row, headers = find_header(head)
    width = len(headers)
    body = text.split("\n")[header_row:]
    # Arrow skips empty lines (as the csv module reads them as rows without cells, which are blank)
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    short = np.flatnonzero(lengths <= 1)
    empty = np.zeros(len(body), dtype=bool)
    empty[short] = [body[i] in ("", "\r") for i in short]
    numbers = np.flatnonzero(~empty) + header_row + 1
    if not len(numbers) or width == 0:
        return None
    try:
        parsed = pacsv.read_csv(
            io.BytesIO("\n".join(body).encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, use_threads=True),
            parse_options=pacsv.ParseOptions(quote_char=False, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 null_values=[]))
    except pa.ArrowInvalid:  # a row of another width (a note in one cell …): the row-by-row reader handles it
        return None
    if parsed.num_columns != width or parsed.num_rows != len(numbers):
        return None
    columns = [parsed.column(i).combine_chunks() for i in range(width)]
    filled = [pc.match_substring_regex(c, _NOT_WHITE) for c in columns]
    count = pa.array(np.zeros(len(numbers), dtype=np.int64))
    for f in filled:
        count = pc.add(count, pc.cast(f, pa.int64()))
    # a note has one distinct non-blank text (a note merged across the row fills every cell alike)
    first = pc.coalesce(*[pc.if_else(f, c, pa.scalar(None, pa.string())) for f, c in zip(filled, columns)])
    alike = pa.array(np.ones(len(numbers), dtype=bool))
    for f, c in zip(filled, columns):
        alike = pc.and_(alike, pc.or_(pc.invert(f), pc.equal(c, first)))
    maybe_note = pc.and_(pc.greater(count, 0), alike).to_numpy(zero_copy_only=False)
    keep = pc.greater(count, 0).to_numpy(zero_copy_only=False)
    notes = []
    for i in np.flatnonzero(maybe_note):
        note = _is_note([c[int(i)].as_py() for c in columns])
        if note is not None:
            notes.append((int(numbers[i]), note))
            keep[i] = False
    mask = pa.array(keep)
    return RawTable(file_name, None, [], header_row, ["" if h is None else str(h) for h in headers], None, notes,
                    columnar=(numbers[keep].tolist(), [c.filter(mask) for c in columns]), titles=_titles(head, header_row))


def _csv_cells(text: str) -> list[tuple[tuple[int, int], str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    out: list[Any] = []
    start = 1
    for cells in reader:
        out.extend(((start, col), cell) for col, cell in enumerate(cells))
        start = reader.line_num + 1
    return out


# --- Excel ---------------------------------------------------------------------------------------


# What a workbook may hold before it is read: beyond these it is refused at once, never read for minutes.
MAX_XLSX_BYTES = 400_000_000  # the workbook's parts, uncompressed
MAX_MERGED_CELLS = 1_000_000  # every merged range's rows × columns, added up
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
_MERGE = re.compile(rb'<mergeCell[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def check_workbook(file_name: str, data: bytes) -> None:
    """Refuse, in a second and not after minutes, a workbook whose parts are too large once unpacked, whose
    merged ranges cover too many cells (D2:XFD1000 is 16 million), or a text longer than a cell may hold."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        members = book.infolist()
    except (zipfile.BadZipFile, ValueError) as e:
        raise QcbrandError(*i18n.pair("msg.sources.cannot_read_excel_file_not", file_name=file_name, v2=e or '文件已损坏', v3=e or 'damaged')) from None
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_BYTES:
        raise QcbrandError(*i18n.pair("msg.sources.excel_file_unpacks_mb_over", file_name=file_name, v2=total / 1000000.0, v3=MAX_XLSX_BYTES / 1000000.0))
    for member in members:
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            merged = 0
            with book.open(member) as f:
                for m in _MERGE.finditer(f.read()):
                    rows = abs(int(m[4]) - int(m[2])) + 1
                    cols = abs(_column_number(m[3]) - _column_number(m[1])) + 1
                    merged += rows * cols
            if merged > MAX_MERGED_CELLS:
                raise QcbrandError(
                    *i18n.pair("msg.sources.merged_cells_cover_cells_over", file_name=file_name, merged=merged, MAX_MERGED_CELLS=MAX_MERGED_CELLS))
        if member.filename in ("xl/sharedStrings.xml",) or member.filename.startswith("xl/worksheets/"):
            with book.open(member) as f:
                if _longest_text(f) > MAX_CELL_CHARS * 4:  # bytes: a Chinese character is three in UTF-8
                    raise QcbrandError(
                        *i18n.pair("msg.sources.holds_text_longer_than_cell", file_name=file_name, MAX_CELL_CHARS=MAX_CELL_CHARS))


def _longest_text(f: Any) -> int:
    """The longest run of bytes between two tags of an XML part, read a megabyte at a time."""
    run = longest = 0
    while block := f.read(1 << 20):
        pieces = block.split(b"<")
        if len(pieces) == 1:
            run += len(block)
        else:
            longest = max(longest, run + len(pieces[0]), *(len(p) for p in pieces[1:-1]))
            run = len(pieces[-1])
        longest = max(longest, run)
    return longest


def read_xlsx(file_name: str, data: bytes, sheet: str | None = None) -> RawTable:
    """Read one sheet (the named one, else the first visible one that has a header). Merged cells take the value
    of their top-left cell; dates come as dates, Excel date serials as numbers. A formula whose result the file
    does not hold is an error naming the cell (openpyxl cannot compute it)."""
    from openpyxl import load_workbook

    check_workbook(file_name, data)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # openpyxl raises several kinds for a file that is not a workbook
        raise QcbrandError(*i18n.pair("msg.sources.cannot_read_excel_file", file_name=file_name, v2=e or type(e).__name__)) from e
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise QcbrandError(
            *i18n.pair("msg.sources.workbook_has_no_sheet_has", sheet=sheet, v2='、'.join(names), v3=', '.join(names)),
        )
    visible = [n for n in names if book[n].sheet_state == "visible"]
    order = [sheet] if sheet else visible
    if not order:
        raise QcbrandError(*i18n.pair("msg.sources.workbook_has_no_visible_sheet"))
    first_error: QcbrandError | None = None
    for name in order:
        ws = book[name]
        grid, converted = _simplified(_sheet_grid(ws))
        try:
            table = from_grid(file_name, grid, name, visible)
        except QcbrandError as e:
            first_error = first_error or e
            continue
        _formulas_have_values(file_name, data, name, table)
        table.converted = converted
        if converted:
            table.original_text = "\n".join(f"{name}!{row}: {was} → {now}" for row, was, now in converted)
        return table
    assert first_error is not None
    raise first_error


def _formulas_have_values(file_name: str, data: bytes, sheet: str, table: RawTable) -> None:
    """A formula cell of the table whose result the file does not hold (a file written by a program, never opened
    in Excel) would read as empty: refuse it, naming the cell."""
    if not _has_formula(data):
        return
    from openpyxl import load_workbook

    formulas = load_workbook(io.BytesIO(data), data_only=False)[sheet]
    rows = {number for number, _ in table.rows}
    for row in formulas.iter_rows(min_row=table.header_row + 1):
        for cell in row:
            if cell.row in rows and isinstance(cell.value, str) and cell.value.startswith("="):
                index = cell.column - 1
                cells = dict(table.rows)[cell.row]
                if index < len(cells) and (cells[index] is None or (isinstance(cells[index], str) and not cells[index].strip())):
                    raise QcbrandError(
                        *i18n.pair("msg.sources.row_formula_file_holds_no", sheet=sheet, cell_coordinate=cell.coordinate, cell_row=cell.row, v4=cell.value[:40]))


def _has_formula(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for member in book.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                with book.open(member) as f:
                    text = f.read()
                if b"<f>" in text or b"<f " in text:
                    return True
    return False


def _sheet_grid(ws: Any) -> list[tuple[int, list[Any]]]:
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top_left = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(values) else None
        for r in range(merged.min_row - 1, min(merged.max_row, len(values))):
            for c in range(merged.min_col - 1, merged.max_col):
                while len(values[r]) <= c:
                    values[r].append(None)
                values[r][c] = top_left
    return [(i + 1, [_cell(v) for v in row]) for i, row in enumerate(values)]


def _simplified(grid: list[tuple[int, list[Any]]]) -> tuple[list[tuple[int, list[Any]]], list[tuple[int, str, str]]]:
    """Text cells in simplified characters, and the cells that were written in traditional ones."""
    converted = []
    out = []
    for number, cells in grid:
        row = []
        for cell in cells:
            if isinstance(cell, str) and not cell.isascii():
                now = simplified_cell(cell)
                if now != cell:
                    converted.append((number, cell, now))
                cell = now
            row.append(cell)
        out.append((number, row))
    return out, converted


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


# --- text notices --------------------------------------------------------------------------------


def read_notice(file_name: str, text: str, kinds: dict[str, tuple[str, str]]) -> RawTable:
    """A notice given as text (a .txt file or text pasted into the page); see notices.py."""
    notice = notices.parse(text, kinds)
    return RawTable(file_name, None, [], 0, [], [], notice=notice,
                    original_text=text)


def read_file(file_name: str, data: bytes, *, sheet: str | None = None,
              kinds: dict[str, tuple[str, str]] | None = None) -> RawTable:
    """Any supported file by its extension: .xlsx, .csv or .txt."""
    lowered = file_name.lower()
    if not data.strip():
        raise QcbrandError(*i18n.pair("msg.sources.file_empty"))
    if lowered.endswith((".xlsx", ".xlsm")):
        return read_xlsx(file_name, data, sheet)
    if lowered.endswith(".txt"):
        return read_notice(file_name, decode(data), kinds or {})
    if lowered.endswith(".xls"):
        raise QcbrandError(*i18n.pair("msg.sources.old_xls_files_are_not"))
    return read_csv(file_name, data)
