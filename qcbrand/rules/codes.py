"""Codes of the domain: 统一社会信用代码 (GB 32100-2015), standard numbers, Nice classes, districts.

Plain functions over strings; no database, no Streamlit. Each checker returns a value or raises
`CodeError`, whose zh/en messages say what is wrong.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from qcbrand import i18n
from qcbrand.rules.region import Region, per_region
from qcbrand.shipped import INDUSTRIES_FILE

# --- names -------------------------------------------------------------------------------------


@lru_cache(maxsize=262_144)
def normalise_text(value: str) -> str:
    """NFKC (full-width letters, digits and brackets become half-width), trimmed, inner runs of
    white space collapsed to one space. Cached: lists repeat districts, kinds and dates on every row.
    (str.split() splits at the white space that re's \\s matches, and drops it at both ends.)"""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def is_normal_text(text: str) -> bool:
    """Whether normalise_text keeps this non-empty text as it is: already NFKC, printable (no white space but
    the space), no space at either end or twice in a row. Cheaper than normalising, for lists whose cells
    mostly are."""
    return (text != "" and text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text
            and unicodedata.is_normalized("NFKC", text))


def all_normal_text(texts: list[str]) -> bool:
    """Whether normalise_text keeps every one of these texts as it is, tested on them joined by a bar: a
    printable ASCII character that starts a normalisation segment and never combines, so the joined text is
    normal (NFKC, printable, no doubled or outer spaces) only if each text is. False means: ask each one."""
    if not texts or not all(texts):
        return False
    joined = "|".join(texts)
    return (joined.isprintable() and joined[0] != " " and joined[-1] != " " and "  " not in joined
            and " |" not in joined and "| " not in joined and unicodedata.is_normalized("NFKC", joined))


def arrow_all_normal_text(texts: Any) -> bool:
    """all_normal_text for an Arrow array of text, joined by Arrow (no Python string per value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(texts) == 0 or texts.null_count or pc.min(pc.binary_length(texts)).as_py() == 0:
        return False
    joined = pc.binary_join(pa.LargeListArray.from_arrays(pa.array([0, len(texts)], pa.int64()),
                                                          texts.cast(pa.large_string())),
                            pa.scalar("|", pa.large_string()))[0].as_py()
    return (joined.isprintable() and joined[0] != " " and joined[-1] != " " and "  " not in joined
            and " |" not in joined and "| " not in joined and unicodedata.is_normalized("NFKC", joined))


# Legal-form suffixes dropped when matching names: lists write the same company with or without them
# (有限公司 and 有限责任公司 are one form; 某某厂 is usually the same firm before its restructuring).
# 股份, 集团, 总 and 分 stay in the key: 某某股份有限公司 beside 某某有限公司, or a group beside its
# subsidiary, are two companies, often in one district, and must never be merged by an import.
_LEGAL_FORMS = (
    "有限责任公司",
    "有限公司",
    "公司",
    "厂",
)


@lru_cache(maxsize=262_144)
def full_name_key(name: str) -> str:
    """A name normalised for matching, legal form kept: 某某有限公司 and 某某股份有限公司 differ."""
    return normalise_text(name).replace(" ", "").replace("(", "（").replace(")", "）")


@lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """The key two spellings of one enterprise's name share: normalised, without spaces, brackets
    unified, and without the legal-form suffix (有限公司 …). Used to match, never shown."""
    key = full_name_key(name)
    for suffix in _LEGAL_FORMS:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            key = key[: -len(suffix)]
            break
    return key


class CodeError(ValueError):
    """A code failed its check. Carries the two messages shown to users."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


# --- 统一社会信用代码 ---------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}


def uscc_check_character(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 characters are given."""
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(value: str) -> str:
    """Return the normalised code (upper case, half-width, no spaces) or raise CodeError."""
    code = normalise_text(value).replace(" ", "").upper()
    if len(code) != 18:
        raise CodeError(
            *i18n.pair("msg.codes.unified_social_credit_code_has", v1=len(code)),
        )
    bad = [ch for ch in code if ch not in _USCC_VALUE]
    if bad:
        raise CodeError(
            *i18n.pair("msg.codes.unified_social_credit_code_contains", v1=bad[0]),
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise CodeError(
            *i18n.pair("msg.codes.check_character_unified_social_credit", expected=expected, v2=code[17]),
        )
    return code


# 组织机构代码 (GB 11714), positions 9-17 of a 统一社会信用代码; used to make realistic demo codes.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code_check(first8: str) -> str:
    total = sum(int(ch, 36) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


# --- Nice classes -------------------------------------------------------------------------------


def check_nice_class(value: int) -> int:
    if not 1 <= value <= 45:
        raise CodeError(
            *i18n.pair("msg.codes.nice_class_between_not", value=value),
        )
    return value


# --- standard numbers ----------------------------------------------------------------------------

# 行业标准代号 (industry standard prefixes) published by SAC; DB is local, T is group.
INDUSTRY_PREFIXES = frozenset(
    "AQ BB CB CH CJ CY DA DL DZ EJ FZ GA GH GM GY HB HG HJ HS HY JB JC JG JR JT JY LB LD LS LY MH MT "
    "MZ NB NY QB QC QJ QX RB SB SC SF SH SJ SL SN SW SY TB TD TY WB WH WJ WM WS WW XB YB YC YD YS YY "
    "YZ ZY".split()
)

_DASHES = "\u2014\u2013\u2012\u2015\u2212\uff0d\u30fc\u2010\u2011"  # —–‒―−－ー‐‑

_NATIONAL = re.compile(r"^GB(?:/(?P<kind>[TZ]))?\s*(?P<num>\d+(?:\.\d+)*)-(?P<year>\d{2}|\d{4})$")
_INDUSTRY = re.compile(r"^(?P<prefix>[A-Z]{2})(?:/(?P<kind>[TZ]))?\s*(?P<num>\d+(?:\.\d+)*)-(?P<year>\d{2}|\d{4})$")
_LOCAL = re.compile(r"^DB(?P<prov>\d{2})(?:/(?P<kind>[TZ]))?\s*(?P<num>\d+(?:\.\d+)*)-(?P<year>\d{4})$")
_GROUP = re.compile(r"^T/(?P<assoc>[A-Z][A-Z0-9]{1,15})\s*(?P<num>\d+(?:\.\d+)*)-(?P<year>\d{4})$")
_INTERNATIONAL = re.compile(
    r"^(?P<body>ISO/IEC|ISO|IEC)(?:/(?P<kind>TS|TR|PAS))?\s*(?P<num>\d+(?:-\d+)*):(?P<year>\d{4})$"
)

STANDARD_LEVELS = ("international", "national", "industry", "local", "group")


@dataclass(frozen=True)
class StandardNumber:
    number: str  # normalised: "GB/T 10114-2003", "DB32/T 380-2017", "ISO 9001:2015"
    level: str  # one of STANDARD_LEVELS
    year: int


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # old national standards print the year in two digits: GB 1234-88
        year += 1900 if year > 30 else 2000
    return year


def parse_standard_number(value: str) -> StandardNumber:
    """Normalise a standard number and tell its level and year.

    Printed lists use an em dash before the year (DB32/T 380—2017), online copies a hyphen
    (GB/T 10114-2003); full-width forms and missing or doubled spaces are common. All normalise
    to one spelling."""
    text = unicodedata.normalize("NFKC", value).strip().upper()
    for dash in _DASHES:
        text = text.replace(dash, "-")
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*:\s*", ":", text)
    text = re.sub(r"\s+", " ", text)

    def fail(zh_why: str, en_why: str) -> CodeError:
        return CodeError(*i18n.pair("msg.codes.standard_number_not_recognised", value=value, zh_why=zh_why, en_why=en_why))

    if m := _INTERNATIONAL.match(text):
        kind = f"/{m['kind']}" if m["kind"] else ""
        return StandardNumber(f"{m['body']}{kind} {m['num']}:{m['year']}", "international", int(m["year"]))
    if text.startswith("ISO") or text.startswith("IEC"):
        raise fail(*i18n.pair("msg.codes.international_standard_written_like_iso"))
    if m := _NATIONAL.match(text):
        kind = f"/{m['kind']}" if m["kind"] else ""
        return StandardNumber(f"GB{kind} {m['num']}-{m['year']}", "national", _full_year(m["year"]))
    if m := _LOCAL.match(text):
        kind = f"/{m['kind']}" if m["kind"] else ""
        return StandardNumber(f"DB{m['prov']}{kind} {m['num']}-{m['year']}", "local", int(m["year"]))
    if m := _GROUP.match(text):
        return StandardNumber(f"T/{m['assoc']} {m['num']}-{m['year']}", "group", int(m["year"]))
    if m := _INDUSTRY.match(text):
        if m["prefix"] not in INDUSTRY_PREFIXES:
            raise fail(*i18n.pair("msg.codes.not_industry_standard_prefix", v1=m['prefix']))
        kind = f"/{m['kind']}" if m["kind"] else ""
        return StandardNumber(f"{m['prefix']}{kind} {m['num']}-{m['year']}", "industry", _full_year(m["year"]))
    raise fail(
        *i18n.pair("msg.codes.expected_form_such_as_gb"),
    )


# --- districts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    code: str
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str  # for a column header, where the full English name does not fit


@dataclass(frozen=True)
class _Tables:
    region: Region  # the Region these were built from
    districts: tuple[District, ...]
    by_code: dict[str, District]
    spellings: dict[str, str]  # every spelling that names one district today -> its code
    ambiguous: dict[str, tuple[str, ...]]  # former names that now lie in several districts -> those (never guessed)


@per_region
def _tables(region: Region) -> _Tables:
    """The active region's district tables (region.active(): the open ledger's region file)."""
    ds = tuple(District(d.code, d.name_zh, d.name_en, d.short_zh, d.short_en) for d in region.districts)
    return _Tables(region, ds, {d.code: d for d in ds}, region.spellings(), region.ambiguous())


def districts() -> tuple[District, ...]:
    """The city's districts, in the region file's order."""
    return _tables().districts


def district_by_code() -> dict[str, District]:
    return _tables().by_code


def district_spellings() -> dict[str, str]:
    return _tables().spellings


def ambiguous_districts() -> dict[str, tuple[str, ...]]:
    return _tables().ambiguous


class AmbiguousDistrict(CodeError):
    def __init__(self, value: str, choices: tuple[str, ...]) -> None:
        by_code = district_by_code()
        names_zh = "或".join(by_code[c].name_zh for c in choices)
        names_en = " or ".join(by_code[c].name_en for c in choices)
        super().__init__(
            *i18n.pair("msg.codes.no_longer_exists_now_part", value=value, names_zh=names_zh, names_en=names_en),
        )
        self.choices = choices


def resolve_district(value: str) -> str:
    """Today's district code for any spelling a list may use; raises CodeError if unknown and
    AmbiguousDistrict for a district that was split or merged away."""
    tables = _tables()
    text = normalise_text(value)
    key = text.lower() if text.isascii() else text.replace(" ", "")
    if key in tables.spellings:
        return tables.spellings[key]
    text = text.replace(" ", "")
    if text in tables.ambiguous:
        raise AmbiguousDistrict(text, tables.ambiguous[text])
    city = tables.region.region
    raise CodeError(
        *i18n.pair("msg.codes.not_district_expected_one", value=value, city_zh=city.name_zh, city_en=city.name_en,
                   names="、".join(d.name_zh for d in tables.districts), v3=", ".join(d.name_en for d in tables.districts)),
    )


@functools.cache
def _industries() -> dict[str, str]:
    import tomllib

    path = INDUSTRIES_FILE
    return dict(tomllib.loads(path.read_text(encoding="utf-8")).get("industries", {})) if path.exists() else {}


def industry_name(industry: str | None, lang: str) -> str | None:
    """An industry in the page's language (data/industries.toml); as written where no English name is known."""
    if not industry or lang == "zh":
        return industry
    return _industries().get(industry, industry)
