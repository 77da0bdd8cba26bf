"""Tables for Excel and WPS: CSV and XLSX bytes with a title block, and cells that cannot run as formulas."""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A cell that begins with one of these is read as a formula (or a DDE command) by Excel and WPS.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that Excel would run as a formula with an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7f, *range(0x80, 0xa0)] if c not in (0x0a,)}
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x200e, 0x200f, *range(0x202a, 0x202f), *range(0x2066, 0x206a))})


def printable(text: str) -> str:
    """Text for a terminal: control characters (BEL, ESC …) and direction overrides written as escapes, never
    sent to act on the screen."""
    return text.translate(_CONTROL)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel on Chinese Windows opens it without garbling."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, *, title: str, lines: list[str], sheet: str = "qcbrand") -> bytes:
    """One sheet: the title and lines (as-of date, district, source) above the table."""
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([neutralise(title)])
    ws["A1"].font = Font(bold=True, size=14)
    for line in lines:
        ws.append([neutralise(line)])
    ws.append([])
    safe = safe_frame(frame)
    ws.append(list(safe.columns))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in safe.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and math.isnan(v)) else v for v in row])
    for i, column in enumerate(safe.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in safe[column].head(200)]) + 2
        ws.column_dimensions[get_column_letter(i)].width = min(max(width * 1.6, 8), 60)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
