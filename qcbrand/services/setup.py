"""Setting a ledger up: the honour kinds, the plans, a new or restored ledger, whether it is the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qcbrand import i18n, ledger
from qcbrand.errors import QcbrandError
from qcbrand.ledger import derived, integrity, pipeline, reference
from qcbrand.ledger.store import Store
from qcbrand.rules import plans as plan_files
from qcbrand.shipped import DEFAULT_PLAN_FILE, KINDS_FILE


def load_kinds(store: Store, path: Path = KINDS_FILE, actor: str = "cli") -> int:
    catalogue = plan_files.read_catalogue(path)
    with ledger.changes(store) as change:
        cur = change.cur
        n = reference.save_kinds(cur, catalogue)
        _refuse_clashes(reference.kinds(cur), path)
        if catalogue.stages:  # a catalogue without stages leaves the pipeline's as they are
            pipeline.save_stages(cur, catalogue.stages)
        change.touched(everything=True)  # a kind's term places every record's valid-until
        change.audit(actor, "kinds_load", note=f"{path.name}: {n} kinds")
    return n


def _refuse_clashes(kinds: Any, path: Path) -> None:
    """One name, one kind: a file that would give two kinds one name or alias is refused, naming both."""
    from qcbrand.rules.honours import clashes

    found = clashes([(r.code, [r.name_zh, r.name_en, *list(r.aliases)]) for r in kinds.itertuples()])
    if found:
        zh = "；".join(f"“{name}”同时是 {a} 和 {b} 的名称或别称" for name, a, b in found[:5])
        en = "; ".join(f"'{name}' would name both {a} and {b}" for name, a, b in found[:5])
        raise QcbrandError(*i18n.pair("msg.setup.was_not_loaded_name_belongs", path_name=path.name, zh=zh, en=en))


def load_plan(store: Store, path: Path | str, actor: str = "cli") -> str:
    """Check a plan file against the catalogue and load it whole; returns the plan code."""
    path = Path(path)
    plan, sha = plan_files.read_plan(path)
    with ledger.changes(store) as change:
        cur = change.cur
        plan_files.check_plan_kinds(plan, reference.kind_codes(cur))
        plan_files.check_district_targets(plan, set(reference.districts(cur)["code"]), path)
        reference.save_plan(cur, plan, path.name, sha)
        derived.refresh_spans(cur)  # the plan's goals count their units by spans
        change.audit(actor, "plan_load", table_name="plans", note=f"{path.name} ({plan.plan.code}), sha256 {sha[:12]}")
    return plan.plan.code


def init_database(store: Store, actor: str = "cli", plan_file: Path | None = DEFAULT_PLAN_FILE) -> str | None:
    """Reference data (districts, honour kinds) and, unless told not to, the bundled plan."""
    with ledger.changes(store) as change:
        cur = change.cur
        reference.ensure_districts(cur)
        change.audit(actor, "init", note="districts")
    load_kinds(store, KINDS_FILE, actor)
    return load_plan(store, plan_file, actor) if plan_file else None


def record_count(store: Store) -> int:
    """How many records the ledger holds (0 in a new one)."""
    return reference.record_count(store)


def is_demo(store: Store) -> bool:
    return reference.setting(store, "demo") == "true"


def is_set_up(store: Store) -> bool:
    """Whether the honour kinds are loaded (a plan names kinds, so it needs them first)."""
    return bool(reference.kind_codes(store))


def goal_count(store: Store, plan_code: str) -> int:
    return len(reference.goals(store, plan_code))


def integrity_problems(store: Store) -> dict[str, int]:
    """References that point nowhere and derived tables that differ from a rebuild, by kind; only the non-zero."""
    return {k: v for k, v in integrity.orphans(store).items() if v}
