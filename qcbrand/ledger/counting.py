"""The counting reads behind the scoreboard: values per goal and district on a date, series, lapses, expiries."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qcbrand.ledger.store import Cursor, Store


def scoreboard_counts(
    store: Store | Cursor, plan_code: str, as_of: dt.date, district: str | None = None, goal: str | None = None
) -> pd.DataFrame:
    start, end = store.rows("SELECT starts_on, ends_on FROM plans WHERE plan_code = ?", [plan_code])[0]
    params = {"plan": plan_code, "as_of": as_of, "district": district, "goal": goal, "plan_start": start,
              "before": start - dt.timedelta(days=1), "deadline": end}
    counts = store.named("scoreboard_city" if district is None else "scoreboard",
                         {k: v for k, v in params.items() if district is not None or k != "district"})
    spans = store.named("scoreboard_spans", {k: params[k] for k in ("plan", "as_of", "before", "district", "goal")})
    by_goal = spans.set_index("goal_code")
    for column in ("value", "baseline"):
        counts[column] = counts[column] + counts["goal_code"].map(by_goal[column]).fillna(0).astype(int)
    grouped = store.scalar(
        "SELECT count(*) FROM goals g JOIN goal_kinds gk USING (plan_code, goal_code) JOIN honour_kinds k "
        "ON k.code = gk.kind_code WHERE g.plan_code = ? AND g.rule = 'total_in_force' "
        "AND (g.counts = 'enterprises' OR k.category = 'standard')", [plan_code])
    if grouped:  # a 总数 goal that groups its facts: its lapses come from the facts (grouped_lapsing.sql)
        extra = dict(store.named("grouped_lapsing", params).itertuples(index=False, name=None))
        counts["lapsing"] = counts["lapsing"] + counts["goal_code"].map(extra).fillna(0).astype(int)
    return counts


def district_counts(store: Store | Cursor, plan_code: str, as_of: dt.date, goal: str | None = None) -> pd.DataFrame:
    return store.named("scoreboard_by_district", {"plan": plan_code, "as_of": as_of, "district": None, "goal": goal})


def series_counts(
    store: Store | Cursor,
    plan_code: str,
    dates: list[dt.date],
    goal: str | None = None,
    district: str | None = None,
    by_district: bool = False,
) -> pd.DataFrame:
    return store.named(
        "goal_series",
        {"plan": plan_code, "dates": dates, "goal": goal, "district": district, "by_district": by_district,
         "as_of": max(dates)},
    )


def lapse_path(store: Store | Cursor, plan_code: str, goal: str, as_of: dt.date, dates: list[dt.date],
               district: str | None = None) -> pd.DataFrame:
    return store.named("lapse_path", {"plan": plan_code, "goal": goal, "as_of": as_of, "dates": dates, "district": district})


def expiring(store: Store | Cursor, as_of: dt.date, until: dt.date, district: str | None = None,
             kind: str | None = None) -> pd.DataFrame:
    return store.named("expiring", {"as_of": as_of, "until": until, "district": district, "kind": kind})


def records_behind(
    store: Store | Cursor,
    plan_code: str,
    goal: str,
    as_of: dt.date,
    district: str | None = None,
    limit: int = 100,
    offset: int = 0,
    enterprises: bool = False,
) -> pd.DataFrame:
    """The records behind a goal's figure, or for a goal in 家 the enterprises, one row each with its records."""
    return store.named(
        "enterprises_behind" if enterprises else "records_behind",
        {"plan": plan_code, "goal": goal, "as_of": as_of, "district": district, "limit": limit, "offset": offset},
    )
