"""Reference data in the ledger: honour kinds, districts, plans and their goals and indicators, settings."""

from __future__ import annotations

from typing import Any

import pandas as pd

from qcbrand.ledger.store import Cursor, Store
from qcbrand.rules import region as regions
from qcbrand.rules.plans import Catalogue, Plan
from qcbrand.rules.region import Region


def save_region(cur: Cursor, region: Region, file_name: str) -> None:
    """The ledger's city: its region file (and boundary file) as written, and its districts. Districts the file no
    longer names go (the caller has checked that nothing uses them)."""
    cur.execute("DELETE FROM region")
    r = region.region
    cur.execute("INSERT INTO region (code, name_zh, name_en, file_name, sha256, source, geojson) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [r.code, r.name_zh, r.name_en, file_name, region.sha256, region.source, region.geojson])
    codes = [d.code for d in region.districts]
    cur.execute("DELETE FROM districts WHERE NOT list_contains(?, code)", [codes])
    for i, d in enumerate(region.districts):
        cur.execute("INSERT OR REPLACE INTO districts VALUES (?, ?, ?, ?)", [d.code, d.name_zh, d.name_en, i])


def use_region(store: Store) -> Region | None:
    """The ledger's region becomes the active one (rules.region.use); the bundled default for a ledger without one."""
    row = region_row(store) if store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'region'") else None
    region = None if row is None else regions.region_from_text(row["source"], row["file_name"], row["geojson"])
    regions.use(region)
    return region


def region_row(store: Store | Cursor) -> dict[str, Any] | None:
    found = store.dicts("SELECT code, name_zh, name_en, file_name, sha256, source, geojson, loaded_at FROM region")
    return found[0] if found else None


def districts_in_use(cur: Cursor) -> list[str]:
    """The district codes the ledger's enterprises, records, district targets and candidates name."""
    return [r[0] for r in cur.rows(
        "SELECT district_code FROM enterprises WHERE district_code IS NOT NULL UNION "
        "SELECT district_code FROM other_honours WHERE district_code IS NOT NULL UNION "
        "SELECT district_code FROM goal_district_targets ORDER BY 1")]


def save_kinds(cur: Cursor, catalogue: Catalogue) -> int:
    frame = pd.DataFrame(
        [
            {
                "code": k.code,
                "category": k.category,
                "name_zh": k.name_zh,
                "name_en": k.name_en,
                "level": k.level,
                "term_years": k.term_years,
                "aliases": k.aliases,
                "note": k.note,
                "renewal_window_months": k.renewal_window_months,
            }
            for k in catalogue.kinds
        ]
    )
    frame["term_years"] = frame["term_years"].astype("Int64")
    cur.register("_kinds", frame)
    try:
        cur.execute(
            "INSERT OR REPLACE INTO honour_kinds (code, category, name_zh, name_en, level, term_years, aliases, note, "
            "renewal_window_months) SELECT code, category, name_zh, name_en, level, term_years, aliases, note, "
            "renewal_window_months FROM _kinds"
        )
    finally:
        cur.unregister("_kinds")
    return len(frame)


def kinds(store: Store | Cursor) -> pd.DataFrame:
    return store.df("SELECT * FROM honour_kinds ORDER BY category, code")


def kind_codes(store: Store | Cursor) -> set[str]:
    return {r[0] for r in store.rows("SELECT code FROM honour_kinds")}


def districts(store: Store | Cursor) -> pd.DataFrame:
    return store.df("SELECT code, name_zh, name_en FROM districts ORDER BY sort")


def set_setting(cur: Cursor, key: str, value: str) -> None:
    cur.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])


def record_count(store: Store | Cursor) -> int:
    return int(store.scalar("SELECT count(DISTINCT id) FROM facts"))


def setting(store: Store | Cursor, key: str) -> str | None:
    return store.scalar("SELECT value FROM settings WHERE key = ?", [key])


def save_plan(cur: Cursor, plan: Plan, file_name: str, sha256: str) -> None:
    """Replace the plan's goals and indicators with the file's; indicator readings are kept."""
    code = plan.plan.code
    cur.execute("DELETE FROM goal_kinds WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM goal_district_targets WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM goals WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM indicators WHERE plan_code = ?", [code])
    cur.execute("DELETE FROM plans WHERE plan_code = ?", [code])
    h = plan.plan
    cur.execute(
        "INSERT INTO plans (plan_code, name_zh, name_en, source_zh, starts_on, ends_on, file_name, sha256, follows) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [code, h.name_zh, h.name_en, h.source_zh, h.starts_on, h.ends_on, file_name, sha256, h.follows],
    )
    goals = pd.DataFrame(
        [
            {"plan_code": code, "sort": i, **g.model_dump(exclude={"kinds", "district_targets"})}
            for i, g in enumerate(plan.goals)
        ]
    ).rename(columns={"code": "goal_code"})
    cur.insert_frame(
        "goals",
        goals,
        ["plan_code", "goal_code", "sort", "clause", "name_zh", "name_en", "wording_zh", "target", "unit_zh",
         "unit_en", "comparison", "rule", "counts", "role", "service_only", "headline", "continues"],
    )
    goal_kinds = pd.DataFrame(
        [{"plan_code": code, "goal_code": g.code, "kind_code": k} for g in plan.goals for k in g.kinds]
    )
    cur.insert_frame("goal_kinds", goal_kinds, ["plan_code", "goal_code", "kind_code"])
    targets = pd.DataFrame([{"plan_code": code, "goal_code": g.code, "district_code": d, "target": t}
                            for g in plan.goals for d, t in g.district_targets.items()],
                           columns=["plan_code", "goal_code", "district_code", "target"])
    if not targets.empty:
        cur.insert_frame("goal_district_targets", targets, ["plan_code", "goal_code", "district_code", "target"])
    if plan.indicators:
        indicators = pd.DataFrame(
            [{"plan_code": code, "sort": i, **ind.model_dump()} for i, ind in enumerate(plan.indicators)]
        )
        cur.insert_frame(
            "indicators",
            indicators,
            ["plan_code", "code", "sort", "clause", "name_zh", "name_en", "wording_zh", "target", "unit_zh",
             "unit_en", "comparison"],
        )


def plans(store: Store | Cursor) -> list[dict[str, Any]]:
    return store.dicts("SELECT * FROM plans ORDER BY starts_on DESC, plan_code")


def goal_chain(store: Store | Cursor) -> list[dict[str, Any]]:
    """Every goal with its plan's period and the plan it follows, for the periods of a goal across programmes."""
    return store.dicts(
        "SELECT g.plan_code, g.goal_code, g.continues, p.follows, p.starts_on, p.ends_on, g.target, g.comparison, "
        "g.name_zh, g.name_en, g.wording_zh, g.unit_zh, g.unit_en, p.name_zh AS plan_name_zh, p.name_en AS plan_name_en "
        "FROM goals g JOIN plans p USING (plan_code) ORDER BY p.starts_on, g.sort")


def plan(store: Store | Cursor, plan_code: str) -> dict[str, Any] | None:
    found = store.dicts("SELECT * FROM plans WHERE plan_code = ?", [plan_code])
    return found[0] if found else None


def goals(store: Store | Cursor, plan_code: str) -> list[dict[str, Any]]:
    return store.dicts(
        "SELECT g.*, list(gk.kind_code ORDER BY gk.kind_code) AS kinds FROM goals g "
        "JOIN goal_kinds gk USING (plan_code, goal_code) WHERE g.plan_code = ? "
        "GROUP BY ALL ORDER BY g.sort",
        [plan_code],
    )


def district_targets(store: Store | Cursor, plan_code: str) -> dict[tuple[str, str], float]:
    """(goal code, district code) -> the district's own target, for the goals a plan breaks down."""
    return {(g, d): t for g, d, t in store.rows(
        "SELECT goal_code, district_code, target FROM goal_district_targets WHERE plan_code = ?", [plan_code])}


def indicators(store: Store | Cursor, plan_code: str) -> pd.DataFrame:
    return store.df(
        "SELECT i.*, r.year, r.value, r.source FROM indicators i "
        "LEFT JOIN indicator_readings r ON r.plan_code = i.plan_code AND r.indicator_code = i.code "
        "WHERE i.plan_code = ? ORDER BY i.sort, r.year",
        [plan_code],
    )


def indicator_values(store: Store | Cursor) -> dict[tuple[str, str, int], float]:
    return {(p, c, y): v for p, c, y, v in store.rows("SELECT plan_code, indicator_code, year, value FROM indicator_readings")}
