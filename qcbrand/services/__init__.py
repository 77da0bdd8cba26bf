"""The door of qcbrand: what the app and the command line may call.

Pages and commands import `qcbrand.services` (with `qcbrand.reports`, `qcbrand.errors` and `qcbrand.i18n`), never
the ledger, the import pipeline or the rules directly; `pyproject.toml`'s import-linter contracts hold that.
"""

from __future__ import annotations

from qcbrand.services.setup import (
    load_kinds,
    load_plan,
    init_database,
    record_count,
    is_demo,
)
from qcbrand.services.scoreboard import (
    PlanInfo,
    list_plans,
    get_plan,
    default_as_of,
    Contribution,
    GoalScore,
    check_district,
    contributions,
    scoreboard,
    goal_score,
    scoreboard_frame,
    district_breakdown,
    goal_series,
    records_behind,
    status_counts,
    district_overview,
    goal_detail,
    lapse_path,
    needing_attention,
)
from qcbrand.services.lookups import (
    search_enterprises,
    Standing,
    enterprise_standing,
    enterprise_rank,
    top_enterprises,
    browse,
    RecordView,
    record_view,
    RECORD_COLUMNS,
    ENTERPRISE_COLUMNS,
    resolve_kind,
    list_records,
    list_enterprises,
    kinds_frame,
    kinds_of,
    EXPIRING_COLUMNS,
    expiring,
)
from qcbrand.services.indicators import (
    Indicator,
    indicators,
    indicators_frame,
    set_indicator_reading,
)
from qcbrand.services.memo import (
    forget,
)
from qcbrand.services import auth, backup, demo, editing, imports, places
from qcbrand.services.backup import restore_backup
from qcbrand.ledger.store import Store, resolve_db_path
from qcbrand.shipped import DEFAULT_PLAN_FILE, KINDS_FILE

__all__ = [
    "load_kinds",
    "restore_backup",
    "load_plan",
    "init_database",
    "record_count",
    "is_demo",
    "PlanInfo",
    "list_plans",
    "get_plan",
    "default_as_of",
    "Contribution",
    "GoalScore",
    "check_district",
    "contributions",
    "scoreboard",
    "goal_score",
    "scoreboard_frame",
    "district_breakdown",
    "goal_series",
    "records_behind",
    "status_counts",
    "district_overview",
    "goal_detail",
    "lapse_path",
    "needing_attention",
    "search_enterprises",
    "Standing",
    "enterprise_standing",
    "enterprise_rank",
    "top_enterprises",
    "browse",
    "RecordView",
    "record_view",
    "RECORD_COLUMNS",
    "ENTERPRISE_COLUMNS",
    "resolve_kind",
    "list_records",
    "list_enterprises",
    "kinds_frame",
    "kinds_of",
    "EXPIRING_COLUMNS",
    "expiring",
    "Indicator",
    "indicators",
    "indicators_frame",
    "set_indicator_reading",
    "forget",
    "auth",
    "backup",
    "demo",
    "editing",
    "imports",
    "places",
    "Store",
    "resolve_db_path",
    "DEFAULT_PLAN_FILE",
    "KINDS_FILE",
]
