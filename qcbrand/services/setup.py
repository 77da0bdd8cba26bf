"""Setting a ledger up: the honour kinds, the plans, a new or restored ledger, whether it is the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qcbrand import i18n, ledger
from qcbrand.errors import QcbrandError
from qcbrand.ledger import derived, integrity, pipeline, reference
from qcbrand.ledger.store import Store
from qcbrand.rules import plans as plan_files
from qcbrand.rules import region as regions
from qcbrand.shipped import DEFAULT_REGION_FILE, KINDS_FILE


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
        follows = plan.plan.follows
        plan_files.check_follows(plan, {g["goal_code"] for g in reference.goals(cur, follows)}
                                 if follows and reference.plan(cur, follows) else None, path)
        plan_files.check_district_targets(plan, set(reference.districts(cur)["code"]), path)
        reference.save_plan(cur, plan, path.name, sha)
        derived.refresh_spans(cur)  # the plan's goals count their units by spans
        change.audit(actor, "plan_load", table_name="plans", note=f"{path.name} ({plan.plan.code}), sha256 {sha[:12]}")
    return plan.plan.code


def load_region(store: Store, path: Path | str, actor: str = "cli") -> regions.Region:
    """The ledger's city from a region file (and its boundary file), whole. A ledger follows one city: a file of
    another city is refused, and so is one that drops a district the ledger's data still uses."""
    path = Path(path)
    region = regions.read_region(path)
    with ledger.changes(store) as change:
        cur = change.cur
        held = reference.region_row(cur)
        if held is not None and held["code"] != region.region.code:
            raise QcbrandError(*i18n.pair("msg.region.other_city", path=path, new=region.region.name_zh, old=held["name_zh"],
                                          new_en=region.region.name_en, old_en=held["name_en"]))
        gone = sorted(set(reference.districts_in_use(cur)) - {d.code for d in region.districts})
        if gone:
            raise QcbrandError(*i18n.pair("msg.region.in_use", path=path, codes="、".join(gone)))
        reference.save_region(cur, region, path.name)
        # no derived table to refresh: they hold district codes, which a load may not take away, never names
        change.audit(actor, "region_load", table_name="region",
                     note=f"{path.name} ({region.region.code}), sha256 {region.sha256[:12]}")
    store.region = region
    regions.use(region)
    return region


REGION_PLAN = Path("<the plan the region file names>")


def init_database(store: Store, actor: str = "cli", plan_file: Path | None = REGION_PLAN,
                  region_file: Path | str = DEFAULT_REGION_FILE) -> str | None:
    """Reference data: the region (the city and its districts), the honour kinds and a plan: by default the one the
    region file names, None for none."""
    region_file = Path(region_file)
    region = load_region(store, region_file, actor)
    with ledger.changes(store) as change:
        change.audit(actor, "init", note=f"region {region.region.code}")
    load_kinds(store, KINDS_FILE, actor)
    if region.region.kinds:
        load_kinds(store, region_file.parent / region.region.kinds, actor)
    if plan_file == REGION_PLAN:
        plan_file = region_file.parent / region.region.plan if region.region.plan else None
    return load_plan(store, plan_file, actor) if plan_file else None


def region_of(store: Store) -> regions.Region | None:
    """The region the ledger holds (None: one made before regions were data, which follows the bundled default)."""
    row = reference.region_row(store)
    return None if row is None else regions.region_from_text(row["source"], row["file_name"], row["geojson"])


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


def region_summary(store: Store) -> dict[str, Any]:
    """What `qcbrand region show` prints: the ledger's region (or the bundled default), each district's spellings."""
    held = region_of(store)
    region = held or regions.default_region()
    spellings = region.spellings()
    boundaries = region.boundaries()
    row = reference.region_row(store)
    return {
        "region": region.region.model_dump(), "in_ledger": held is not None,
        "file": row["file_name"] if row else str(DEFAULT_REGION_FILE),
        "boundaries": f"{len(boundaries['features'])} polygons" if boundaries else "—",
        "districts": [{**d.model_dump(), "spellings": sorted(n for n, c in spellings.items() if c == d.code)}
                      for d in region.districts],
        "former": [f.model_dump() for f in region.former],
    }
