"""Importing a list: say what it is, validate every row, then commit all or nothing; roll back an import.

The steps are separate so the app can show each one: `read` turns the file into a RawTable (a table, or a
notice given as text), `columns.detect` says what kind of list a table is (or refuses), `prepare`
validates every row and resolves its holders into a report and the rows to write, and `commit` writes
them in one transaction. Nothing is written unless every row is valid; a row already in the ledger (by
its natural key) is skipped, so importing the same honours twice, from a table or from a notice, adds
nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from . import columns, i18n, queries, sources
from .codes import AMBIGUOUS_DISTRICTS, name_key, normalise_text
from .columns import COLUMNS, HONOUR_FIELD, KIND_OF_CATEGORY, KindUnclear, fields_of  # noqa: F401  (the public API)
from .errors import ImportRefused, NotFound, QcbrandError
from .hanzi import simplified_cell
from .matching import Candidate, EnterpriseResolver
from .models import (
    EnterpriseIn,
    FamousBrandIn,
    IndicatorReadingIn,
    OtherHonourIn,
    Problem,
    QualityAwardIn,
    StandardIn,
    TrademarkIn,
    problems_from,
    unknown_honour_messages,
)
from .notices import Notice
from .sources import RawTable
from .store import Store

MODELS: dict[str, type[BaseModel]] = {
    "enterprises": EnterpriseIn,
    "famous_brands": FamousBrandIn,
    "trademarks": TrademarkIn,
    "quality_awards": QualityAwardIn,
    "standards": StandardIn,
    "other_honours": OtherHonourIn,
    "indicator_readings": IndicatorReadingIn,
}
NOTICE = "notice"  # the record kind of an import read from a notice (it may hold several kinds)


@dataclass
class ImportReport:
    """What an import found and did. `problems` holds errors (which block) and warnings (which don't)."""

    file_name: str
    record_kind: str
    rows_in_file: int = 0
    problems: list[Problem] = field(default_factory=list)
    rows_valid: int = 0
    rows_new: int = 0
    rows_already_present: int = 0
    enterprises_new: int = 0
    persons: int = 0  # laureates who are people: recorded with their organisation, never as enterprises
    new_enterprise_names: list[str] = field(default_factory=list)
    ambiguous_districts: list[str] = field(default_factory=list)
    # names the editor must settle: registered enterprises they resemble, or that share their name
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    rows_by_kind: dict[str, int] = field(default_factory=dict)
    converted: int = 0  # cells or a text written in traditional characters, read as simplified
    honour: str | None = None  # the honour the editor gave the whole list (--honour)
    source_title: str | None = None
    doc_numbers: list[str] = field(default_factory=list)
    import_id: int | None = None
    dry_run: bool = False
    sha256: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, lang: str = "zh") -> str:
        key = f"kind.{self.record_kind}"
        kind = i18n.t(key, lang) if key in i18n.MESSAGES else self.record_kind
        persons = self.persons
        if lang == "zh":
            head = f"{self.file_name}（{kind}）：共 {self.rows_in_file} 行，"
            if not self.ok:
                return head + f"发现 {len(self.errors)} 处错误，未写入任何数据"
            verb = "将新增" if self.dry_run else "新增"
            return head + (f"{verb} {self.rows_new} 条，已存在 {self.rows_already_present} 条，"
                           f"新建企业 {self.enterprises_new} 家，" + (f"其中个人获奖者 {persons} 名（不作为企业），" if persons else "")
                           + f"警告 {len(self.warnings)} 条")
        head = f"{self.file_name} ({kind}): {self.rows_in_file} rows, "
        if not self.ok:
            return head + f"{len(self.errors)} errors found; nothing was written"
        verb = "would add" if self.dry_run else "added"
        return head + (f"{verb} {self.rows_new}, {self.rows_already_present} already present, "
                       f"{self.enterprises_new} new enterprises, "
                       + (f"{persons} laureates who are persons (not enterprises), " if persons else "")
                       + f"{len(self.warnings)} warnings")

    def problems_frame(self, lang: str = "zh") -> pd.DataFrame:
        """The report as a table: row, field, value, message, severity."""
        return pd.DataFrame(
            [{"row": p.row, "field": p.field, "value": p.value, "message": p.zh if lang == "zh" else p.en,
              "severity": p.severity} for p in sorted(self.problems, key=lambda p: (p.row or 0, p.severity))],
            columns=["row", "field", "value", "message", "severity"],
        )


@dataclass
class Prepared:
    report: ImportReport
    parts: dict[str, pd.DataFrame]  # record kind -> the rows to write
    new_enterprises: pd.DataFrame
    table: RawTable | None = None

    @property
    def records(self) -> pd.DataFrame:
        """All rows to write (one kind for a table); kept for callers that write one kind."""
        return next(iter(self.parts.values()), pd.DataFrame())


# --- the honour-kind catalogue -------------------------------------------------------------------


def kind_catalogue(store: Store) -> dict[str, tuple[str, str]]:
    """Every code, name and alias of every honour kind -> (code, category)."""
    found: dict[str, tuple[str, str]] = {}
    for row in queries.kinds(store).itertuples():
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
        zh, en = unknown_honour_messages(text)
        raise QcbrandError(zh, en)
    code, category = found
    if category not in KIND_OF_CATEGORY:
        raise QcbrandError(f"“{text}”是标准类别，标准的类别由标准编号决定，不能指定给整张名单",
                           f"'{text}' is a kind of standard; a standard's kind comes from its number, not from --honour")
    return code, KIND_OF_CATEGORY[category]


# --- rows as the models take them ----------------------------------------------------------------


def _notice_rows(notice: Notice, catalogue: dict[str, tuple[str, str]], year: int | None,
                 report: ImportReport) -> dict[str, list[tuple[int, dict[str, Any], str]]]:
    """The laureates of a notice as rows per record kind, and the checks of its sections."""
    category_of = {code: category for code, category in catalogue.values()}
    out: dict[str, list[tuple[int, dict[str, Any], str]]] = {}
    bad: set[int] = set()
    for section in notice.sections:
        heading = section.heading[:60]
        if section.kind is None:
            zh, en = unknown_honour_messages(section.honour_text)
            report.problems.append(Problem(section.line, "honour", section.honour_text, zh, en))
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
        if kind == "other_honours":
            raw["title"] = item.name
        out.setdefault(kind, []).append((item.line, raw, f"第{item.line}行 · {section.heading[:60]}"[:120]))
    return out


def _table_rows(table: RawTable, kind: str, mapping: dict[int, str], honour: str | None,
                year: int | None) -> list[tuple[int, dict[str, Any], str]]:
    where = f"{table.sheet} " if table.sheet and len(table.sheets) > 1 else ""
    rows = []
    for number, cells in table.rows:
        raw = {mapping[i]: cell for i, cell in enumerate(cells) if i in mapping}
        if honour is not None:
            raw[HONOUR_FIELD[kind]] = honour
        if year is not None:
            for date_field in ("granted_on", "year") if kind == "quality_awards" else ("granted_on",):
                if date_field in fields_of(kind) and _blank(raw.get(date_field)) and not _dated(raw, kind):
                    raw[date_field] = year
        rows.append((number, raw, f"{where}第{number}行"))
    return rows


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def _dated(raw: dict[str, Any], kind: str) -> bool:
    """A quality award with either its year or its date already carries a date."""
    return kind == "quality_awards" and not (_blank(raw.get("year")) and _blank(raw.get("granted_on")))


# --- validation and planning ---------------------------------------------------------------------


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
) -> Prepared:
    """Validate every row and work out what would be written. Never writes.

    `honour` gives every row of a table that honour (its kind of list follows from it); `year` dates rows
    that carry no date (31 December) and sections of a notice that name no year; `matches` are the
    editor's choices for names (an enterprise id, or "new")."""
    catalogue = kind_catalogue(store)
    honour_code = None
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
        by_kind = _notice_rows(table.notice, catalogue, year, report)
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
        report.problems.extend(columns.mapping_problems(table, kind, mapping, fixed))
        for number, text in table.notes:
            report.problems.append(Problem(number, "—", text[:40], "表格下方的注释行，已跳过", "a note under the table, skipped",
                                           "warning"))
        by_kind = {kind: _table_rows(table, kind, mapping, honour_code, year)}
    if table.converted or (table.notice is not None and table.notice.converted):
        report.problems.append(Problem(None, "—", "", "文中有繁体字，已按简体字比对和记录，原文随导入保存",
                                       "the text has traditional characters: they were matched and recorded as "
                                       "simplified ones, and the original is kept with the import", "warning"))
    if not table.size:
        report.problems.append(Problem(None, "—", "", "没有数据行", "there are no data rows"))
    if report.errors:
        return Prepared(report, {}, pd.DataFrame(), table)

    choices = {normalise_text(k).replace(" ", ""): v for k, v in (district_choices or {}).items()}
    validated: dict[str, list[tuple[int, Any, str]]] = {}
    for part, rows in by_kind.items():
        model = MODELS[part]
        good = validated.setdefault(part, [])
        for number, raw, ref in rows:
            district = raw.get("district")
            if district is not None and normalise_text(str(district)).replace(" ", "") in choices:
                raw = {**raw, "district": choices[normalise_text(str(district)).replace(" ", "")]}
            try:
                good.append((number, model.model_validate(raw, context={"kinds": catalogue}), ref))
            except ValidationError as e:
                found = problems_from(e, number, raw)
                report.problems.extend(found)
                for p in found:
                    if p.field == "district" and p.value in AMBIGUOUS_DISTRICTS and p.value not in report.ambiguous_districts:
                        report.ambiguous_districts.append(p.value)
    report.rows_valid = sum(len(g) for g in validated.values())
    resolver = EnterpriseResolver(store, create_enterprises, matches)
    resolver.lookup([(m.enterprise, getattr(m, "uscc", None)) for good in validated.values() for _, m, _ in good
                     if getattr(m, "enterprise", None) is not None and getattr(m, "person_org", None) is None])
    parts = {}
    for part, good in validated.items():
        frame = _frame(store, part, good, report, resolver)
        if not frame.empty:
            parts[part] = frame
            report.rows_by_kind[part] = len(frame)
    report.enterprises_new = len(resolver.new)
    report.new_enterprise_names = [r["name"] for r in resolver.new.values()]
    report.candidates = {**resolver.ambiguous, **{k: v for k, v in resolver.candidates.items() if v}}
    if not report.errors:
        _count_new(store, parts, report)
    return Prepared(report, parts, resolver.new_frame(), table)


def _frame(store: Store, kind: str, good: list[tuple[int, Any, str]], report: ImportReport,
           resolver: EnterpriseResolver) -> pd.DataFrame:
    if not good:
        return pd.DataFrame()
    if kind == "enterprises":
        return pd.DataFrame([{
            "row": n, "name": m.name, "name_key": name_key(m.name), "uscc": m.uscc, "district_code": m.district,
            "industry": m.industry,
            "former_names": [x.strip() for x in (m.former_names or "").replace("；", ";").replace("、", ";").split(";") if x.strip()],
        } for n, m, _ in good])
    if kind == "indicator_readings":
        frame = pd.DataFrame([{"row": n, "indicator_code": m.indicator, "year": m.year, "value": m.value,
                               "source": m.source} for n, m, _ in good])
        known = queries.indicator_codes(store)
        frame["plan_code"] = frame["indicator_code"].map(known)
        existing = queries.indicator_values(store)
        for row in frame.itertuples():
            if row.indicator_code not in known:
                report.problems.append(Problem(row.row, "indicator", row.indicator_code, "计划中没有这个指标代码",
                                               "no loaded plan has this indicator code"))
                continue
            old = existing.get((row.plan_code, row.indicator_code, row.year))
            if old is not None and old != row.value:
                report.problems.append(Problem(row.row, "value", str(row.value),
                                               f"{row.year}年已有读数 {old:g}；如需修改，请在数据管理中更正",
                                               f"{row.year} already has the reading {old:g}; change it as a correction"))
        return frame

    rows = []
    for number, m, ref in good:
        holder = getattr(m, "enterprise", None)
        enterprise_id = None
        if getattr(m, "person_org", None) is not None:
            report.persons += 1
        elif holder is not None:
            enterprise_id, problem = resolver.resolve(number, holder, getattr(m, "uscc", None), getattr(m, "district", None))
            if problem:
                report.problems.append(problem)
        rows.append(_record_row(kind, number, m, enterprise_id, ref))
    frame = pd.DataFrame(rows)
    duplicated = frame.duplicated(subset=queries.NATURAL_KEYS[kind][0], keep="first")
    for row in frame[duplicated].itertuples():
        report.problems.append(Problem(row.row, "—", "", "与前面的某一行重复，只导入一次", "repeats an earlier row; it is imported once",
                                       "warning"))
    return frame


def _record_row(kind: str, number: int, m: Any, enterprise_id: Any, ref: str) -> dict[str, Any]:
    row: dict[str, Any] = {"row": number, "enterprise_id": enterprise_id, "source_ref": ref}
    if kind == "famous_brands":
        row.update(kind_code=m.kind, product=m.product, brand=m.brand, granted_on=m.granted_on, valid_until=m.valid_until)
    elif kind == "trademarks":
        row.update(kind_code=m.tier, mark=m.mark, reg_no=m.reg_no, nice_class=m.nice_class, granted_on=m.granted_on,
                   valid_until=m.valid_until)
    elif kind == "quality_awards":
        row.update(kind_code=m.award, year=m.year, granted_on=m.granted_on, **_laureate(m))
    elif kind == "other_honours":
        row.update(kind_code=m.kind, title=m.title, district_code=m.district, granted_on=m.granted_on,
                   valid_until=m.valid_until, **_laureate(m))
    elif kind == "standards":
        row.update(std_no=m.std_no.number, title=m.title, level=m.std_no.level, kind_code=f"standard_{m.std_no.level}",
                   released_on=m.released_on, status=m.status, service=m.service, role=m.role)
    return row


def _laureate(m: Any) -> dict[str, Any]:
    """A person's name and organisation; an enterprise's record has neither."""
    if m.person_org is None:
        return {"laureate": None, "laureate_org": None}
    return {"laureate": m.enterprise, "laureate_org": m.person_org}


def _count_new(cur: Any, parts: dict[str, pd.DataFrame], report: ImportReport) -> None:
    existing = unique = 0
    for kind, records in parts.items():
        if "enterprise_id" in records:
            is_new = records["enterprise_id"].map(lambda v: isinstance(v, tuple))
        else:
            is_new = pd.Series(False, index=records.index)
        existing += queries.count_existing(cur, kind, records[~is_new].drop(columns=["row"]))
        unique += len(records.drop_duplicates(subset=queries.NATURAL_KEYS[kind][0]))
    report.rows_already_present = existing
    report.rows_new = unique - existing


# --- writing -------------------------------------------------------------------------------------


def commit(store: Store, prepared: Prepared, editor: str) -> ImportReport:
    """Write a prepared import in one transaction: every row or none."""
    report = prepared.report
    if not report.ok:
        raise ImportRefused("导入被拒绝：" + report.summary("zh"), "import refused: " + report.summary("en"), report)
    table = prepared.table
    source_text = table.original_text if table is not None and (table.notice is not None or table.converted) else None
    with store.transaction() as cur:
        if prepared.parts:  # counted again inside the transaction: another import may have landed
            _count_new(cur, prepared.parts, report)
        import_id = queries.new_import(cur, report.file_name, report.sha256, report.record_kind, editor, report.rows_in_file,
                                       report.source_title, "、".join(report.doc_numbers) or None, source_text)
        report.import_id = import_id
        new_firms = prepared.new_enterprises
        firms_added = 0
        created: dict[str, int] = {}
        if len(new_firms):
            firms_added = queries.insert_new_enterprises(cur, new_firms.assign(import_id=import_id))
            created = queries.enterprise_ids_by_key(cur, new_firms["name_key"].tolist())
        added = 0
        for kind, frame in prepared.parts.items():
            records = frame.drop(columns=["row"], errors="ignore").assign(import_id=import_id)
            if kind == "enterprises":
                records = records.drop(columns=["source_ref"], errors="ignore")
            if "enterprise_id" in records:
                records["enterprise_id"] = records["enterprise_id"].map(
                    lambda v: created[v[1]] if isinstance(v, tuple) else v).astype("Int64")
            added += queries.insert_new_records(cur, kind, records)
        queries.finish_import(cur, import_id, added, firms_added, report.persons)
        queries.after_write(cur, import_id=import_id)
        queries.audit(cur, editor, "import", table_name=report.record_kind, import_id=import_id,
                      after={"rows_added": added, "enterprises_added": firms_added, "rows_in_file": report.rows_in_file,
                             "persons": report.persons, "by_kind": report.rows_by_kind},
                      note=f"{report.file_name} sha256 {report.sha256[:12]}")
    report.rows_new = added
    report.enterprises_new = firms_added
    report.dry_run = False
    return report


def read(store: Store, file_name: str, data: bytes, *, sheet: str | None = None) -> RawTable:
    return sources.read_file(file_name, data, sheet=sheet, kinds=kind_catalogue(store))


def import_file(
    store: Store,
    path: str | Path,
    kind: str | None = None,
    *,
    editor: str = "cli",
    dry_run: bool = False,
    data: bytes | None = None,
    sheet: str | None = None,
    year: int | None = None,
    honour: str | None = None,
    column_map: dict[str, str] | None = None,
    district_choices: dict[str, str] | None = None,
    matches: dict[str, Any] | None = None,
    create_enterprises: bool = False,
) -> ImportReport:
    """Read, prepare and (unless a dry run) commit one file. Raises ImportRefused with the report if
    anything is wrong; `column_map` maps a header as written in the file to a field."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise QcbrandError(f"找不到文件 {path}", f"the file {path} does not exist") from None
    sha = hashlib.sha256(data).hexdigest()

    def refused(error: QcbrandError) -> ImportRefused:
        report = ImportReport(path.name, kind or "?", sha256=sha)
        report.problems.append(Problem(None, "—", "", error.zh, error.en))
        return ImportRefused("导入被拒绝：" + error.zh, "import refused: " + error.en, report)

    try:
        table = read(store, path.name, data, sheet=sheet)
        mapping = None
        if table.notice is None:
            if honour is not None:
                kind = resolve_honour(honour, kind_catalogue(store))[1] if kind is None else kind
            if kind is None:
                detection = columns.detect(table, kind_catalogue(store))
                if detection.kind is None:
                    raise KindUnclear(path.name, detection)
                kind = detection.kind
            mapping = columns.apply_map(table, kind, columns.guess_mapping(table, kind, kind_catalogue(store)),
                                        column_map or {})
        prepared = prepare(store, table, kind, mapping, district_choices=district_choices,
                           create_enterprises=create_enterprises, sha256=sha, honour=honour, year=year, matches=matches)
    except ImportRefused:
        raise
    except QcbrandError as e:
        raise refused(e) from None
    report = prepared.report
    report.dry_run = dry_run
    if not report.ok:
        raise ImportRefused("导入被拒绝：" + report.summary("zh"), "import refused: " + report.summary("en"), report)
    if dry_run:
        return report
    return commit(store, prepared, editor)


def rollback(store: Store, import_id: int, editor: str) -> dict[str, int]:
    """Undo an import as a whole: its records go, and the enterprises it created unless later
    records name them. The import stays in the log, marked as rolled back."""
    info = queries.import_info(store, import_id)
    if info is None:
        raise NotFound(f"没有编号为 {import_id} 的导入", f"there is no import number {import_id}")
    if info["rolled_back_at"] is not None:
        raise QcbrandError(f"第 {import_id} 次导入已于 {info['rolled_back_at']:%Y-%m-%d %H:%M} 撤回",
                           f"import {import_id} was already rolled back on {info['rolled_back_at']:%Y-%m-%d %H:%M}")
    with store.transaction() as cur:
        chains = queries.renewal_group_ids(cur, queries.import_record_ids(cur, import_id))  # before they go
        removed = queries.delete_import(cur, import_id)
        queries.after_write(cur, import_id=import_id, chains=chains)
        queries.mark_rolled_back(cur, import_id, editor)
        queries.audit(cur, editor, "rollback", table_name=info["record_kind"], import_id=import_id, before=removed,
                      note=f"{info['file_name']} (import {import_id})")
    return removed


def imports(store: Store) -> pd.DataFrame:
    return queries.imports(store)


def today() -> dt.date:
    return dt.date.today()
