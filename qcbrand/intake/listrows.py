"""From a table or a notice to raw rows: the honour a heading or a column names (or a refusal naming what was not
understood), the notice's sections, the places a provincial list names, the cells each field is read from."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.intake import columns, notices
from qcbrand.intake.bulk import MISSING, Rows
from qcbrand.intake.columns import HONOUR_FIELD, KIND_OF_CATEGORY, fields_of
from qcbrand.intake.models import (
    Problem,
    unknown_honour_messages,
    unread_honour_messages,
)
from qcbrand.intake.notices import Notice
from qcbrand.intake.report import MODELS, ImportReport
from qcbrand.intake.sources import RawTable
from qcbrand.ledger import reference
from qcbrand.ledger.store import Store
from qcbrand.rules import honours
from qcbrand.rules.codes import normalise_text
from qcbrand.rules.hanzi import simplified_cell


def kind_catalogue(store: Store) -> dict[str, tuple[str, str]]:
    """Every code, name and alias of every honour kind -> (code, category)."""
    found: dict[str, tuple[str, str]] = {}
    for row in reference.kinds(store).itertuples():
        for name in (row.code, row.name_zh, row.name_en, *list(row.aliases)):
            text = normalise_text(str(name))
            found[text] = (row.code, row.category)
            found[text.replace(" ", "")] = (row.code, row.category)
            found[text.lower()] = (row.code, row.category)
    return found


def resolve_honour(honour: str, catalogue: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """(code, kind of list) of the honour the editor named for a whole list (a name, alias or code)."""
    text = simplified_cell(normalise_text(honour))
    found = catalogue.get(text) or catalogue.get(text.replace(" ", "")) or catalogue.get(text.lower())
    if found is None:
        read = honours.match(text, catalogue)  # read whole, as a heading is
        if read.code is None:
            raise QcbrandError(*unread_honour_messages(read, catalogue))
        found = next(v for v in catalogue.values() if v[0] == read.code)
    code, category = found
    if category not in KIND_OF_CATEGORY:
        raise QcbrandError(*i18n.pair("msg.listrows.kind_standard_standard_kind_comes", text=text))
    return code, KIND_OF_CATEGORY[category]


def notice_rows(notice: Notice, catalogue: dict[str, tuple[str, str]], year: int | None,
                 report: ImportReport) -> dict[str, list[tuple[int, dict[str, Any], str]]]:
    """The laureates of a notice as rows per record kind, and the checks of its sections."""
    category_of = {code: category for code, category in catalogue.values()}
    out: dict[str, list[tuple[int, dict[str, Any], str]]] = {}
    bad: set[int] = set()
    names = kind_names(catalogue)
    for line, text, zh, en in notice.problems:
        report.problems.append(Problem(line, "enterprise", text, zh, en))
    for section in notice.sections:
        heading = section.heading[:60]
        left = [{"row": line, "why": f"{city}：不是本市 / {city}: not this city"} for line, _name, city in section.left_out]
        for city in (c for _l, _n, c in section.left_out):
            report.left_out_by_city[city] = report.left_out_by_city.get(city, 0) + 1
        report.reading.append({"text": section.heading, "kind": section.kind, "kind_name": names.get(section.kind or ""),
                               "year": notice.year_of(section, year), "stated": section.stated,
                               "read": section.found - len(section.left_out), "left_out": left})
        if section.kind is None:
            if section.match is not None:
                zh, en = unread_honour_messages(section.match, catalogue, section.honour_text)
            else:
                zh, en = unknown_honour_messages(section.honour_text)
            report.problems.append(Problem(section.line, "honour", section.heading if section.match else section.honour_text,
                                           zh, en))
            bad.add(id(section))
            continue
        category = category_of[section.kind]
        if category not in ("quality_award", "other"):
            report.problems.append(Problem(
                section.line, "honour", section.honour_text,
                *i18n.pair("msg.listrows.list_gives_only_laureates_names")))
            bad.add(id(section))
            continue
        if section.stated is not None and section.stated != section.found:
            report.problems.append(Problem(section.line, "count", heading,
                                           *i18n.pair("msg.listrows.states_but_names_are_listed", section_stated=section.stated, section_found=section.found)))
        if section.etc is not None and section.etc != section.found:
            report.problems.append(Problem(section.line, "count", heading,
                                           *i18n.pair("msg.listrows.list_ends_with_others_all", section_etc=section.etc, section_found=section.found), "warning"))
        own = notice.year_of(section, year)
        if own is None:
            report.problems.append(Problem(section.line, "year", heading, "这一节和通知标题都没有年份（如“2019年”），请指定年份",
                                           "neither this section nor the title names a year (such as 2019年); give the year"))
            bad.add(id(section))
        elif section.year and year and section.year != year:
            report.problems.append(Problem(section.line, "year", str(section.year),
                                           *i18n.pair("msg.listrows.heading_says_which_wins_year", section_year=section.year, year=year), "warning"))
    for item in notice.items:
        section = item.section
        if id(section) in bad:
            continue
        kind = KIND_OF_CATEGORY[category_of[section.kind]]  # type: ignore[index]
        own = notice.year_of(section, year)
        raw = {"enterprise": item.name, HONOUR_FIELD[kind]: section.kind, "year": own, "granted_on": own,
               "person_org": item.person_org}
        if item.place is not None and item.place.district is not None:
            raw["district"] = item.place.district
        if kind == "other_honours":
            raw["title"] = item.name
        out.setdefault(kind, []).append((item.line, raw, f"第{item.line}行 · {section.heading[:60]}"[:120]))
    return out


def title_honour(table: RawTable, catalogue: dict[str, tuple[str, str]]) -> honours.Match | None:
    """The honour a table's title names whole (2022年度第二批“江苏精品”认证企业及产品名单), or None."""
    for _row, text in table.titles:
        found = honours.match(text, catalogue)
        if found.code is not None:
            return found
    return None


def title_not_enterprises(table: RawTable, catalogue: dict[str, tuple[str, str]]) -> None:
    """A table whose columns are all enterprise fields is an enterprise list, unless its title names an honour with
    something more (“江苏精品”培育企业名单, 南京市市长质量奖名单): then it is a list of that other thing, and refused."""
    for _row, text in table.titles:
        found = honours.match(text, catalogue)
        if found.others or (found.near is not None and found.extra):
            zh, en = unread_honour_messages(found, catalogue)
            raise QcbrandError(*i18n.pair("msg.listrows.title_says_this_not_enterprise", text=text, zh=zh, en=en))


def own_places(table: RawTable, kind: str, mapping: dict[int, str], rows: Rows,
                report: ImportReport) -> tuple[Rows, list[dict[str, Any]]]:
    """The rows of this city, and the others left out: a city column (设区市 南京市), a district column naming another
    city's place, or a place in brackets after the name (某某集团股份有限公司(海安)). A row whose place is not known is
    an error naming the row. A name's brackets are read (names.read_name): a former name, a place, or an error.
    Each distinct city and district is looked up once, and only names with brackets are read one by one: a list
    of 200,000 rows without brackets or other cities costs a few dictionary look-ups a row."""
    from qcbrand.rules.names import read_name
    from qcbrand.rules.places import places

    where = places()
    n = len(rows)
    name_field = "name" if kind == "enterprises" else "enterprise"
    city_index = columns.city_column(table)
    district_values = rows.fields.get("district")
    name_values = rows.fields.get(name_field)
    other: dict[int, str] = {}  # row index -> the other city it belongs to
    new_districts: list[Any] | None = None

    def rows_with(values: Any, wanted: set[Any]) -> list[int]:
        """The indices of the rows whose value is one of `wanted` (Arrow compares in C)."""
        if isinstance(values, pa.Array):
            hits = pc.is_in(values, value_set=pa.array(sorted(wanted), pa.string()))
            return np.flatnonzero(hits.to_numpy(zero_copy_only=False)).tolist()
        return [i for i, v in enumerate(values) if v.__class__ is not list and v in wanted]

    def distinct(values: Any) -> list[Any]:
        return pc.unique(values).to_pylist() if isinstance(values, pa.Array) else list({v for v in values if v.__class__ is not list})

    def district_column() -> list[Any]:
        nonlocal new_districts
        if new_districts is None:
            new_districts = _as_list(district_values) if district_values is not None else [MISSING] * n
        return new_districts

    if city_index is not None:
        city_values = table.column(city_index)
        found = {v: where.lookup(str(v)) for v in distinct(city_values) if not _blank(_got(v))}
        notable = {v for v, place in found.items() if place is None or place.level == "other" or place.district}
        cells = _as_list(city_values) if notable else []
        for i in rows_with(city_values, notable) if notable else []:
            place = found[cells[i]]
            if place is None:
                report.problems.append(Problem(rows.numbers[i], table.headers[city_index], str(cells[i]),
                                               *i18n.pair("msg.listrows.this_place_not_known_neither")))
            elif place.level == "other":
                other[i] = place.city
            elif _blank(_got(district_column()[i])):
                district_column()[i] = place.district
    if district_values is not None:
        found = {v: where.lookup(str(v)) for v in distinct(district_values) if v is not MISSING and not _blank(v)}
        notable = {v for v, place in found.items() if place is not None and place.level in ("other", "city", "province")}
        cells = _as_list(district_values) if notable else []
        for i in rows_with(district_values, notable) if notable else []:
            place = found[cells[i]]
            if place is None or i in other:
                continue
            if place.level == "other":
                other[i] = place.city
            else:
                district_column()[i] = None  # the city's own name in a 地区 column: this city, district not given
    new_names: list[Any] | None = None
    formers: list[Any] = []
    persons: list[Any] = []
    takes_person = "person_org" in MODELS[kind].model_fields
    if isinstance(name_values, pa.Array):
        marked = pc.match_substring_regex(name_values, "[(（]").to_numpy(zero_copy_only=False)
        bracketed = np.flatnonzero(marked).tolist()
    else:
        bracketed = [i for i, v in enumerate(name_values or []) if v.__class__ is str and ("(" in v or "（" in v)]
    if bracketed:
        new_names = _as_list(name_values)
        formers = [MISSING] * n
        persons = _as_list(rows.fields["person_org"]) if "person_org" in rows.fields else [MISSING] * n
    for i in bracketed:
        if i in other:
            continue
        number, written = rows.numbers[i], _norm(new_names[i])  # type: ignore[index]
        who = notices.person(written)
        if who is not None:  # 王某某（某某集团有限公司董事长）: a person, as in a notice
            if takes_person:
                new_names[i], persons[i] = who  # type: ignore[index]
            continue
        read = read_name(written)
        if read.problem is not None:
            report.problems.append(Problem(number, name_field, new_names[i], *read.problem))  # type: ignore[index]
            continue
        new_names[i] = read.name  # type: ignore[index]
        if read.former:
            formers[i] = "；".join(read.former)
        if read.place is not None and read.place.level == "other":
            other[i] = read.place.city
        elif read.place is not None and read.place.district:
            given = _got(district_column()[i])
            said = where.lookup(str(given)) if not _blank(given) else None
            if said is not None and said.district not in (None, read.place.district):
                report.problems.append(Problem(number, "district", str(given),
                                               *i18n.pair("msg.listrows.name_brackets_say_district_column", v1=read.place.text, given=given)))
            district_column()[i] = read.place.district
    if new_names is not None:
        rows.fields[name_field] = new_names
        if takes_person and any(p is not MISSING for p in persons):
            rows.fields["person_org"] = persons
        if kind == "enterprises" and any(v is not MISSING for v in formers):
            given = _as_list(rows.fields["former_names"]) if "former_names" in rows.fields else [MISSING] * n
            rows.fields["former_names"] = [f if _blank(_got(g)) else (g if f is MISSING else f"{g}；{f}")
                                           for g, f in zip(given, formers)]
    if new_districts is not None and "district" in fields_of(kind):
        rows.fields["district"] = new_districts
    left = []
    for i, city in sorted(other.items()):
        left.append({"row": rows.numbers[i], "why": f"{city}：不是本市 / {city}: not this city"})
        report.left_out_by_city[city] = report.left_out_by_city.get(city, 0) + 1
    if not left:
        return rows, left
    return rows.keep([i not in other for i in range(n)]), left


def _norm(text: str) -> str:
    return normalise_text(text)


def kind_names(catalogue: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each kind's first Chinese name in the catalogue."""
    out: dict[str, str] = {}
    for name, (code, _category) in catalogue.items():
        if not name.isascii():
            out.setdefault(code, name)
    return out


def table_rows(table: RawTable, kind: str, mapping: dict[int, str], honour: str | None,
                year: int | None) -> Rows:
    """A table's rows as the model of its kind takes them, column by column: the mapped columns, the honour
    the editor gave the whole list, and the year for rows that carry no date."""
    where = f"{table.sheet} " if table.sheet and len(table.sheets) > 1 else ""
    numbers = table.numbers()
    fields: dict[str, Any] = {name: table.column(i) for i, name in mapping.items()}
    if honour is not None:
        fields[HONOUR_FIELD[kind]] = [honour] * len(numbers)
    if year is not None:  # as row by row: a blank date gets the year, unless a quality award has its year or date
        targets = [f for f in (("granted_on", "year") if kind == "quality_awards" else ("granted_on",)) if f in fields_of(kind)]
        dates = {f: _as_list(fields[f]) if f in fields else [MISSING] * len(numbers) for f in ("granted_on", "year")}
        for i in range(len(numbers)):
            for name in targets:
                if _blank(_got(dates[name][i])) and not _dated({f: _got(dates[f][i]) for f in dates}, kind):
                    dates[name][i] = year
        fields.update({f: dates[f] for f in targets})
    refs = pc.binary_join_element_wise(f"{where}第", pa.array(numbers, pa.int64()).cast(pa.string()), "行", "")
    return Rows(numbers, refs, fields)


def _as_list(values: Any) -> list[Any]:
    return values.to_pylist() if hasattr(values, "to_pylist") else list(values)


def _got(value: Any) -> Any:
    """A row's value as raw.get gives it: None for a field the row does not have."""
    return None if value is MISSING else value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def _dated(raw: dict[str, Any], kind: str) -> bool:
    """A quality award with either its year or its date already carries a date."""
    return kind == "quality_awards" and not (_blank(raw.get("year")) and _blank(raw.get("granted_on")))
