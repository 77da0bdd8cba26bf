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

from qcbrand import i18n
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


def resolve_kind(value: Any, catalogue: dict[str, tuple[str, str]], category: str | None) -> str:
    """The code of an honour kind of `category` (None: of any) named by code, name or alias in the catalogue."""
    text = fields.optional_text(value)
    if text is None:
        raise fields.custom_error(*i18n.pair("msg.models.honour_kind_empty"))
    found = catalogue.get(text) or catalogue.get(text.lower())
    if found is None:
        from qcbrand.rules.honours import match  # read whole: 2019年江苏名牌产品 is the kind, 江苏省质量奖入围奖 is not

        read = match(text, catalogue)
        if read.code is None:
            raise fields.custom_error(*unread_honour_messages(read, catalogue))
        found = next(v for v in catalogue.values() if v[0] == read.code)
    if category is not None and found[1] != category:
        names = "、".join(sorted({k for k, (_, c) in catalogue.items() if c == category and not k.isascii()}))
        raise fields.custom_error(
            *i18n.pair("msg.models.not_known_kind_see_honour", text=text, v2=_CATEGORY_ZH[category], names=names, v4=category.replace('_', ' ')),
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
        return i18n.pair("msg.models.honour_not_this_city_list", found_text=found.text, v2='、'.join(found.others), v3=', '.join(found.others))
    if found.ambiguous:
        both = "”和“".join(first_name.get(c, c) for c in found.ambiguous)
        return i18n.pair("msg.models.fits_alike_give_honour_with", found_text=found.text, both=both, v3='、'.join(found.ambiguous), v4=', '.join(found.ambiguous))
    if found.near is not None and found.extra:
        near = first_name.get(found.near, found.near)
        return (f"“{found.text}”比目录中的“{near}”多出“{found.extra}”：带“提名奖”“优秀奖”“入围奖”“先进个人”“培育”等字样的是另一项荣誉，"
                f"不能记作“{near}”。" + zh,
                f"'{found.text}' says more than the catalogue's '{found.near}': '{found.extra}' makes another honour "
                f"(a nomination is not the award), so it is not recorded as {found.near}. " + en)
    return zh, en


def unknown_honour_messages(text: str) -> tuple[str, str]:
    return i18n.pair("msg.models.not_honour_kind_catalogue_write", text=text)


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
            *i18n.pair("msg.models.valid_until_before_grant_date", valid_until=valid_until, granted=granted),
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
        raise fields.custom_error(*i18n.pair("msg.models.trademark_registration_number_should_digits", value=value))
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
            raise fields.custom_error(*i18n.pair("msg.models.both_year_date_award_are"))
        if self.granted_on is None:
            self.granted_on = dt.date(self.year, 12, 31)  # type: ignore[arg-type]
        if self.year is None:
            self.year = self.granted_on.year
        if self.granted_on.year != self.year:
            raise fields.custom_error(
                *i18n.pair("msg.models.award_year_does_not_match", self_year=self.year, self_granted_on=self.granted_on),
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
    raise fields.custom_error(*i18n.pair("msg.models.standard_status_should_current_replaced", text=text))


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
                *i18n.pair("msg.models.year_standard_number_after_release", v1=self.std_no.year, self_released_on=self.released_on),
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
            raise fields.custom_error(*i18n.pair("msg.models.give_holder_its_district_both"))
        if self.title is None:
            if self.enterprise is None:
                raise fields.custom_error(*i18n.pair("msg.models.title_project_zone_empty"))
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
            raise fields.custom_error(*i18n.pair("msg.models.reading_should_number", value=value)) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fields.custom_error(*i18n.pair("msg.models.reading_should_number", value=value))
    if not math.isfinite(value):
        raise fields.custom_error(*i18n.pair("msg.models.reading_not_finite_number", value=value))
    return float(value)


class CandidateIn(Record):
    """A row of a candidate list (培育库): the enterprise, the honour it is cultivated for (any kind of the
    catalogue), its stage as the list writes it (resolved against the ledger's stages when prepared), the year
    the honour is expected, the responsible unit, a note and the day the stage was entered (else the import's)."""

    enterprise: Name
    uscc: Uscc = None
    district: DistrictCode = None
    kind: str
    stage: Text
    expected_year: OptYear = None
    unit: OptText = None
    note: OptText = None
    stage_on: OptDate = None

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: Any, info: ValidationInfo) -> str:
        return resolve_kind(value, (info.context or {}).get("kinds", {}), None)  # any kind of the catalogue


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
