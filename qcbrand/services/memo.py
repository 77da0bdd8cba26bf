"""One memo of shared answers per ledger version: a write anywhere makes every answer of the version before
unreachable (the unit of work moves the version on)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qcbrand.ledger import reference
from qcbrand.ledger.store import Store

_MEMO: dict[tuple[Any, ...], Any] = {}


MEMO_SIZE = 64


def remembered(store: Store, name: str, args: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """Answers that many pages share (the whole scoreboard on a date, every district's counts, the rank
    histogram), computed once per database version: a write through this store starts afresh. Callers
    must not change what they get."""
    key = (store.serial, store.version, name, *args)
    found = _MEMO.get(key)
    if found is None:
        found = compute()
        while len(_MEMO) >= MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)), None)
        _MEMO[key] = found
    return found


def plan_goals(store: Store, plan_code: str) -> list[dict[str, Any]]:
    return remembered(store, "goals", (plan_code,), lambda: reference.goals(store, plan_code))


def district_codes(store: Store) -> list[str]:
    return remembered(store, "districts", (), lambda: reference.districts(store)["code"].tolist())


def forget() -> None:
    """Drop every memoised answer (the benchmark measures a question nobody has asked yet)."""
    _MEMO.clear()
