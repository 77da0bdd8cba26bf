"""What an import found and will write: the report shown before anything is written, and the prepared rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa
from pydantic import BaseModel

from qcbrand import i18n
from qcbrand.intake.matching import Candidate
from qcbrand.intake.models import (
    CandidateIn,
    EnterpriseIn,
    FamousBrandIn,
    IndicatorReadingIn,
    OtherHonourIn,
    Problem,
    QualityAwardIn,
    StandardIn,
    TrademarkIn,
)
from qcbrand.intake.sources import RawTable

MODELS: dict[str, type[BaseModel]] = {
    "enterprises": EnterpriseIn,
    "famous_brands": FamousBrandIn,
    "trademarks": TrademarkIn,
    "quality_awards": QualityAwardIn,
    "standards": StandardIn,
    "other_honours": OtherHonourIn,
    "indicator_readings": IndicatorReadingIn,
    "candidates": CandidateIn,
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
    # how the list was read: one entry per section or table (text, kind, kind_name, year, stated, read, left_out)
    reading: list[dict[str, Any]] = field(default_factory=list)
    left_out_by_city: dict[str, int] = field(default_factory=dict)  # rows of other cities, left out
    goal_changes: list[dict[str, Any]] = field(default_factory=list)  # {goal, before, after} for every goal it moves
    # the candidacies of the pipeline its records close: candidate_id, enterprise, kind_zh, kind_en, record_id, granted_on
    pipeline_closed: list[dict[str, Any]] = field(default_factory=list)

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
            closed = len(self.pipeline_closed)
            return head + (f"{verb} {self.rows_new} 条，已存在 {self.rows_already_present} 条，"
                           f"新建企业 {self.enterprises_new} 家，" + (f"其中个人获奖者 {persons} 名（不作为企业），" if persons else "")
                           + (f"{'将' if self.dry_run else ''}使培育库中 {closed} 个培育对象转为“获得”，" if closed else "")
                           + f"警告 {len(self.warnings)} 条")
        head = f"{self.file_name} ({kind}): {self.rows_in_file} rows, "
        if not self.ok:
            return head + f"{len(self.errors)} errors found; nothing was written"
        verb = "would add" if self.dry_run else "added"
        closed = len(self.pipeline_closed)
        return head + (f"{verb} {self.rows_new}, {self.rows_already_present} already present, "
                       f"{self.enterprises_new} new enterprises, "
                       + (f"{persons} laureates who are persons (not enterprises), " if persons else "")
                       + (f"{'would close' if self.dry_run else 'closed'} {closed} candidacies of the pipeline as obtained, "
                          if closed else "")
                       + f"{len(self.warnings)} warnings")

    def as_dict(self) -> dict[str, Any]:
        """The report as `qcbrand import --format json` prints it: how the list was read, what it does to the
        goals, and every problem with its row, field and both languages."""
        def problem(p: Problem) -> dict[str, Any]:
            return {"row": p.row, "field": p.field, "value": p.value, "zh": p.zh, "en": p.en}

        return {
            "file": self.file_name, "sha256": self.sha256, "record_kind": self.record_kind, "dry_run": self.dry_run,
            "ok": self.ok, "import_id": self.import_id, "title": self.source_title, "doc_numbers": self.doc_numbers,
            "reading": self.reading, "left_out_by_city": self.left_out_by_city,
            "rows_in_file": self.rows_in_file, "rows_new": self.rows_new, "rows_already_present": self.rows_already_present,
            "enterprises_new": self.enterprises_new, "persons": self.persons,
            "new_enterprise_names": self.new_enterprise_names,
            "candidates": {name: [{"enterprise_id": c.enterprise_id, "name": c.name, "score": c.score} for c in found]
                           for name, found in self.candidates.items()},
            "goal_changes": [{"goal": c["goal"], "before": c["before"], "after": c["after"], "on": c["on"],
                              "name_zh": c["name_zh"], "name_en": c["name_en"]} for c in self.goal_changes],
            "pipeline_closed": [{**c, "granted_on": str(c["granted_on"])} for c in self.pipeline_closed],
            "errors": [problem(p) for p in self.errors], "warnings": [problem(p) for p in self.warnings],
            "summary_zh": self.summary("zh"), "summary_en": self.summary("en"),
        }

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
    parts: dict[str, pa.Table]  # record kind -> the rows to write
    new_enterprises: pd.DataFrame
    table: RawTable | None = None

    @property
    def records(self) -> pa.Table:
        """All rows to write (one kind for a table); kept for callers that write one kind."""
        return next(iter(self.parts.values()), pa.table({}))
