"""Shared Streamlit widgets of the pages: links between pages, chart and table downloads, and the
record browser. Streamlit-aware, like ui.py; the work itself is done by qcbrand."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import pandas as pd
import streamlit as st

from qcapp import caches, state, tables, words
from qcbrand import i18n, services
from qcbrand.reports import charts, exports, maps, wording
from qcbrand.services.places import districts

# page slug -> (file, url path); url paths are what links use, files what st.page_link uses
PAGES = {
    "overview": ("app_pages/overview.py", ""),
    "goal": ("app_pages/goal.py", "goal"),
    "districts": ("app_pages/districts.py", "districts"),
    "enterprise": ("app_pages/enterprise.py", "enterprise"),
    "brands": ("app_pages/brands.py", "brands"),
    "trademarks": ("app_pages/trademarks.py", "trademarks"),
    "awards": ("app_pages/awards.py", "awards"),
    "standards": ("app_pages/standards.py", "standards"),
    "record": ("app_pages/record.py", "record"),
    "renewals": ("app_pages/renewals.py", "renewals"),
    "pipeline": ("app_pages/pipeline.py", "pipeline"),
    "indicators": ("app_pages/indicators.py", "indicators"),
    "data": ("app_pages/data.py", "data"),
}


def page_link(ctx: state.Context, page: str, label: str, **params: Any) -> None:
    """A link to a page; its label (a name, a goal) is shown as written, never as Markdown."""
    st.page_link(PAGES[page][0], label=words.md(label), query_params=ctx.link_params(**{k: str(v) for k, v in params.items()}))


_BY_URL_PATH = {path: file for file, path in PAGES.values()}


def dataframe(table: pd.DataFrame, column_config: dict[str, Any], *, key: str, **options: Any) -> None:
    """st.dataframe whose links open their page in this tab from anywhere in the cell. Streamlit's LinkColumn
    opens a new tab and only from its text; here a link column NAME_link beside a column NAME makes NAME's cells
    the links (an enterprise's name opens the enterprise), any other link column shows "打开 →", and a click on
    the cell (a single-cell selection) goes to the page its URL names, with the URL's parameters."""
    links = [c for c, conf in column_config.items()
             if isinstance(conf, dict) and conf.get("type_config", {}).get("type") == "link" and c in table.columns]
    if not links:
        st.dataframe(table, column_config=column_config, **options)
        return
    lang = words.lang()
    config = dict(column_config)
    shown = table.copy()
    targets: dict[str, str] = {}  # the column clicked -> the column holding its URLs
    for column in links:
        conf = config[column]
        named = column.removesuffix("_link") if column.endswith("_link") else next(
            (c for c in ("name", "goal") if c in table.columns), None)  # a table's one link: its name opens it too
        if named is not None and named in table.columns and isinstance(config.get(named), dict):
            targets[named] = column
            config[named] = {**config[named], "help": i18n.t("col.click_to_open", lang)}
        if column.endswith("_link") and named is not None and named in targets:
            config[column] = None  # the name is the link
        else:
            targets[column] = column
            config[column] = st.column_config.TextColumn(conf["label"], width=conf["width"], help=conf.get("help"))
            shown[column] = [i18n.t("col.open_arrow", lang) if isinstance(url, str) else "" for url in table[column]]
    event = st.dataframe(shown, column_config=config, on_select="rerun", selection_mode="single-cell", key=key, **options)
    cells = (event.selection.get("cells") if event else None) or []
    if cells:
        row, column = cells[0]
        url = table[targets[column]].iloc[row] if column in targets else None
        if isinstance(url, str):
            follow(url)


def follow(url: str) -> None:
    """Go to an in-app URL (page?params) in this tab."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    st.switch_page(_BY_URL_PATH.get(parts.path.strip("/"), PAGES["overview"][0]), query_params=dict(parse_qsl(parts.query)))


def link_row(ctx: state.Context, page: str, links: list[tuple[str, dict[str, Any]]], per_row: int = 7) -> None:
    """Page links side by side (real links: they open in this tab and can be copied). English names are
    longer: fewer a row, so that none is cut."""
    per_row = min(per_row, 3) if ctx.lang == "en" else per_row
    for start in range(0, len(links), per_row):
        columns = st.columns(per_row)
        for column, (label, params) in zip(columns, links[start:start + per_row]):
            with column:
                page_link(ctx, page, label, **params)


def chart(ctx: state.Context, chart_spec: charts.Spec, *name_parts: Any, key: str) -> None:
    """Show a chart (a Vega-Lite spec), with PNG and SVG downloads made on the server when clicked."""
    st.vega_lite_chart(spec=chart_spec, width="content")
    left, right, _ = st.columns([1, 1, 6])
    parts = [*name_parts, ctx.as_of.isoformat(), ctx.district]
    left.download_button(i18n.t("dl.png", ctx.lang), data=lambda: charts.to_png(chart_spec),
                         file_name=charts.file_name(*parts, suffix="png"), mime="image/png", key=f"{key}-png",
                         icon=":material/image:", on_click="ignore")
    right.download_button(i18n.t("dl.svg", ctx.lang), data=lambda: charts.to_svg(chart_spec),
                          file_name=charts.file_name(*parts, suffix="svg"), mime="image/svg+xml", key=f"{key}-svg",
                          icon=":material/draw:", on_click="ignore")


def brief_downloads(ctx: state.Context) -> None:
    """The briefing pack for the date, district and language on screen, as Word and as slides, made on the
    server when clicked."""
    from qcbrand.reports import briefing

    def made(kind: str) -> bytes:
        pack = briefing.make(caches.store(), ctx.plan.code, ctx.as_of, ctx.district, ctx.lang)
        return briefing.docx_bytes(pack) if kind == "docx" else briefing.pptx_bytes(pack)

    parts = ["brief", ctx.as_of.isoformat(), ctx.district, ctx.lang]
    left, right, _ = st.columns([1.3, 1.4, 5.3])
    left.download_button(i18n.t("dl.brief_docx", ctx.lang), data=lambda: made("docx"),
                         file_name=charts.file_name(*parts, suffix="docx"), key="brief-docx", icon=":material/description:",
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore")
    right.download_button(i18n.t("dl.brief_pptx", ctx.lang), data=lambda: made("pptx"),
                          file_name=charts.file_name(*parts, suffix="pptx"), key="brief-pptx", icon=":material/slideshow:",
                          mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", on_click="ignore")


def table_downloads(ctx: state.Context, frame: pd.DataFrame | Callable[[], pd.DataFrame], title: str, *name_parts: Any,
                    key: str) -> None:
    """CSV and XLSX downloads of a table, made when clicked (`frame` may be a function that fetches
    every row), with its title, date, district and source."""
    get = frame if callable(frame) else (lambda: frame)
    lines = [charts.subtitle(ctx.lang, ctx.as_of, ctx.district_name()), ctx.source_line()]
    parts = [*name_parts, ctx.as_of.isoformat(), ctx.district]
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(i18n.t("dl.csv", ctx.lang), data=lambda: exports.to_csv(get()),
                         file_name=charts.file_name(*parts, suffix="csv"), mime="text/csv", key=f"{key}-csv",
                         icon=":material/table:", on_click="ignore")
    right.download_button(i18n.t("dl.xlsx", ctx.lang), data=lambda: exports.to_xlsx(get(), title=title, lines=lines),
                          file_name=charts.file_name(*parts, suffix="xlsx"),
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}-xlsx", icon=":material/grid_on:", on_click="ignore")


def localised(ctx: state.Context, frame: pd.DataFrame, column: str) -> pd.Series:
    """The zh or en twin of a column (kind_zh / kind_en …)."""
    return frame[f"{column}_{ctx.lang}"]


def record_status_word(status: str, lang: str) -> str:
    return i18n.t(f"rstatus.{status}", lang)


def record_table(ctx: state.Context, frame: pd.DataFrame, *, with_enterprise: bool = True) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Records (browse_records / records_behind rows) as a table in the user's language, with links."""
    kinds = localised(ctx, frame, "kind")
    out = pd.DataFrame({
        "kind": kinds,
        "title": [award_title(ctx, t, k) for t, k in zip(frame["title"], kinds)],
        "number": [words.number_text(n, ctx.lang) for n in frame["number"]],
    })
    if with_enterprise:
        out["enterprise"] = frame["enterprise"]
        out["enterprise_link"] = state.id_links(ctx, "enterprise", "enterprise", frame["enterprise_id"])
    renewals = "days_left" in frame  # an enterprise's own honours: expiry, renewal window and chain first
    if not renewals:
        out["district"] = district_names(ctx, frame)
    # dates as text: a missing one is an empty cell (a DateColumn shows a grey "None")
    out["granted_on"] = words.dates(frame["granted_on"]).to_numpy()
    out["valid_until"] = words.dates(frame["valid_until"]).to_numpy()
    if renewals:
        # as text: a record with no term or no longer in force has an empty cell, never "None"
        out["days_left"] = [f"{int(d):,}" if pd.notna(d) else "" for d in frame["days_left"]]
        out["window"] = [window_text(ctx, until, months) if pd.notna(days) else ""
                         for until, months, days in zip(frame["valid_until"], frame["window_months"], frame["days_left"])]
        out["chain"] = [chain_text(ctx, renews, by, on) for renews, by, on in zip(frame["renews"], frame["renewed_by"],
                                                                                   frame["renewed_on"])]
    if "status" in frame:
        out["status"] = [record_status_word(s, ctx.lang) for s in frame["status"]]
    out["record_link"] = state.id_links(ctx, "record", "record", frame["id"])
    return out, record_columns(ctx, bool(out["number"].astype(bool).any()))


def award_title(ctx: state.Context, title: Any, kind: str) -> Any:
    """An award won by an enterprise has no title but its year: 2019年江苏省质量奖 (Jiangsu Quality Award 2019)."""
    if isinstance(title, str) and re.fullmatch(r"\d{4}", title):
        return f"{title}年{kind}" if ctx.lang == "zh" else f"{kind} {title}"
    return title


def record_columns(ctx: state.Context, numbered: bool, one_kind: bool = False) -> dict[str, Any]:
    """record_table's columns: widths that fit the main column at 1440 px in English, whose names are the
    longest; the number column only where a record has one (`numbered`). A table of one kind (under its
    kind's heading) leaves out the kind, and the status words get its room."""
    tr = ctx.t
    if one_kind:
        return {**record_columns(ctx, numbered), "kind": None,
                "status": st.column_config.TextColumn(tr("col.status"), width=150)}
    en = ctx.lang == "en"  # English kind and status words are the longest; the enterprise's name is its link
    return {
        "kind": st.column_config.TextColumn(tr("col.kind"), width=(186 if en else 160) if numbered else (170 if en else 150)),
        "title": st.column_config.TextColumn(tr("col.title"), width=70 if numbered else 180),  # marks are short
        "number": st.column_config.TextColumn(tr("col.number"), width=122) if numbered else None,
        "enterprise": st.column_config.TextColumn(tr("col.enterprise"), width=176 if numbered else 196),
        "enterprise_link": st.column_config.LinkColumn(tr("col.enterprise_page"), display_text="→", width=56),
        "district": st.column_config.TextColumn(tr("col.district"), width=82),
        "granted_on": st.column_config.TextColumn(tr("col.granted_on"), width=84),
        "valid_until": st.column_config.TextColumn(tr("col.valid_until"), width=84),
        "status": st.column_config.TextColumn(tr("col.status"), width=104 if en else 84),
        "record_link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
        "days_left": st.column_config.TextColumn(tr("renew.days_left"), width=70, alignment="right"),
        "window": st.column_config.TextColumn(tr("renew.window"), width=100),
        "chain": st.column_config.TextColumn(tr("renew.renewal"), width=120),
    }


def chain_text(ctx: state.Context, renews: Any, renewed_by: Any, renewed_on: Any) -> str:
    """A record's place in its renewal chain, in words."""
    parts = []
    if pd.notna(renews):
        parts.append(i18n.t("renew.renews", ctx.lang, id=int(renews)))
    if pd.notna(renewed_by):
        parts.append(i18n.t("renew.renewed_by", ctx.lang, id=int(renewed_by), on=f"{pd.Timestamp(renewed_on):%Y-%m-%d}"))
    return "；".join(parts) if ctx.lang == "zh" else "; ".join(parts)


def district_names(ctx: state.Context, frame: pd.DataFrame, short: bool = False) -> pd.Series:
    """District names for a table column: in English (or wherever `short`) the short ones (a functional zone's
    short name), which fit."""
    if ctx.lang == "zh" and not short:
        return localised(ctx, frame, "district")
    names = {d.name_zh: d.short_zh for d in districts()} if ctx.lang == "zh" else {d.name_en: d.short_en for d in districts()}
    return frame[f"district_{ctx.lang}"].map(lambda n: names.get(n, n) if isinstance(n, str) else n)


def expiring_table(ctx: state.Context, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The renewal call list: soonest first, with days left, the renewal window and any renewal, with links."""
    tr = ctx.t
    out = pd.DataFrame({
        "enterprise": frame["enterprise"],
        "enterprise_link": state.id_links(ctx, "enterprise", "enterprise", frame["enterprise_id"]),
        "district": district_names(ctx, frame, short=True),
        "kind": localised(ctx, frame, "kind"),
        "title": frame["title"],
        "granted_on": words.dates(frame["granted_on"]).to_numpy(),
        "valid_until": words.dates(frame["valid_until"]).to_numpy(),
        "days_left": frame["days_left"],
        "window": [window_text(ctx, until, months) for until, months in zip(frame["valid_until"], frame["window_months"])],
        "renewal": [tr("renew.renewed_short", id=int(r), on=f"{pd.Timestamp(d):%Y-%m-%d}") if pd.notna(r) else ""
                    for r, d in zip(frame["renewed_by"], frame["renewed_on"])],
        "record_link": state.id_links(ctx, "record", "record", frame["id"]),
    })
    config = {
        # a call list: whom, what and when it lapses (the grant date is on the record's page, one click on)
        "enterprise": st.column_config.TextColumn(tr("col.enterprise"), width=176),
        "enterprise_link": st.column_config.LinkColumn(tr("col.enterprise_page"), display_text="→", width=52),
        "district": st.column_config.TextColumn(tr("col.district"), width=76),
        "kind": st.column_config.TextColumn(tr("col.kind"), width=196 if ctx.lang == "en" else 130),
        "title": st.column_config.TextColumn(tr("col.title"), width=90),
        "granted_on": None,
        "valid_until": st.column_config.TextColumn(tr("col.valid_until"), width=84),
        "days_left": st.column_config.NumberColumn(tr("renew.days_left"), format="%d", width=64),
        "window": st.column_config.TextColumn(tr("renew.window"), width=96 if ctx.lang == "en" else 110),
        "renewal": st.column_config.TextColumn(tr("renew.renewal"), width=100 if ctx.lang == "en" else 124),
        "record_link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
    }
    return out, config


def window_text(ctx: state.Context, until: Any, months: Any) -> str:
    """Where a designation's renewal window stands on the as-of date, in words ("" without a term)."""
    from qcbrand.services.places import renewal_window

    if pd.isna(until) or pd.isna(months):
        return ""
    opens, window = renewal_window(pd.Timestamp(until).date(), int(months), ctx.as_of)
    return i18n.t(f"renew.window_{window}", ctx.lang, opens=f"{opens:%Y-%m-%d}") if opens else ""


def enterprise_table(ctx: state.Context, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The enterprises behind a goal in 家 (enterprises_behind rows): one row each, with its records."""
    tr = ctx.t
    out = pd.DataFrame({
        "enterprise": frame["enterprise"],
        "district": localised(ctx, frame, "district"),
        "first_granted": words.dates(frame["first_granted"]).to_numpy(),
        "records": frame["records"],
        "listed": frame["listed"],
        "enterprise_link": state.id_links(ctx, "enterprise", "enterprise", frame["enterprise_id"]),
    })
    config = {
        "enterprise": st.column_config.TextColumn(tr("col.enterprise"), width="medium"),
        "district": st.column_config.TextColumn(tr("col.district"), width="small"),
        "first_granted": st.column_config.TextColumn(tr("goal.first_granted"), width="small"),
        "records": st.column_config.NumberColumn(tr("goal.records_n"), format="%d", width="small"),
        "listed": st.column_config.TextColumn(tr("goal.records_listed"), width="large"),
        "enterprise_link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
    }
    return out, config


def export_frame(table: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    """A displayed table for download: its headers as shown, links and hidden columns dropped."""
    keep = [c for c in table.columns if not c.endswith("_link") and not (c in config and config[c] is None)]
    labels = {c: (config[c].get("label") if isinstance(config.get(c), dict) else None) or c for c in keep}
    return table[keep].rename(columns=labels)


_CATEGORY_TITLES = {"famous_brand": "page.brands", "trademark": "page.trademarks", "quality_award": "page.awards",
                    "standard": "page.standards"}


def record_browser(category: str) -> None:
    """A record browser page: filters, a sortable table with its count, links, downloads."""
    ctx = state.context()
    tr = ctx.t
    st.title(tr(_CATEGORY_TITLES[category]))
    st.caption(tr("browse.intro", as_of=f"{ctx.as_of:%Y-%m-%d}") + f" · {ctx.district_name()} · {ctx.source_line()}")
    state.demo_banner(ctx)
    kinds = caches.kinds_of(ctx.db, category)
    c1, c2, c3, c4 = st.columns([2, 2, 2, 3])
    kind_options = [state.ALL, *kinds["code"]]
    kind_names = dict(zip(kinds["code"], kinds[f"name_{ctx.lang}"]))
    # each filter's value from the URL when the page opens, from the user after that; all of them kept in the URL
    # "all" is an option of its own: a select box holding None shows an empty choice, not 全部
    state.from_url(f"{category}-kind", "kind", state.one_of(list(kinds["code"])), state.ALL)
    kind = c1.selectbox(tr("control.kind"), kind_options, format_func=lambda k: tr("browse.all") if k == state.ALL else kind_names[k],
                        key=f"{category}-kind", persist_state="session")
    kind = None if kind == state.ALL else kind
    statuses = ["current", "replaced", "withdrawn"] if category == "standard" else ["in_force", "expiring", "expired", "revoked"]
    prefix = "stdstatus" if category == "standard" else "rstatus"
    state.from_url(f"{category}-status", "status", state.one_of(statuses), state.ALL)
    status: str | None = c2.selectbox(tr("control.status"), [state.ALL, *statuses],
                          format_func=lambda s: tr("browse.all") if s == state.ALL else tr(f"{prefix}.{s}"), key=f"{category}-status", persist_state="session")
    status = None if status == state.ALL else status
    last = max(ctx.as_of.year, 2001)
    state.from_url(f"{category}-years", "years", lambda v: state.year_span(v, 2000, last), (2000, last))
    years = cast(tuple[int, int], c3.slider(tr("control.year_range"), 2000, last, key=f"{category}-years", persist_state="session"))
    state.from_url(f"{category}-text", "text", str, "")
    text = c4.text_input(tr("control.text"), key=f"{category}-text", live="300ms", persist_state="session")
    state.keep_in_url(ctx, kind=kind, status=status, years=None if years == (2000, last) else f"{years[0]}-{years[1]}",
                   text=text.strip() or None)
    filters = (("district", ctx.district), ("kind", kind), ("status", status), ("year_from", years[0]),
               ("year_to", years[1]), ("text", text.strip() or None))
    try:
        table, config, total = _browser_table(ctx, category, filters)
    except Exception as error:
        state.show_error(error)
        return
    st.markdown(tr("browse.count", n=f"{total:,}"))
    if total > len(table):
        st.caption(tr("browse.limited", shown=f"{len(table):,}"))
    dataframe(table, config, key=f"{category}-records", hide_index=True, width="stretch",
              height=min(tables.table_height(len(table)), 640))
    table_downloads(ctx, lambda: export_frame(table, config), tr(_CATEGORY_TITLES[category]), category,
                    key=f"{category}-table")


@st.cache_data(show_spinner=False, max_entries=64)
def records_behind_table(ctx: state.Context, goal_code: str, by_enterprise: bool
                         ) -> tuple[pd.DataFrame, dict[str, Any], int]:
    """The first 2,000 records (or enterprises) behind a goal's figure as the goal page shows them, and how many
    there are in all: made once per view (the ledger's version, date, district, language), not on every click."""
    records = caches.records_behind(ctx.db, ctx.plan.code, goal_code, ctx.as_of, ctx.district, 2000)
    total = int(records["total_rows"].iloc[0]) if not records.empty else 0
    table, config = (enterprise_table if by_enterprise else record_table)(ctx, records)
    return table, config, total


@st.cache_data(show_spinner=False, max_entries=64)
def _browser_table(ctx: state.Context, category: str, filters: tuple[tuple[str, Any], ...]
                   ) -> tuple[pd.DataFrame, dict[str, Any], int]:
    """A record browser's table as shown (words, dates and links of up to 5,000 rows), made once per view: the
    view names the ledger's version, the date, the district and the language."""
    rows = caches.browse(ctx.db, category, ctx.as_of, filters)
    total = int(rows["total_rows"].iloc[0]) if not rows.empty else 0
    table, config = standards_table(ctx, rows) if category == "standard" else record_table(ctx, rows)
    return table, config, total


def standards_table(ctx: state.Context, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    tr = ctx.t
    out = pd.DataFrame({
        "std_no": frame["std_no"],
        "title": frame["title"],
        "kind": localised(ctx, frame, "kind"),
        "released_on": words.dates(frame["released_on"]).to_numpy(),
        "status": [tr(f"stdstatus.{s}") for s in frame["status"]],
        "service": frame["service"],
        "led_by": frame["led_by"].fillna(""),
        "took_part": frame["took_part"].fillna(""),
        "enterprise_link": state.id_links(ctx, "enterprise", "enterprise", frame["enterprise_id"]),
        "record_link": state.id_links(ctx, "record", "record", frame["id"]),
    })
    config = {
        "std_no": st.column_config.TextColumn(tr("col.std_no"), width=118),
        "title": st.column_config.TextColumn(tr("col.title"), width=160),
        "kind": st.column_config.TextColumn(tr("col.level"), width=130),
        "released_on": st.column_config.TextColumn(tr("col.released_on"), width=84),
        "status": st.column_config.TextColumn(tr("col.status"), width=64),
        "service": st.column_config.CheckboxColumn(tr("col.service"), width=64),
        "led_by": st.column_config.TextColumn(tr("col.led_by"), width=130),
        "took_part": st.column_config.TextColumn(tr("col.took_part"), width=130),
        "enterprise_link": st.column_config.LinkColumn(tr("col.enterprise_page"), display_text="→", width=56),
        "record_link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
    }
    return out, config



def pipeline_summary(ctx: state.Context, s: services.GoalScore) -> None:
    """A goal's gap against its pipeline (培育库): the candidates by stage, what those expected by the deadline would
    bring, and a link to them."""
    p = s.pipeline
    if p is None:
        return
    stages = caches.stages(ctx.db)
    tr = ctx.t
    st.subheader(tr("pipeline.of_goal"))
    cols = list(st.columns(4))
    cols[0].metric(tr("pipeline.col_open"), f"{p.open:,}", help=s.unit(ctx.lang))
    nearest = [x for x in stages if x.outcome == "open"][-1:]  # the open stage nearest the honour (申报, applied)
    if nearest:
        cols[1].metric(nearest[0].name(ctx.lang), f"{p.by_stage.get(nearest[0].code, 0):,}")
    cols[2].metric(tr("pipeline.col_expected"), f"{p.expected:,}", help=tr("pipeline.col_expected_help"))
    cols[3].metric(tr("pipeline.col_projected"), "—" if p.projected is None or s.score is None
                   else f"{p.projected:,} / {s.score.target:,.0f}", help=tr("pipeline.col_projected_help"))
    sentence = words.md(wording.pipeline(s, stages, ctx.lang, ctx.plan.ends_on.year))
    if p.beyond_pipeline:
        st.warning(sentence, icon=":material/warning:")
    else:
        st.caption(sentence)
    page_link(ctx, "pipeline", tr("pipeline.see", name=s.name(ctx.lang)), goal=s.goal_code)


def map_goal(ctx: state.Context, scores: list[services.GoalScore]) -> str:
    """The goal the page's map shows (map_goal= in the URL; by default the first headline goal). Read before the
    page writes its URL, so that a pasted link and Back keep it."""
    codes = [s.goal_code for s in scores]
    default = next((s.goal_code for s in scores if s.headline), codes[0])
    state.from_url("map_goal", "map_goal", state.one_of(codes), default)
    return str(st.session_state["map_goal"])


def district_map(ctx: state.Context, scores: list[services.GoalScore], goal_code: str, *, choose: bool,
                 highlight: str | None = None, key: str = "map") -> None:
    """One goal's value per district on the region's map, with PNG and SVG downloads; `choose`: a goal control
    above it (the overview and the district page; the goal page shows its own goal). Nothing without boundaries."""
    by_code = {s.goal_code: s for s in scores}
    if choose:
        st.selectbox(i18n.t("map.goal", ctx.lang), list(by_code), key="map_goal",
                     format_func=lambda c: f"{i18n.t('score.clause_n', ctx.lang, n=by_code[c].clause)} · {by_code[c].name(ctx.lang)}")
        goal_code = str(st.session_state["map_goal"])
    s = by_code[goal_code]
    data = caches.district_map(ctx.db, ctx.plan.code, goal_code, ctx.as_of)
    note = i18n.t("map.by_status" if data["by_status"] else "map.by_value", ctx.lang)
    spec = maps.district_map(data["boundaries"], data["rows"], by_status=data["by_status"],
                             title=i18n.t("map.title", ctx.lang, name=s.name(ctx.lang)),
                             subtitle_text=charts.subtitle(ctx.lang, ctx.as_of, i18n.t("control.all_city", ctx.lang), note),
                             source=ctx.source_line(), lang=ctx.lang,
                             value_title=f"{i18n.t('score.value', ctx.lang)} ({s.unit(ctx.lang)})", highlight=highlight)
    if spec is None:
        st.caption(i18n.t("map.none", ctx.lang))
        return
    chart(ctx, spec, goal_code, "map", key=key)
