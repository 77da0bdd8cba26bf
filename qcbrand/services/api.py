"""What the app and the CLI ask of qcbrand: set up a database, load a plan, score the goals.

Each function takes an open Store, asks the storage layer (queries.py) for counts and applies the
plain rules of scoring.py. Results are dataclasses and DataFrames with bilingual columns.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qcbrand.rules import plans as plan_files
from qcbrand.ledger import queries
from qcbrand.rules import scoring
from qcbrand.errors import NotFound, QcbrandError
from qcbrand.ledger.store import Store
from qcbrand.shipped import DEFAULT_PLAN_FILE, KINDS_FILE


# --- setting up ----------------------------------------------------------------------------------


def load_kinds(store: Store, path: Path = KINDS_FILE, actor: str = "cli") -> int:
    catalogue = plan_files.read_catalogue(path)
    with store.transaction() as cur:
        n = queries.save_kinds(cur, catalogue)
        _refuse_clashes(queries.kinds(cur), path)
        queries.after_write(cur, everything=True)  # a kind's term places every record's valid-until
        queries.audit(cur, actor, "kinds_load", note=f"{path.name}: {n} kinds")
    return n


def _refuse_clashes(kinds: Any, path: Path) -> None:
    """One name, one kind: a file that would give two kinds one name or alias is refused, naming both."""
    from qcbrand.rules.honours import clashes

    found = clashes([(r.code, [r.name_zh, r.name_en, *list(r.aliases)]) for r in kinds.itertuples()])
    if found:
        zh = "；".join(f"“{name}”同时是 {a} 和 {b} 的名称或别称" for name, a, b in found[:5])
        en = "; ".join(f"'{name}' would name both {a} and {b}" for name, a, b in found[:5])
        raise QcbrandError(f"{path.name} 未载入：{zh}。一个名称只能属于一类荣誉：请改名，或把它从其中一类的 aliases 中删去",
                           f"{path.name} was not loaded: {en}. A name belongs to one kind only: rename it, or remove it "
                           "from one kind's aliases")


def restore_backup(holder: Store, folder: Path | str, editor: str) -> dict[str, Any]:
    """Replace the ledger `holder` has open with a backup (its lock held throughout; the handle is closed), then
    write the restore into the restored ledger's audit log. Returns the backup's manifest."""
    from qcbrand.ledger import backup

    path = holder.path
    manifest = backup.restore(folder, holder)
    with Store.open(path, wait_seconds=30) as store, store.transaction() as cur:
        queries.audit(cur, editor, "restore", note=f"from {folder} (made {manifest['made_at']})")
    return manifest


def load_plan(store: Store, path: Path | str, actor: str = "cli") -> str:
    """Check a plan file against the catalogue and load it whole; returns the plan code."""
    path = Path(path)
    plan, sha = plan_files.read_plan(path)
    with store.transaction() as cur:
        plan_files.check_plan_kinds(plan, queries.kind_codes(cur))
        plan_files.check_district_targets(plan, set(queries.districts(cur)["code"]), path)
        queries.save_plan(cur, plan, path.name, sha)
        queries.refresh_spans(cur)  # the plan's goals count their units by spans
        queries.audit(cur, actor, "plan_load", table_name="plans", note=f"{path.name} ({plan.plan.code}), sha256 {sha[:12]}")
    return plan.plan.code


def init_database(store: Store, actor: str = "cli", plan_file: Path | None = DEFAULT_PLAN_FILE) -> str | None:
    """Reference data (districts, honour kinds) and, unless told not to, the bundled plan."""
    with store.transaction() as cur:
        queries.ensure_districts(cur)
    load_kinds(store, KINDS_FILE, actor)
    return load_plan(store, plan_file, actor) if plan_file else None


def record_count(store: Store) -> int:
    """How many records the ledger holds (0 in a new one)."""
    return queries.record_count(store)


def is_demo(store: Store) -> bool:
    return queries.setting(store, "demo") == "true"


# --- plans ---------------------------------------------------------------------------------------


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
    return [_plan_info(r) for r in queries.plans(store)]


def get_plan(store: Store, plan_code: str | None = None) -> PlanInfo:
    """The named plan, or the newest one loaded."""
    if plan_code is None:
        found = _memo(store, "plans", (), lambda: queries.plans(store))
        if not found:
            raise NotFound(
                "数据库中还没有计划；请运行 qcbrand plan load qcbrand/data/plans/changzhou-2016.toml",
                "no plan is loaded; run qcbrand plan load qcbrand/data/plans/changzhou-2016.toml",
            )
        return _plan_info(found[0])
    row = _memo(store, "plan", (plan_code,), lambda: queries.plan(store, plan_code))
    if row is None:
        raise NotFound(f"没有代码为“{plan_code}”的计划", f"there is no plan with the code '{plan_code}'")
    return _plan_info(row)


def default_as_of(plan: PlanInfo, today: dt.date | None = None) -> dt.date:
    return scoring.default_as_of(plan.ends_on, today or dt.date.today())


# --- the scoreboard ------------------------------------------------------------------------------


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
    return _memo(store, "district_targets", (plan_code,), lambda: queries.district_targets(store, plan_code))


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
    goals = _goals(store, plan.code)
    final = _scoreboard_counts(store, plan.code, plan.ends_on, district) if as_of > plan.ends_on else None
    return _goal_scores(goals, _scoreboard_counts(store, plan.code, as_of, district), plan, as_of, district,
                        _targets(store, plan.code), final,
                        contributions(store, plan, as_of, district) if district else None)


def _scoreboard_counts(store: Store, plan_code: str, as_of: dt.date, district: str | None) -> pd.DataFrame:
    return _memo(store, "scoreboard", (plan_code, as_of, district),
                 lambda: queries.scoreboard_counts(store, plan_code, as_of, district))


def goal_score(store: Store, plan_code: str | None, goal_code: str, as_of: dt.date, district: str | None = None) -> GoalScore:
    plan = get_plan(store, plan_code)
    district = check_district(store, district)
    found = [s for s in scoreboard(store, plan.code, as_of, district) if s.goal_code == goal_code]  # as the overview
    if not found:
        raise NotFound(f"计划中没有目标“{goal_code}”", f"the plan has no goal '{goal_code}'")
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
        rows.append(row)
    return pd.DataFrame(rows)


def district_breakdown(store: Store, plan_code: str | None, as_of: dt.date, goal_code: str | None = None) -> pd.DataFrame:
    """Each district's value of each goal (or one) on the as-of date; zero rows filled in."""
    plan = get_plan(store, plan_code)
    counts = _memo(store, "district_counts", (plan.code, as_of), lambda: queries.district_counts(store, plan.code, as_of))
    if goal_code is not None:
        counts = counts[counts["goal_code"] == goal_code]
    goals = [g for g in _goals(store, plan.code) if goal_code in (None, g["goal_code"])]
    grid = pd.MultiIndex.from_product(
        [[g["goal_code"] for g in goals], _district_codes(store)], names=["goal_code", "district_code"]
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
    counts = queries.series_counts(store, plan.code, dates, goal_code, district, by_district)
    keys: dict[str, list[Any]] = {"as_of": dates}
    if by_district:
        keys["district_code"] = _district_codes(store)
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
    goal = next((g for g in _goals(store, plan.code) if g["goal_code"] == goal_code), None)
    if goal is None:
        raise NotFound(f"计划中没有目标“{goal_code}”", f"the plan has no goal '{goal_code}'")
    return queries.records_behind(store, plan.code, goal_code, as_of, district, limit, offset,
                                  enterprises=goal["counts"] == "enterprises")


def require_write(store: Store) -> None:
    if store.read_only:
        raise QcbrandError("数据库以只读方式打开，不能写入", "the database is open read-only; nothing can be written")


def status_counts(scores: list[GoalScore]) -> dict[str, int]:
    """How many goals have each status (every status present, zero where none)."""
    return {s: sum(1 for g in scores if g.status == s) for s in scoring.STATUSES}


# --- enterprises, districts, records -------------------------------------------------------------


def search_enterprises(store: Store, text: str, limit: int = 50) -> pd.DataFrame:
    """As people type: part of a name (full- or half-width, with or without 有限公司 …, traditional
    characters too), a 统一社会信用代码, or pinyin and initials (hengda or hd finds 恒达). Exact matches
    first, then names that begin with the text, then names that contain it, then pinyin matches."""
    from qcbrand.rules.codes import name_key, normalise_text
    from qcbrand.rules.hanzi import pinyin_query, simplified_cell

    cleaned = simplified_cell(normalise_text(text or ""))
    if not cleaned:
        return queries.enterprise_search(store, "", None, None, "\x00", 0)
    code = cleaned.replace(" ", "").upper() if len(cleaned.replace(" ", "")) == 18 else None
    return queries.enterprise_search(store, name_key(cleaned), code, pinyin_query(cleaned), cleaned, limit, _place_prefix())


@functools.cache
def _place_prefix() -> tuple[str, str]:
    """Regular expressions for the place words a name begins with (江苏省常州市武进区…), in characters and in
    pinyin: after them the enterprise's own word begins, where pinyin and initials match too."""
    from qcbrand.rules.hanzi import char_pinyin
    from qcbrand.rules.places import places

    words = sorted(places().words, key=len, reverse=True)
    spelled = sorted({"".join(char_pinyin(c)[0] for c in w) for w in words} - {""}, key=len, reverse=True)
    return ("^(?:" + "|".join(re.escape(w) for w in words) + ")+", "^(?:" + "|".join(re.escape(w) for w in spelled) + ")+")


@dataclass(frozen=True)
class Standing:
    """An enterprise's standing: who it is, every honour with its status, its ranks, its standards."""

    enterprise: dict[str, Any]
    records: pd.DataFrame
    rank: dict[str, Any]
    counts: dict[str, int]


def enterprise_standing(store: Store, enterprise_id: int, as_of: dt.date) -> Standing:
    found = queries.enterprise(store, enterprise_id)
    if found is None:
        raise NotFound(f"没有编号为 {enterprise_id} 的企业", f"there is no enterprise number {enterprise_id}")
    if found.get("merged_into") is not None and found["merged_into"] == found["merged_into"]:
        target = int(found["merged_into"])
        raise NotFound(f"该企业已并入编号 {target} 的企业", f"this enterprise was merged into enterprise {target}")
    records = queries.enterprise_records(store, enterprise_id, as_of)
    # the honours it holds in force on the date (a standard once, whatever its roles)
    honours = int(records.loc[records["status"].isin(("in_force", "expiring")), "id"].nunique())
    rank = enterprise_rank(_rank_counts(store, as_of), found.get("district_code"), found.get("industry"), honours)
    counts = {s: int((records["status"] == s).sum()) for s in scoring.RECORD_STATUSES}
    return Standing(found, records, rank, counts)


def enterprise_rank(counts: pd.DataFrame, district: str | None, industry: str | None, honours: int) -> dict[str, int]:
    """An enterprise's ranks from how many enterprises hold how many honours (queries.enterprise_rank_counts):
    one more than those with more honours in its district, its industry and the city (ties share a rank),
    and how many enterprises each of these has."""

    def same(column: str, value: str | None) -> pd.Series:
        return counts[column].isna() if value is None or value != value else counts[column] == value

    more = counts["honours"] > honours
    in_district, in_industry = same("district_code", district), same("industry", industry)
    return {
        "honours": honours,
        "district_rank": 1 + int(counts.loc[in_district & more, "n"].sum()),
        "district_size": int(counts.loc[in_district, "n"].sum()),
        "industry_rank": 1 + int(counts.loc[in_industry & more, "n"].sum()),
        "industry_size": int(counts.loc[in_industry, "n"].sum()),
        "city_rank": 1 + int(counts.loc[more, "n"].sum()),
    }


def top_enterprises(store: Store, as_of: dt.date, district: str | None = None, limit: int = 20) -> pd.DataFrame:
    """The enterprises with the most honours in force (in a district or the city) and their rank there."""
    return queries.top_enterprises(store, as_of, check_district(store, district), limit)


_MEMO: dict[tuple[Any, ...], Any] = {}
_MEMO_SIZE = 64


def _memo(store: Store, name: str, args: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """Answers that many pages share (the whole scoreboard on a date, every district's counts, the rank
    histogram), computed once per database version: a write through this store starts afresh. Callers
    must not change what they get."""
    key = (store.serial, store.version, name, *args)
    found = _MEMO.get(key)
    if found is None:
        found = compute()
        while len(_MEMO) >= _MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)), None)
        _MEMO[key] = found
    return found


def _goals(store: Store, plan_code: str) -> list[dict[str, Any]]:
    return _memo(store, "goals", (plan_code,), lambda: queries.goals(store, plan_code))


def _district_codes(store: Store) -> list[str]:
    return _memo(store, "districts", (), lambda: queries.districts(store)["code"].tolist())


def forget() -> None:
    """Drop every memoised answer (the benchmark measures a question nobody has asked yet)."""
    _MEMO.clear()


def _rank_counts(store: Store, as_of: dt.date) -> pd.DataFrame:
    """How many enterprises hold how many honours, per district and industry, on a date: every enterprise
    must be counted for a rank, so the small table is computed once per database version and date."""
    return _memo(store, "rank_counts", (as_of,), lambda: queries.enterprise_rank_counts(store, as_of))


def district_overview(store: Store, plan_code: str | None, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each district's contribution to every goal (a goal × district table with the city total and
    each district's share), and the districts ranked by honours in force."""
    plan = get_plan(store, plan_code)
    breakdown = district_breakdown(store, plan.code, as_of)
    city = {s.goal_code: s.value for s in scoreboard(store, plan.code, as_of)}
    breakdown["city"] = breakdown["goal_code"].map(city)
    breakdown["share"] = (breakdown["value"] / breakdown["city"].where(breakdown["city"] > 0)).fillna(0.0)
    summary = queries.district_summary(store, as_of)
    contributed = breakdown[breakdown["value"] > 0].groupby("district_code")["goal_code"].nunique()
    summary["goals_contributed"] = summary["district_code"].map(contributed).fillna(0).astype(int)
    total = summary["in_force"].sum()
    summary["share_in_force"] = summary["in_force"] / total if total else 0.0
    summary = summary.sort_values(["in_force", "granted"], ascending=False).reset_index(drop=True)
    summary["rank"] = summary.index + 1
    return breakdown, summary


def browse(store: Store, category: str, as_of: dt.date, **filters: Any) -> pd.DataFrame:
    """One record browser's rows (famous_brand, trademark, quality_award, standard) under its filters."""
    if category not in ("famous_brand", "trademark", "quality_award", "standard"):
        raise NotFound(f"没有“{category}”类记录", f"there is no record category '{category}'")
    if filters.get("district"):
        filters["district"] = check_district(store, filters["district"])
    return queries.browse_records(store, category, as_of, **{k: v for k, v in filters.items() if v not in (None, "")})


@dataclass(frozen=True)
class RecordView:
    record: dict[str, Any]
    holders: pd.DataFrame
    history: pd.DataFrame
    source_import: dict[str, Any] | None


def record_view(store: Store, record_id: int, as_of: dt.date) -> RecordView:
    found = queries.record(store, record_id, as_of)
    if found is None:
        raise NotFound(f"没有编号为 {record_id} 的记录", f"there is no record number {record_id}")
    import_id = found.get("import_id")
    source = queries.import_info(store, int(import_id)) if import_id is not None and import_id == import_id else None
    return RecordView(found, queries.record_holders(store, record_id), queries.record_audit(store, record_id), source)


RECORD_COLUMNS = ("id", "kind_code", "kind_name", "enterprise", "district", "title", "granted_on", "valid_until",
                  "status", "import_id")
ENTERPRISE_COLUMNS = ("id", "name", "uscc", "district", "former_names", "records")


def resolve_kind(store: Store, text: str) -> str:
    """An honour kind's code from its code, name or alias (as lists write it, full- or half-width)."""
    from qcbrand.rules.codes import normalise_text
    from qcbrand.rules.hanzi import simplified_cell

    wanted = simplified_cell(normalise_text(text))
    for row in queries.kinds(store).itertuples():
        names = {row.code, row.name_zh, row.name_en.lower(), *[normalise_text(a) for a in row.aliases]}
        if wanted in names or wanted.lower() in names:
            return row.code
    raise NotFound(f"荣誉类别目录中没有“{text}”；qcbrand kinds list 列出全部类别",
                   f"the honour-kind catalogue has no '{text}'; qcbrand kinds list lists them all")


def list_records(store: Store, as_of: dt.date, kind: str | None = None, year: int | None = None,
                 district: str | None = None, text: str | None = None) -> pd.DataFrame:
    """Every record (a standard once) with its status on the as-of date: id, kind code and name, enterprise,
    district, title (product, mark, award or standard), granted_on, valid_until, status, import id."""
    frame = queries.record_list(store, as_of, resolve_kind(store, kind) if kind else None, year,
                                check_district(store, district), text or None)
    return frame[list(RECORD_COLUMNS)]


def list_enterprises(store: Store, text: str | None = None, district: str | None = None) -> pd.DataFrame:
    """Enterprises (id, name, uscc, district, former names, number of records), by part of a name or a code."""
    from qcbrand.rules.codes import name_key, normalise_text
    from qcbrand.rules.hanzi import pinyin_query, simplified_cell

    cleaned = simplified_cell(normalise_text(text or ""))
    key = name_key(cleaned) if cleaned else None
    code = cleaned.replace(" ", "").upper() if cleaned else None
    frame = queries.enterprise_list(store, key, code, pinyin_query(cleaned) if cleaned else None, cleaned or None,
                                    check_district(store, district), _place_prefix())
    return frame[list(ENTERPRISE_COLUMNS)]


def kinds_frame(store: Store) -> pd.DataFrame:
    """The honour-kind catalogue as loaded in the database."""
    return queries.kinds(store)


def kinds_of(store: Store, category: str) -> pd.DataFrame:
    frame = queries.kinds(store)
    return frame[frame["category"] == category].reset_index(drop=True)


def goal_detail(store: Store, plan_code: str | None, goal_code: str, as_of: dt.date, district: str | None = None) -> dict[str, Any]:
    """Everything the goal page shows: the score, the yearly series, the district breakdown and, for a 总数
    goal before its deadline, the lapse path."""
    plan = get_plan(store, plan_code)
    score = goal_score(store, plan.code, goal_code, as_of, district)
    series = goal_series(store, plan.code, goal_code, as_of, district)
    breakdown = district_breakdown(store, plan.code, as_of, goal_code)
    path = lapse_path(store, plan, goal_code, as_of, district) if score.rule == "total_in_force" else None
    return {"plan": plan, "score": score, "series": series, "breakdown": breakdown, "lapse_path": path}


def lapse_path(store: Store, plan: PlanInfo, goal_code: str, as_of: dt.date, district: str | None = None) -> pd.DataFrame | None:
    """A 总数 goal's value at the end of each month from the as-of date to the deadline if nothing is renewed or
    added; None once the deadline has come."""
    if as_of >= plan.ends_on:
        return None
    dates = scoring.month_ends(as_of, plan.ends_on)
    return queries.lapse_path(store, plan.code, goal_code, as_of, dates, check_district(store, district))


EXPIRING_COLUMNS = ("id", "enterprise", "district", "kind", "title", "granted_on", "valid_until", "days_left",
                    "renewed_by", "renewed_on")


def expiring(store: Store, as_of: dt.date, within_months: int = 12, district: str | None = None,
             kind: str | None = None) -> pd.DataFrame:
    """Designations in force on the as-of date whose valid-until falls after it and no later than the same day
    `within_months` later, soonest first, with days left, the renewal window and any renewal recorded."""
    if not 1 <= within_months <= 600:
        raise QcbrandError("月数应为 1 至 600 之间的整数", "the number of months must be a whole number from 1 to 600")
    if not dt.date(1949, 1, 1) <= as_of <= dt.date(2100, 12, 31):
        raise QcbrandError(f"日期 {as_of} 超出 1949 至 2100 年", f"the date {as_of} is outside 1949–2100")
    until = scoring.plus_months(as_of, within_months)
    return queries.expiring(store, as_of, until, check_district(store, district), resolve_kind(store, kind) if kind else None)


def needing_attention(scores: list[GoalScore]) -> list[GoalScore]:
    """Goals that are missed, behind or at risk, and those whose scheduled lapses would take them below the
    target (met or not); the furthest from their target first."""
    order = {"missed": 0, "behind": 1, "at_risk": 2}
    return sorted((s for s in scores if s.score and (s.score.status in order or s.score.lapse_risk)),
                  key=lambda s: (order.get(s.score.status, 3), s.score.percent))


# --- the rate indicators -------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """A rate indicator of the plan (合格率, 事故率, 满意度 …), its readings by year known on a date and the
    status of the latest."""

    code: str
    clause: int
    name_zh: str
    name_en: str
    wording_zh: str
    target: float
    unit_zh: str
    unit_en: str
    comparison: str
    readings: tuple[tuple[int, float, str | None], ...]  # (year, value, source), oldest first
    status: str  # met | not_met | no_reading (of the latest reading)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def unit(self, lang: str) -> str:
        return self.unit_zh if lang == "zh" else self.unit_en

    @property
    def latest(self) -> tuple[int, float, str | None] | None:
        return self.readings[-1] if self.readings else None

    def as_dict(self) -> dict[str, Any]:
        latest = self.latest
        return {"code": self.code, "clause": self.clause, "name_zh": self.name_zh, "name_en": self.name_en,
                "wording_zh": self.wording_zh, "target": self.target, "unit_zh": self.unit_zh, "unit_en": self.unit_en,
                "comparison": self.comparison, "latest_year": latest[0] if latest else None,
                "latest_value": latest[1] if latest else None, "status": self.status,
                "readings": [{"year": y, "value": v, "source": src} for y, v, src in self.readings]}


def indicators(store: Store, plan_code: str | None, as_of: dt.date) -> list[Indicator]:
    """The plan's indicators with the readings of the years that had ended by the as-of date."""
    plan = get_plan(store, plan_code)
    frame = _memo(store, "indicators", (plan.code,), lambda: queries.indicators(store, plan.code))
    out = []
    for code, rows in frame.groupby("code", sort=False):
        first = rows.iloc[0]
        readings = tuple((int(r.year), float(r.value), r.source if isinstance(r.source, str) else None)
                         for r in rows.itertuples() if pd.notna(r.year) and scoring.reading_known(int(r.year), as_of))
        status = "no_reading" if not readings else (
            "met" if scoring.indicator_met(readings[-1][1], float(first["target"]), first["comparison"]) else "not_met")
        out.append(Indicator(str(code), int(first["clause"]), first["name_zh"], first["name_en"], first["wording_zh"],
                             float(first["target"]), first["unit_zh"], first["unit_en"], first["comparison"], readings,
                             status))
    return out


def indicators_frame(items: list[Indicator], lang: str = "zh") -> pd.DataFrame:
    """The indicators as a table (CLI, downloads): the latest reading and its status, the target and wording."""
    return pd.DataFrame([{
        "clause": i.clause, "indicator": i.code, "name": i.name(lang), "target": i.target, "unit": i.unit(lang),
        "comparison": i.comparison, "latest_year": i.latest[0] if i.latest else None,
        "latest_value": i.latest[1] if i.latest else None, "status": i.status, "wording_zh": i.wording_zh,
    } for i in items], columns=["clause", "indicator", "name", "target", "unit", "comparison", "latest_year",
                                "latest_value", "status", "wording_zh"])


def set_indicator_reading(store: Store, plan_code: str | None, code: str, year: int, value: Any, editor: str,
                          source: str | None = None) -> dict[str, Any]:
    """Enter or correct one yearly reading of an indicator: checked as an import checks it (a number, a year,
    within the unit's range), written with an audit entry holding the reading before and after."""
    from qcbrand.intake import models

    plan = get_plan(store, plan_code)
    found = [i for i in indicators(store, plan.code, dt.date(models.MAX_YEAR, 12, 31)) if i.code == code]
    if not found:
        raise NotFound(f"计划“{plan.code}”中没有代码为“{code}”的指标（qcbrand indicators list 列出全部）",
                       f"the plan '{plan.code}' has no indicator '{code}' (qcbrand indicators list shows them all)")
    indicator = found[0]
    try:
        year = models._year(year)
        number = models.reading_value(value)
    except Exception as e:  # pydantic's custom errors carry both messages
        context = getattr(e, "context", None) or {}
        raise QcbrandError(context.get("zh", str(e)), context.get("en", str(e))) from None
    low, high = scoring.reading_range(indicator.unit_zh)
    if number < low or (high is not None and number > high):
        span = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
        raise QcbrandError(f"读数 {number:g} 超出范围：{indicator.name_zh}的读数应在 {span} 之间（单位 {indicator.unit_zh}）",
                           f"the reading {number:g} is out of range: {indicator.name_en} lies within {span} ({indicator.unit_en})")
    before = next(({"year": y, "value": v, "source": src} for y, v, src in indicator.readings if y == year), None)
    after = {"year": year, "value": number, "source": source}
    with store.transaction() as cur:
        queries.set_indicator_reading(cur, plan.code, code, year, number, source)
        queries.audit(cur, editor, "indicator_set", table_name="indicator_readings", before=before, after=after,
                      note=f"{plan.code} {code} {year}")
    return {"plan": plan.code, "indicator": code, "before": before, "after": after}
