"""Version 8 (issue 13): the counting spans of the goals that group their facts (goals in 家, goals over
standards), kept by every write beside the facts, so that the scoreboard counts them as ranges."""

from __future__ import annotations

from typing import Any


def migrate(cur: Any) -> None:
    from qcbrand.ledger import derived

    cur.execute(
        "CREATE TABLE goal_spans (plan_code VARCHAR NOT NULL, goal_code VARCHAR NOT NULL, unit BIGINT NOT NULL, "
        "district_code VARCHAR NOT NULL, starts_on DATE NOT NULL, ends_on DATE NOT NULL)")
    # and the same spans counted per day (per plan, goal and district: how many units count from a day to
    # another), so that the city's scoreboard reads tens of thousands of rows, not millions
    cur.execute(
        "CREATE TABLE span_days (plan_code VARCHAR NOT NULL, goal_code VARCHAR NOT NULL, district_code VARCHAR NOT NULL, "
        "starts_on DATE NOT NULL, ends_on DATE NOT NULL, n BIGINT NOT NULL)")
    derived.refresh_spans(cur)
