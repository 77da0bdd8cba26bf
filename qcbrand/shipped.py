"""Where the files shipped inside the package are: the honour kinds, plans, regions and industries (TOML).

They travel in the wheel (`[tool.setuptools.package-data]`), so an installed qcbrand finds them outside a checkout."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
KINDS_FILE = DATA_DIR / "honour_kinds.toml"
PLANS_DIR = DATA_DIR / "plans"
REGIONS_DIR = DATA_DIR / "regions"
INDUSTRIES_FILE = DATA_DIR / "industries.toml"
DEFAULTS_FILE = DATA_DIR / "defaults.toml"  # which bundled region (and through it which plan) a new ledger follows


def _defaults() -> tuple[Path, Path]:
    """The default region file, and the plan file it names (rules/region.py checks both when they are read)."""
    import tomllib

    region = DATA_DIR / tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))["region"]
    plan = tomllib.loads(region.read_text(encoding="utf-8"))["region"]["plan"]
    return region, (region.parent / plan).resolve()


DEFAULT_REGION_FILE, DEFAULT_PLAN_FILE = _defaults()
