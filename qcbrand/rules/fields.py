"""The rules of a field: dates as lists write them, credit codes, districts, trademark classes, years, names.

Plain functions used by the import models (qcbrand.intake.models), the editors' corrections and the plan files.
Each raises pydantic's custom error with a Chinese and an English message.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from qcbrand import i18n
from qcbrand.rules import codes

MIN_YEAR = 1949
MAX_YEAR = 2100


def custom_error(zh: str, en: str) -> PydanticCustomError:
    return PydanticCustomError("qcbrand", "{en}", {"zh": zh, "en": en})


# --- dates ---------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's 1900 system, with its 1900-02-29 quirk absorbed
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")
_Y = re.compile(r"^(\d{4})\s*(?:年|年度)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# 二〇一九年, 二〇一九年度, 二〇一九年六月, 二〇一九年十二月二十日: the numerals of a notice written out
_CHINESE_DATE = re.compile(r"^(?P<y>[〇零○一二三四五六七八九]{4})\s*年(?:度)?(?:\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月(?:份)?"
                           r"(?:\s*(?P<d>[一二三四五六七八九十]{1,4})\s*日)?)?$")


def _arabic_date(text: str) -> str:
    """A date written in Chinese numerals with Arabic ones (二〇一九年六月 → 2019年6月); other text as it is."""
    m = _CHINESE_DATE.match(text)
    if not m:
        return text
    from qcbrand.rules.hanzi import number
    from qcbrand.rules.honours import chinese_year

    out = f"{chinese_year(m['y'])}年"
    if m["m"]:
        out += f"{number(m['m'])}月"
        if m["d"]:
            out += f"{number(m['d'])}日"
    return out


def parse_date(value: Any) -> dt.date:
    """A date from what lists contain: a date, 2019-12-31, 2019/12/31, 2019.12.31, 2019年12月31日,
    a month (2019年12月, 2019.12), a year (2019, 2019年度), or an Excel serial number.

    A month alone is read as its last day and a year alone as 31 December: a record is never
    counted before it may have been granted."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if MIN_YEAR <= value <= MAX_YEAR and float(value).is_integer():
            return dt.date(int(value), 12, 31)
        if 1 <= value < 2958466:  # an Excel date serial
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise custom_error(*i18n.pair("msg.fields.not_recognisable_date", value=value))
    text = _arabic_date(codes.normalise_text(str(value)))
    try:
        if m := _YMD.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _COMPACT.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _YM.match(text):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if m := _Y.match(text):
            return dt.date(int(m[1]), 12, 31)
        if re.fullmatch(r"\d{5}(\.\d+)?", text):
            return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    except ValueError:
        pass
    raise custom_error(
        f"无法识别的日期“{value}”，应形如 2019-12-31、2019年12月 或 2019",
        f"'{value}' is not a recognisable date; write it like 2019-12-31, 2019年12月 or 2019",
    )


def sane_date(value: Any) -> dt.date:
    day = parse_date(value)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise custom_error(
            *i18n.pair("msg.fields.year_outside_sane_range", day_year=day.year, MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR),
        )
    return day


def blank_to_none(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):  # NaN from pandas
        return None
    if isinstance(value, str) and not codes.normalise_text(value):
        return None
    return value


def optional_text(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return codes.normalise_text(str(value))


def year(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, str):
        text = codes.normalise_text(value)
        m = re.match(r"^(\d{4})\s*(年|年度)?$", text)
        if not m:
            raise custom_error(*i18n.pair("msg.fields.year_should_four_digits", value=value))
        value = int(m[1])
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise custom_error(*i18n.pair("msg.fields.year_should_four_digits", value=value))
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise custom_error(
            *i18n.pair("msg.fields.year_outside_sane_range_2", year=year, MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR),
        )
    return year


def uscc(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return None
    try:
        return codes.check_uscc(str(value))
    except codes.CodeError as e:
        raise custom_error(e.zh, e.en) from None


def district(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return None
    try:
        return codes.resolve_district(str(value))
    except codes.CodeError as e:
        raise custom_error(e.zh, e.en) from None


def nice(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return None
    # an integer as a list writes it: 9, 09, 第9类, or an Excel number cell 9.0; never 9.5 or 1e1
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = codes.normalise_text(str(value)).removeprefix("第").removesuffix("类").strip()
    if not re.fullmatch(r"\d{1,2}", text):
        raise custom_error(*i18n.pair("msg.fields.nice_class_should_whole_number", value=value))
    number = int(text)
    try:
        return codes.check_nice_class(number)
    except codes.CodeError as e:
        raise custom_error(e.zh, e.en) from None


def standard_number(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return None
    try:
        return codes.parse_standard_number(str(value))
    except codes.CodeError as e:
        raise custom_error(e.zh, e.en) from None


_ROLES = {"主导": "led", "牵头": "led", "主持": "led", "led": "led", "lead": "led",
          "参与": "took_part", "参加": "took_part", "took_part": "took_part", "took part": "took_part",
          "participant": "took_part"}


def role(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return None
    text = codes.normalise_text(str(value)).lower()
    if text in _ROLES:
        return _ROLES[text]
    raise custom_error(f"起草角色“{value}”应为“主导”或“参与”", f"the drafting role '{value}' should be 主导 (led) or 参与 (took part)")


_YES = {"是", "y", "yes", "true", "1", "服务业", "service"}
_NO = {"否", "n", "no", "false", "0", ""}


def flag(value: Any) -> Any:
    value = blank_to_none(value)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = codes.normalise_text(str(value)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise custom_error(f"“{value}”应为“是”或“否”", f"'{value}' should be yes (是) or no (否)")


def required_text(value: Any) -> str:
    text = optional_text(value)
    if text is None:
        raise custom_error(*i18n.pair("msg.fields.required_field_empty"))
    return text


# Characters a name never holds. Zero-width ones come with text copied from web pages and are removed; control
# characters (NUL, BEL, ESC …) and the direction marks and overrides (U+202E …) would make one name look like
# another, or act on a terminal, and refuse the row.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_TABLE = str.maketrans("", "", ZERO_WIDTH)
NAME_LIMIT = 100  # characters: official names are under 60


def name_text(value: Any) -> str:
    """An enterprise's (or a laureate's) name: required text, zero-width characters removed, no control or
    direction characters, at most NAME_LIMIT characters."""
    if isinstance(value, str):
        value = value.translate(_ZERO_WIDTH_TABLE)
    text = required_text(value)
    bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")), None)
    if bad is not None:
        raise custom_error(*i18n.pair("msg.fields.name_holds_invisible_control_character", v1=ord(bad), v2=unicodedata.name(bad, '控制字符'), v3=unicodedata.name(bad, 'a control character')))
    if len(text) > NAME_LIMIT:
        raise custom_error(*i18n.pair("msg.fields.name_has_characters_over_limit", v1=len(text), NAME_LIMIT=NAME_LIMIT))
    return text


def opt_name_text(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.translate(_ZERO_WIDTH_TABLE)
    return None if optional_text(value) is None else name_text(value)


Text = Annotated[str, BeforeValidator(required_text)]
Name = Annotated[str, BeforeValidator(name_text)]
OptName = Annotated[str | None, BeforeValidator(opt_name_text)]
OptText = Annotated[str | None, BeforeValidator(optional_text)]
Date = Annotated[dt.date, BeforeValidator(sane_date)]
def opt_date(value: Any) -> dt.date | None:
    return None if blank_to_none(value) is None else sane_date(value)


OptDate = Annotated[dt.date | None, BeforeValidator(opt_date)]
OptYear = Annotated[int | None, BeforeValidator(year)]
Uscc = Annotated[str | None, BeforeValidator(uscc)]
DistrictCode = Annotated[str | None, BeforeValidator(district)]
NiceClass = Annotated[int | None, BeforeValidator(nice)]
Role = Annotated[Literal["led", "took_part"] | None, BeforeValidator(role)]
Flag = Annotated[bool, BeforeValidator(flag)]


_BUILTIN = {
    "missing": i18n.pair("msg.fields.required_field_empty"),
    "string_type": i18n.pair("msg.fields.should_text"),
    "float_parsing": i18n.pair("msg.fields.should_number"),
    "float_type": i18n.pair("msg.fields.should_number"),
    "int_parsing": i18n.pair("msg.fields.should_whole_number"),
    "int_type": i18n.pair("msg.fields.should_whole_number"),
    "int_from_float": i18n.pair("msg.fields.should_whole_number"),
    "bool_parsing": i18n.pair("msg.fields.should_true_false"),
    "date_type": i18n.pair("msg.fields.should_date"),
    "date_parsing": i18n.pair("msg.fields.should_date"),
    "date_from_datetime_parsing": i18n.pair("msg.fields.should_date"),
    "extra_forbidden": i18n.pair("msg.fields.unknown_key"),
    "list_type": i18n.pair("msg.fields.should_list"),
    "too_short": i18n.pair("msg.fields.must_not_empty"),
    "string_too_short": i18n.pair("msg.fields.must_not_empty"),
}


def bilingual(error: Any) -> tuple[str, str]:
    """The Chinese and English message of one pydantic error."""
    ctx = error.get("ctx") or {}
    if error["type"] == "qcbrand":
        return ctx["zh"], ctx["en"]
    if error["type"] == "literal_error":
        expected = ctx.get("expected", "")
        return i18n.pair("msg.fields.should_one", expected=expected)
    if error["type"] in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"超出允许范围：{error['msg']}", error["msg"]
    zh, en = _BUILTIN.get(error["type"], (f"数值不合要求（{error['msg']}）", error["msg"]))
    return zh, en
