"""Streamlit-aware helpers shared by the pages: the cached database handle, cached query results,
the common controls (language, as-of date, district) and reading query parameters.

The qcbrand package never imports Streamlit; this module is the one place that joins the two.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from qcbrand import services
from qcbrand.services import auth
from qcbrand.ledger import backup
from qcbrand.intake import columns
from qcbrand.services import demo
from qcbrand import i18n
from qcbrand.intake import importer
from qcbrand.reports import wording
from qcbrand.rules.codes import DISTRICTS, CodeError, industry_name, resolve_district
from qcbrand.errors import QcbrandError
from qcbrand.ledger.store import Store, resolve_db_path

# --- user text is text --------------------------------------------------------------------------

# Every ASCII punctuation character may be backslash-escaped in Markdown: escaped, none of them can make a
# link ([点我](javascript:…)), an autolink (http://x), emphasis (*ST某某 keeps its asterisk), HTML (<b>),
# a formula ($x$), an icon or colour directive (:red[…]) or an entity (&amp;).
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md(value: Any) -> str:
    """A value from the ledger or the user (a name, a title, a reason, a file name, a URL parameter) as
    Markdown that shows exactly those characters: for every Streamlit element that renders Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split("\n")))


_NICE_CLASS = re.compile(r"（第(\d+)类）")


def number_text(value: Any, language: str) -> str:
    """A record's number as shown: a trademark's registration number with its Nice class, （第37类） in Chinese,
    (class 37) in English."""
    if not isinstance(value, str):
        return ""
    return value if language == "zh" else _NICE_CLASS.sub(r" (class \1)", value)


def dates(values: Any) -> pd.Series:
    """Dates for a table as 2020-12-31, a missing one as an empty cell (never "None" or "NaT")."""
    series = pd.to_datetime(pd.Series(values), errors="coerce")
    return series.dt.strftime("%Y-%m-%d").fillna("")


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
def plan_info(db: str, plan_code: str | None) -> services.PlanInfo:
    return services.get_plan(_open_store(db), plan_code)


@st.cache_data(show_spinner=False)
def plans(db: str) -> list[services.PlanInfo]:
    return services.list_plans(_open_store(db))


@st.cache_data(show_spinner=False)
def is_demo(db: str) -> bool:
    return services.is_demo(_open_store(db))


@st.cache_data(show_spinner=False)
def is_empty(db: str) -> bool:
    return services.record_count(_open_store(db)) == 0


@st.cache_data(show_spinner=False)
def scoreboard(db: str, plan_code: str, as_of: dt.date, district: str | None) -> list[services.GoalScore]:
    return services.scoreboard(_open_store(db), plan_code, as_of, district)


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
    plan: services.PlanInfo
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
            why = (e.zh if lang() == "zh" else e.en) if isinstance(e, CodeError) else _EXPECTED.get(param) or str(e)
            st.warning(i18n.t("error.bad_param", lang(), name=md(param), value=md(value), why=md(why)))
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


def sidebar_context() -> Context:
    """The language switch, plan, as-of date and district controls (in the sidebar of every page)."""
    from_url("lang", "lang", _language, "zh")
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
    from_url("as_of", "as_of", dt.date.fromisoformat, services.default_as_of(plan))
    st.sidebar.date_input(
        i18n.t("control.as_of", language),
        key="as_of",
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date(2100, 12, 31),
        format="YYYY-MM-DD",
    )
    codes = [ALL_CITY, *[d.code for d in DISTRICTS]]
    from_url("district", "district", _district_param, ALL_CITY)
    st.sidebar.selectbox(
        i18n.t("control.district", language),
        options=codes,
        format_func=lambda c: i18n.t("control.all_city", language) if c == ALL_CITY
        else next(d.name_zh if language == "zh" else d.name_en for d in DISTRICTS if d.code == c),
        key="district",
    )
    district = None if st.session_state["district"] == ALL_CITY else st.session_state["district"]
    ctx = Context(db, language, plan, st.session_state["as_of"], district, is_demo(db))
    if ctx.as_of > plan.ends_on:  # the outcome was decided on the deadline; later values are shown apart
        st.sidebar.info(i18n.t("score.final_note", language, end=plan.ends_on.isoformat()), icon=":material/flag:")
    st.session_state["_context"] = ctx
    return ctx


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
        st.error(md(error.message(lang())))
    else:  # a bug: say so plainly, without a traceback in the user's face
        st.error(t("app.error") + md(str(error)))


def demo_banner(ctx: Context) -> None:
    """What the reader must know about the ledger first: that it is the demo city, or that it is empty."""
    if ctx.demo:
        st.info(i18n.t("app.demo_banner", ctx.lang), icon=":material/science:")
    elif is_empty(ctx.db):
        st.info(i18n.t("app.empty", ctx.lang), icon=":material/inbox:")


def status_label(status: str, language: str) -> str:
    return f"{i18n.STATUS_GLYPHS[status]} {i18n.status_word(status, language)}"


def scoreboard_table(scores: list[services.GoalScore], ctx: Context, goal_page: str | None = None) -> pd.DataFrame:
    """The rows of a scoreboard table in the user's language (what st.dataframe shows). Against a target the
    value, target, progress (above 100 % as it is), gap, pace and status; after the deadline the value and
    outcome on that day and the value since; a district's rows add its share of the city, change and rank,
    and a district without a target of its own has no target, progress or status."""
    language = ctx.lang
    rows = []
    for s in scores:
        sc = s.score
        row: dict[str, Any] = {
            "goal": s.name(language),
            "value": sc.value if sc else s.value,
            "target": sc.target if sc else None,
            "progress": sc.percent if sc else None,
            "gap": sc.gap if sc else None,
            "pace_needed": _number(sc.pace_needed) if sc else "",
            "pace_so_far": _number(sc.pace_so_far) if sc else "",
            "status": [wording.status(s, language)] if sc else [],  # one coloured chip (see scoreboard_columns)
            "since": s.value if s.final else None,
        }
        if s.contribution is not None:
            row.update({"share": wording.share(s), "change": s.contribution.change, "rank": wording.rank(s, language)})
        if goal_page:
            row["link"] = f"{goal_page}?{urlencode(ctx.link_params(goal=s.goal_code))}"
        rows.append(row)
    return pd.DataFrame(rows)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"  # an empty pace reads "—", never "None"


def table_height(rows: int) -> int:
    """Pixels for a table that shows every row without its own scroll bar."""
    return 35 * (rows + 1) + 3


def scoreboard_columns(language: str, scores: list[services.GoalScore] | None = None) -> dict[str, Any]:
    """The scoreboard's columns for what its rows hold (see scoreboard_table): widths that fit the main
    column at 1440 px in both languages (the English names are the longest)."""
    tr = lambda key: i18n.t(key, language)  # noqa: E731
    scores = scores or []
    final = any(s.final for s in scores)
    district = any(s.contribution is not None for s in scores)
    judged = any(s.score is not None for s in scores) or not scores
    narrow = final or district  # columns of their own: the pace goes (after the deadline there is none)
    config: dict[str, Any] = {
        "goal": st.column_config.TextColumn(tr("score.goal"), width=300 if district and judged else 368),
        "value": st.column_config.NumberColumn(tr("score.at_deadline") if final else tr("score.value"), format="%d",
                                               width=104 if final else 60),
        "target": st.column_config.NumberColumn(tr("score.target"), format="%d", width=62) if judged else None,
        "progress": st.column_config.ProgressColumn(tr("score.progress"), min_value=0, max_value=100, format="%.0f%%",
                                                    width=92) if judged else None,
        "gap": st.column_config.NumberColumn(tr("score.gap"), format="%d", width=48) if judged else None,
        "pace_needed": None if narrow else st.column_config.TextColumn(tr("score.pace_needed"), alignment="right", width=92),
        "pace_so_far": None if narrow else st.column_config.TextColumn(tr("score.pace_so_far"), alignment="right", width=88),
        # each status a chip in its colour (the glyph and word carry it in greyscale); a pandas Styler did
        # this before and cost a tenth of the server's time under load
        "status": st.column_config.MultiselectColumn(
            tr("score.outcome") if final else tr("score.status"), options=[status_label(s, language) for s in i18n.STATUS_COLOURS],
            color=list(i18n.STATUS_COLOURS.values()), width=118) if judged else None,
        "since": st.column_config.NumberColumn(tr("score.on_date"), format="%d", width=128) if final else None,
        "share": st.column_config.TextColumn(tr("score.share_city"), alignment="right", width=76) if district else None,
        "change": st.column_config.NumberColumn(tr("score.change"), format="%+d", width=96) if district else None,
        "rank": st.column_config.TextColumn(tr("score.rank"), width=72) if district else None,
        "link": st.column_config.LinkColumn(tr("score.open_goal"), display_text="→", width=66),
    }
    return config


# --- cached queries of the other pages -------------------------------------------------------------


@st.cache_data(show_spinner=False)
def goal_detail(db: str, plan_code: str, goal_code: str, as_of: dt.date, district: str | None) -> dict[str, Any]:
    return services.goal_detail(_open_store(db), plan_code, goal_code, as_of, district)


@st.cache_data(show_spinner=False)
def records_behind(db: str, plan_code: str, goal_code: str, as_of: dt.date, district: str | None, limit: int) -> pd.DataFrame:
    return services.records_behind(_open_store(db), plan_code, goal_code, as_of, district, limit=limit)


@st.cache_data(show_spinner=False)
def district_overview(db: str, plan_code: str, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    return services.district_overview(_open_store(db), plan_code, as_of)


@st.cache_data(show_spinner=False)
def top_enterprises(db: str, as_of: dt.date, district: str | None, limit: int = 20) -> pd.DataFrame:
    return services.top_enterprises(_open_store(db), as_of, district, limit)


@st.cache_data(show_spinner=False)
def search_enterprises(db: str, text: str) -> pd.DataFrame:
    return services.search_enterprises(_open_store(db), text)


@st.cache_data(show_spinner=False)
def enterprise_standing(db: str, enterprise_id: int, as_of: dt.date) -> services.Standing:
    return services.enterprise_standing(_open_store(db), enterprise_id, as_of)


@st.cache_data(show_spinner=False)
def browse(db: str, category: str, as_of: dt.date, filters: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    return services.browse(_open_store(db), category, as_of, **dict(filters))


@st.cache_data(show_spinner=False)
def expiring(db: str, as_of: dt.date, within: int, district: str | None, kind: str | None) -> pd.DataFrame:
    return services.expiring(_open_store(db), as_of, within, district, kind)


@st.cache_data(show_spinner=False)
def term_kinds(db: str, lang: str) -> dict[str, str]:
    """The honour kinds that run for a term (and so lapse), code -> name."""
    frame = services.kinds_frame(_open_store(db))
    frame = frame[frame["term_years"].notna()]
    return dict(zip(frame["code"], frame[f"name_{lang}"]))


def district_counts_of(ctx: Context, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows counted per district, every district present, for a bar chart."""
    counted = rows["district_code"].value_counts()
    return pd.DataFrame({"district": [d.name_zh if ctx.lang == "zh" else d.name_en for d in DISTRICTS],
                         "value": [int(counted.get(d.code, 0)) for d in DISTRICTS]})


@st.cache_data(show_spinner=False)
def kinds_of(db: str, category: str) -> pd.DataFrame:
    return services.kinds_of(_open_store(db), category)


@st.cache_data(show_spinner=False)
def record_view(db: str, record_id: int, as_of: dt.date) -> services.RecordView:
    return services.record_view(_open_store(db), record_id, as_of)


def query_int(name: str) -> int | None:
    """An integer query parameter; a malformed one shows a message and counts as absent."""
    value = _query(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        st.warning(i18n.t("error.bad_param", lang(), name=md(name), value=md(value), why="1, 2, 3…"))
        return None


def query_text(name: str) -> str | None:
    return _query(name)


def district_breakdown_table(ctx: Context, breakdown: pd.DataFrame) -> pd.DataFrame:
    """A goal's per-district values for display: name in the user's language, share, link."""
    names = {d.code: (d.name_zh if ctx.lang == "zh" else d.name_en) for d in DISTRICTS}
    total = breakdown["value"].sum()
    out = pd.DataFrame({
        "district_code": breakdown["district_code"],
        "name": breakdown["district_code"].map(names),
        "value": breakdown["value"],
        "share": breakdown["value"] / total if total else 0.0,
    })
    out["link"] = [f"districts?{urlencode(ctx.link_params(district=c))}" for c in out["district_code"]]
    return out.sort_values("value", ascending=False).reset_index(drop=True)


def district_ranking_table(ctx: Context, ranking: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "rank": ranking["rank"],
        "district_code": ranking["district_code"],
        "name": ranking[f"name_{ctx.lang}"],
        "enterprises": ranking["enterprises"],
        "in_force": ranking["in_force"],
        "share": ranking["share_in_force"],
        "granted": ranking["granted"],
        "goals_contributed": ranking["goals_contributed"],
    })
    out["link"] = [f"districts?{urlencode(ctx.link_params(district=c))}" for c in out["district_code"]]
    return out


def contribution_matrix(ctx: Context, contribution: pd.DataFrame, scores: list[services.GoalScore]) -> pd.DataFrame:
    """Goals down, districts across (their short names, so that nine columns fit), the city total last."""
    names = {d.code: (d.short_zh if ctx.lang == "zh" else d.short_en) for d in DISTRICTS}
    goal_names = {s.goal_code: s.name(ctx.lang) for s in scores}
    wide = contribution.pivot(index="goal_code", columns="district_code", values="value")
    wide = wide.reindex(index=[s.goal_code for s in scores], columns=[d.code for d in DISTRICTS])
    wide.columns = [names[c] for c in wide.columns]
    wide.insert(0, i18n.t("score.goal", ctx.lang), [goal_names[g] for g in wide.index])
    wide[i18n.t("district.city", ctx.lang)] = [s.value for s in scores]
    return wide.reset_index(drop=True)


def enterprise_rank_table(ctx: Context, top: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "rank": top["rank"],
        "enterprise_id": top["enterprise_id"],
        "name": top["name"],
        "industry": [industry_name(i, ctx.lang) for i in top["industry"]],
        "honours": top["honours"],
    })
    out["link"] = id_links(ctx, "enterprise", "enterprise", out["enterprise_id"])
    return out


def enterprise_search_table(ctx: Context, found: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "enterprise_id": found["enterprise_id"],
        "name": found["name"],
        "uscc": found["uscc"],
        "district": found[f"district_{ctx.lang}"],
        "industry": [industry_name(i, ctx.lang) for i in found["industry"]],
    })
    out["link"] = id_links(ctx, "enterprise", "enterprise", out["enterprise_id"])
    return out


def grouped_by_kind(ctx: Context, records: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """An enterprise's honours grouped by kind, the kinds in catalogue order of first grant."""
    if records.empty:
        return []
    column = f"kind_{ctx.lang}"
    order = records.groupby(column)["granted_on"].max().sort_values(ascending=False).index
    return [(kind, records[records[column] == kind]) for kind in order]


def next_expiry(records: pd.DataFrame) -> dict[str, Any] | None:
    """An enterprise's honour in force that expires first (None if none has a term)."""
    live = records[records["days_left"].notna()] if "days_left" in records else records.iloc[0:0]
    return None if live.empty else live.sort_values("days_left").iloc[0].to_dict()


def timeline_frame(ctx: Context, records: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "kind": records[f"kind_{ctx.lang}"],
        "title": records["title"],
        "granted_on": records["granted_on"],
        "valid_until": records["valid_until"],
        "status": records["status"],
    })


def enterprise_standards_table(ctx: Context, standards: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "std_no": standards["number"],
        "title": standards["title"],
        "kind": standards[f"kind_{ctx.lang}"],
        "role": [i18n.t(f"role.{r}", ctx.lang) for r in standards["role"]],
        "released_on": dates(standards["granted_on"]).to_numpy(),
    })
    out["link"] = id_links(ctx, "record", "record", standards["id"])
    return out


def enterprise_export(ctx: Context, records: pd.DataFrame) -> pd.DataFrame:
    tr = lambda key: i18n.t(key, ctx.lang)  # noqa: E731
    return pd.DataFrame({
        tr("col.kind"): records[f"kind_{ctx.lang}"],
        tr("col.title"): records["title"],
        tr("col.number"): [number_text(n, ctx.lang) for n in records["number"]],
        tr("col.role"): [i18n.t(f"role.{r}", ctx.lang) if isinstance(r, str) else "" for r in records["role"]],
        tr("col.granted_on"): pd.to_datetime(records["granted_on"]).dt.date,
        tr("col.valid_until"): pd.to_datetime(records["valid_until"]).dt.date,
        tr("col.status"): [i18n.t(f"rstatus.{s}", ctx.lang) for s in records["status"]],
    })


def record_facts(ctx: Context, r: dict[str, Any]) -> pd.DataFrame:
    tr = lambda key: i18n.t(key, ctx.lang)  # noqa: E731

    def day(value: Any) -> str:
        return "—" if value is None or value is pd.NaT or (isinstance(value, float) and value != value) else f"{pd.Timestamp(value):%Y-%m-%d}"

    rows = [
        (tr("col.kind"), r[f"kind_{ctx.lang}"]),
        (tr("col.title"), r["title"]),
        (tr("col.number"), number_text(r["number"], ctx.lang) or "—"),
        (tr("col.district"), r[f"district_{ctx.lang}"] or "—"),
        (tr("col.granted_on"), day(r["granted_on"])),
        (tr("col.valid_until"), day(r["valid_until"])),
        (tr("col.status"), i18n.t(f"rstatus.{r['status']}", ctx.lang)),
    ]
    if r.get("revoke_reason"):
        rows.append((tr("col.revoked_on"), f"{day(r['revoked_on'])} · {r['revoke_reason']}"))
    return pd.DataFrame(rows, columns=[tr("col.item"), tr("col.content")])


def provenance(ctx: Context, view: services.RecordView) -> pd.DataFrame | None:
    """Where a record came from: its file and import, the notice's title and document numbers, and where in
    the file it was read. None for a record no import wrote (the demo city)."""
    tr = lambda key, **kw: i18n.t(key, ctx.lang, **kw)  # noqa: E731
    imp = view.source_import
    if not imp:
        return None
    rows = [(tr("record.prov_file"), imp["file_name"]),
            (tr("record.prov_import"), tr("record.prov_import_value", id=imp["import_id"],
                                          when=f"{imp['started_at']:%Y-%m-%d %H:%M}", editor=imp["editor"]))]
    if imp.get("source_title"):
        rows.append((tr("record.prov_title"), imp["source_title"]))
    if imp.get("doc_numbers"):
        rows.append((tr("record.prov_doc"), imp["doc_numbers"]))
    if view.record.get("source_ref"):
        rows.append((tr("record.prov_where"), view.record["source_ref"]))
    return pd.DataFrame(rows, columns=[tr("col.item"), tr("col.content")])


# --- editors ------------------------------------------------------------------------------------


def _secrets_editors() -> dict[str, str]:
    try:
        section = st.secrets.get("editors", {})
        return {str(k): str(v) for k, v in section.items()}
    except Exception:  # no secrets file: editors come from the environment only
        return {}


@st.cache_resource(show_spinner=False)
def _gate(config: tuple[tuple[str, str], ...]) -> auth.Gate:
    """One gate per editor configuration, shared by every session: failed logins count across sessions."""
    return auth.Gate(dict(config))


def gate() -> auth.Gate:
    editors = auth.editors_from(secrets_section=_secrets_editors())
    return _gate(tuple(sorted(editors.items())))


def current_editor() -> auth.Editor | None:
    editor = st.session_state.get("editor")
    g = gate()
    # checked on the server at every use: a session holds an Editor only after a real login
    return editor if isinstance(editor, auth.Editor) and editor.name in g.editors else None


def require_editor() -> auth.Editor | None:
    """Every write path calls this right before writing; it refuses (with a message) without a login."""
    editor = current_editor()
    if editor is None:
        st.error(t("data.login_required"))
    return editor


def data_changed() -> None:
    """After a write, every cached query result is stale."""
    st.cache_data.clear()


def restore_backup(folder: Any, editor: auth.Editor) -> dict[str, Any]:
    """Restore a backup into the served database: close the shared handle, swap the file, reopen.
    Other sessions' queries running at that moment fail once and work again on their next run."""
    path = db_path()
    try:
        manifest = services.restore_backup(_open_store(path), folder, editor.name)
    finally:
        _open_store.clear()  # the handle was closed: the next page opens the ledger again, restored or not
        data_changed()
    return manifest


def district_label(code: str, lang: str) -> str:
    d = next(x for x in DISTRICTS if x.code == code)
    return d.name_zh if lang == "zh" else d.name_en


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
                         lambda: importer.read(db, file_name, data, sheet=sheet))


def detect_kind(db: Store, table: Any, sha: str) -> Any:
    """What kind of list a table is (or why that is unclear), once per file and sheet."""
    return _session_memo("_import_detected", (db.serial, db.version, sha, table.sheet),
                         lambda: columns.detect(table, importer.kind_catalogue(db)))


def prepare_import(db: Store, table: Any, sha: str, year: int | None, kind: str | None, mapping: dict[int, str] | None,
                   choices: dict[str, str], create: bool, honour: str | None = None,
                   matches: dict[str, Any] | None = None, left_out: list[str] | None = None) -> Any:
    """The import's report, made once per file, mapping and choice and again after any write to the
    database (its enterprise matches and "already present" counts depend on it), with what it would do to
    the goals (tried in a transaction that is rolled back)."""
    key = (db.serial, db.version, sha, table.sheet, year, kind, honour,
           tuple(sorted((mapping or {}).items())), tuple(sorted(choices.items())), create,
           tuple(sorted((k, str(v)) for k, v in (matches or {}).items())), tuple(left_out or ()))

    def prepare() -> Any:
        prepared = importer.prepare(db, table, kind, mapping, district_choices=choices, create_enterprises=create,
                                    sha256=sha, honour=honour, year=year, matches=matches, left_out=left_out)
        importer.preview(db, prepared)
        return prepared

    return _session_memo("_import_prepared", key, prepare)


@st.cache_data(show_spinner=False)
def honour_choices(db: str, lang: str) -> dict[str, str]:
    """The honours a whole list may be given (every kind but standards), code -> name."""
    frame = services.kinds_frame(_open_store(db))
    frame = frame[frame["category"] != "standard"]
    return dict(zip(frame["code"], frame[f"name_{lang}"]))


@st.cache_data(show_spinner=False)
def counts_standards(db: str, kinds: tuple[str, ...]) -> bool:
    """Whether a goal's kinds include standards (drafted together, one counts in each drafter's district)."""
    frame = services.kinds_frame(_open_store(db))
    return bool((frame[frame["code"].isin(list(kinds))]["category"] == "standard").any())


@st.cache_data(show_spinner=False)
def kind_names(db: str, lang: str) -> dict[str, str]:
    frame = services.kinds_frame(_open_store(db))
    return dict(zip(frame["code"], frame[f"name_{lang}"]))


def deadline_text(ctx: Context) -> str:
    """The plan's deadline as the import's goal changes name it."""
    try:
        return services.get_plan(_open_store(ctx.db)).ends_on.isoformat()
    except QcbrandError:  # no plan loaded: the import still reads, the goals are simply not there
        return "—"


def problems_table(ctx: Context, report: Any) -> pd.DataFrame:
    """An import report's problems with headers and severities in the user's language."""
    frame = report.problems_frame(ctx.lang)
    frame["severity"] = [i18n.t(f"severity.{s}", ctx.lang) for s in frame["severity"]]
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns={c: i18n.t(f"col.{c}", ctx.lang) for c in ("row", "field", "value", "message", "severity")})


def backup_root() -> Any:
    from pathlib import Path

    return Path(db_path()).resolve().parent / "backups"


def backups() -> list[Any]:
    root = backup_root()
    if not root.is_dir():
        return []
    return sorted((p for p in root.iterdir() if (p / backup.MANIFEST).exists()), reverse=True)


# --- the rate indicators ---------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def indicators(db: str, plan_code: str, as_of: dt.date) -> list[services.Indicator]:
    return services.indicators(_open_store(db), plan_code, as_of)


def indicators_table(ctx: Context, items: list[services.Indicator]) -> pd.DataFrame:
    return pd.DataFrame({
        "name": [i.name(ctx.lang) for i in items],
        "target": [f"{i18n.t('ind.cmp.' + i.comparison, ctx.lang)} {i.target:g} {i.unit(ctx.lang)}" for i in items],
        "latest_year": [str(i.latest[0]) if i.latest else "" for i in items],
        "latest_value": [f"{i.latest[1]:g}" if i.latest else "" for i in items],
        "status": [i18n.t(f"ind.{i.status}", ctx.lang) for i in items],
        "link": [f"indicators?{urlencode(ctx.link_params(indicator=i.code))}" for i in items],
    })


def indicators_columns(language: str) -> dict[str, Any]:
    tr = lambda key: i18n.t(key, language)  # noqa: E731
    return {
        "name": st.column_config.TextColumn(tr("ind.name"), width=330),
        "target": st.column_config.TextColumn(tr("ind.target"), width=230),
        "latest_year": st.column_config.TextColumn(tr("ind.latest_year"), width=96),
        "latest_value": st.column_config.TextColumn(tr("ind.latest_value"), width=110, alignment="right"),
        "status": st.column_config.TextColumn(tr("ind.status"), width=120),
        "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=70),
    }


def readings_table(ctx: Context, item: services.Indicator) -> pd.DataFrame:
    tr = lambda key: i18n.t(key, ctx.lang)  # noqa: E731
    return pd.DataFrame({tr("ind.year"): [str(y) for y, _, _ in item.readings],
                         tr("ind.value"): [f"{v:g}" for _, v, _ in item.readings],
                         tr("ind.source"): [src or "" for _, _, src in item.readings]})


def set_reading(ctx: Context, code: str, year: int, value: str, editor: str, source: str | None) -> None:
    services.set_indicator_reading(store(), ctx.plan.code, code, year, value, editor, source)
    data_changed()


# --- the import history and the audit log, in the page's language -------------------------------------


def _table_word(name: Any, lang: str) -> str:
    key = f"kind.{name}"
    return i18n.t(key, lang) if isinstance(name, str) and key in i18n.MESSAGES else ("" if not isinstance(name, str) else name)


def history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every import with headers, kinds and times in the page's language; blank where nothing is (never None)."""
    out = frame.drop(columns=["sha256"]).copy()  # a checksum is for the machine: the CLI's imports list shows it
    out["record_kind"] = [_table_word(k, lang) for k in out["record_kind"]]
    for column in ("started_at", "rolled_back_at"):
        out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d %H:%M").fillna("")
    return _as_text(out).rename(columns={c: i18n.t(f"hist.{c}", lang) for c in out.columns})


def audit_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = frame.copy()
    out["action"] = [i18n.t(f"action.{a}", lang) if f"action.{a}" in i18n.MESSAGES else a for a in out["action"]]
    out["table_name"] = [_table_word(t, lang) for t in out["table_name"]]
    out["at_time"] = pd.to_datetime(out["at_time"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return _as_text(out).rename(columns={c: i18n.t(f"audit.{c}", lang) for c in out.columns})


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, a missing one empty (a table shows "None" for a missing number otherwise)."""
    return pd.DataFrame({c: ["" if v is None or (not isinstance(v, (list, dict, str)) and pd.isna(v)) else str(v)
                             for v in frame[c]] for c in frame.columns})


def removed_text(removed: dict[str, int], lang: str) -> str:
    """What a rollback took away, in words: 质量奖 2 条."""
    parts = [f"{_table_word(k, lang)} {v:,}" for k, v in removed.items() if v]
    return ("、" if lang == "zh" else ", ").join(parts)


def uploader_words(language: str) -> None:
    """The file uploader's own words (drop here, the size limit, the button) in the page's language: Streamlit
    writes them in English and takes no text for them, so a style sheet puts the catalogue's words in their place."""
    def css_text(key: str) -> str:
        return i18n.t(key, language).replace("\\", "").replace('"', "'")

    st.html(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {{ content: "{css_text('upload.drop')}"; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "{css_text('upload.limit')}"; display: block; font-size: 0.875rem; opacity: 0.6; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "{css_text('upload.browse')}"; }}
</style>""")
