"""pydantic records for everything that enters the ledger, and their validators.

Every error carries a Chinese and an English message (`problems_from`), so an import can report
each bad row and field in both languages instead of stopping at the first problem.
"""

from __future__ import annotations

import datetime as dt
import math
import re
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

from qcbrand.rules import codes, fields
from qcbrand.rules.fields import (
    Date,
    DistrictCode,
    Flag,
    Name,
    NiceClass,
    OptDate,
    OptName,
    OptText,
    OptYear,
    Role,
    Text,
    Uscc,
    bilingual,
)


def _kind(value: Any, info: ValidationInfo, category: str) -> str:
    """Resolve an honour kind by code, name or alias against the catalogue in the context."""
    return resolve_kind(value, (info.context or {}).get("kinds", {}), category)


def resolve_kind(value: Any, catalogue: dict[str, tuple[str, str]], category: str) -> str:
    """The code of an honour kind of `category` named by code, name or alias in the catalogue."""
    text = fields.optional_text(value)
    if text is None:
        raise fields.custom_error("荣誉类别不能为空", "the honour kind is empty")
    found = catalogue.get(text) or catalogue.get(text.lower())
    if found is None:
        from qcbrand.rules.honours import match  # read whole: 2019年江苏名牌产品 is the kind, 江苏省质量奖入围奖 is not

        read = match(text, catalogue)
        if read.code is None:
            raise fields.custom_error(*unread_honour_messages(read, catalogue))
        found = next(v for v in catalogue.values() if v[0] == read.code)
    if found[1] != category:
        names = "、".join(sorted({k for k, (_, c) in catalogue.items() if c == category and not k.isascii()}))
        raise fields.custom_error(
            f"“{text}”不是已登记的{_CATEGORY_ZH[category]}类别（可用：{names}）",
            f"'{text}' is not a known {category.replace('_', ' ')} kind; see the honour-kind catalogue",
        )
    return found[0]


def unknown_honour(text: str) -> PydanticCustomError:
    """An honour the catalogue does not have, and how to add it."""
    zh, en = unknown_honour_messages(text)
    return fields.custom_error(zh, en)


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
        raise fields.custom_error(
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
        raise fields.custom_error(f"商标注册号“{value}”应为数字", f"the trademark registration number '{value}' should be digits")
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
            raise fields.custom_error("获奖年份与日期都为空", "both the year and the date of the award are empty")
        if self.granted_on is None:
            self.granted_on = dt.date(self.year, 12, 31)  # type: ignore[arg-type]
        if self.year is None:
            self.year = self.granted_on.year
        if self.granted_on.year != self.year:
            raise fields.custom_error(
                f"获奖年份 {self.year} 与日期 {self.granted_on} 不一致",
                f"the award year {self.year} does not match its date {self.granted_on}",
            )
        return self


_STATUS = {"现行": "current", "current": "current", "有效": "current",
           "被代替": "replaced", "replaced": "replaced", "已替代": "replaced",
           "废止": "withdrawn", "withdrawn": "withdrawn", "作废": "withdrawn"}


def standard_status(value: Any) -> str:
    text = fields.optional_text(value)
    if text is None:
        return "current"
    if text.lower() in _STATUS:
        return _STATUS[text.lower()]
    raise fields.custom_error(f"标准状态“{text}”应为现行、被代替或废止", f"the standard status '{text}' should be current, replaced or withdrawn")


def role_required(value: str | None) -> str:
    if value is None:
        raise fields.custom_error("起草角色不能为空（主导或参与）", "the drafting role is empty (主导 led or 参与 took part)")
    return value


class StandardIn(Record):
    std_no: Annotated[codes.StandardNumber, BeforeValidator(fields.standard_number)]
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
            raise fields.custom_error(
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
            raise fields.custom_error("获得单位与所在地区至少填写一项", "give the holder, its district, or both")
        if self.title is None:
            if self.enterprise is None:
                raise fields.custom_error("名称（项目、示范区）为空", "the title (the project or zone) is empty")
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
            raise fields.custom_error(f"读数“{value}”应为数字", f"the reading '{value}' should be a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fields.custom_error(f"读数“{value}”应为数字", f"the reading '{value}' should be a number")
    if not math.isfinite(value):
        raise fields.custom_error(f"读数“{value}”不是有限的数", f"the reading '{value}' is not a finite number")
    return float(value)


class IndicatorReadingIn(Record):
    indicator: Text
    year: Annotated[int, BeforeValidator(fields.year)]
    value: Annotated[float, BeforeValidator(reading_value)]
    source: OptText = None


# --- turning pydantic errors into bilingual problems ----------------------------------------------



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


def problems_from(exc: ValidationError, row: int | None, raw: dict[str, Any]) -> list[Problem]:
    found = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "—"
        top = str(error["loc"][0]) if error["loc"] else ""
        value = raw.get(top, "")
        value = "" if fields.blank_to_none(value) is None else str(value)
        zh, en = bilingual(error)
        found.append(Problem(row, field, value, zh, en))
    return found
