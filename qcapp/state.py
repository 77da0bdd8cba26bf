"""The view's state: the plan, date and district every page shares, each widget's value from one place (the URL
when the page opens or the address changes, the user after that), and the URL kept in step."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from qcapp import caches, words
from qcbrand import i18n, services
from qcbrand.errors import QcbrandError
from qcbrand.services.places import CodeError, city_name, district_name, districts, resolve_district


@dataclass(frozen=True)
class Context:
    db: str
    lang: str
    plan: services.PlanInfo
    as_of: dt.date
    district: str | None
    demo: bool
    several_plans: bool = False  # the ledger holds more than one plan: the URL names the one shown

    def t(self, key: str, **values: Any) -> str:
        """The catalogue's message in this view's language (pages write `tr = ctx.t`)."""
        return i18n.t(key, self.lang, **values)

    def district_name(self) -> str:
        if self.district is None:
            return i18n.t("control.all_city", self.lang)
        return district_name(self.district, self.lang)

    def source_line(self) -> str:
        key = "app.source_line_demo" if self.demo else "app.source_line"
        return i18n.t(key, self.lang, city=city_name(self.lang))

    def link_params(self, **extra: str) -> dict[str, str]:
        """Query parameters that reproduce this view on another page."""
        params = {"as_of": self.as_of.isoformat(), "lang": self.lang}
        if self.several_plans:
            params["plan"] = self.plan.code
        if self.district:
            params["district"] = self.district
        params.update(extra)
        return params


ALL_CITY = "all"  # the district control's value for the whole city


ALL = "all"  # a filter's value for "every kind" / "every status"


def id_links(ctx: Context, path: str, name: str, ids: Any) -> list[str | None]:
    """Links to a page for each id of a column (None for a missing one): the view's parameters encoded
    once, not once a row (a goal's 2,000 records have two links each), in the order of link_params."""
    prefix = f"{path}?{urlencode(ctx.link_params())}&{name}="
    return [None if pd.isna(i) else prefix + str(int(i)) for i in ids]


def _query(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def from_url(key: str, param: str, parse: Any, default: Any) -> None:
    """Give the widget `key` its value from one place, before it is made (the widget itself is made with no
    default of its own, so Streamlit never sees two). From the URL when the page opens or when the URL says
    something this session did not write there (a pasted link, a link inside the app, Back or Forward); from
    the user after that. A parameter that cannot be read is reported once and the default used."""
    written = st.session_state.setdefault("_url_written", {})
    value = _query(param)
    if key in st.session_state and value == written.get(param):
        return  # the URL holds what this session wrote: the widget keeps what the user set
    written[param] = value
    parsed = default
    if value is not None:
        try:
            parsed = parse(value)
        except ValueError as e:  # CodeError too; a one_of reader's message lists the options
            why = (e.zh if words.lang() == "zh" else e.en) if isinstance(e, CodeError) else _EXPECTED.get(param) or str(e)
            st.warning(i18n.t("error.bad_param", words.lang(), name=words.md(param), value=words.md(value), why=words.md(why)))
    st.session_state[key] = parsed


def one_of(options: list[Any], parse: Any = str) -> Any:
    """A URL parameter's reader that accepts only one of the widget's options."""
    def read(value: str) -> Any:
        parsed = parse(value)
        if parsed not in options:
            raise ValueError(", ".join(map(str, options)))
        return parsed
    return read


def year_span(value: str, low: int, high: int) -> tuple[int, int]:
    """A year range parameter: 2016-2020."""
    m = re.fullmatch(r"(\d{4})-(\d{4})", value.strip())
    if not m or not low <= int(m[1]) <= int(m[2]) <= high:
        raise ValueError(f"{low}-{high}")
    return int(m[1]), int(m[2])


_EXPECTED = {"lang": "zh | en", "as_of": "YYYY-MM-DD", "within": "3, 6, 12, 18, 24, 36", "year_from": "2000–2100",
             "year_to": "2000–2100"}


def _language(value: str) -> str:
    if value not in i18n.LANGS:
        raise ValueError("zh | en")
    return value


def _district_param(value: str) -> str:
    return ALL_CITY if value == ALL_CITY else resolve_district(value)


def _plan_control(db: str, language: str) -> services.PlanInfo:
    """The plan the view follows. One plan: that one, no control. Several (the 2016 decision and the next): a choice
    in the sidebar, in the URL as plan=; by default the plan in force on the date the URL gives (else today), else
    the newest. The date's own default then follows the plan chosen."""
    plans = caches.plans(db)
    st.session_state["_plans"] = len(plans)
    if len(plans) <= 1:
        return caches.plan_info(db, _query("plan"))
    codes = [p.code for p in plans]
    on = st.session_state.get("as_of")  # the date of this run (the user's, once the date control exists)
    if on is None or _query("as_of") != st.session_state.get("_url_written", {}).get("as_of"):
        try:  # the page opens, or the URL changed: the date the URL gives
            on = dt.date.fromisoformat(_query("as_of") or "")
        except ValueError:
            on = None
    if "plan" in st.session_state and st.session_state["plan"] not in codes:  # a plan since unloaded
        del st.session_state["plan"]
    asked = _query("plan")
    if asked is not None and asked != st.session_state.get("_url_written", {}).get("plan"):
        st.session_state["_plan_chosen"] = True  # a link that names its plan: that one, whatever the date
    default = caches.choose_plan(db, on).code
    from_url("plan", "plan", one_of(codes), default)
    if not st.session_state.get("_plan_chosen") and st.session_state["plan"] != default:
        st.session_state["plan"] = default  # nobody chose one: the plan follows the date
    by_code = {p.code: p for p in plans}
    st.sidebar.selectbox(i18n.t("control.plan", language), options=codes, key="plan",
                         on_change=lambda: st.session_state.update(_plan_chosen=True),
                         # the period first: the sidebar cuts a long programme name short
                         format_func=lambda c: f"{by_code[c].starts_on.year}–{by_code[c].ends_on.year} · {by_code[c].name(language)}")
    return by_code[st.session_state["plan"]]


def sidebar_context() -> Context:
    """The language switch, plan, as-of date and district controls (in the sidebar of every page)."""
    from_url("lang", "lang", _language, "zh")
    st.sidebar.radio(
        i18n.t("app.language", words.lang()),
        options=list(i18n.LANGS),
        format_func=lambda v: {"zh": "中文", "en": "English"}[v],
        key="lang",
        horizontal=True,
    )
    language = words.lang()
    db = caches.begin_run()
    plan = _plan_control(db, language)
    from_url("as_of", "as_of", dt.date.fromisoformat, services.default_as_of(plan))
    st.sidebar.date_input(
        i18n.t("control.as_of", language),
        key="as_of",
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date(2100, 12, 31),
        format="YYYY-MM-DD",
    )
    codes = [ALL_CITY, *[d.code for d in districts()]]
    from_url("district", "district", _district_param, ALL_CITY)
    st.sidebar.selectbox(
        i18n.t("control.district", language),
        options=codes,
        format_func=lambda c: i18n.t("control.all_city", language) if c == ALL_CITY
        else district_name(c, language),
        key="district",
    )
    district = None if st.session_state["district"] == ALL_CITY else st.session_state["district"]
    ctx = Context(db, language, plan, st.session_state["as_of"], district, caches.is_demo(db), st.session_state["_plans"] > 1)
    if ctx.as_of > plan.ends_on:  # the outcome was decided on the deadline; later values are shown apart
        st.sidebar.info(i18n.t("score.final_note", language, end=plan.ends_on.isoformat()), icon=":material/flag:")
    st.session_state["_context"] = ctx
    return ctx


def page_title(ctx: Context) -> str:
    return i18n.t("app.page_title", ctx.lang, city=city_name(ctx.lang))


def context() -> Context:
    """The context app.py set up for this run."""
    return st.session_state["_context"]


def keep_in_url(ctx: Context, **extra: str | None) -> None:
    """Write the view's state into the URL as it changes (the date, district and language, and what the page
    adds: the enterprise, the search, each filter), so that Reload, Back and a copied link open the same view.
    Only what differs is written: a page opened by a link holding the same parameters adds no history entry."""
    wanted = {k: v for k, v in ctx.link_params().items()}
    wanted.update({k: v for k, v in extra.items() if v is not None})
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    written = st.session_state.setdefault("_url_written", {})
    for key in list(written):
        written[key] = wanted.get(key)
    written.update(wanted)


def show_error(error: Exception) -> None:
    if isinstance(error, QcbrandError):  # its message may hold a name or a file name: shown as written
        st.error(words.md(error.message(words.lang())))
    else:  # a bug: say so plainly, without a traceback in the user's face
        st.error(words.t("app.error") + words.md(str(error)))


def demo_banner(ctx: Context) -> None:
    """What the reader must know about the ledger first: that it is the demo city, or that it is empty."""
    if ctx.demo:
        st.info(i18n.t("app.demo_banner", ctx.lang), icon=":material/science:")
    elif caches.is_empty(ctx.db):
        st.info(i18n.t("app.empty", ctx.lang), icon=":material/inbox:")


def query_int(name: str) -> int | None:
    """An integer query parameter; a malformed one shows a message and counts as absent."""
    value = _query(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        st.warning(i18n.t("error.bad_param", words.lang(), name=words.md(name), value=words.md(value), why="1, 2, 3…"))
        return None


def query_text(name: str) -> str | None:
    return _query(name)
