"""The scoreboard: each goal of a plan scored on a date, for the city or a district, and what lies behind it.

Each function takes an open Store, asks the ledger (qcbrand.ledger) for counts and applies the rules of
qcbrand.rules.scoring. Pages and commands call these through `qcbrand.services`, never the ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

import pandas as pd

from qcbrand import i18n
from qcbrand.errors import NotFound
from qcbrand.ledger import browsing, counting, reference
from qcbrand.ledger.store import Store
from qcbrand.rules import periods, scoring
from qcbrand.services.memo import district_codes, plan_goals, remembered
from qcbrand.services.pipeline import Pipeline, goal_pipelines, outlook


@dataclass(frozen=True)
class PlanInfo:
    code: str
    name_zh: str
    name_en: str
    source_zh: str
    starts_on: dt.date
    ends_on: dt.date

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


def _plan_info(row: dict[str, Any]) -> PlanInfo:
    return PlanInfo(row["plan_code"], row["name_zh"], row["name_en"], row["source_zh"], row["starts_on"], row["ends_on"])


def list_plans(store: Store) -> list[PlanInfo]:
    return [_plan_info(r) for r in reference.plans(store)]


def get_plan(store: Store, plan_code: str | None = None) -> PlanInfo:
    """The named plan, or the newest one loaded."""
    if plan_code is None:
        found = remembered(store, "plans", (), lambda: reference.plans(store))
        if not found:
            raise NotFound(
                *i18n.pair("msg.scoreboard.no_plan_loaded_run_qcbrand"),
            )
        return _plan_info(found[0])
    row = remembered(store, "plan", (plan_code,), lambda: reference.plan(store, plan_code))
    if row is None:
        raise NotFound(*i18n.pair("msg.scoreboard.there_no_plan_with_code", plan_code=plan_code))
    return _plan_info(row)


def choose_plan(store: Store, plan_code: str | None = None, on: dt.date | None = None,
                today: dt.date | None = None) -> PlanInfo:
    """The plan a view follows: the one named; else the one in force on the date (`on`, else today), the latest begun
    where periods overlap; else the newest. Several programmes in one ledger (the 2016 decision and the next) each
    answer for their own period."""
    if plan_code is not None:
        return get_plan(store, plan_code)
    plans = list_plans(store)
    if not plans:
        return get_plan(store)  # refuses, saying how to load one
    return periods.plan_in_force([(p, p.starts_on, p.ends_on) for p in plans], on or today or dt.date.today())


def goal_periods(store: Store, plan: PlanInfo, goal_code: str) -> list[dict[str, Any]]:
    """The periods of one goal across programmes, earliest first: the goal itself, the goal of the plan it follows
    that it continues, and the goal of a later plan that continues it (a plan names the plan it follows, a goal the
    goal it continues). One entry for a goal no other plan carries on."""
    chain = remembered(store, "goal_chain", (), lambda: reference.goal_chain(store))
    return periods.goal_chain(chain, plan.code, goal_code)


def default_as_of(plan: PlanInfo, today: dt.date | None = None) -> dt.date:
    return scoring.default_as_of(plan.ends_on, today or dt.date.today())


@dataclass(frozen=True)
class Contribution:
    """A district's part in a goal the plan gives it no target of its own for: what it holds, its share of the
    city's value, its change since the plan began and its rank among the districts (never a share of the
    city's target)."""

    city_value: int
    share: float | None  # of the city's value; None while the city has none
    change: int  # since the day before the plan began
    rank: int | None  # among the districts by value, 1 the most (equal values share a rank); None while the city has none
    districts: int


@dataclass(frozen=True)
class GoalScore:
    goal_code: str
    clause: int
    name_zh: str
    name_en: str
    wording_zh: str
    unit_zh: str
    unit_en: str
    comparison: str
    rule: str
    counts: str  # records (个/件/项) or enterprises (家)
    headline: bool
    kinds: tuple[str, ...]
    value: int  # on the chosen date
    baseline: int
    # against the target that applies: the city's, or a district's own (目标分解); after the deadline, the outcome
    # on that day. None for a district the plan gives no target of its own.
    score: scoring.Score | None
    district: str | None = None
    contribution: Contribution | None = None  # every district view
    value_at_deadline: int | None = None  # set once the chosen date is after the plan's end
    pipeline: Pipeline | None = None  # the candidates who could close the gap (培育库), with the outlook

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def unit(self, lang: str) -> str:
        return self.unit_zh if lang == "zh" else self.unit_en

    @property
    def final(self) -> bool:
        """The chosen date is after the plan's end: the outcome was decided on the deadline."""
        return self.value_at_deadline is not None

    @property
    def status(self) -> str | None:
        return self.score.status if self.score else None

    @property
    def outcome_at_deadline(self) -> str | None:
        """achieved or missed, once the deadline has passed and a target applies."""
        return self.score.status if self.final and self.score else None

    @property
    def expiring_before_deadline(self) -> int | None:
        """For a 总数 goal: the units counted now that lapse before the deadline with no renewal recorded."""
        return self.score.lapsing if self.rule == "total_in_force" and self.score else None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        score = out.pop("score")
        out.pop("contribution")
        out.pop("pipeline")
        out.update((self.pipeline or Pipeline()).as_dict())
        out.update(score or {f: None for f in scoring.Score.__dataclass_fields__})
        out["value"] = self.value  # the chosen date's (a final score's value is the deadline's)
        out["status"] = self.status
        out["kinds"] = list(self.kinds)
        out["expiring_before_deadline"] = self.expiring_before_deadline
        out["outcome_at_deadline"] = self.outcome_at_deadline
        c = self.contribution
        out.update({"city_value": c.city_value if c else None, "share": c.share if c else None,
                    "change": c.change if c else None, "rank": c.rank if c else None})
        return out


def _goal_scores(goals: list[dict[str, Any]], counts: pd.DataFrame, plan: PlanInfo, as_of: dt.date,
                 district: str | None = None, targets: dict[tuple[str, str], float] | None = None,
                 at_deadline: pd.DataFrame | None = None,
                 contributions: dict[str, Contribution] | None = None) -> list[GoalScore]:
    """The goals' scores from their counts. A district is scored only against a target of its own; after the
    deadline (`at_deadline`, the counts on that day) the score is the outcome on the deadline."""
    by_goal = {r.goal_code: (int(r.value), int(r.baseline), int(r.lapsing)) for r in counts.itertuples()}
    final = None if at_deadline is None else {r.goal_code: int(r.value) for r in at_deadline.itertuples()}
    out = []
    for g in goals:
        value, baseline, lapsing = by_goal.get(g["goal_code"], (0, 0, 0))
        target = g["target"] if district is None else (targets or {}).get((g["goal_code"], district))
        judged = value if final is None else final.get(g["goal_code"], 0)
        score = None if target is None else scoring.score(
            judged, baseline, target, g["comparison"], plan.starts_on, plan.ends_on,
            as_of if final is None else plan.ends_on, lapsing if g["rule"] == "total_in_force" and final is None else 0)
        out.append(
            GoalScore(
                goal_code=g["goal_code"],
                clause=g["clause"],
                name_zh=g["name_zh"],
                name_en=g["name_en"],
                wording_zh=g["wording_zh"],
                unit_zh=g["unit_zh"],
                unit_en=g["unit_en"],
                comparison=g["comparison"],
                rule=g["rule"],
                counts=g["counts"],
                headline=bool(g["headline"]),
                kinds=tuple(g["kinds"]),
                value=value,
                baseline=baseline,
                score=score,
                district=district,
                contribution=(contributions or {}).get(g["goal_code"]),
                value_at_deadline=None if final is None else final.get(g["goal_code"], 0),
            )
        )
    return out


def check_district(store: Store, district: str | None) -> str | None:
    if district is None:
        return None
    from qcbrand.rules.codes import CodeError, resolve_district

    try:
        return resolve_district(district)
    except CodeError as e:
        raise NotFound(e.zh, e.en) from None


def _targets(store: Store, plan_code: str) -> dict[tuple[str, str], float]:
    return remembered(store, "district_targets", (plan_code,), lambda: reference.district_targets(store, plan_code))


def contributions(store: Store, plan: PlanInfo, as_of: dt.date, district: str) -> dict[str, Contribution]:
    """Each goal's Contribution of one district on the date."""
    breakdown = district_breakdown(store, plan.code, as_of)
    city = _scoreboard_counts(store, plan.code, as_of, None).set_index("goal_code")["value"]
    out = {}
    for goal_code, group in breakdown.groupby("goal_code", sort=False):
        mine = group[group["district_code"] == district].iloc[0]
        city_value = int(city.get(goal_code, 0))
        out[str(goal_code)] = Contribution(
            city_value=city_value,
            share=int(mine["value"]) / city_value if city_value else None,
            change=int(mine["value"]) - int(mine["baseline"]),
            rank=int((group["value"] > mine["value"]).sum()) + 1 if city_value else None,
            districts=len(group),
        )
    return out


def scoreboard(
    store: Store, plan_code: str | None, as_of: dt.date, district: str | None = None
) -> list[GoalScore]:
    """Every goal of the plan on the as-of date, for the city or one district. A district is scored against a
    target of its own where the plan gives one; every district is given its contribution. After the plan's
    end each score is the outcome on the deadline, and `value` the value on the chosen date."""
    plan = get_plan(store, plan_code)
    district = check_district(store, district)
    goals = plan_goals(store, plan.code)
    final = _scoreboard_counts(store, plan.code, plan.ends_on, district) if as_of > plan.ends_on else None
    scores = _goal_scores(goals, _scoreboard_counts(store, plan.code, as_of, district), plan, as_of, district,
                          _targets(store, plan.code), final,
                          contributions(store, plan, as_of, district) if district else None)
    pipes = goal_pipelines(store, plan.code, as_of, district)
    return [replace(s, pipeline=outlook(pipes[s.goal_code], s.value, s.expiring_before_deadline or 0,
                                        s.score.target if s.score else None, s.comparison, s.final)) for s in scores]


def _scoreboard_counts(store: Store, plan_code: str, as_of: dt.date, district: str | None) -> pd.DataFrame:
    return remembered(store, "scoreboard", (plan_code, as_of, district),
                 lambda: counting.scoreboard_counts(store, plan_code, as_of, district))


def goal_score(store: Store, plan_code: str | None, goal_code: str, as_of: dt.date, district: str | None = None) -> GoalScore:
    plan = get_plan(store, plan_code)
    district = check_district(store, district)
    found = [s for s in scoreboard(store, plan.code, as_of, district) if s.goal_code == goal_code]  # as the overview
    if not found:
        raise NotFound(*i18n.pair("msg.scoreboard.plan_has_no_goal", goal_code=goal_code))
    return found[0]


def scoreboard_frame(scores: list[GoalScore], lang: str = "zh") -> pd.DataFrame:
    """The scoreboard as a table for CLI output and export. A district without a target of its own has its
    share of the city's value, its change and its rank instead of a target, percent, gap and status; after the
    deadline the value on that day and its outcome stand beside the chosen date's value."""
    rows = []
    for s in scores:
        sc, c = s.score, s.contribution
        row: dict[str, Any] = {"clause": s.clause, "goal": s.goal_code, "name": s.name(lang), "value": s.value}
        if s.final:
            row["value_at_deadline"] = s.value_at_deadline
        row.update({
            "target": sc.target if sc else None,
            "unit": s.unit(lang),
            "counts": s.counts,
            "percent": round(sc.percent, 1) if sc else None,
            "gap": sc.gap if sc else None,
            "pace_needed": None if sc is None or sc.pace_needed is None else round(sc.pace_needed, 2),
            "pace_so_far": None if sc is None or sc.pace_so_far is None else round(sc.pace_so_far, 2),
            "expiring_before_deadline": s.expiring_before_deadline,
            "status": s.status,
        })
        if s.final:
            row["outcome_at_deadline"] = s.outcome_at_deadline
        if c is not None:
            row.update({"city_value": c.city_value, "share": None if c.share is None else round(c.share, 3),
                        "change": c.change, "rank": c.rank})
        p = s.pipeline or Pipeline()
        row.update({"pipeline_open": p.open, "pipeline_expected": p.expected, "pipeline_projected": p.projected})
        rows.append(row)
    return pd.DataFrame(rows)


def district_breakdown(store: Store, plan_code: str | None, as_of: dt.date, goal_code: str | None = None) -> pd.DataFrame:
    """Each district's value of each goal (or one) on the as-of date; zero rows filled in."""
    plan = get_plan(store, plan_code)
    counts = remembered(store, "district_counts", (plan.code, as_of), lambda: counting.district_counts(store, plan.code, as_of))
    if goal_code is not None:
        counts = counts[counts["goal_code"] == goal_code]
    goals = [g for g in plan_goals(store, plan.code) if goal_code in (None, g["goal_code"])]
    grid = pd.MultiIndex.from_product(
        [[g["goal_code"] for g in goals], district_codes(store)], names=["goal_code", "district_code"]
    ).to_frame(index=False)
    out = grid.merge(counts, how="left", on=["goal_code", "district_code"])
    out[["value", "baseline"]] = out[["value", "baseline"]].fillna(0).astype(int)
    return out


def goal_series(
    store: Store,
    plan_code: str | None,
    goal_code: str,
    as_of: dt.date,
    district: str | None = None,
    first_year: int | None = None,
    by_district: bool = False,
) -> pd.DataFrame:
    """The goal's value on 31 December of each year up to the as-of date (and on the as-of date)."""
    plan = get_plan(store, plan_code)
    district = check_district(store, district)
    first = first_year or plan.starts_on.year - 5
    dates = scoring.year_ends(first, as_of)
    counts = counting.series_counts(store, plan.code, dates, goal_code, district, by_district)
    keys: dict[str, list[Any]] = {"as_of": dates}
    if by_district:
        keys["district_code"] = district_codes(store)
    grid = pd.MultiIndex.from_product(list(keys.values()), names=list(keys)).to_frame(index=False)
    grid["as_of"] = pd.to_datetime(grid["as_of"]).dt.date
    counts = counts.drop(columns=["goal_code"] + ([] if by_district else ["district_code"]))
    if not counts.empty:
        counts["as_of"] = pd.to_datetime(counts["as_of"]).dt.date
    out = grid.merge(counts, how="left", on=list(keys))
    out["value"] = out["value"].fillna(0).astype(int)
    out["year"] = [d.year for d in out["as_of"]]
    return out


def records_behind(
    store: Store,
    plan_code: str | None,
    goal_code: str,
    as_of: dt.date,
    district: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> pd.DataFrame:
    """The records behind a goal's figure; for a goal in 家, the enterprises, one row each with its records."""
    plan = get_plan(store, plan_code)
    district = check_district(store, district)
    goal = next((g for g in plan_goals(store, plan.code) if g["goal_code"] == goal_code), None)
    if goal is None:
        raise NotFound(*i18n.pair("msg.scoreboard.plan_has_no_goal", goal_code=goal_code))
    return counting.records_behind(store, plan.code, goal_code, as_of, district, limit, offset,
                                  enterprises=goal["counts"] == "enterprises")


def status_counts(scores: list[GoalScore]) -> dict[str, int]:
    """How many goals have each status (every status present, zero where none)."""
    return {s: sum(1 for g in scores if g.status == s) for s in scoring.STATUSES}


def district_overview(store: Store, plan_code: str | None, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each district's contribution to every goal (a goal × district table with the city total and
    each district's share), and the districts ranked by honours in force."""
    plan = get_plan(store, plan_code)
    breakdown = district_breakdown(store, plan.code, as_of)
    city = {s.goal_code: s.value for s in scoreboard(store, plan.code, as_of)}
    breakdown["city"] = breakdown["goal_code"].map(city)
    breakdown["share"] = (breakdown["value"] / breakdown["city"].where(breakdown["city"] > 0)).fillna(0.0)
    summary = browsing.district_summary(store, as_of)
    contributed = breakdown[breakdown["value"] > 0].groupby("district_code")["goal_code"].nunique()
    summary["goals_contributed"] = summary["district_code"].map(contributed).fillna(0).astype(int)
    total = summary["in_force"].sum()
    summary["share_in_force"] = summary["in_force"] / total if total else 0.0
    summary = summary.sort_values(["in_force", "granted"], ascending=False).reset_index(drop=True)
    summary["rank"] = summary.index + 1
    return breakdown, summary


def goal_detail(store: Store, plan_code: str | None, goal_code: str, as_of: dt.date, district: str | None = None) -> dict[str, Any]:
    """Everything the goal page shows: the score, the yearly series, the district breakdown and, for a 总数
    goal before its deadline, the lapse path."""
    plan = get_plan(store, plan_code)
    score = goal_score(store, plan.code, goal_code, as_of, district)
    series = goal_series(store, plan.code, goal_code, as_of, district)
    breakdown = district_breakdown(store, plan.code, as_of, goal_code)
    path = lapse_path(store, plan, goal_code, as_of, district) if score.rule == "total_in_force" else None
    # the goal's periods across programmes (its target in each), for the city: a district's targets are its own
    periods = goal_periods(store, plan, goal_code) if district is None else []
    return {"plan": plan, "score": score, "series": series, "breakdown": breakdown, "lapse_path": path,
            "periods": periods if len(periods) > 1 else []}


def lapse_path(store: Store, plan: PlanInfo, goal_code: str, as_of: dt.date, district: str | None = None) -> pd.DataFrame | None:
    """A 总数 goal's value at the end of each month from the as-of date to the deadline if nothing is renewed or
    added; None once the deadline has come."""
    if as_of >= plan.ends_on:
        return None
    dates = scoring.month_ends(as_of, plan.ends_on)
    return counting.lapse_path(store, plan.code, goal_code, as_of, dates, check_district(store, district))


def needing_attention(scores: list[GoalScore]) -> list[GoalScore]:
    """Goals that are missed, behind or at risk, those whose scheduled lapses would take them below the target
    (met or not), and those whose gap on the deadline is larger than their whole pipeline (培育库); the furthest
    from their target first."""
    order = {"missed": 0, "behind": 1, "at_risk": 2}
    return sorted((s for s in scores if s.score and (s.score.status in order or s.score.lapse_risk
                                                     or (s.pipeline is not None and s.pipeline.beyond_pipeline))),
                  key=lambda s: (order.get(s.score.status, 3), s.score.percent) if s.score else (3, 0.0))


def district_map(store: Store, plan_code: str | None, goal_code: str, as_of: dt.date) -> dict[str, Any]:
    """What a choropleth of one goal shows: the region's boundaries (None without a boundary file) and each
    district's value, with its own target and status where the plan gives it one (division_code empty for a
    functional zone, which has no polygon and is shown beside the map)."""
    from qcbrand.rules.region import active

    plan = get_plan(store, plan_code)
    region = active()
    values = district_breakdown(store, plan.code, as_of, goal_code).set_index("district_code")["value"]
    targets = _targets(store, plan.code)
    rows = []
    for d in region.districts:
        target = targets.get((goal_code, d.code))
        status = goal_score(store, plan.code, goal_code, as_of, d.code).score if target is not None else None
        rows.append({"district_code": d.code, "division_code": d.division_code, "name_zh": d.name_zh,
                     "name_en": d.name_en, "short_zh": d.short_zh, "short_en": d.short_en,
                     "value": int(values.get(d.code, 0)), "target": target,
                     "status": status.status if status is not None else None})
    return {"boundaries": region.boundaries(), "rows": pd.DataFrame(rows), "by_status": bool(
        any(r["target"] is not None for r in rows))}
