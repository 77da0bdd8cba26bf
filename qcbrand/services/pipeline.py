"""The cultivation pipeline (培育库): who is being cultivated for which honour, at what stage, and what that could do
to each goal's gap.

Candidates enter by import (`imports.import_file(store, path, "candidates")`, the same report-first, all-or-nothing
path as every list) and move on by `set_stage`; the import of a record that fulfils a candidacy closes it by itself
(intake/commit.py). A candidate is shown in the stage it had on the chosen date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qcbrand import i18n, ledger
from qcbrand.errors import NotFound, QcbrandError
from qcbrand.ledger import pipeline as ledger_pipeline
from qcbrand.ledger.store import Store
from qcbrand.rules import codes, fields, scoring
from qcbrand.services.memo import plan_goals, remembered

CANDIDATE_COLUMNS = ["candidate_id", "enterprise", "uscc", "district_zh", "kind_zh", "stage_zh", "stage_since",
                     "expected_year", "unit", "note", "candidate_since", "record_id", "enterprise_id", "kind_code",
                     "stage_code", "outcome", "district_code", "district_en", "kind_en", "stage_en"]


@dataclass(frozen=True)
class Stage:
    code: str
    name_zh: str
    name_en: str
    outcome: str  # open | obtained | withdrawn

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Pipeline:
    """A goal's pipeline on a date: the units its open candidates could add to its figure, by stage and in all
    (an enterprise once for a goal in 家), how many are expected by the deadline's year, and, before the deadline,
    the outlook if those expected succeed."""

    by_stage: dict[str, int] = field(default_factory=dict)  # every stage of the catalogue that is open, zero where none
    open: int = 0
    expected: int = 0
    # set where a target applies and the deadline has not passed
    shortfall: float | None = None  # the gap on the deadline after the scheduled lapses (总数), else the gap
    projected: int | None = None  # the value on the deadline if every candidate expected by then succeeds
    beyond_pipeline: bool = False  # the shortfall is larger than the whole pipeline

    def as_dict(self) -> dict[str, Any]:
        return {"pipeline": dict(self.by_stage), "pipeline_open": self.open, "pipeline_expected": self.expected,
                "pipeline_shortfall": self.shortfall, "pipeline_projected": self.projected,
                "pipeline_beyond": self.beyond_pipeline}


def stages(store: Store) -> list[Stage]:
    return [Stage(s["code"], s["name_zh"], s["name_en"], s["outcome"])
            for s in remembered(store, "stages", (), lambda: ledger_pipeline.stages(store))]


def resolve_stage(store: Store, text: str) -> str:
    """A stage's code from its code, name or alias; refused with the stages there are."""
    known = remembered(store, "stages", (), lambda: ledger_pipeline.stages(store))
    wanted = codes.normalise_text(str(text)).lower()
    for s in known:
        if wanted in {codes.normalise_text(str(n)).lower() for n in (s["code"], s["name_zh"], s["name_en"], *s["aliases"])}:
            return str(s["code"])
    raise NotFound(*i18n.pair("msg.pipeline.unknown_stage", text=text, zh="、".join(s["name_zh"] for s in known),
                              en=", ".join(s["name_en"] for s in known)))


def goal_pipelines(store: Store, plan_code: str, as_of: dt.date, district: str | None = None) -> dict[str, Pipeline]:
    """Each goal's Pipeline without its outlook (see `outlook`), for the city or one district."""
    def compute() -> dict[str, Pipeline]:
        frame = (ledger_pipeline.goal_pipelines(store, plan_code, as_of, district)
                 if ledger_pipeline.candidate_count(store) else pd.DataFrame(columns=["goal_code", "stage_code", "n", "expected"]))
        open_stages = [s.code for s in stages(store) if s.outcome == "open"]
        out = {}
        for goal in plan_goals(store, plan_code):
            rows = frame[frame["goal_code"] == goal["goal_code"]]
            total = rows[rows["stage_code"].isna()]
            by_stage = {s: 0 for s in open_stages}
            for r in rows[rows["stage_code"].notna()].itertuples():
                by_stage[str(r.stage_code)] = int(r.n)
            out[goal["goal_code"]] = Pipeline(by_stage, int(total["n"].iloc[0]) if len(total) else 0,
                                              int(total["expected"].iloc[0]) if len(total) else 0)
        return out

    return remembered(store, "goal_pipelines", (plan_code, as_of, district), compute)


def outlook(p: Pipeline, value: int, lapsing: int, target: float | None, comparison: str, final: bool) -> Pipeline:
    """The pipeline with its outlook against a target: on the deadline the goal has its value less what lapses
    before it (for a 总数 goal), plus every candidate expected by then, if they succeed."""
    if target is None or final:
        return p
    shortfall = scoring.gap(value - lapsing, target, comparison)  # type: ignore[arg-type]
    return Pipeline(p.by_stage, p.open, p.expected, shortfall, value - lapsing + p.expected, shortfall > p.open)


def candidates(store: Store, as_of: dt.date, *, kind: str | None = None, stage: str | None = None,
               district: str | None = None, goal: str | None = None, plan_code: str | None = None,
               enterprise_id: int | None = None, open_only: bool = False) -> pd.DataFrame:
    """The candidates as they stood on the date (CANDIDATE_COLUMNS), optionally for one honour kind (code or name),
    one stage, one district, the kinds of one goal of the plan, or one enterprise."""
    from qcbrand.services.lookups import resolve_kind
    from qcbrand.services.scoreboard import check_district, choose_plan

    kinds = None
    if kind:
        kinds = [resolve_kind(store, kind)]
    if goal:
        found = next((g for g in plan_goals(store, choose_plan(store, plan_code, as_of).code) if g["goal_code"] == goal), None)
        if found is None:
            raise NotFound(*i18n.pair("msg.scoreboard.plan_has_no_goal", goal_code=goal))
        kinds = [k for k in found["kinds"] if kinds is None or k in kinds]
    stage_code = resolve_stage(store, stage) if stage else None
    frame = remembered(store, "candidates", (as_of, tuple(kinds) if kinds is not None else None, stage_code,
                                             check_district(store, district), enterprise_id),
                       lambda: ledger_pipeline.candidates(store, as_of, kinds=kinds, stage=stage_code,
                                                         district=check_district(store, district),
                                                         enterprise_id=enterprise_id))
    if open_only:
        frame = frame[frame["outcome"] == "open"]
    frame = frame[CANDIDATE_COLUMNS].reset_index(drop=True)
    for column in ("stage_since", "candidate_since"):  # days, as the record tables give them
        frame[column] = [d.date() if hasattr(d, "date") else d for d in frame[column]]
    return frame


def history(store: Store, candidate_ids: list[int]) -> pd.DataFrame:
    """Every step of these candidacies, in order: stage, the day it was entered, note, the closing record, who."""
    steps = ledger_pipeline.steps(store, [int(i) for i in candidate_ids])
    steps["entered_on"] = [d.date() if hasattr(d, "date") else d for d in steps["entered_on"]]
    return steps


def set_stage(store: Store, editor: str, candidate_id: int, stage: str, on: dt.date | str | None = None,
              note: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Move a candidate to a stage on a day (today unless given; never a day to come), with a note; audited.
    Obtained set by hand names no record (an import of the record closes a candidacy by itself, naming it); a
    closed candidacy stays closed."""
    day = (today or dt.date.today()) if on is None else fields.sane_date(on)
    if day > (today or dt.date.today()):
        raise QcbrandError(*i18n.pair("msg.pipeline.stage_day_to_come", day=day))
    code = resolve_stage(store, stage)
    note = fields.optional_text(note)
    with ledger.changes(store) as change:
        cur = change.cur
        row = ledger_pipeline.candidate_row(cur, candidate_id)
        if row is None:
            raise NotFound(*i18n.pair("msg.pipeline.no_candidate", candidate_id=candidate_id))
        last = ledger_pipeline.last_step(cur, candidate_id)
        assert last is not None  # every candidate has its first step (`qcbrand check` holds that)
        names = {s.code: s for s in stages(store)}
        was = names.get(last["stage_code"], Stage(last["stage_code"], last["stage_code"], last["stage_code"], ""))
        if last["outcome"] != "open":
            raise QcbrandError(*i18n.pair("msg.pipeline.candidacy_closed", candidate_id=candidate_id, zh=was.name_zh,
                                          en=was.name_en))
        if code == last["stage_code"]:
            raise QcbrandError(*i18n.pair("msg.pipeline.already_at_stage", candidate_id=candidate_id, zh=was.name_zh,
                                          en=was.name_en))
        if day < last["entered_on"]:
            raise QcbrandError(*i18n.pair("msg.pipeline.stage_day_before_last", day=day, last=last["entered_on"]))
        ledger_pipeline.add_step(cur, candidate_id, code, day, note, editor)
        change.audit(editor, "candidate_stage", table_name="candidates",
                     before={"candidate_id": candidate_id, "stage": last["stage_code"], "on": str(last["entered_on"])},
                     after={"candidate_id": candidate_id, "stage": code, "on": str(day), "note": note},
                     note=f"candidate {candidate_id}")
    return {"candidate_id": candidate_id, "stage": code, "on": day, "before": last["stage_code"]}
