"""Programmes one after another: which plan a view follows on a date, and the periods of a goal that a later plan
carries on. Plain functions over plain values; no DuckDB.

A plan file may name the plan it follows (`follows = "<city>-2016"`), and a goal the goal of that plan it
continues (`continues = "famous_brand_products"`): one goal, two periods, each with its own target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def plan_in_force(plans: Sequence[tuple[T, dt.date, dt.date]], on: dt.date) -> T:
    """Of (plan, starts_on, ends_on), the plan in force on the date (the latest begun where periods overlap); on a
    date no plan covers, the latest begun. `plans` must not be empty."""
    covering = [p for p in plans if p[1] <= on <= p[2]]
    return max(covering or plans, key=lambda p: (p[1], p[2]))[0]


def goal_chain(goals: Sequence[dict[str, Any]], plan_code: str, goal_code: str) -> list[dict[str, Any]]:
    """The periods of one goal, earliest first. `goals`: every goal of the ledger with its plan's `follows`, its
    own `continues`, and its plan's `starts_on` and `ends_on`. Back through the goals it continues, forward through
    the goals of later plans that continue it; a goal named twice (a loop in the files) is not followed again."""
    by_key = {(g["plan_code"], g["goal_code"]): g for g in goals}
    here = by_key.get((plan_code, goal_code))
    if here is None:
        return []
    chain = [here]
    seen = {(plan_code, goal_code)}
    back = here
    while back.get("follows") and back.get("continues"):
        key = (back["follows"], back["continues"])
        if key in seen or key not in by_key:
            break
        seen.add(key)
        back = by_key[key]
        chain.insert(0, back)
    forward = here
    while True:
        nxt = next((g for g in goals if g.get("follows") == forward["plan_code"]
                    and g.get("continues") == forward["goal_code"]
                    and (g["plan_code"], g["goal_code"]) not in seen), None)
        if nxt is None:
            break
        seen.add((nxt["plan_code"], nxt["goal_code"]))
        chain.append(nxt)
        forward = nxt
    return chain
