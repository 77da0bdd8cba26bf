"""Streamlit-aware helpers shared by the pages: the cached database handle, cached query results,
the common controls (language, as-of date, district) and reading query parameters.

The qcbrand package never imports Streamlit; this module is the one place that joins the two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from qcbrand import api, demo, i18n
from qcbrand.codes import DISTRICTS, CodeError, resolve_district
from qcbrand.errors import QcbrandError
from qcbrand.store import Store, resolve_db_path

# --- the database --------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _open_store(db_path: str) -> Store:
    """One handle per database file for the whole server (thread-safe: a cursor per query). A missing
    database is built as the demo city on first run."""
    demo.ensure_demo(db_path)
    return Store.open(db_path, wait_seconds=10)


def db_path() -> str:
    return str(resolve_db_path())


def store() -> Store:
    return _open_store(db_path())


# Cached results are keyed on the database path and their inputs; an import through the app clears them.


@st.cache_data(show_spinner=False)
def plan_info(db: str, plan_code: str | None) -> api.PlanInfo:
    return api.get_plan(_open_store(db), plan_code)


@st.cache_data(show_spinner=False)
def plans(db: str) -> list[api.PlanInfo]:
    return api.list_plans(_open_store(db))


@st.cache_data(show_spinner=False)
def is_demo(db: str) -> bool:
    return api.is_demo(_open_store(db))


@st.cache_data(show_spinner=False)
def scoreboard(db: str, plan_code: str, as_of: dt.date, district: str | None) -> list[api.GoalScore]:
    return api.scoreboard(_open_store(db), plan_code, as_of, district)


# --- language ------------------------------------------------------------------------------------


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **values: Any) -> str:
    return i18n.t(key, lang(), **values)


# --- the shared context: plan, as-of date, district ----------------------------------------------


@dataclass(frozen=True)
class Context:
    db: str
    lang: str
    plan: api.PlanInfo
    as_of: dt.date
    district: str | None
    demo: bool

    def district_name(self) -> str:
        if self.district is None:
            return i18n.t("control.all_city", self.lang)
        d = next(x for x in DISTRICTS if x.code == self.district)
        return d.name_zh if self.lang == "zh" else d.name_en

    def source_line(self) -> str:
        key = "app.source_line_demo" if self.demo else "app.source_line"
        return i18n.t(key, self.lang)

    def link_params(self, **extra: str) -> dict[str, str]:
        """Query parameters that reproduce this view on another page."""
        params = {"as_of": self.as_of.isoformat(), "lang": self.lang}
        if self.district:
            params["district"] = self.district
        params.update(extra)
        return params


ALL_CITY = "all"  # the district control's value for the whole city


def _query(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def _init_from_query() -> None:
    """On a session's first run, take the controls' starting values from the URL; a bad value is
    reported once and replaced by the default."""
    if st.session_state.get("_initialised"):
        return
    st.session_state["_initialised"] = True
    problems = []
    wanted_lang = _query("lang")
    if wanted_lang in i18n.LANGS:
        st.session_state["lang"] = wanted_lang
    elif wanted_lang is not None:
        problems.append(("lang", wanted_lang, "zh | en"))
    if (value := _query("as_of")) is not None:
        try:
            st.session_state["as_of"] = dt.date.fromisoformat(value)
        except ValueError:
            problems.append(("as_of", value, "YYYY-MM-DD"))
    if (value := _query("district")) is not None:
        try:
            st.session_state["district"] = resolve_district(value)
        except CodeError as e:
            problems.append(("district", value, e.zh if st.session_state.get("lang", "zh") == "zh" else e.en))
    st.session_state["_param_problems"] = problems


def sidebar_context() -> Context:
    """The language switch, plan, as-of date and district controls (in the sidebar of every page)."""
    _init_from_query()
    st.session_state.setdefault("lang", "zh")
    st.sidebar.radio(
        i18n.t("app.language", lang()),
        options=list(i18n.LANGS),
        format_func=lambda v: {"zh": "中文", "en": "English"}[v],
        key="lang",
        horizontal=True,
    )
    language = lang()
    db = db_path()
    plan = plan_info(db, _query("plan"))
    st.session_state.setdefault("as_of", api.default_as_of(plan))
    st.sidebar.date_input(
        i18n.t("control.as_of", language),
        key="as_of",
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date(2100, 12, 31),
        format="YYYY-MM-DD",
    )
    codes = [ALL_CITY, *[d.code for d in DISTRICTS]]
    st.session_state.setdefault("district", ALL_CITY)
    st.sidebar.selectbox(
        i18n.t("control.district", language),
        options=codes,
        format_func=lambda c: i18n.t("control.all_city", language) if c == ALL_CITY
        else next(d.name_zh if language == "zh" else d.name_en for d in DISTRICTS if d.code == c),
        key="district",
    )
    district = None if st.session_state["district"] == ALL_CITY else st.session_state["district"]
    ctx = Context(db, language, plan, st.session_state["as_of"], district, is_demo(db))
    for name, value, why in st.session_state.get("_param_problems", []):
        st.warning(i18n.t("error.bad_param", language, name=name, value=value, why=why))
    st.session_state["_context"] = ctx
    return ctx


def context() -> Context:
    """The context app.py set up for this run."""
    return st.session_state["_context"]


def keep_in_url(ctx: Context, **extra: str | None) -> None:
    """Write the view's state into the URL, so that copying it opens the same view."""
    wanted = {k: v for k, v in ctx.link_params().items()}
    wanted.update({k: v for k, v in extra.items() if v is not None})
    for key in list(st.query_params.keys()):
        if key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def show_error(error: Exception) -> None:
    if isinstance(error, QcbrandError):
        st.error(error.message(lang()))
    else:  # a bug: say so plainly, without a traceback in the user's face
        st.error(t("app.error") + str(error))


def demo_banner(ctx: Context) -> None:
    if ctx.demo:
        st.info(i18n.t("app.demo_banner", ctx.lang), icon=":material/science:")


def status_label(status: str, language: str) -> str:
    return f"{i18n.STATUS_GLYPHS[status]} {i18n.status_word(status, language)}"


def scoreboard_table(scores: list[api.GoalScore], ctx: Context, goal_page: str | None = None) -> pd.DataFrame:
    """The rows of a scoreboard table in the user's language (what st.dataframe shows)."""
    language = ctx.lang
    rows = []
    for s in scores:
        row = {
            "goal": s.name(language),
            "value": s.value,
            "target": s.score.target,
            "progress": min(s.score.percent, 100.0),
            "percent": s.score.percent,
            "gap": s.score.gap,
            "pace_needed": _number(s.score.pace_needed),
            "pace_so_far": _number(s.score.pace_so_far),
            "status": status_label(s.score.status, language),
            "_status": s.score.status,
        }
        if goal_page:
            query = "&".join(f"{k}={v}" for k, v in ctx.link_params(goal=s.goal_code).items())
            row["link"] = f"{goal_page}?{query}"
        rows.append(row)
    return pd.DataFrame(rows)


def styled(table: pd.DataFrame) -> Any:
    """The scoreboard table with each status in its colour (the glyph and word carry it in greyscale)."""
    colours = table.pop("_status").map(i18n.STATUS_COLOURS)
    return table.style.apply(lambda _: [f"color: {c}; font-weight: 600" for c in colours], subset=["status"])


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"  # an empty pace reads "—", never "None"


def table_height(rows: int) -> int:
    """Pixels for a table that shows every row without its own scroll bar."""
    return 35 * (rows + 1) + 3


def scoreboard_columns(language: str) -> dict[str, Any]:
    tr = lambda key: i18n.t(key, language)  # noqa: E731
    return {
        "goal": st.column_config.TextColumn(tr("score.goal"), width=340),
        "value": st.column_config.NumberColumn(tr("score.value"), format="%d", width=70),
        "target": st.column_config.NumberColumn(tr("score.target"), format="%d", width=70),
        "progress": st.column_config.ProgressColumn(tr("score.progress"), min_value=0, max_value=100, format="%.0f%%"),
        "percent": None,
        "gap": st.column_config.NumberColumn(tr("score.gap"), format="%d", width=60),
        "pace_needed": st.column_config.TextColumn(tr("score.pace_needed"), alignment="right"),
        "pace_so_far": st.column_config.TextColumn(tr("score.pace_so_far"), alignment="right"),
        "status": st.column_config.TextColumn(tr("score.status")),
        "link": st.column_config.LinkColumn(tr("score.open_goal"), display_text="→"),
    }
