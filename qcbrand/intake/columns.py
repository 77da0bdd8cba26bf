"""What a table's columns are, and what kind of list it is: never one list taken for another.

A list names its columns in many ways (sources.HEADERS); one header may mean different fields in
different lists (名称 is an enterprise's name in an enterprise list and a project's title in a list of
honours), and 类别 is told by its values (an honour kind, a trademark tier or a Nice class). `detect`
proposes the kind of a table only when its headers leave no doubt: an enterprise list only when every
column it recognises is an enterprise field, an honour list only when it has every required field and
leaves no honour-like column unmapped. Otherwise it refuses, naming the likely kinds and the command
that says what the list is (`--honour`, `--kind`, `--map`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.intake.models import Problem
from qcbrand.intake.sources import HEADERS, RawTable, header_key
from qcbrand.rules.codes import normalise_text

# The columns each kind takes, in the order the README documents them; * marks required ones.
COLUMNS: dict[str, tuple[str, ...]] = {
    "enterprises": ("name*", "uscc", "district", "industry", "former_names"),
    "famous_brands": ("enterprise*", "uscc", "district", "product*", "brand", "kind", "granted_on*", "valid_until"),
    "trademarks": ("enterprise*", "uscc", "district", "mark*", "reg_no", "nice_class", "tier*", "granted_on*", "valid_until"),
    "quality_awards": ("enterprise*", "uscc", "district", "award*", "year", "granted_on"),
    "standards": ("std_no*", "title*", "released_on*", "status", "service", "enterprise*", "uscc", "district", "role*"),
    "other_honours": ("kind*", "title", "enterprise", "uscc", "district", "granted_on*", "valid_until"),
    "indicator_readings": ("indicator*", "year*", "value*", "source"),
    "candidates": ("enterprise*", "uscc", "district", "kind*", "stage*", "expected_year", "unit", "note", "stage_on"),
}
KINDS = tuple(COLUMNS)
# The field that holds the honour in each kind of honour list, and the kind of list each category of
# the catalogue is imported as (standards take their kind from the standard number).
HONOUR_FIELD = {"famous_brands": "kind", "trademarks": "tier", "quality_awards": "award", "other_honours": "kind"}
KIND_OF_CATEGORY = {"famous_brand": "famous_brands", "trademark": "trademarks", "quality_award": "quality_awards",
                    "other": "other_honours"}
ENTERPRISE_FIELDS = frozenset({"name", "enterprise", "uscc", "district", "industry", "former_names"})
_NOT_FIELDS = ("serial", "note", "founded", "category", "city")  # header groups that are not fields of any kind
VALUE_HEADERS = frozenset(header_key(h) for h in HEADERS["category"])
_NICE = re.compile(r"^第?\s*\d{1,2}\s*类?$")

# Catalogue: every name and alias -> (code, category), as listrows.kind_catalogue gives it.
Catalogue = dict[str, tuple[str, str]]


def fields_of(kind: str) -> list[str]:
    return [c.rstrip("*") for c in COLUMNS[kind]]


def required_of(kind: str) -> list[str]:
    return [c.rstrip("*") for c in COLUMNS[kind] if c.endswith("*")]


@cache
def aliases(name: str) -> frozenset[str]:
    return frozenset({name, *(header_key(h) for h in HEADERS.get(name, ()))})


@cache
def recognised(key: str) -> frozenset[str]:
    """Every field (of any kind) a header may name; 类别 counts as the honour fields it may be."""
    found = {f for f in HEADERS if f not in _NOT_FIELDS and key in aliases(f)}
    if key in VALUE_HEADERS:
        found |= {"kind", "tier", "award", "nice_class"}
    return frozenset(found)


def ignored(key: str) -> bool:
    """Columns that are understood and are no field: the serial number, notes, the founding date, the city."""
    return key in aliases("serial") | aliases("note") | aliases("founded") | aliases("city")


def city_column(table: RawTable) -> int | None:
    """The column that gives each row's city (设区市, 城市 …), in a wider area's list."""
    return next((i for i, h in enumerate(table.headers) if header_key(h) in aliases("city")), None)


def honour_like(header: str) -> bool:
    """A header that names an honour's field (商标, 注册号, 等级, 类别, 名称, 奖项, 品牌名称, 认定日期 …)."""
    key = header_key(header)
    return not ignored(key) and bool(recognised(key) - ENTERPRISE_FIELDS)


def column_values(table: RawTable, index: int, limit: int = 500) -> list[str]:
    out = []
    for _, cells in table.head(limit):
        value = cells[index] if index < len(cells) else None
        if value is not None and str(value).strip():
            out.append(normalise_text(str(value)))
    return out


def category_field(values: list[str], kind: str, catalogue: Catalogue) -> str | None:
    """What a 类别 column is in a list of `kind`, by its values: Nice classes (7, 第9类) in a trademark
    list; honour kinds of the list's category (江苏省著名商标, 鲁班奖 …) otherwise; else nothing."""
    if not values:
        return None
    if all(_NICE.match(v) for v in values):
        return "nice_class" if kind == "trademarks" else None
    category = next((c for c, k in KIND_OF_CATEGORY.items() if k == kind), None)
    if category and any(catalogue.get(v, ("", ""))[1] == category for v in values):
        return HONOUR_FIELD[kind]
    return None


def guess_mapping(table: RawTable, kind: str, catalogue: Catalogue | None = None) -> dict[int, str]:
    """Column index -> field of `kind`, from the headers a list uses (English or Chinese) and, for 类别,
    from the column's values."""
    wanted = fields_of(kind)
    mapping: dict[int, str] = {}
    for index, header in enumerate(table.headers):
        key = header_key(header)
        if key in VALUE_HEADERS:
            match = category_field(column_values(table, index), kind, catalogue or {})
        else:
            match = next((f for f in wanted if key in aliases(f)), None)
        if match is not None and match in wanted and match not in mapping.values():
            mapping[index] = match
    return mapping


def stray_columns(table: RawTable, mapping: dict[int, str]) -> list[str]:
    """Honour-like columns the mapping leaves out."""
    return [h for i, h in enumerate(table.headers) if i not in mapping and honour_like(h)]


@dataclass
class Detection:
    kind: str | None
    mapping: dict[int, str]
    zh: str = ""  # why the kind is unclear
    en: str = ""
    likely: list[tuple[str, list[str]]] = field(default_factory=list)  # (kind, required fields it lacks)


_KIND_ZH = {"enterprises": "企业名录", "famous_brands": "名牌产品", "trademarks": "商标", "quality_awards": "质量奖",
            "standards": "标准", "other_honours": "其他荣誉", "indicator_readings": "指标读数", "candidates": "培育库名单"}
_FIELD_ZH = {"enterprise": "企业名称", "name": "企业名称", "product": "产品名称", "mark": "商标", "tier": "商标等级",
             "award": "奖项", "kind": "荣誉类别", "granted_on": "认定日期", "std_no": "标准编号", "title": "名称",
             "released_on": "发布日期", "role": "起草角色", "indicator": "指标", "year": "年份", "value": "数值",
             "stage": "阶段"}


def kind_zh(kind: str) -> str:
    return _KIND_ZH.get(kind, kind)


def detect(table: RawTable, catalogue: Catalogue) -> Detection:
    """The kind of list a table is, when its headers leave no doubt; else the reason and the likely kinds."""
    fits: list[tuple[int, str, dict[int, str]]] = []
    near: list[tuple[int, int, str, list[str]]] = []
    for kind in KINDS:
        mapping = guess_mapping(table, kind, catalogue)
        missing = [f for f in required_of(kind) if f not in mapping.values()]
        stray = stray_columns(table, mapping)
        if kind == "enterprises":  # never a fallback: every column must be an enterprise field (or understood)
            stray = [h for i, h in enumerate(table.headers) if i not in mapping and header_key(h) and not ignored(header_key(h))]
        if not missing and not stray:
            fits.append((len(mapping), kind, mapping))
        elif kind in HONOUR_FIELD or kind == "standards":
            # how much of the list this kind explains beyond its holder: the likelier, the more
            specific = sum(1 for f in mapping.values() if f not in ENTERPRISE_FIELDS)
            near.append((specific, len(missing), kind, missing))
    near.sort(key=lambda x: (-x[0], x[1]))
    likely = [(kind, missing) for _, _, kind, missing in near[:3]]
    fits.sort(key=lambda x: -x[0])
    if fits and (len(fits) == 1 or fits[0][0] > fits[1][0]):
        return Detection(fits[0][1], fits[0][2])
    if fits:
        both = [k for n, k, _ in fits if n == fits[0][0]]
        return Detection(None, {}, *i18n.pair("msg.columns.headers_fit_alike", v1='”和“'.join(kind_zh(k) for k in both), v2=' and '.join(both)), [(k, []) for k in both])
    honourish = [h for h in table.headers if honour_like(h)]
    has_holder = any(recognised(header_key(h)) & {"name", "enterprise"} for h in table.headers)
    if honourish and has_holder:
        return Detection(None, {}, *i18n.pair("msg.columns.look_like_honour_fields_so", v1='、'.join(honourish), v2=', '.join(honourish)), likely)
    return Detection(None, {}, *i18n.pair("msg.columns.no_kind_list_has_all"), likely)


class KindUnclear(QcbrandError):
    """A table whose kind its headers do not settle; `detection` holds the reason and the likely kinds."""

    def __init__(self, file_name: str, detection: Detection) -> None:
        likely_zh = "；".join(
            kind_zh(k) + (f"（缺少：{'、'.join(_FIELD_ZH.get(f, f) for f in missing)}）" if missing else "")
            for k, missing in detection.likely)
        likely_en = "; ".join(k + (f" (lacks {', '.join(missing)})" if missing else "") for k, missing in detection.likely)
        quoted = f'"{file_name}"' if any(ch in file_name for ch in " '\"") else file_name
        super().__init__(
            f"无法确定“{file_name}”是哪类名单：{detection.zh}。" + (f"可能是：{likely_zh}。" if likely_zh else "")
            + f"若整张名单是同一项荣誉，请运行 qcbrand import {quoted} --honour 荣誉名称 --year 年份"
            f"（页面上选“整张名单为同一荣誉”）；否则用 --kind 指定类别，并用 --map 列名=字段 对应各列（--map 列名=- 忽略一列）",
            f"cannot tell what kind of list '{file_name}' is: {detection.en}."
            + (f" Likely: {likely_en}." if likely_en else "")
            + f" If the whole list is one honour, run qcbrand import {quoted} --honour NAME --year YEAR (on the page: "
            "'one honour for the whole list'); otherwise give --kind KIND and map its columns with --map HEADER=FIELD "
            "(--map HEADER=- ignores one)",
        )
        self.detection = detection


def mapping_problems(table: RawTable, kind: str, mapping: dict[int, str], fixed: set[str] | None = None,
                     left_out: set[str] | None = None) -> list[Problem]:
    """Errors for the columns nobody said what they are and for the required fields no column gives (`fixed`:
    fields the editor gave for the whole list, such as the honour or the year; `left_out`: the headers the
    editor left out on purpose, with --ignore or --map HEADER=-), warnings for understood columns not read."""
    problems = []
    for index, header in enumerate(table.headers):
        key = header_key(header)
        if index in mapping or not key or key in (left_out or set()):
            continue
        if key in aliases("founded"):
            problems.append(Problem(None, header, "", *i18n.pair("msg.columns.when_business_was_founded_not", header=header),
                                    "warning"))
        elif not ignored(key):
            quoted = f'"{header}"' if " " in header else header
            problems.append(Problem(None, header, "", *i18n.pair("msg.columns.column_not_understood_not_skipped", header=header, quoted=quoted, v3=kind_zh(kind), v4='、'.join(fields_of(kind)), kind=kind, v6=', '.join(fields_of(kind)))))
    for name in required_of(kind):
        if name not in mapping.values() and name not in (fixed or set()):
            examples = "、".join(HEADERS.get(name, (name,))[1:3]) or name
            dated = name in ("granted_on", "year", "released_on")
            problems.append(Problem(None, name, "", f"缺少必填列“{name}”（如 {examples}）"
                                    + ("；名单没有日期时，请用 --year 年份 指定（记为当年12月31日）" if dated else ""),
                                    f"the required column '{name}' is missing"
                                    + ("; where the list gives no date, give --year YEAR (31 December)" if dated else ""),
                                    "error"))
    return problems


def apply_map(table: RawTable, kind: str, mapping: dict[int, str], column_map: dict[str, str]) -> dict[int, str]:
    """The mapping with the editor's choices (`--map HEADER=FIELD`, FIELD - to ignore a column)."""
    out = dict(mapping)
    for header, target in column_map.items():
        if target == "-" and header_key(header) not in {header_key(h) for h in table.headers}:
            raise QcbrandError(*i18n.pair("msg.columns.file_has_no_column", header=header))
        index = next((i for i, h in enumerate(table.headers) if header_key(h) == header_key(header)), None)
        if index is None:
            raise QcbrandError(*i18n.pair("msg.columns.file_has_no_column", header=header))
        if target not in fields_of(kind) and target != "-":
            raise QcbrandError(*i18n.pair("msg.columns.not_field_its_fields", target=target, v2=kind_zh(kind), kind=kind, v4='、'.join(fields_of(kind)), v5=', '.join(fields_of(kind))))
        if target in ("granted_on", "year", "released_on") and header_key(header) in aliases("founded"):
            raise QcbrandError(*i18n.pair("msg.columns.when_business_was_founded_cannot", header=header))
        out = {i: f for i, f in out.items() if f != target and i != index}
        if target != "-":
            out[index] = target
    return out

