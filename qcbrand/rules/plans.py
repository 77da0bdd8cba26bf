"""Plan files and the honour-kind catalogue: read a TOML file, check it, and say exactly where it is wrong.

A plan is data (data/plans/*.toml): a new programme is a new file, not new code. A malformed file is
refused with the line and key at fault, in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qcbrand import i18n
from qcbrand.errors import PlanError
from qcbrand.rules.fields import bilingual, custom_error

RULES = ("total_in_force", "new_in_plan", "cumulative", "won_in_plan")
# What a unit word counts: 家 counts enterprises; 个, 件 and 项 count records.
UNIT_WORDS = {"家": "enterprises", "个": "records", "件": "records", "项": "records"}
CATEGORIES = ("famous_brand", "trademark", "quality_award", "standard", "other")
Code = Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanHeader(_Strict):
    code: str = Code
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    source_zh: str = Field(min_length=1)
    starts_on: dt.date = dt.date(2016, 1, 1)
    ends_on: dt.date
    follows: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]*$")  # the plan of the period before
    template: bool = False  # a template: its targets are for the city to fill in; never loaded as it is

    @model_validator(mode="after")
    def _period(self) -> PlanHeader:
        if self.ends_on <= self.starts_on:
            raise custom_error(*i18n.pair("msg.plans.plan_must_end_after_starts"))
        return self


class GoalSpec(_Strict):
    code: str = Code
    clause: int = Field(ge=1, le=99)
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    wording_zh: str = Field(min_length=1)
    target: float | None = Field(default=None, gt=0)  # required, except in a template (for the city to fill in)
    unit_zh: str = Field(min_length=1)
    unit_en: str = Field(min_length=1)
    comparison: Literal["at_least", "more_than"]
    # distinct_enterprises (参与…的企业, in plan files of version 1) is read as cumulative, counting enterprises
    rule: Literal["total_in_force", "new_in_plan", "cumulative", "distinct_enterprises", "won_in_plan"]
    counts: Literal["records", "enterprises"]  # required: what the decision's unit word counts
    kinds: list[str] = Field(min_length=1)
    role: Literal["led", "took_part"] | None = None
    service_only: bool = False
    headline: bool = False
    continues: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]*$")  # the followed plan's goal it carries on
    # 目标分解: a target of its own for some districts (district code -> target); the others are shown their
    # contribution, never a share of the city's target
    district_targets: dict[str, float] = {}

    @model_validator(mode="after")
    def _unit(self) -> GoalSpec:
        for district, target in self.district_targets.items():
            if not target > 0:
                raise custom_error(*i18n.pair("msg.plans.target_district_must_above", district=district))
        if self.rule == "distinct_enterprises":
            if self.counts != "enterprises":
                raise custom_error(*i18n.pair("msg.plans.distinct_enterprises_counts_enterprises_counts"))
            self.rule = "cumulative"
        word = UNIT_WORDS.get(self.unit_zh)
        if word is not None and word != self.counts:
            raise custom_error(*i18n.pair("msg.plans.unit_word_counts_counts_must", self_unit_zh=self.unit_zh, v2='企业' if word == 'enterprises' else '记录', word=word))
        return self


class IndicatorSpec(_Strict):
    code: str = Code
    clause: int = Field(ge=1, le=99)
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    wording_zh: str = Field(min_length=1)
    target: float
    unit_zh: str = Field(min_length=1)
    unit_en: str = Field(min_length=1)
    comparison: Literal["at_least", "more_than", "below", "about"]


class Plan(_Strict):
    plan: PlanHeader
    goals: list[GoalSpec] = Field(min_length=1)
    indicators: list[IndicatorSpec] = []

    @model_validator(mode="after")
    def _unique_codes(self) -> Plan:
        if self.plan.follows is None and any(g.continues for g in self.goals):
            raise custom_error(*i18n.pair("msg.plans.continues_without_follows"))
        if not self.plan.template:
            for goal in self.goals:
                if goal.target is None:
                    raise custom_error(*i18n.pair("msg.plans.goal_needs_target", goal=goal.code))
        for section in ("goals", "indicators"):
            seen: set[str] = set()
            for item in getattr(self, section):
                if item.code in seen:
                    raise custom_error(*i18n.pair("msg.plans.code_appears_twice", section=section, item_code=item.code))
                seen.add(item.code)
        return self


class KindSpec(_Strict):
    code: str = Code
    category: Literal["famous_brand", "trademark", "quality_award", "standard", "other"]
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    level: Literal["international", "national", "provincial", "municipal"]
    term_years: int | None = Field(default=None, ge=1, le=50)
    # how many months before it expires a designation may be renewed (the enterprise page shows the window)
    renewal_window_months: int = Field(default=12, ge=1, le=60)
    aliases: list[str] = []
    note: str | None = None


class StageSpec(_Strict):
    """A stage of the cultivation pipeline (培育库): open while the candidate is worked on; obtained or withdrawn
    ends the candidacy."""

    code: str = Code
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    outcome: Literal["open", "obtained", "withdrawn"]
    aliases: list[str] = []


class Catalogue(_Strict):
    kinds: list[KindSpec] = Field(min_length=1)
    stages: list[StageSpec] = []  # none: the ledger's stages stay as they are

    @model_validator(mode="after")
    def _stages(self) -> Catalogue:
        if not self.stages:
            return self
        obtained = [s.code for s in self.stages if s.outcome == "obtained"]
        if len(obtained) != 1 or not any(s.outcome == "open" for s in self.stages):
            raise custom_error(*i18n.pair("msg.plans.stages_one_obtained_some_open", n=len(obtained)))
        names: dict[str, str] = {}
        for stage in self.stages:
            for name in (stage.code, stage.name_zh, stage.name_en.lower(), *stage.aliases):
                if names.setdefault(name, stage.code) != stage.code:
                    raise custom_error(*i18n.pair("msg.plans.stage_name_twice", name=name, a=names[name], b=stage.code))
        return self


# --- where in the file ---------------------------------------------------------------------------


def _key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map (section, index, key) and (section, index) to 1-based line numbers of a TOML file.
    Covers the shapes our files use: [table], [[array-of-tables]] and `key = value` lines."""
    where: dict[tuple[Any, ...], int] = {}
    counters: dict[str, int] = {}
    current: tuple[Any, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if m := re.match(r"^\[\[\s*([A-Za-z0-9_]+)\s*\]\]", stripped):
            name = m.group(1)
            counters[name] = counters.get(name, -1) + 1
            current = (name, counters[name])
            where.setdefault(current, number)
        elif m := re.match(r"^\[\s*([A-Za-z0-9_]+)\s*\]", stripped):
            current = (m.group(1),)
            where.setdefault(current, number)
        elif m := re.match(r"^([A-Za-z0-9_]+)\s*=", stripped):
            where.setdefault((*current, m.group(1)), number)
    return where


def _locate(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for cut in range(len(loc), 0, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _read(path: Path, model: type[BaseModel], what_zh: str, what_en: str) -> tuple[BaseModel, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(*i18n.pair("msg.plans.file_does_not_exist", what_zh=what_zh, path=path, what_en=what_en)) from None
    except UnicodeDecodeError as e:
        raise PlanError(*i18n.pair("msg.plans.file_not_utf", what_zh=what_zh, path=path, what_en=what_en)) from e
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+), column (\d+)", str(e))
        where_zh = f"第{m[1]}行第{m[2]}列" if m else ""
        where_en = f"line {m[1]}, column {m[2]}" if m else ""
        raise PlanError(
            *i18n.pair("msg.plans.file_has_toml_syntax_error", what_zh=what_zh, path=path, where_zh=where_zh, e=e, what_en=what_en, where_en=where_en),
        ) from e
    try:
        return model.model_validate(data), text
    except ValidationError as e:
        lines = _key_lines(text)
        zh_parts, en_parts = [], []
        for error in e.errors():
            loc = tuple(error["loc"])
            line = _locate(lines, loc)
            key = ".".join(str(p) for p in loc) or "(top level)"
            zh, en = bilingual(error)
            at_zh = f"第{line}行，" if line else ""
            at_en = f"line {line}, " if line else ""
            zh_parts.append(f"{at_zh}键 {key}：{zh}")
            en_parts.append(f"{at_en}key {key}: {en}")
        raise PlanError(
            f"{what_zh}文件 {path} 有误：" + "；".join(zh_parts),
            f"the {what_en} file {path} is malformed: " + "; ".join(en_parts),
        ) from None


def read_plan(path: str | Path) -> tuple[Plan, str]:
    """Parse and check a plan file; returns the plan and the file's sha256. A template (`template = true`) is
    refused, naming the targets still to fill in."""
    path = Path(path)
    plan, text = _read(path, Plan, *i18n.pair("msg.plans.plan"))
    assert isinstance(plan, Plan)
    if plan.plan.template:
        lines = _key_lines(text)
        unfilled = [(g.code, lines.get(("goals", i), "?")) for i, g in enumerate(plan.goals) if g.target is None]
        raise PlanError(*i18n.pair("msg.plans.template_not_loaded", path=path,
                                   goals="、".join(f"{c}（第{n}行）" for c, n in unfilled) or "—",
                                   goals_en=", ".join(f"{c} (line {n})" for c, n in unfilled) or "none"))
    return plan, hashlib.sha256(text.encode()).hexdigest()


def check_follows(plan: Plan, followed: set[str] | None, path: Path | str) -> None:
    """A plan that follows another names a plan of the ledger (`followed`: that plan's goal codes, None if it is not
    loaded), and each goal that continues one names a goal of it."""
    if plan.plan.follows is None:
        return
    if followed is None:
        raise PlanError(*i18n.pair("msg.plans.follows_unknown_plan", path=path, follows=plan.plan.follows))
    for goal in plan.goals:
        if goal.continues is not None and goal.continues not in followed:
            raise PlanError(*i18n.pair("msg.plans.continues_unknown_goal", path=path, goal=goal.code,
                                       continues=goal.continues, follows=plan.plan.follows))


def read_catalogue(path: str | Path) -> Catalogue:
    catalogue, _ = _read(Path(path), Catalogue, *i18n.pair("msg.plans.honour_kind_catalogue"))
    assert isinstance(catalogue, Catalogue)
    return catalogue


def check_district_targets(plan: Plan, known: set[str], path: Path | str) -> None:
    """Every district a goal gives a target of its own must be a district of the ledger, by its code."""
    for goal in plan.goals:
        unknown = sorted(set(goal.district_targets) - known)
        if unknown:
            raise PlanError(
                *i18n.pair("msg.plans.plan_file_goal_district_targets", path=path, goal_code=goal.code, v3='、'.join(unknown), v4='、'.join(sorted(known)), v5=', '.join(unknown), v6=', '.join(sorted(known))),
            )


def check_plan_kinds(plan: Plan, known: set[str]) -> None:
    """Every kind a goal counts must be in the catalogue loaded in the database."""
    for goal in plan.goals:
        missing = [k for k in goal.kinds if k not in known]
        if missing:
            raise PlanError(
                *i18n.pair("msg.plans.goal_counts_honour_kinds_not", goal_code=goal.code, v2='、'.join(missing), v3=', '.join(missing)),
            )
