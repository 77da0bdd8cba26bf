"""Importing a list: read the file, map its columns, validate every row, then commit all or nothing.

The canonical format is one CSV (UTF-8, UTF-8 with BOM, or GB18030) per record kind, with the
columns in `COLUMNS`; the usual Chinese headers are accepted beside the English ones. Nothing is
written unless every row is valid, and a row already in the ledger (by its natural key) is skipped,
so importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from . import queries
from .codes import name_key, normalise_text
from .errors import ImportRefused, QcbrandError
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

# field -> the headers that name it (the first is the canonical English header).
HEADERS: dict[str, tuple[str, ...]] = {
    "enterprise": ("enterprise", "企业名称", "单位名称", "企业", "获奖单位", "获得单位", "申请人", "注册人", "起草单位", "company"),
    "name": ("name", "企业名称", "单位名称", "名称"),
    "uscc": ("uscc", "统一社会信用代码", "信用代码", "社会信用代码"),
    "district": ("district", "所在地区", "辖市区", "地区", "所属地区", "区域"),
    "industry": ("industry", "行业", "所属行业"),
    "former_names": ("former_names", "曾用名"),
    "product": ("product", "产品名称", "产品"),
    "brand": ("brand", "商标", "品牌", "注册商标"),
    "kind": ("kind", "类别", "荣誉类别", "称号"),
    "granted_on": ("granted_on", "认定日期", "认定年份", "获得日期", "日期", "年份", "认定时间"),
    "valid_until": ("valid_until", "有效期", "有效期至", "有效期限"),
    "mark": ("mark", "商标", "商标名称", "商标文字"),
    "reg_no": ("reg_no", "注册号", "商标注册号"),
    "nice_class": ("nice_class", "类别", "核定类别", "国际分类", "尼斯分类"),
    "tier": ("tier", "商标等级", "级别", "荣誉类别"),
    "award": ("award", "奖项", "奖项名称", "荣誉类别"),
    "year": ("year", "年份", "获奖年份", "年度"),
    "std_no": ("std_no", "标准编号", "标准号"),
    "title": ("title", "标准名称", "项目名称", "名称"),
    "released_on": ("released_on", "发布日期", "发布时间"),
    "status": ("status", "状态", "标准状态"),
    "service": ("service", "服务业标准", "服务业"),
    "role": ("role", "起草角色", "角色", "主导/参与"),
    "indicator": ("indicator", "指标代码", "指标"),
    "value": ("value", "数值", "读数"),
    "source": ("source", "来源", "数据来源"),
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

# The field of each kind that carries the honour kind, and the catalogue category it must be in.
_KIND_FIELD = {"famous_brands": "kind", "trademarks": "tier", "quality_awards": "award", "other_honours": "kind"}


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
    import_id: int | None = None
    dry_run: bool = False

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
        if lang == "zh":
            head = f"{self.file_name}（{self.record_kind}）：共 {self.rows_in_file} 行，"
            if not self.ok:
                return head + f"发现 {len(self.errors)} 处错误，未写入任何数据"
            verb = "将新增" if self.dry_run else "新增"
            return head + (f"{verb} {self.rows_new} 条，已存在 {self.rows_already_present} 条，"
                           f"新建企业 {self.enterprises_new} 家，警告 {len(self.warnings)} 条")
        head = f"{self.file_name} ({self.record_kind}): {self.rows_in_file} rows, "
        if not self.ok:
            return head + f"{len(self.errors)} errors found; nothing was written"
        verb = "would add" if self.dry_run else "added"
        return head + (f"{verb} {self.rows_new}, {self.rows_already_present} already present, "
                       f"{self.enterprises_new} new enterprises, {len(self.warnings)} warnings")


# --- reading files -------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK): what Excel on Chinese
    Windows writes. Detected without asking; a file that is neither is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise QcbrandError(
            "文件既不是 UTF-8 也不是 GB18030/GBK 编码，无法读取",
            "the file is neither UTF-8 nor GB18030/GBK encoded and cannot be read",
        ) from e


def read_csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for every non-blank line."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    return [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]


def map_headers(headers: list[str], kind: str) -> tuple[dict[int, str], list[Problem]]:
    """Which column holds which field. Unknown headers are reported as warnings and ignored."""
    wanted = [c.rstrip("*") for c in COLUMNS[kind]]
    mapping: dict[int, str] = {}
    problems = []
    for index, header in enumerate(headers):
        text = normalise_text(header).replace(" ", "")
        lowered = text.lower()
        match = next((f for f in wanted if lowered == f or text in HEADERS.get(f, ())), None)
        if match is None or match in mapping.values():
            if text:
                problems.append(Problem(None, header, "", f"不认识的列“{header}”，已忽略", f"unknown column '{header}', ignored", "warning"))
            continue
        mapping[index] = match
    missing = [c.rstrip("*") for c in COLUMNS[kind] if c.endswith("*") and c.rstrip("*") not in mapping.values()]
    # An award or grant needs either its year or date; the model checks the pair.
    for name in missing:
        problems.append(Problem(None, name, "", f"缺少必填列“{name}”（{'、'.join(HEADERS.get(name, (name,))[1:3])}）",
                                f"the required column '{name}' is missing", "error"))
    return mapping, problems


# --- the import ----------------------------------------------------------------------------------


def _kind_catalogue(store: Store) -> dict[str, tuple[str, str]]:
    """Every code, name and alias of every honour kind -> (code, category)."""
    found: dict[str, tuple[str, str]] = {}
    for row in queries.kinds(store).itertuples():
        for name in (row.code, row.name_zh, row.name_en, *list(row.aliases)):
            found[normalise_text(str(name))] = (row.code, row.category)
            found[normalise_text(str(name)).lower()] = (row.code, row.category)
    return found


def validate_rows(store: Store, kind: str, rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[tuple[int, BaseModel]], list[Problem]]:
    model = MODELS[kind]
    context = {"kinds": _kind_catalogue(store)}
    good, problems = [], []
    for number, raw in rows:
        try:
            good.append((number, model.model_validate(raw, context=context)))
        except ValidationError as e:
            problems.extend(problems_from(e, number, raw))
    return good, problems


def import_file(
    store: Store,
    path: str | Path,
    kind: str,
    *,
    editor: str = "cli",
    dry_run: bool = False,
    data: bytes | None = None,
) -> ImportReport:
    """Import one canonical CSV. Raises ImportRefused (with the report) if any row is bad."""
    path = Path(path)
    if kind not in MODELS:
        raise QcbrandError(
            f"未知的记录类别“{kind}”，应为 {'、'.join(MODELS)} 之一",
            f"unknown record kind '{kind}'; expected one of {', '.join(MODELS)}",
        )
    if data is None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise QcbrandError(f"找不到文件 {path}", f"the file {path} does not exist") from None
    report = ImportReport(path.name, kind, dry_run=dry_run)
    lines = read_csv_rows(data)
    if not lines:
        report.problems.append(Problem(None, "—", "", "文件是空的", "the file is empty"))
        raise ImportRefused("导入被拒绝：文件是空的", "import refused: the file is empty", report)
    header_row, headers = lines[0]
    mapping, header_problems = map_headers(headers, kind)
    report.problems.extend(header_problems)
    body = lines[1:]
    report.rows_in_file = len(body)
    if not body:
        report.problems.append(Problem(None, "—", "", "文件只有表头，没有数据行", "the file has a header but no rows"))
    if report.errors:
        raise ImportRefused("导入被拒绝：" + report.summary("zh"), "import refused: " + report.summary("en"), report)

    rows = [(number, {mapping[i]: cell for i, cell in enumerate(cells) if i in mapping}) for number, cells in body]
    good, problems = validate_rows(store, kind, rows)
    report.problems.extend(problems)
    report.rows_valid = len(good)
    sha = hashlib.sha256(data).hexdigest()

    plan_rows = _plan(store, kind, good, report)
    if report.errors:
        raise ImportRefused("导入被拒绝：" + report.summary("zh"), "import refused: " + report.summary("en"), report)
    if dry_run:
        _count_new(store, kind, plan_rows, report)
        return report
    with store.transaction() as cur:
        _count_new(cur, kind, plan_rows, report)
        import_id = queries.new_import(cur, path.name, sha, kind, editor, report.rows_in_file)
        report.import_id = import_id
        new_firms = plan_rows["new_enterprises"]
        records = plan_rows["records"].assign(import_id=import_id)
        if len(new_firms):
            queries.insert_rows(cur, "enterprises", new_firms.assign(import_id=import_id))
            created = queries.enterprise_ids_by_key(cur, new_firms["name_key"].tolist())
            records["enterprise_id"] = records["enterprise_id"].map(
                lambda v: created[v[1]] if isinstance(v, tuple) else v)
        if "enterprise_id" in records:
            records["enterprise_id"] = records["enterprise_id"].astype("Int64")
        added = queries.insert_new_records(cur, kind, records)
        queries.finish_import(cur, import_id, added, len(new_firms))
        queries.audit(cur, editor, "import", table_name=kind, import_id=import_id,
                      after={"rows_added": added, "enterprises_added": len(new_firms)},
                      note=f"{path.name} sha256 {sha[:12]}")
    return report


def _plan(store: Store, kind: str, good: list[tuple[int, BaseModel]], report: ImportReport) -> dict[str, pd.DataFrame]:
    """Turn validated rows into frames ready to insert: enterprises resolved, new ones listed."""
    if kind == "enterprises":
        frame = pd.DataFrame(
            [
                {
                    "row": n,
                    "name": m.name,
                    "name_key": name_key(m.name),
                    "uscc": m.uscc,
                    "district_code": m.district,
                    "industry": m.industry,
                    "former_names": [x.strip() for x in (m.former_names or "").replace("；", ";").replace("、", ";").split(";") if x.strip()],
                }
                for n, m in good
            ]
        )
        return {"records": frame, "new_enterprises": pd.DataFrame()}
    if kind == "indicator_readings":
        frame = pd.DataFrame([{"row": n, "indicator_code": m.indicator, "year": m.year, "value": m.value,
                               "source": m.source} for n, m in good])
        known = queries.indicator_codes(store)
        for row in frame.itertuples():
            if row.indicator_code not in known:
                report.problems.append(Problem(row.row, "indicator", row.indicator_code, "计划中没有这个指标代码",
                                               "no loaded plan has this indicator code"))
        frame["plan_code"] = frame["indicator_code"].map(known)
        return {"records": frame, "new_enterprises": pd.DataFrame()}

    resolver = EnterpriseResolver(store)
    records = []
    for number, m in good:
        holder = getattr(m, "enterprise", None)
        enterprise_id = None
        if holder is not None:
            enterprise_id, problem = resolver.resolve(number, holder, getattr(m, "uscc", None), getattr(m, "district", None))
            if problem:
                report.problems.append(problem)
        records.append((number, m, enterprise_id))
    report.enterprises_new = len(resolver.new)
    rows = [_record_row(kind, n, m, eid) for n, m, eid in records]
    frame = pd.DataFrame(rows)
    key_columns = queries.NATURAL_KEYS[kind][0]
    if not frame.empty:
        dup = frame.duplicated(subset=key_columns, keep="first")
        for row in frame[dup].itertuples():
            report.problems.append(Problem(row.row, "—", "", "与前面的某一行重复，将只导入一次",
                                           "repeats an earlier row; it is imported once", "warning"))
    return {"records": frame, "new_enterprises": resolver.new_frame()}


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
    district when the name alone is ambiguous). An unknown holder becomes a new enterprise; an
    ambiguous one is an error, never a guess."""

    def __init__(self, store: Store) -> None:
        firms = queries.enterprise_index(store)
        self.by_uscc = {r.uscc: r.enterprise_id for r in firms.itertuples() if r.uscc}
        self.by_key: dict[str, list[tuple[int, str | None]]] = {}
        for r in firms.itertuples():
            for key in {r.name_key, *[name_key(x) for x in r.former_names]}:
                self.by_key.setdefault(key, []).append((r.enterprise_id, r.district_code))
        self.new: dict[str, dict[str, Any]] = {}  # name_key -> row of a new enterprise
        self.new_by_uscc: dict[str, str] = {}  # credit code -> name_key of a new enterprise

    def resolve(self, row: int, name: str, uscc: str | None, district: str | None) -> tuple[Any, Problem | None]:
        if uscc and uscc in self.by_uscc:
            return self.by_uscc[uscc], None
        key = name_key(name)
        found = self.by_key.get(key, [])
        if district and len(found) > 1:
            found = [f for f in found if f[1] == district]
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
        return ("new", key), Problem(row, "enterprise", name, "未登记的企业，将新建", "an enterprise not yet registered; it will be created", "warning")

    def new_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{k: v for k, v in row.items() if k != "row"} for row in self.new.values()])


def _count_new(cur: Any, kind: str, plan_rows: dict[str, pd.DataFrame], report: ImportReport) -> None:
    records = plan_rows["records"]
    if records.empty:
        return
    if "enterprise_id" in records:
        # new enterprises are not in the ledger yet, so rows naming them are new
        is_new = records["enterprise_id"].map(lambda v: isinstance(v, tuple))
    else:
        is_new = pd.Series(False, index=records.index)
    existing = queries.count_existing(cur, kind, records[~is_new])
    unique = len(records.drop_duplicates(subset=queries.NATURAL_KEYS[kind][0]))
    report.rows_already_present = existing
    report.rows_new = unique - existing


def today() -> dt.date:
    return dt.date.today()
