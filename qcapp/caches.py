"""The ledger as the pages read it: one open store per process, and Streamlit's caches of the door's answers,
keyed on the ledger's version so that a write in this or another session is seen on the next run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from qcbrand import services
from qcbrand.services import Store, backup, demo, imports, resolve_db_path


@st.cache_resource(show_spinner=False)
def _open_store(db_path: str) -> Store:
    """One shared handle per database file for the whole server process (thread-safe: a cursor per query). It
    reads the ledger's published copy and holds nothing between pages, so the command line and other app
    processes read and write meanwhile; a write from a page holds the ledger for its own length, waiting up
    to 10 s for another writer. A missing database is built as the demo city on first run."""
    demo.ensure_demo(db_path)
    return Store.open(db_path, shared=True, wait_seconds=10)


def db_path() -> str:
    return str(resolve_db_path())


def store() -> Store:
    return _open_store(db_path())


def ledger_key() -> str:
    """The ledger and its version, as every cached answer below is keyed: the same version the door's memo uses
    (the handle's serial and the published version, which a commit in any process moves on), so a change is
    seen on the next run by every session of every process, whichever wrote it."""
    handle = store()
    return f"{handle.path}#{handle.serial}.{handle.version}"


def begin_run() -> str:
    """At the start of every page: read the newest published ledger (a commit in another process or the
    command line since the last page), and give its key."""
    store().refresh()
    return ledger_key()


def _open_keyed(key: str) -> Store:
    return _open_store(key.split("#", 1)[0])


@st.cache_data(show_spinner=False)
def plan_info(db: str, plan_code: str | None) -> services.PlanInfo:
    return services.get_plan(_open_keyed(db), plan_code)


@st.cache_data(show_spinner=False)
def choose_plan(db: str, on: dt.date | None) -> services.PlanInfo:
    """The plan in force on the date (else today), else the newest."""
    return services.choose_plan(_open_keyed(db), None, on)


@st.cache_data(show_spinner=False)
def plans(db: str) -> list[services.PlanInfo]:
    return services.list_plans(_open_keyed(db))


@st.cache_data(show_spinner=False)
def is_demo(db: str) -> bool:
    return services.is_demo(_open_keyed(db))


@st.cache_data(show_spinner=False)
def is_empty(db: str) -> bool:
    return services.record_count(_open_keyed(db)) == 0


@st.cache_data(show_spinner=False)
def scoreboard(db: str, plan_code: str, as_of: dt.date, district: str | None) -> list[services.GoalScore]:
    return services.scoreboard(_open_keyed(db), plan_code, as_of, district)


@st.cache_data(show_spinner=False)
def goal_detail(db: str, plan_code: str, goal_code: str, as_of: dt.date, district: str | None) -> dict[str, Any]:
    return services.goal_detail(_open_keyed(db), plan_code, goal_code, as_of, district)


@st.cache_data(show_spinner=False)
def records_behind(db: str, plan_code: str, goal_code: str, as_of: dt.date, district: str | None, limit: int) -> pd.DataFrame:
    return services.records_behind(_open_keyed(db), plan_code, goal_code, as_of, district, limit=limit)


@st.cache_data(show_spinner=False)
def district_map(db: str, plan_code: str, goal_code: str, as_of: dt.date) -> dict[str, Any]:
    return services.district_map(_open_keyed(db), plan_code, goal_code, as_of)


@st.cache_data(show_spinner=False)
def district_overview(db: str, plan_code: str, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    return services.district_overview(_open_keyed(db), plan_code, as_of)


@st.cache_data(show_spinner=False)
def top_enterprises(db: str, as_of: dt.date, district: str | None, limit: int = 20) -> pd.DataFrame:
    return services.top_enterprises(_open_keyed(db), as_of, district, limit)


@st.cache_data(show_spinner=False)
def search_enterprises(db: str, text: str) -> pd.DataFrame:
    return services.search_enterprises(_open_keyed(db), text)


@st.cache_data(show_spinner=False)
def enterprise_standing(db: str, enterprise_id: int, as_of: dt.date) -> services.Standing:
    return services.enterprise_standing(_open_keyed(db), enterprise_id, as_of)


@st.cache_data(show_spinner=False)
def browse(db: str, category: str, as_of: dt.date, filters: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    return services.browse(_open_keyed(db), category, as_of, **dict(filters))


@st.cache_data(show_spinner=False)
def expiring(db: str, as_of: dt.date, within: int, district: str | None, kind: str | None) -> pd.DataFrame:
    return services.expiring(_open_keyed(db), as_of, within, district, kind)


@st.cache_data(show_spinner=False)
def term_kinds(db: str, lang: str) -> dict[str, str]:
    """The honour kinds that run for a term (and so lapse), code -> name."""
    frame = services.kinds_frame(_open_keyed(db))
    frame = frame[frame["term_years"].notna()]
    return dict(zip(frame["code"], frame[f"name_{lang}"]))


@st.cache_data(show_spinner=False)
def kinds_of(db: str, category: str) -> pd.DataFrame:
    return services.kinds_of(_open_keyed(db), category)


@st.cache_data(show_spinner=False)
def record_view(db: str, record_id: int, as_of: dt.date) -> services.RecordView:
    return services.record_view(_open_keyed(db), record_id, as_of)


def data_changed() -> None:
    """After a write, every cached query result is stale."""
    st.cache_data.clear()


def _session_memo(slot: str, key: tuple[Any, ...], make: Any) -> Any:
    """The last value made for `key` in this session's `slot`: a rerun (a click, a tab) reuses it."""
    memo = st.session_state.get(slot)
    if memo is None or memo[0] != key:
        memo = (key, make())
        st.session_state[slot] = memo
    return memo[1]


def read_upload(db: Store, file_name: str, data: bytes, sha: str, sheet: str | None) -> Any:
    """An uploaded list, read once per session (not again on every rerun of the page)."""
    return _session_memo("_import_read", (db.serial, db.version, sha, file_name, sheet),
                         lambda: imports.read(db, file_name, data, sheet=sheet))


def detect_kind(db: Store, table: Any, sha: str) -> Any:
    """What kind of list a table is (or why that is unclear), once per file and sheet."""
    return _session_memo("_import_detected", (db.serial, db.version, sha, table.sheet),
                         lambda: imports.detect(table, imports.kind_catalogue(db)))


def prepare_import(db: Store, table: Any, sha: str, year: int | None, kind: str | None, mapping: dict[int, str] | None,
                   choices: dict[str, str], create: bool, honour: str | None = None,
                   matches: dict[str, Any] | None = None, left_out: list[str] | None = None, plan_code: str | None = None) -> Any:
    """The import's report, made once per file, mapping and choice and again after any write to the
    database (its enterprise matches and "already present" counts depend on it), with what it would do to
    the goals (tried in a transaction that is rolled back)."""
    key = (db.serial, db.version, sha, table.sheet, year, kind, honour,
           tuple(sorted((mapping or {}).items())), tuple(sorted(choices.items())), create,
           tuple(sorted((k, str(v)) for k, v in (matches or {}).items())), tuple(left_out or ()), plan_code)

    def prepare() -> Any:
        prepared = imports.prepare(db, table, kind, mapping, district_choices=choices, create_enterprises=create,
                                    sha256=sha, honour=honour, year=year, matches=matches, left_out=left_out)
        imports.preview(db, prepared, plan_code=plan_code)  # the goals of the plan on screen
        return prepared

    return _session_memo("_import_prepared", key, prepare)


@st.cache_data(show_spinner=False)
def honour_choices(db: str, lang: str) -> dict[str, str]:
    """The honours a whole list may be given (every kind but standards), code -> name."""
    frame = services.kinds_frame(_open_keyed(db))
    frame = frame[frame["category"] != "standard"]
    return dict(zip(frame["code"], frame[f"name_{lang}"]))


@st.cache_data(show_spinner=False)
def counts_standards(db: str, kinds: tuple[str, ...]) -> bool:
    """Whether a goal's kinds include standards (drafted together, one counts in each drafter's district)."""
    frame = services.kinds_frame(_open_keyed(db))
    return bool((frame[frame["code"].isin(list(kinds))]["category"] == "standard").any())


@st.cache_data(show_spinner=False)
def kind_names(db: str, lang: str) -> dict[str, str]:
    frame = services.kinds_frame(_open_keyed(db))
    return dict(zip(frame["code"], frame[f"name_{lang}"]))


def backup_root() -> Any:
    from pathlib import Path

    return Path(db_path()).resolve().parent / "backups"


def backups() -> list[Any]:
    root = backup_root()
    if not root.is_dir():
        return []
    return sorted((p for p in root.iterdir() if (p / backup.MANIFEST).exists()), reverse=True)


@st.cache_data(show_spinner=False)
def indicators(db: str, plan_code: str, as_of: dt.date) -> list[services.Indicator]:
    return services.indicators(_open_keyed(db), plan_code, as_of)


@st.cache_data(show_spinner=False)
def stages(db: str) -> list[services.pipeline.Stage]:
    return services.pipeline.stages(_open_keyed(db))


@st.cache_data(show_spinner=False)
def candidates(db: str, as_of: dt.date, district: str | None, plan_code: str | None = None, goal: str | None = None,
               stage: str | None = None, enterprise_id: int | None = None) -> pd.DataFrame:
    return services.pipeline.candidates(_open_keyed(db), as_of, district=district, plan_code=plan_code, goal=goal,
                                        stage=stage, enterprise_id=enterprise_id)


@st.cache_data(show_spinner=False)
def candidate_history(db: str, candidate_ids: tuple[int, ...]) -> pd.DataFrame:
    return services.pipeline.history(_open_keyed(db), list(candidate_ids))
