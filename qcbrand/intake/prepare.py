"""Reading a list and validating every row: say what it is (or refuse), resolve its honours and holders, and
prepare the rows to write with a report. Nothing here writes.

The steps are separate so the app can show each one: `read` turns the file into a RawTable (a table, or a
notice given as text), `columns.detect` says what kind of list a table is (or refuses), `prepare` validates
every row and resolves its holders into a report and the rows to write."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qcbrand.intake import bulk
from qcbrand.intake import columns
from qcbrand.rules import honours
from qcbrand.intake import notices
from qcbrand.ledger import importing, reference
from qcbrand.rules import scoring
from qcbrand.intake import sources
from qcbrand.intake.bulk import MISSING, Rows
from qcbrand.rules.codes import AMBIGUOUS_DISTRICTS, name_key, normalise_text
from qcbrand.intake.columns import HONOUR_FIELD, KIND_OF_CATEGORY, KindUnclear, fields_of
from qcbrand.errors import ImportRefused, QcbrandError
from qcbrand.rules.hanzi import simplified_cell
from qcbrand.intake.matching import EnterpriseResolver
from qcbrand.rules.fields import MAX_YEAR, MIN_YEAR
from qcbrand.intake.models import (
    Problem,
    unknown_honour_messages,
    unread_honour_messages,
)
from qcbrand.intake.notices import Notice
from qcbrand.intake.sources import RawTable
from qcbrand.ledger.store import Store
from qcbrand.intake.report import MODELS, NOTICE, ImportReport, Prepared


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
        raise QcbrandError(f"“{text}”是标准类别，标准的类别由标准编号决定，不能指定给整张名单",
                           f"'{text}' is a kind of standard; a standard's kind comes from its number, not from --honour")
    return code, KIND_OF_CATEGORY[category]


def _notice_rows(notice: Notice, catalogue: dict[str, tuple[str, str]], year: int | None,
                 report: ImportReport) -> dict[str, list[tuple[int, dict[str, Any], str]]]:
    """The laureates of a notice as rows per record kind, and the checks of its sections."""
    category_of = {code: category for code, category in catalogue.values()}
    out: dict[str, list[tuple[int, dict[str, Any], str]]] = {}
    bad: set[int] = set()
    names = _kind_names(catalogue)
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
                "名单只有获得者名称，这一类荣誉还需要产品、商标或标准编号：请用表格导入",
                "the list gives only the laureates' names; this kind of honour also needs the product, mark or "
                "standard number: import it as a table"))
            bad.add(id(section))
            continue
        if section.stated is not None and section.stated != section.found:
            report.problems.append(Problem(section.line, "count", heading,
                                           f"注明共{section.stated}个，实际列出{section.found}个",
                                           f"it states {section.stated} but {section.found} names are listed"))
        if section.etc is not None and section.etc != section.found:
            report.problems.append(Problem(section.line, "count", heading,
                                           f"名单以“等{section.etc}家”结尾，只列出了{section.found}家：名单不完整",
                                           f"the list ends with 'and others, {section.etc} in all' but names "
                                           f"{section.found}: it is incomplete", "warning"))
        own = notice.year_of(section, year)
        if own is None:
            report.problems.append(Problem(section.line, "year", heading, "这一节和通知标题都没有年份（如“2019年”），请指定年份",
                                           "neither this section nor the title names a year (such as 2019年); give the year"))
            bad.add(id(section))
        elif section.year and year and section.year != year:
            report.problems.append(Problem(section.line, "year", str(section.year),
                                           f"本节标题写明 {section.year} 年，以标题为准（指定的 {year} 年只用于没有年份的部分）",
                                           f"the heading says {section.year}, which wins; the year given ({year}) "
                                           "dates only sections without one", "warning"))
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


def _title_not_enterprises(table: RawTable, catalogue: dict[str, tuple[str, str]]) -> None:
    """A table whose columns are all enterprise fields is an enterprise list, unless its title names an honour with
    something more (“江苏精品”培育企业名单, 南京市市长质量奖名单): then it is a list of that other thing, and refused."""
    for _row, text in table.titles:
        found = honours.match(text, catalogue)
        if found.others or (found.near is not None and found.extra):
            zh, en = unread_honour_messages(found, catalogue)
            raise QcbrandError(f"标题“{text}”说明这不是一份企业名录：{zh}；若它确实只是企业名录，请加 --kind enterprises",
                               f"the title '{text}' says this is not an enterprise list: {en}; if it really is only a list "
                               "of enterprises, give --kind enterprises")


def _own_places(table: RawTable, kind: str, mapping: dict[int, str], rows: Rows,
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
                                               "不认识这个地方：既不是本市（及其辖市区），也不是本省的其他城市",
                                               "this place is not known: neither this city (or one of its districts) nor "
                                               "another city of the province"))
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
            if i in other:
                continue
            if place.level == "other":
                other[i] = place.city
            else:
                district_column()[i] = None  # 常州市 in a 地区 column: this city, district not given
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
                                               f"名称括号里写的是“{read.place.text}”，与所在地区“{given}”不符",
                                               f"the name's brackets say '{read.place.text}', the district column '{given}'"))
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


def _kind_names(catalogue: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each kind's first Chinese name in the catalogue."""
    out: dict[str, str] = {}
    for name, (code, _category) in catalogue.items():
        if not name.isascii():
            out.setdefault(code, name)
    return out


def _table_rows(table: RawTable, kind: str, mapping: dict[int, str], honour: str | None,
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
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def _dated(raw: dict[str, Any], kind: str) -> bool:
    """A quality award with either its year or its date already carries a date."""
    return kind == "quality_awards" and not (_blank(raw.get("year")) and _blank(raw.get("granted_on")))


def prepare(
    store: Store,
    table: RawTable,
    kind: str | None,
    mapping: dict[int, str] | None = None,
    *,
    district_choices: dict[str, str] | None = None,
    create_enterprises: bool = False,
    sha256: str = "",
    honour: str | None = None,
    year: int | None = None,
    matches: dict[str, Any] | None = None,
    engine: str = "bulk",
    count: bool = True,
    left_out: list[str] | None = None,
    as_of: dt.date | None = None,
) -> Prepared:
    """Validate every row and work out what would be written. Never writes.

    `honour` gives every row of a table that honour (its kind of list follows from it); `year` dates rows
    that carry no date (31 December) and sections of a notice that name no year; `matches` are the
    editor's choices for names (an enterprise id, or "new"); `engine` 'pydantic' validates row by row with the
    models instead of column by column (the same report: bulk.py); `count` False leaves counting the rows new
    and already present to `commit`, which counts them again inside its transaction anyway."""
    if year is not None and not (isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR):
        raise QcbrandError(f"年份应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的四位数，不是 {year}",
                           f"the year should be four digits between {MIN_YEAR} and {MAX_YEAR}, not {year}")
    catalogue = kind_catalogue(store)
    honour_code = None
    title = None
    if honour is None and table.notice is None and kind != "enterprises":
        title = title_honour(table, catalogue)  # a title that names an honour whole gives it to every row
        if title is not None:
            honour, year = title.code, year or title.year
    if honour is not None and table.notice is None:
        honour_code, honour_kind = resolve_honour(honour, catalogue)
        if kind is not None and kind != honour_kind:
            raise QcbrandError(f"荣誉“{honour}”属于{columns.kind_zh(honour_kind)}（{honour_kind}），与 --kind {kind} 不符",
                               f"the honour '{honour}' is imported as {honour_kind}, not as {kind}")
        kind = honour_kind
    record_kind = NOTICE if table.notice is not None else kind
    if record_kind is None or (record_kind != NOTICE and record_kind not in MODELS):
        raise QcbrandError(f"未知的记录类别“{kind}”，应为 {'、'.join(MODELS)} 之一",
                           f"unknown record kind '{kind}'; expected one of {', '.join(MODELS)}")
    report = ImportReport(table.file_name, record_kind, sha256=sha256, dry_run=True)  # a preview until committed
    report.rows_in_file = table.size
    report.converted = len(table.converted) or int(bool(table.notice and table.notice.converted))
    report.honour = honour_code
    if table.notice is not None:
        report.source_title = table.notice.title
        report.doc_numbers = table.notice.doc_numbers
        by_kind = {k: Rows.from_dicts(v) for k, v in _notice_rows(table.notice, catalogue, year, report).items()}
    else:
        assert kind is not None
        mapping = columns.guess_mapping(table, kind, catalogue) if mapping is None else dict(mapping)
        fixed = set()
        if honour_code is not None:
            field_name = HONOUR_FIELD[kind]
            taken = [table.headers[i] for i, f in mapping.items() if f == field_name]
            if taken:
                report.problems.append(Problem(None, taken[0], "", f"整张名单指定为“{honour}”，列“{taken[0]}”已忽略",
                                               f"the whole list is '{honour}'; the column '{taken[0]}' is ignored", "warning"))
            mapping = {i: f for i, f in mapping.items() if f != field_name}
            fixed.add(field_name)
        if year is not None:
            fixed.update({"granted_on", "year"} & set(fields_of(kind)))
        left = {sources.header_key(h) for h in (left_out or [])}
        report.problems.extend(columns.mapping_problems(table, kind, mapping, fixed, left))
        if honour_code is None and kind in HONOUR_FIELD and HONOUR_FIELD[kind] not in mapping.values():
            # no column and no --honour says which honour: a title that names one with something more (提名奖 …)
            # says it is not the kind's default honour
            for _row, text in table.titles:
                found = honours.match(text, catalogue)
                if found.others or (found.near is not None and found.extra):
                    zh, en = unread_honour_messages(found, catalogue)
                    report.problems.append(Problem(None, "title", text, zh + "；若整张名单确是某一荣誉，请用 --honour 指定",
                                                   en + "; if the whole list is one honour, give it with --honour"))
        for number, text in table.notes:
            report.problems.append(Problem(number, "—", text[:40], "表格下方的注释行，已跳过", "a note under the table, skipped",
                                           "warning"))
        rows = _table_rows(table, kind, mapping, honour_code, year)
        rows, left_rows = _own_places(table, kind, mapping, rows, report)
        by_kind = {kind: rows}
        names = _kind_names(catalogue)
        report.reading.append({
            "text": title.text if title is not None else (table.titles[0][1] if table.titles else table.file_name),
            "kind": honour_code or kind, "kind_name": names.get(honour_code or "") or columns.kind_zh(kind),
            "year": year, "stated": None, "read": len(rows), "left_out": left_rows})
    if table.converted or (table.notice is not None and table.notice.converted):
        report.problems.append(Problem(None, "—", "", "文中有繁体字，已按简体字比对和记录，原文随导入保存",
                                       "the text has traditional characters: they were matched and recorded as "
                                       "simplified ones, and the original is kept with the import", "warning"))
    if not table.size:
        report.problems.append(Problem(None, "—", "", "没有数据行", "there are no data rows"))
    if report.errors:
        return Prepared(report, {}, pd.DataFrame(), table)

    choices = {normalise_text(k).replace(" ", ""): v for k, v in (district_choices or {}).items()}
    validated: dict[str, pa.Table] = {}
    for part, rows in by_kind.items():
        if choices:
            rows.replace("district", lambda v: v if v is None else choices.get(normalise_text(str(v)).replace(" ", ""), v))
        good, found = bulk.validate(part, rows, MODELS[part], catalogue, engine=engine)
        validated[part] = good
        report.problems.extend(found)
        for p in found:
            if p.field == "district" and p.value in AMBIGUOUS_DISTRICTS and p.value not in report.ambiguous_districts:
                report.ambiguous_districts.append(p.value)
    for part, good in validated.items():
        report.problems.extend(_codes_per_name(part, good))
    report.rows_valid = sum(g.num_rows for g in validated.values())
    resolver = EnterpriseResolver(store, create_enterprises, matches)
    parts = {}
    for part, good in validated.items():
        frame = _frame(store, part, good, report, resolver)
        if frame.num_rows:
            parts[part] = frame
            report.rows_by_kind[part] = len(frame)
    report.enterprises_new = len(resolver.new)
    report.new_enterprise_names = [r["name"] for r in resolver.new.values()]
    report.candidates = {**resolver.ambiguous, **{k: v for k, v in resolver.candidates.items() if v}}
    if count and not report.errors:
        _count_new(store, parts, report)
    return Prepared(report, parts, resolver.new_frame(), table)


def _codes_per_name(kind: str, good: pa.Table) -> list[Problem]:
    """Two 统一社会信用代码 for one name in one file: an error naming both rows (neither code is guessed right)."""
    name_field = "name" if kind == "enterprises" else "enterprise"
    if not good.num_rows or "uscc" not in good.column_names or name_field not in good.column_names:
        return []
    codes_ = good.column("uscc")
    if codes_.null_count == len(codes_):
        return []
    first: dict[str, tuple[int, str]] = {}
    out = []
    for row, name, code in zip(good.column("row").to_pylist(), good.column(name_field).to_pylist(), codes_.to_pylist()):
        if code is None or name is None:
            continue
        key = name_key(name)
        seen = first.setdefault(key, (row, code))
        if seen[1] != code:
            out.append(Problem(row, "uscc", code, f"“{name}”在第{seen[0]}行的统一社会信用代码是 {seen[1]}，这里是 {code}：一家企业只有一个代码，"
                                                 "请核对后改正其中一行", f"'{name}' has the code {seen[1]} on row {seen[0]} and {code} "
                                                 "here: an enterprise has one code; check and correct one of the rows"))
    return out


def _listed(store: Store, kind: str, good: pa.Table, report: ImportReport) -> pa.Table:
    """The rows to write of a list of enterprises or of indicator readings."""
    column = good.column
    if kind == "enterprises":
        return pa.table({
            "row": column("row"), "name": column("name"),
            "name_key": pa.array([name_key(v) for v in column("name").to_pylist()], pa.string()),
            "uscc": column("uscc"), "district_code": column("district"), "industry": column("industry"),
            "former_names": pa.array([[x.strip() for x in (f or "").replace("；", ";").replace("、", ";").split(";") if x.strip()]
                                      for f in column("former_names").to_pylist()], pa.list_(pa.string())),
        })
    frame = pd.DataFrame({"row": column("row").to_pylist(), "indicator_code": column("indicator").to_pylist(),
                          "year": column("year").to_pylist(), "value": column("value").to_pylist(),
                          "source": column("source").to_pylist()})
    known = importing.indicator_codes(store)
    frame["plan_code"] = frame["indicator_code"].map(known)
    existing = reference.indicator_values(store)
    units = importing.indicator_units(store)
    for row in frame.itertuples():
        if row.indicator_code not in known:
            report.problems.append(Problem(row.row, "indicator", row.indicator_code, "计划中没有这个指标代码",
                                           "no loaded plan has this indicator code"))
            continue
        low, high = scoring.reading_range(units.get(row.indicator_code, ""))
        if row.value < low or (high is not None and row.value > high):
            span = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
            report.problems.append(Problem(row.row, "value", f"{row.value:g}", f"读数应在 {span} 之间（单位 {units.get(row.indicator_code)}）",
                                           f"the reading should be within {span} ({units.get(row.indicator_code)})"))
            continue
        old = existing.get((row.plan_code, row.indicator_code, row.year))
        if old is not None and old != row.value:
            report.problems.append(Problem(row.row, "value", str(row.value),
                                           f"{row.year}年已有读数 {old:g}；如需修改，请在数据管理中更正",
                                           f"{row.year} already has the reading {old:g}; change it as a correction"))
    return pa.Table.from_pandas(frame, preserve_index=False)


def _frame(store: Store, kind: str, good: pa.Table, report: ImportReport,
           resolver: EnterpriseResolver) -> pa.Table:
    """The rows to write, from the valid rows (bulk.validate's table): holders resolved, persons kept as
    laureates. A new enterprise's records carry its name key in new_key until commit gives it a number.
    `repeat` marks a row that repeats an earlier one (imported once)."""
    if not good.num_rows:
        return pa.table({})
    n = good.num_rows
    column = good.column
    if kind in ("enterprises", "indicator_readings"):
        table = _listed(store, kind, good, report)
        return table.append_column("repeat", importing.repeated(table, importing.NATURAL_KEYS[kind][0]))

    person = (column("person_org").is_valid().to_numpy(zero_copy_only=False) if "person_org" in good.column_names
              else np.zeros(n, dtype=bool))
    report.persons += int(person.sum())
    named = column("enterprise").is_valid().to_numpy(zero_copy_only=False)
    resolve = np.flatnonzero(named & ~person)  # the holders that are enterprises to find
    ids = np.full(n, -1, dtype=np.int64)
    new_keys: list[str | None] = [None] * n
    if len(resolve):
        take = pa.array(resolve)
        picked = good.take(take)
        district = (picked.column("district") if "district" in good.column_names
                    else pa.nulls(len(resolve), pa.string()))
        found, made, problems = resolver.resolve_many(picked.column("row").combine_chunks(),
                                                      picked.column("enterprise").combine_chunks(),
                                                      picked.column("uscc").combine_chunks(),
                                                      district.combine_chunks() if isinstance(district, pa.ChunkedArray)
                                                      else district)
        report.problems.extend(problems)
        ids[resolve] = found
        for position, key in made.items():
            new_keys[int(resolve[position])] = key
    records = {"row": column("row"), "enterprise_id": pa.array(ids, mask=ids < 0),
               "new_key": pa.array(new_keys, pa.string()), "source_ref": column("ref")}
    if kind == "famous_brands":
        records.update(kind_code=column("kind"), product=column("product"), brand=column("brand"),
                       granted_on=column("granted_on"), valid_until=column("valid_until"))
    elif kind == "trademarks":
        records.update(kind_code=column("tier"), mark=column("mark"), reg_no=column("reg_no"), nice_class=column("nice_class"),
                       granted_on=column("granted_on"), valid_until=column("valid_until"))
    elif kind == "quality_awards":
        records.update(kind_code=column("award"), year=column("year"), granted_on=column("granted_on"),
                       **_laureate(good, person))
    elif kind == "other_honours":
        records.update(kind_code=column("kind"), title=column("title"), district_code=column("district"),
                       granted_on=column("granted_on"), valid_until=column("valid_until"), **_laureate(good, person))
    elif kind == "standards":
        number = pc.struct_field(column("std_no"), "number")
        level = pc.struct_field(column("std_no"), "level")
        records.update(std_no=number, title=column("title"), level=level,
                       kind_code=pc.binary_join_element_wise("standard_", level, ""), released_on=column("released_on"),
                       status=column("status"), service=column("service"), role=column("role"))
    table = pa.table(records)
    repeat = importing.repeated(_keyed(table, kind), importing.NATURAL_KEYS[kind][0])
    for number in table.column("row").filter(repeat).to_pylist():
        report.problems.append(Problem(number, "—", "", "与前面的某一行重复，只导入一次", "repeats an earlier row; it is imported once",
                                       "warning"))
    return table.append_column("repeat", repeat)


def _laureate(good: pa.Table, person: np.ndarray) -> dict[str, pa.Array]:
    """A person's name and organisation; an enterprise's record has neither."""
    mask = pa.array(person)
    nothing = pa.nulls(good.num_rows, pa.string())
    return {"laureate": pc.if_else(mask, good.column("enterprise"), nothing),
            "laureate_org": pc.if_else(mask, good.column("person_org"), nothing)}


def _keyed(records: pa.Table, kind: str) -> pa.Table:
    """The rows' natural keys, a new enterprise standing for itself by its name key (not the same as any
    registered one's number)."""
    keys = importing.NATURAL_KEYS[kind][0]
    if "enterprise_id" not in keys or "new_key" not in records.column_names:
        return records.select(keys)
    holder = pc.if_else(records.column("new_key").is_valid(),
                        pc.binary_join_element_wise("new:", records.column("new_key"), ""),
                        pc.cast(records.column("enterprise_id"), pa.string()))
    return records.select(keys).set_column(keys.index("enterprise_id"), "enterprise_id", holder)


def _count_new(cur: Any, parts: dict[str, pa.Table], report: ImportReport) -> None:
    """How many of the rows are new and how many the ledger has (rows repeated in the list count once)."""
    existing = unique = 0
    for kind, records in parts.items():
        first = records.filter(pc.invert(records.column("repeat")))
        unique += first.num_rows
        if "new_key" in first.column_names:  # a new enterprise has no records yet
            first = first.filter(first.column("new_key").is_null())
        existing += importing.count_existing(cur, kind, first.drop_columns([c for c in ("row", "new_key", "repeat")
                                                                          if c in first.column_names]))
    report.rows_already_present = existing
    report.rows_new = unique - existing


def read(store: Store, file_name: str, data: bytes, *, sheet: str | None = None) -> RawTable:
    return sources.read_file(file_name, data, sheet=sheet, kinds=kind_catalogue(store))


def prepare_file(
    store: Store,
    path: str | Path,
    kind: str | None = None,
    *,
    data: bytes | None = None,
    sheet: str | None = None,
    year: int | None = None,
    honour: str | None = None,
    column_map: dict[str, str] | None = None,
    ignore: list[str] | None = None,
    district_choices: dict[str, str] | None = None,
    matches: dict[str, Any] | None = None,
    create_enterprises: bool = False,
    engine: str = "bulk",
    count: bool = True,
) -> Prepared:
    """Read one file, tell its kind (or refuse) and prepare it (see `prepare`); a file that cannot be read as
    a list raises ImportRefused. `column_map` maps a header as written in the file to a field."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise QcbrandError(f"找不到文件 {path}", f"the file {path} does not exist") from None
    sha = hashlib.sha256(data).hexdigest()
    try:
        table = read(store, path.name, data, sheet=sheet)
        mapping = None
        if table.notice is None:
            if honour is None and kind != "enterprises" and (title := title_honour(table, kind_catalogue(store))):
                honour, year = title.code, year or title.year
            if honour is not None:
                kind = resolve_honour(honour, kind_catalogue(store))[1] if kind is None else kind
            if kind is None:
                detection = columns.detect(table, kind_catalogue(store))
                if detection.kind is None:
                    raise KindUnclear(path.name, detection)
                kind = detection.kind
                if kind == "enterprises":
                    _title_not_enterprises(table, kind_catalogue(store))
            given = {**(column_map or {}), **{h: "-" for h in (ignore or [])}}
            mapping = columns.apply_map(table, kind, columns.guess_mapping(table, kind, kind_catalogue(store)), given)
        left_out = [h for h, target in {**(column_map or {}), **{h: "-" for h in (ignore or [])}}.items() if target == "-"]
        prepared = prepare(store, table, kind, mapping, district_choices=district_choices,
                           create_enterprises=create_enterprises, sha256=sha, honour=honour, year=year, matches=matches,
                           count=count, engine=engine, left_out=left_out)
        return prepared
    except ImportRefused:
        raise
    except QcbrandError as e:
        report = ImportReport(path.name, kind or "?", sha256=sha)
        report.problems.append(Problem(None, "—", "", e.zh, e.en))
        raise ImportRefused("导入被拒绝：" + e.zh, "import refused: " + e.en, report) from None
