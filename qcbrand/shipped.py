"""Where the files shipped inside the package are: the honour kinds, plans, regions and industries (TOML).

They travel in the wheel (`[tool.setuptools.package-data]`), so an installed qcbrand finds them outside a checkout."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
KINDS_FILE = DATA_DIR / "honour_kinds.toml"
PLANS_DIR = DATA_DIR / "plans"
REGIONS_DIR = DATA_DIR / "regions"
INDUSTRIES_FILE = DATA_DIR / "industries.toml"
DEFAULT_PLAN_FILE = PLANS_DIR / "changzhou-2016.toml"
