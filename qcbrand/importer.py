"""Importing a list: map its columns, validate every row, then commit all or nothing; roll back an import.

The steps are separate so the app can show each one: `sources.read_file` reads the file into a
RawTable, `guess_kind` and `guess_mapping` propose what the columns are (the editor may change them),
`prepare` validates every row and resolves enterprises into a report and the frames to write, and
`commit` writes them in one transaction. Nothing is written unless every row is valid; a row already in
the ledger (by its natural key) is skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from . import i18n, queries, sources
from .codes import AMBIGUOUS_DISTRICTS, full_name_key, name_key, normalise_text
from .errors import ImportRefused, NotFound, QcbrandError
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
)
from .sources import HEADERS, RawTable, header_key
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

# The columns each kind takes, in the order the README documents them; * marks required ones.
COLUMNS: dict[str, tuple[str, ...]] = {
    "enterprises": ("name*", "uscc", "district", "industry", "former_names"),
    "famous_brands": ("enterprise*", "uscc", "district", "product*", "brand", "kind", "granted_on*", "valid_until"),
    "trademarks": ("enterprise*", "uscc", "district", "mark*", "reg_no", "nice_class", "tier*", "granted_on*", "valid_until"),
    "quality_awards": ("enterprise*", "uscc", "district", "award*", "year", "granted_on"),
    "standards": ("std_no*", "title*", "released_on*", "status", "service", "enterprise*", "uscc", "district", "role*"),
    "other_honours": ("kind*", "title*", "enterprise", "uscc", "district", "granted_on*", "valid_until"),
    "indicator_readings": ("indicator*", "year*", "value*", "source"),
}
IGNORED_HEADERS = {header_key(h) for h in HEADERS["serial"] + HEADERS["note"]}


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
    new_enterprise_names: list[str] = field(default_factory=list)
    ambiguous_districts: list[str] = field(default_factory=list)
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
        kind = i18n.t(f"kind.{self.record_kind}", lang) if f"kind.{self.record_kind}" in i18n.MESSAGES else self.record_kind
        if lang == "zh":
            head = f"{self.file_name}（{kind}）：共 {self.rows_in_file} 行，"
            if not self.ok:
                return head + f"发现 {len(self.errors)} 处错误，未写入任何数据"
            verb = "将新增" if self.dry_run else "新增"
            return head + (f"{verb} {self.rows_new} 条，已存在 {self.rows_already_present} 条，"
                           f"新建企业 {self.enterprises_new} 家，警告 {len(self.warnings)} 条")
        head = f"{self.file_name} ({kind}): {self.rows_in_file} rows, "
        if not self.ok:
            return head + f"{len(self.errors)} errors found; nothing was written"
        verb = "would add" if self.dry_run else "added"
        return head + (f"{verb} {self.rows_new}, {self.rows_already_present} already present, "
                       f"{self.enterprises_new} new enterprises, {len(self.warnings)} warnings")

    def problems_frame(self, lang: str = "zh") -> pd.DataFrame:
        """The report as a table: row, field, value, message, severity."""
        return pd.DataFrame(
            [{"row": p.row, "field": p.field, "value": p.value, "message": p.zh if lang == "zh" else p.en,
              "severity": p.severity} for p in sorted(self.problems, key=lambda p: (p.row or 0, p.severity))],
            columns=["row", "field", "value", "message", "severity"],
        )


# --- what the columns are ------------------------------------------------------------------------


def fields_of(kind: str) -> list[str]:
    return [c.rstrip("*") for c in COLUMNS[kind]]


def guess_mapping(headers: list[str], kind: str) -> dict[int, str]:
    """Column index -> field, from the headers a list uses (English or Chinese)."""
    wanted = fields_of(kind)
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        match = next((f for f in wanted if key == f or key in {header_key(h) for h in HEADERS.get(f, ())}), None)
        if match is not None and match not in mapping.values():
            mapping[index] = match
    return mapping


def guess_kind(headers: list[str]) -> str | None:
    """The record kind whose required columns the headers name, preferring the one that maps most."""
    best, best_score = None, 0
    for kind in COLUMNS:
        mapping = guess_mapping(headers, kind)
        required = [c.rstrip("*") for c in COLUMNS[kind] if c.endswith("*")]
        if all(r in mapping.values() for r in required) and len(mapping) > best_score:
            best, best_score = kind, len(mapping)
    return best


def mapping_problems(headers: list[str], kind: str, mapping: dict[int, str]) -> list[Problem]:
    problems = []
    for index, header in enumerate(headers):
        if index not in mapping and header_key(header) and header_key(header) not in IGNORED_HEADERS:
            problems.append(Problem(None, header, "", f"列“{header}”未对应任何字段，已忽略",
                                    f"the column '{header}' maps to no field and is ignored", "warning"))
    for name in [c.rstrip("*") for c in COLUMNS[kind] if c.endswith("*")]:
        if name not in mapping.values():
            examples = "、".join(HEADERS.get(name, (name,))[1:3]) or name
            problems.append(Problem(None, name, "", f"缺少必填列“{name}”（如 {examples}）",
                                    f"the required column '{name}' is missing", "error"))
    return problems


# --- validation and planning ---------------------------------------------------------------------


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


@dataclass
class Prepared:
    report: ImportReport
    records: pd.DataFrame
    new_enterprises: pd.DataFrame


def notice_kind(table: RawTable, catalogue: dict[str, tuple[str, str]]) -> tuple[str | None, list[Problem]]:
    """The record kind of a text notice (quality awards or other honours) and the checks of its sections."""
    problems = []
    categories = set()
    by_code = {code: category for code, category in catalogue.values()}
    for section in table.sections:
        if section["kind"] is None:
            problems.append(Problem(section["row"], "section", section["heading"],
                                    "分节标题不是已登记的荣誉类别", "the section heading is not a known honour kind"))
            continue
        categories.add(by_code[section["kind"]])
        if section["stated"] is not None and section["stated"] != section["found"]:
            problems.append(Problem(section["row"], "section", section["heading"],
                                    f"标题注明共{section['stated']}个，实际列出{section['found']}个",
                                    f"the heading states {section['stated']} but {section['found']} names are listed"))
        if section["etc"] is not None and section["etc"] != section["found"]:
            problems.append(Problem(section["row"], "section", section["heading"],
                                    f"名单以“等{section['etc']}家”结尾，只列出了{section['found']}家：名单不完整",
                                    f"the list ends with 'and others, {section['etc']} in all' but names {section['found']}: "
                                    "it is incomplete", "warning"))
    if any(row[2] is None for _, row in table.rows):
        problems.append(Problem(None, "year", "", "文中找不到年份（如“2019年”），请指定年份",
                                "the text names no year (such as 2019年); give the year"))
    kinds = {"quality_award": "quality_awards", "other": "other_honours"}
    if len(categories) > 1 or (categories and categories - set(kinds)):
        problems.append(Problem(None, "section", "", "一段文本只能导入质量奖或其他荣誉中的一类",
                                "one text can hold quality awards or other honours, not both and nothing else"))
        return None, problems
    return (kinds[categories.pop()] if categories else None), problems


def raw_rows(table: RawTable, kind: str, mapping: dict[int, str]) -> list[tuple[int, dict[str, Any]]]:
    if table.sections:  # a text notice: name, kind, year
        field_of_kind = {"quality_awards": "award", "other_honours": "kind"}[kind]
        rows = []
        for number, (name, honour, year) in table.rows:
            row = {"enterprise": name, field_of_kind: honour, "year": year, "granted_on": year}
            if kind == "other_honours":
                row["title"] = name
            rows.append((number, row))
        return rows
    return [(number, {mapping[i]: cell for i, cell in enumerate(cells) if i in mapping}) for number, cells in table.rows]


def prepare(
    store: Store,
    table: RawTable,
    kind: str,
    mapping: dict[int, str] | None = None,
    *,
    district_choices: dict[str, str] | None = None,
    create_enterprises: bool = False,
    sha256: str = "",
) -> Prepared:
    """Validate every row and work out what would be written. Never writes."""
    if kind not in MODELS:
        raise QcbrandError(f"未知的记录类别“{kind}”，应为 {'、'.join(MODELS)} 之一",
                           f"unknown record kind '{kind}'; expected one of {', '.join(MODELS)}")
    report = ImportReport(table.file_name, kind, sha256=sha256, dry_run=True)  # a preview until committed
    report.rows_in_file = len(table.rows)
    catalogue = kind_catalogue(store)
    if table.sections:
        _, problems = notice_kind(table, catalogue)
        report.problems.extend(problems)
        mapping = {}
    else:
        mapping = guess_mapping(table.headers, kind) if mapping is None else mapping
        report.problems.extend(mapping_problems(table.headers, kind, mapping))
    for number, text in table.notes:
        report.problems.append(Problem(number, "—", text[:40], "表格下方的注释行，已跳过", "a note under the table, skipped", "warning"))
    if not table.rows:
        report.problems.append(Problem(None, "—", "", "没有数据行", "there are no data rows"))
    if report.errors:
        return Prepared(report, pd.DataFrame(), pd.DataFrame())

    choices = {normalise_text(k).replace(" ", ""): v for k, v in (district_choices or {}).items()}
    rows = raw_rows(table, kind, mapping)
    model = MODELS[kind]
    good = []
    for number, raw in rows:
        district = raw.get("district")
        if district is not None and normalise_text(str(district)).replace(" ", "") in choices:
            raw = {**raw, "district": choices[normalise_text(str(district)).replace(" ", "")]}
        try:
            good.append((number, model.model_validate(raw, context={"kinds": catalogue})))
        except ValidationError as e:
            found = problems_from(e, number, raw)
            report.problems.extend(found)
            for p in found:
                if p.field == "district" and p.value in AMBIGUOUS_DISTRICTS and p.value not in report.ambiguous_districts:
                    report.ambiguous_districts.append(p.value)
    report.rows_valid = len(good)
    records, new_firms = _frames(store, kind, good, report, create_enterprises)
    if not report.errors and not records.empty:
        _count_new(store, kind, records, report)
    return Prepared(report, records, new_firms)


def _frames(store: Store, kind: str, good: list[tuple[int, Any]], report: ImportReport,
            create_enterprises: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    if not good:
        return pd.DataFrame(), pd.DataFrame()
    if kind == "enterprises":
        frame = pd.DataFrame([{
            "row": n, "name": m.name, "name_key": name_key(m.name), "uscc": m.uscc, "district_code": m.district,
            "industry": m.industry,
            "former_names": [x.strip() for x in (m.former_names or "").replace("；", ";").replace("、", ";").split(";") if x.strip()],
        } for n, m in good])
        report.enterprises_new = 0
        return frame, pd.DataFrame()
    if kind == "indicator_readings":
        frame = pd.DataFrame([{"row": n, "indicator_code": m.indicator, "year": m.year, "value": m.value,
                               "source": m.source} for n, m in good])
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
        return frame, pd.DataFrame()

    resolver = EnterpriseResolver(store, create_enterprises)
    rows = []
    for number, m in good:
        holder = getattr(m, "enterprise", None)
        enterprise_id = None
        if holder is not None:
            enterprise_id, problem = resolver.resolve(number, holder, getattr(m, "uscc", None), getattr(m, "district", None))
            if problem:
                report.problems.append(problem)
        rows.append(_record_row(kind, number, m, enterprise_id))
    report.enterprises_new = len(resolver.new)
    report.new_enterprise_names = [r["name"] for r in resolver.new.values()]
    frame = pd.DataFrame(rows)
    key_columns = queries.NATURAL_KEYS[kind][0]
    duplicated = frame.duplicated(subset=key_columns, keep="first")
    for row in frame[duplicated].itertuples():
        report.problems.append(Problem(row.row, "—", "", "与前面的某一行重复，只导入一次", "repeats an earlier row; it is imported once",
                                       "warning"))
    return frame, resolver.new_frame()


def _record_row(kind: str, number: int, m: Any, enterprise_id: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"row": number, "enterprise_id": enterprise_id}
    if kind == "famous_brands":
        row.update(kind_code=m.kind, product=m.product, brand=m.brand, granted_on=m.granted_on, valid_until=m.valid_until)
    elif kind == "trademarks":
        row.update(kind_code=m.tier, mark=m.mark, reg_no=m.reg_no, nice_class=m.nice_class, granted_on=m.granted_on,
                   valid_until=m.valid_until)
    elif kind == "quality_awards":
        row.update(kind_code=m.award, year=m.year, granted_on=m.granted_on)
    elif kind == "other_honours":
        row.update(kind_code=m.kind, title=m.title, district_code=m.district, granted_on=m.granted_on, valid_until=m.valid_until)
    elif kind == "standards":
        row.update(std_no=m.std_no.number, title=m.title, level=m.std_no.level, kind_code=f"standard_{m.std_no.level}",
                   released_on=m.released_on, status=m.status, service=m.service, role=m.role)
    return row


class EnterpriseResolver:
    """Match a list's holder to an enterprise: by 统一社会信用代码, else by normalised name (and
    district when the name alone is ambiguous; and the exact name, legal form included, when 某某有限公司
    and 某某股份有限公司 are both registered). An unknown holder becomes a new enterprise only when
    the editor agreed; an ambiguous one is an error, never a guess."""

    def __init__(self, store: Store, create: bool) -> None:
        self.create = create
        self.by_uscc: dict[str, int] = {}
        # name key -> (id, district, registered name); the name is compared only when a key is shared
        self.by_key: dict[str, list[tuple[int, str | None, str]]] = {}
        for enterprise_id, uscc, registered, key, former, district in queries.enterprise_index_rows(store):
            if uscc:
                self.by_uscc[uscc] = enterprise_id
            self.by_key.setdefault(key, []).append((enterprise_id, district, registered))
            for name in former:
                other = name_key(name)
                if other != key:
                    self.by_key.setdefault(other, []).append((enterprise_id, district, name))
        self.new: dict[str, dict[str, Any]] = {}  # name_key -> row of a new enterprise
        self.new_by_uscc: dict[str, str] = {}  # credit code -> name_key of a new enterprise

    def resolve(self, row: int, name: str, uscc: str | None, district: str | None) -> tuple[Any, Problem | None]:
        if uscc and uscc in self.by_uscc:
            return self.by_uscc[uscc], None
        key = name_key(name)
        found = self.by_key.get(key, [])
        if district and len(found) > 1:
            found = [f for f in found if f[1] == district]
        if len(found) > 1:
            exact = [f for f in found if full_name_key(f[2]) == full_name_key(name)]
            found = exact if len(exact) == 1 else found
        if len(found) == 1:
            return found[0][0], None
        if len(found) > 1:
            return None, Problem(row, "enterprise", name, f"名称与 {len(found)} 家已登记企业相符，请补充统一社会信用代码或地区",
                                 f"the name matches {len(found)} registered enterprises; add the credit code or district")
        if uscc and uscc in self.new_by_uscc and self.new_by_uscc[uscc] != key:
            first = self.new[self.new_by_uscc[uscc]]
            return None, Problem(row, "uscc", uscc, f"与第{first['row']}行“{first['name']}”的统一社会信用代码相同，但名称不同",
                                 f"the same credit code as row {first['row']} ('{first['name']}') but another name")
        if key in self.new:
            return ("new", key), None
        self.new[key] = {"name": name, "name_key": key, "uscc": uscc, "district_code": district,
                         "industry": None, "former_names": [], "row": row}
        if uscc:
            self.new_by_uscc[uscc] = key
        if self.create:
            return ("new", key), Problem(row, "enterprise", name, "未登记的企业，将新建", "an enterprise not yet registered; it will be created",
                                         "warning")
        return ("new", key), Problem(row, "enterprise", name, "未登记的企业；确认新建请勾选“新建企业”（命令行加 --create-enterprises）",
                                     "an enterprise not yet registered; agree to create it (--create-enterprises on the command line)")

    def new_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{k: v for k, v in row.items() if k != "row"} for row in self.new.values()])


def _count_new(cur: Any, kind: str, records: pd.DataFrame, report: ImportReport) -> None:
    if "enterprise_id" in records:
        is_new = records["enterprise_id"].map(lambda v: isinstance(v, tuple))
    else:
        is_new = pd.Series(False, index=records.index)
    existing = queries.count_existing(cur, kind, records[~is_new].drop(columns=["row"]))
    unique = len(records.drop_duplicates(subset=queries.NATURAL_KEYS[kind][0]))
    report.rows_already_present = existing
    report.rows_new = unique - existing


# --- writing -------------------------------------------------------------------------------------


def commit(store: Store, prepared: Prepared, editor: str) -> ImportReport:
    """Write a prepared import in one transaction: every row or none."""
    report = prepared.report
    if not report.ok:
        raise ImportRefused("导入被拒绝：" + report.summary("zh"), "import refused: " + report.summary("en"), report)
    with store.transaction() as cur:
        if not prepared.records.empty:  # counted again inside the transaction: another import may have landed
            _count_new(cur, report.record_kind, prepared.records, report)
        import_id = queries.new_import(cur, report.file_name, report.sha256, report.record_kind, editor, report.rows_in_file)
        report.import_id = import_id
        records = prepared.records.drop(columns=["row"], errors="ignore").assign(import_id=import_id)
        new_firms = prepared.new_enterprises
        firms_added = 0
        if len(new_firms):
            firms_added = queries.insert_new_enterprises(cur, new_firms.assign(import_id=import_id))
            created = queries.enterprise_ids_by_key(cur, new_firms["name_key"].tolist())
            records["enterprise_id"] = records["enterprise_id"].map(lambda v: created[v[1]] if isinstance(v, tuple) else v)
        if "enterprise_id" in records:
            records["enterprise_id"] = records["enterprise_id"].astype("Int64")
        added = queries.insert_new_records(cur, report.record_kind, records) if not records.empty else 0
        queries.finish_import(cur, import_id, added, firms_added)
        queries.audit(cur, editor, "import", table_name=report.record_kind, import_id=import_id,
                      after={"rows_added": added, "enterprises_added": firms_added, "rows_in_file": report.rows_in_file},
                      note=f"{report.file_name} sha256 {report.sha256[:12]}")
    report.rows_new = added
    report.enterprises_new = firms_added
    report.dry_run = False
    return report


def read(store: Store, file_name: str, data: bytes, *, sheet: str | None = None, year: int | None = None) -> RawTable:
    return sources.read_file(file_name, data, sheet=sheet, kinds=kind_catalogue(store), year=year)


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
    column_map: dict[str, str] | None = None,
    district_choices: dict[str, str] | None = None,
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
    try:
        table = read(store, path.name, data, sheet=sheet, year=year)
    except QcbrandError as e:
        report = ImportReport(path.name, kind or "?", sha256=sha)
        report.problems.append(Problem(None, "—", "", e.zh, e.en))
        raise ImportRefused("导入被拒绝：" + e.zh, "import refused: " + e.en, report) from None
    if table.sections:
        kind, _ = notice_kind(table, kind_catalogue(store))
        kind = kind or "quality_awards"
    if kind is None:
        kind = guess_kind(table.headers)
        if kind is None:
            raise QcbrandError("无法从表头判断记录类别，请用 --kind 指定", "the headers do not tell the record kind; give it with --kind")
    mapping = guess_mapping(table.headers, kind)
    for header, target in (column_map or {}).items():
        index = next((i for i, h in enumerate(table.headers) if header_key(h) == header_key(header)), None)
        if index is None:
            raise QcbrandError(f"文件中没有列“{header}”", f"the file has no column '{header}'")
        if target not in fields_of(kind) and target != "-":
            raise QcbrandError(f"“{target}”不是 {kind} 的字段", f"'{target}' is not a field of {kind}")
        mapping = {i: f for i, f in mapping.items() if f != target and i != index}
        if target != "-":
            mapping[index] = target
    prepared = prepare(store, table, kind, mapping, district_choices=district_choices,
                       create_enterprises=create_enterprises, sha256=sha)
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
        removed = queries.delete_import(cur, import_id)
        queries.mark_rolled_back(cur, import_id, editor)
        queries.audit(cur, editor, "rollback", table_name=info["record_kind"], import_id=import_id, before=removed,
                      note=f"{info['file_name']} (import {import_id})")
    return removed


def imports(store: Store) -> pd.DataFrame:
    return queries.imports(store)


def today() -> dt.date:
    return dt.date.today()
