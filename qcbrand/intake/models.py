"""pydantic records for everything that enters the ledger, and their validators.

Every error carries a Chinese and an English message (`problems_from`), so an import can report
each bad row and field in both languages instead of stopping at the first problem.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from qcbrand.rules import codes

MIN_YEAR = 1949
MAX_YEAR = 2100


def _custom(zh: str, en: str) -> PydanticCustomError:
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
        raise _custom(f"无法识别的日期：{value}", f"not a recognisable date: {value}")
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
    raise _custom(
        f"无法识别的日期“{value}”，应形如 2019-12-31、2019年12月 或 2019",
        f"'{value}' is not a recognisable date; write it like 2019-12-31, 2019年12月 or 2019",
    )


def _sane_date(value: Any) -> dt.date:
    day = parse_date(value)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _custom(
            f"年份 {day.year} 超出合理范围（{MIN_YEAR}–{MAX_YEAR}）",
            f"the year {day.year} is outside the sane range {MIN_YEAR}–{MAX_YEAR}",
        )
    return day


def _blank_to_none(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, str) and not codes.normalise_text(value):
        return None
    return value


def _text(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return codes.normalise_text(str(value))


def _year(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, str):
        text = codes.normalise_text(value)
        m = re.match(r"^(\d{4})\s*(年|年度)?$", text)
        if not m:
            raise _custom(f"年份“{value}”应为四位数字", f"the year '{value}' should be four digits")
        value = int(m[1])
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise _custom(f"年份“{value}”应为四位数字", f"the year '{value}' should be four digits")
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _custom(
            f"年份 {year} 超出合理范围（{MIN_YEAR}–{MAX_YEAR}）",
            f"the year {year} is outside the sane range {MIN_YEAR}–{MAX_YEAR}",
        )
    return year


def _uscc(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    try:
        return codes.check_uscc(str(value))
    except codes.CodeError as e:
        raise _custom(e.zh, e.en) from None


def _district(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    try:
        return codes.resolve_district(str(value))
    except codes.CodeError as e:
        raise _custom(e.zh, e.en) from None


def _nice(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    # an integer as a list writes it: 9, 09, 第9类, or an Excel number cell 9.0; never 9.5 or 1e1
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = codes.normalise_text(str(value)).removeprefix("第").removesuffix("类").strip()
    if not re.fullmatch(r"\d{1,2}", text):
        raise _custom(f"尼斯分类“{value}”应为1至45的整数", f"the Nice class '{value}' should be a whole number 1–45")
    number = int(text)
    try:
        return codes.check_nice_class(number)
    except codes.CodeError as e:
        raise _custom(e.zh, e.en) from None


def _standard_number(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    try:
        return codes.parse_standard_number(str(value))
    except codes.CodeError as e:
        raise _custom(e.zh, e.en) from None


_ROLES = {"主导": "led", "牵头": "led", "主持": "led", "led": "led", "lead": "led",
          "参与": "took_part", "参加": "took_part", "took_part": "took_part", "took part": "took_part",
          "participant": "took_part"}


def _role(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    text = codes.normalise_text(str(value)).lower()
    if text in _ROLES:
        return _ROLES[text]
    raise _custom(f"起草角色“{value}”应为“主导”或“参与”", f"the drafting role '{value}' should be 主导 (led) or 参与 (took part)")


_YES = {"是", "y", "yes", "true", "1", "服务业", "service"}
_NO = {"否", "n", "no", "false", "0", ""}


def _flag(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = codes.normalise_text(str(value)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _custom(f"“{value}”应为“是”或“否”", f"'{value}' should be yes (是) or no (否)")


def _required_text(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise _custom("必填字段为空", "a required field is empty")
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
    text = _required_text(value)
    bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")), None)
    if bad is not None:
        raise _custom(f"名称中有看不见的控制字符 U+{ord(bad):04X}（{unicodedata.name(bad, '控制字符')}）：请删去后再导入",
                      f"the name holds the invisible control character U+{ord(bad):04X} "
                      f"({unicodedata.name(bad, 'a control character')}): remove it and import again")
    if len(text) > NAME_LIMIT:
        raise _custom(f"名称有 {len(text)} 个字符，超过上限 {NAME_LIMIT}", f"the name has {len(text)} characters, over the "
                      f"limit of {NAME_LIMIT}")
    return text


def opt_name_text(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.translate(_ZERO_WIDTH_TABLE)
    return None if _text(value) is None else name_text(value)


Text = Annotated[str, BeforeValidator(_required_text)]
Name = Annotated[str, BeforeValidator(name_text)]
OptName = Annotated[str | None, BeforeValidator(opt_name_text)]
OptText = Annotated[str | None, BeforeValidator(_text)]
Date = Annotated[dt.date, BeforeValidator(_sane_date)]
def _opt_date(value: Any) -> dt.date | None:
    return None if _blank_to_none(value) is None else _sane_date(value)


OptDate = Annotated[dt.date | None, BeforeValidator(_opt_date)]
OptYear = Annotated[int | None, BeforeValidator(_year)]
Uscc = Annotated[str | None, BeforeValidator(_uscc)]
DistrictCode = Annotated[str | None, BeforeValidator(_district)]
NiceClass = Annotated[int | None, BeforeValidator(_nice)]
Role = Annotated[Literal["led", "took_part"] | None, BeforeValidator(_role)]
Flag = Annotated[bool, BeforeValidator(_flag)]


def _kind(value: Any, info: ValidationInfo, category: str) -> str:
    """Resolve an honour kind by code, name or alias against the catalogue in the context."""
    return resolve_kind(value, (info.context or {}).get("kinds", {}), category)


def resolve_kind(value: Any, catalogue: dict[str, tuple[str, str]], category: str) -> str:
    """The code of an honour kind of `category` named by code, name or alias in the catalogue."""
    text = _text(value)
    if text is None:
        raise _custom("荣誉类别不能为空", "the honour kind is empty")
    found = catalogue.get(text) or catalogue.get(text.lower())
    if found is None:
        from qcbrand.rules.honours import match  # read whole: 2019年江苏名牌产品 is the kind, 江苏省质量奖入围奖 is not

        read = match(text, catalogue)
        if read.code is None:
            raise _custom(*unread_honour_messages(read, catalogue))
        found = next(v for v in catalogue.values() if v[0] == read.code)
    if found[1] != category:
        names = "、".join(sorted({k for k, (_, c) in catalogue.items() if c == category and not k.isascii()}))
        raise _custom(
            f"“{text}”不是已登记的{_CATEGORY_ZH[category]}类别（可用：{names}）",
            f"'{text}' is not a known {category.replace('_', ' ')} kind; see the honour-kind catalogue",
        )
    return found[0]


def unknown_honour(text: str) -> PydanticCustomError:
    """An honour the catalogue does not have, and how to add it."""
    zh, en = unknown_honour_messages(text)
    return _custom(zh, en)


def unread_honour_messages(found: Any, catalogue: dict[str, tuple[str, str]], shown: str | None = None) -> tuple[str, str]:
    """Why a text names no catalogue honour when read whole (a honours.Match), and how to settle it; `shown` the
    honour as the list names it (without its count), for the catalogue entry to write."""
    first_name: dict[str, str] = {}
    for name, (code, _c) in catalogue.items():
        if not name.isascii():
            first_name.setdefault(code, name)
    zh, en = unknown_honour_messages(shown or found.text)
    if found.others:
        return (f"“{found.text}”是{'、'.join(found.others)}的荣誉，不是本市的：整份名单不读；若只是其中几行属于其他城市，请用表格导入",
                f"'{found.text}' is an honour of {', '.join(found.others)}, not of this city: the list is not read")
    if found.ambiguous:
        both = "”和“".join(first_name.get(c, c) for c in found.ambiguous)
        return (f"“{found.text}”同样符合“{both}”：请用 --honour 指定代码（{'、'.join(found.ambiguous)}）",
                f"'{found.text}' fits {', '.join(found.ambiguous)} alike: give --honour with the code")
    if found.near is not None and found.extra:
        near = first_name.get(found.near, found.near)
        return (f"“{found.text}”比目录中的“{near}”多出“{found.extra}”：带“提名奖”“优秀奖”“入围奖”“先进个人”“培育”等字样的是另一项荣誉，"
                f"不能记作“{near}”。" + zh,
                f"'{found.text}' says more than the catalogue's '{found.near}': '{found.extra}' makes another honour "
                f"(a nomination is not the award), so it is not recorded as {found.near}. " + en)
    return zh, en


def unknown_honour_messages(text: str) -> tuple[str, str]:
    return (
        f"“{text}”不在荣誉类别目录中：请在一个 TOML 文件中为它写一条 [[kinds]]（code、category、name_zh、name_en、"
        "level，可加 aliases、term_years），运行 qcbrand kinds load 该文件（只增改文件中的类别，其余保留），再导入；"
        "若它是已有类别的别称，请把它加进那一类的 aliases",
        f"'{text}' is not in the honour-kind catalogue: write a [[kinds]] entry for it in a TOML file (code, category, "
        "name_zh, name_en, level; aliases and term_years if any), run qcbrand kinds load FILE (it adds or updates the "
        "kinds in FILE and keeps all others), then import again; if it is another name of a known kind, add it to "
        "that kind's aliases",
    )


_CATEGORY_ZH = {
    "famous_brand": "名牌产品",
    "trademark": "商标",
    "quality_award": "质量奖",
    "standard": "标准",
    "other": "荣誉",
}


# --- records -------------------------------------------------------------------------------------


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class HolderFields(Record):
    """The enterprise a record belongs to, as a list names it. For a person (a laureate named with the
    organisation in brackets), `enterprise` holds the person's name and `person_org` the organisation."""

    enterprise: Name
    uscc: Uscc = None
    district: DistrictCode = None
    person_org: OptText = None


class EnterpriseIn(Record):
    name: Name
    uscc: Uscc = None
    district: DistrictCode = None
    industry: OptText = None
    former_names: OptText = None  # separated by 、 ; or ;


def _valid_after_grant(granted: dt.date | None, valid_until: dt.date | None) -> None:
    if granted and valid_until and valid_until < granted:
        raise _custom(
            f"有效期至 {valid_until} 早于认定日期 {granted}",
            f"valid until {valid_until} is before the grant date {granted}",
        )


class FamousBrandIn(HolderFields):
    product: Text
    brand: OptText = None
    kind: str = "jiangsu_famous_brand"
    granted_on: Date
    valid_until: OptDate = None

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: Any, info: ValidationInfo) -> str:
        return _kind(value or "jiangsu_famous_brand", info, "famous_brand")

    @model_validator(mode="after")
    def _dates(self) -> FamousBrandIn:
        _valid_after_grant(self.granted_on, self.valid_until)
        return self


def reg_no(value: str | None) -> str | None:
    """A trademark registration number (digits, perhaps a letter), spaces removed."""
    if value is not None and not re.fullmatch(r"\d{1,9}[A-Z]?", value.replace(" ", "")):
        raise _custom(f"商标注册号“{value}”应为数字", f"the trademark registration number '{value}' should be digits")
    return value.replace(" ", "") if value else None


class TrademarkIn(HolderFields):
    mark: Text
    reg_no: OptText = None
    nice_class: NiceClass = None
    tier: str
    granted_on: Date
    valid_until: OptDate = None

    @field_validator("tier", mode="before")
    @classmethod
    def _known_tier(cls, value: Any, info: ValidationInfo) -> str:
        return _kind(value, info, "trademark")

    @field_validator("reg_no")
    @classmethod
    def _reg_no(cls, value: str | None) -> str | None:
        return reg_no(value)

    @model_validator(mode="after")
    def _dates(self) -> TrademarkIn:
        _valid_after_grant(self.granted_on, self.valid_until)
        return self


class QualityAwardIn(HolderFields):
    award: str
    year: OptYear = None
    granted_on: OptDate = None

    @field_validator("award", mode="before")
    @classmethod
    def _known_award(cls, value: Any, info: ValidationInfo) -> str:
        return _kind(value, info, "quality_award")

    @model_validator(mode="after")
    def _year_or_date(self) -> QualityAwardIn:
        if self.year is None and self.granted_on is None:
            raise _custom("获奖年份与日期都为空", "both the year and the date of the award are empty")
        if self.granted_on is None:
            self.granted_on = dt.date(self.year, 12, 31)  # type: ignore[arg-type]
        if self.year is None:
            self.year = self.granted_on.year
        if self.granted_on.year != self.year:
            raise _custom(
                f"获奖年份 {self.year} 与日期 {self.granted_on} 不一致",
                f"the award year {self.year} does not match its date {self.granted_on}",
            )
        return self


_STATUS = {"现行": "current", "current": "current", "有效": "current",
           "被代替": "replaced", "replaced": "replaced", "已替代": "replaced",
           "废止": "withdrawn", "withdrawn": "withdrawn", "作废": "withdrawn"}


def standard_status(value: Any) -> str:
    text = _text(value)
    if text is None:
        return "current"
    if text.lower() in _STATUS:
        return _STATUS[text.lower()]
    raise _custom(f"标准状态“{text}”应为现行、被代替或废止", f"the standard status '{text}' should be current, replaced or withdrawn")


def role_required(value: str | None) -> str:
    if value is None:
        raise _custom("起草角色不能为空（主导或参与）", "the drafting role is empty (主导 led or 参与 took part)")
    return value


class StandardIn(Record):
    std_no: Annotated[codes.StandardNumber, BeforeValidator(_standard_number)]
    title: Text
    released_on: Date
    status: str = "current"
    service: Flag = False
    enterprise: Name
    uscc: Uscc = None
    district: DistrictCode = None
    role: Role = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str:
        return standard_status(value)

    @field_validator("role")
    @classmethod
    def _role_required(cls, value: str | None) -> str:
        return role_required(value)

    @model_validator(mode="after")
    def _year_matches(self) -> StandardIn:
        if self.std_no.year > self.released_on.year:
            raise _custom(
                f"标准编号年份 {self.std_no.year} 晚于发布日期 {self.released_on}",
                f"the year in the standard number, {self.std_no.year}, is after the release date {self.released_on}",
            )
        return self


class OtherHonourIn(Record):
    kind: str
    title: OptText = None  # the project, zone or unit; an enterprise-level honour (AAA, 老字号) is titled by its holder
    enterprise: OptName = None
    uscc: Uscc = None
    district: DistrictCode = None
    person_org: OptText = None
    granted_on: Date
    valid_until: OptDate = None

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: Any, info: ValidationInfo) -> str:
        return _kind(value, info, "other")

    @model_validator(mode="after")
    def _holder(self) -> OtherHonourIn:
        if self.enterprise is None and self.district is None:
            raise _custom("获得单位与所在地区至少填写一项", "give the holder, its district, or both")
        if self.title is None:
            if self.enterprise is None:
                raise _custom("名称（项目、示范区）为空", "the title (the project or zone) is empty")
            self.title = self.enterprise
        _valid_after_grant(self.granted_on, self.valid_until)
        return self


def reading_value(value: Any) -> float:
    """An indicator's reading: a finite number (inf, nan and 1e400 are not readings)."""
    if isinstance(value, str):
        text = codes.normalise_text(value).removesuffix("%").strip()
        try:
            value = float(text)
        except ValueError:
            raise _custom(f"读数“{value}”应为数字", f"the reading '{value}' should be a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _custom(f"读数“{value}”应为数字", f"the reading '{value}' should be a number")
    if not math.isfinite(value):
        raise _custom(f"读数“{value}”不是有限的数", f"the reading '{value}' is not a finite number")
    return float(value)


class IndicatorReadingIn(Record):
    indicator: Text
    year: Annotated[int, BeforeValidator(_year)]
    value: Annotated[float, BeforeValidator(reading_value)]
    source: OptText = None


# --- turning pydantic errors into bilingual problems ----------------------------------------------

_BUILTIN = {
    "missing": ("必填字段为空", "a required field is empty"),
    "string_type": ("应为文字", "should be text"),
    "float_parsing": ("应为数字", "should be a number"),
    "float_type": ("应为数字", "should be a number"),
    "int_parsing": ("应为整数", "should be a whole number"),
    "int_type": ("应为整数", "should be a whole number"),
    "int_from_float": ("应为整数", "should be a whole number"),
    "bool_parsing": ("应为 true 或 false", "should be true or false"),
    "date_type": ("应为日期", "should be a date"),
    "date_parsing": ("应为日期", "should be a date"),
    "date_from_datetime_parsing": ("应为日期", "should be a date"),
    "extra_forbidden": ("不认识的键", "unknown key"),
    "list_type": ("应为列表", "should be a list"),
    "too_short": ("不能为空", "must not be empty"),
    "string_too_short": ("不能为空", "must not be empty"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one row. `row` is the row number as the file shows it."""

    row: int | None
    field: str
    value: str
    zh: str
    en: str
    severity: Literal["error", "warning"] = "error"

    def line(self, lang: str = "zh") -> str:
        where = f"第{self.row}行" if lang == "zh" else f"row {self.row}"
        if self.row is None:
            where = "文件" if lang == "zh" else "file"
        text = self.zh if lang == "zh" else self.en
        shown = f"“{self.value}”" if self.value else ""
        return f"{where} {self.field}{shown}: {text}" if lang == "en" else f"{where}，{self.field}{shown}：{text}"


def bilingual(error: dict[str, Any]) -> tuple[str, str]:
    """The Chinese and English message of one pydantic error."""
    ctx = error.get("ctx") or {}
    if error["type"] == "qcbrand":
        return ctx["zh"], ctx["en"]
    if error["type"] == "literal_error":
        expected = ctx.get("expected", "")
        return f"应为 {expected} 之一", f"should be one of {expected}"
    if error["type"] in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"超出允许范围：{error['msg']}", error["msg"]
    zh, en = _BUILTIN.get(error["type"], (f"数值不合要求（{error['msg']}）", error["msg"]))
    return zh, en


def problems_from(exc: ValidationError, row: int | None, raw: dict[str, Any]) -> list[Problem]:
    found = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "—"
        top = str(error["loc"][0]) if error["loc"] else ""
        value = raw.get(top, "")
        value = "" if _blank_to_none(value) is None else str(value)
        zh, en = bilingual(error)
        found.append(Problem(row, field, value, zh, en))
    return found
