"""The tables pages show: the door's answers in the page's language, with links, as DataFrames."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from qcapp import state, words
from qcbrand import i18n, services
from qcbrand.reports import wording
from qcbrand.services.places import districts, industry_name


def scoreboard_table(scores: list[services.GoalScore], ctx: state.Context, goal_page: str | None = None) -> pd.DataFrame:
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
            "pace_needed": words._number(sc.pace_needed) if sc else "",
            "pace_so_far": words._number(sc.pace_so_far) if sc else "",
            "status": [wording.status(s, language)] if sc else [],  # one coloured chip (see scoreboard_columns)
            "since": s.value if s.final else None,
        }
        if s.contribution is not None:
            row.update({"share": wording.share(s), "change": s.contribution.change, "rank": wording.rank(s, language)})
        if goal_page:
            row["link"] = f"{goal_page}?{urlencode(ctx.link_params(goal=s.goal_code))}"
        rows.append(row)
    return pd.DataFrame(rows)


def table_height(rows: int) -> int:
    """Pixels for a table that shows every row without its own scroll bar."""
    return 35 * (rows + 1) + 3


def scoreboard_columns(language: str, scores: list[services.GoalScore] | None = None) -> dict[str, Any]:
    """The scoreboard's columns for what its rows hold (see scoreboard_table): widths that fit the main
    column at 1440 px in both languages (the English names are the longest)."""
    tr = functools.partial(i18n.t, lang=language)
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
            tr("score.outcome") if final else tr("score.status"), options=[words.status_label(s, language) for s in i18n.STATUS_COLOURS],
            color=list(i18n.STATUS_COLOURS.values()), width=118) if judged else None,
        "since": st.column_config.NumberColumn(tr("score.on_date"), format="%d", width=128) if final else None,
        "share": st.column_config.TextColumn(tr("score.share_city"), alignment="right", width=76) if district else None,
        "change": st.column_config.NumberColumn(tr("score.change"), format="%+d", width=96) if district else None,
        "rank": st.column_config.TextColumn(tr("score.rank"), width=72) if district else None,
        "link": st.column_config.LinkColumn(tr("score.open_goal"), display_text="→", width=66),
    }
    return config


def district_counts_of(ctx: state.Context, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows counted per district, every district present, for a bar chart."""
    counted = rows["district_code"].value_counts()
    return pd.DataFrame({"district": [d.name_zh if ctx.lang == "zh" else d.name_en for d in districts()],
                         "value": [int(counted.get(d.code, 0)) for d in districts()]})


def district_breakdown_table(ctx: state.Context, breakdown: pd.DataFrame) -> pd.DataFrame:
    """A goal's per-district values for display: name in the user's language, share, link."""
    names = {d.code: (d.name_zh if ctx.lang == "zh" else d.name_en) for d in districts()}
    total = breakdown["value"].sum()
    out = pd.DataFrame({
        "district_code": breakdown["district_code"],
        "name": breakdown["district_code"].map(names),
        "value": breakdown["value"],
        "share": breakdown["value"] / total if total else 0.0,
    })
    out["link"] = [f"districts?{urlencode(ctx.link_params(district=c))}" for c in out["district_code"]]
    return out.sort_values("value", ascending=False).reset_index(drop=True)


def district_ranking_table(ctx: state.Context, ranking: pd.DataFrame) -> pd.DataFrame:
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


def contribution_matrix(ctx: state.Context, contribution: pd.DataFrame, scores: list[services.GoalScore]) -> pd.DataFrame:
    """Goals down, districts across (their short names, so that nine columns fit), the city total last."""
    names = {d.code: (d.short_zh if ctx.lang == "zh" else d.short_en) for d in districts()}
    goal_names = {s.goal_code: s.name(ctx.lang) for s in scores}
    wide = contribution.pivot(index="goal_code", columns="district_code", values="value")
    wide = wide.reindex(index=[s.goal_code for s in scores], columns=[d.code for d in districts()])
    wide.columns = [names[c] for c in wide.columns]
    wide.insert(0, i18n.t("score.goal", ctx.lang), [goal_names[g] for g in wide.index])
    wide[i18n.t("district.city", ctx.lang)] = [s.value for s in scores]
    return wide.reset_index(drop=True)


def enterprise_rank_table(ctx: state.Context, top: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "rank": top["rank"],
        "enterprise_id": top["enterprise_id"],
        "name": top["name"],
        "industry": [industry_name(i, ctx.lang) for i in top["industry"]],
        "honours": top["honours"],
    })
    out["link"] = state.id_links(ctx, "enterprise", "enterprise", out["enterprise_id"])
    return out


def enterprise_search_table(ctx: state.Context, found: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "enterprise_id": found["enterprise_id"],
        "name": found["name"],
        "uscc": found["uscc"],
        "district": found[f"district_{ctx.lang}"],
        "industry": [industry_name(i, ctx.lang) for i in found["industry"]],
    })
    out["link"] = state.id_links(ctx, "enterprise", "enterprise", out["enterprise_id"])
    return out


def grouped_by_kind(ctx: state.Context, records: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
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


def timeline_frame(ctx: state.Context, records: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "kind": records[f"kind_{ctx.lang}"],
        "title": records["title"],
        "granted_on": records["granted_on"],
        "valid_until": records["valid_until"],
        "status": records["status"],
    })


def enterprise_standards_table(ctx: state.Context, standards: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "std_no": standards["number"],
        "title": standards["title"],
        "kind": standards[f"kind_{ctx.lang}"],
        "role": [i18n.t(f"role.{r}", ctx.lang) for r in standards["role"]],
        "released_on": words.dates(standards["granted_on"]).to_numpy(),
    })
    out["link"] = state.id_links(ctx, "record", "record", standards["id"])
    return out


def enterprise_export(ctx: state.Context, records: pd.DataFrame) -> pd.DataFrame:
    tr = ctx.t
    return pd.DataFrame({
        tr("col.kind"): records[f"kind_{ctx.lang}"],
        tr("col.title"): records["title"],
        tr("col.number"): [words.number_text(n, ctx.lang) for n in records["number"]],
        tr("col.role"): [i18n.t(f"role.{r}", ctx.lang) if isinstance(r, str) else "" for r in records["role"]],
        tr("col.granted_on"): pd.to_datetime(records["granted_on"]).dt.date,
        tr("col.valid_until"): pd.to_datetime(records["valid_until"]).dt.date,
        tr("col.status"): [i18n.t(f"rstatus.{s}", ctx.lang) for s in records["status"]],
    })


def record_facts(ctx: state.Context, r: dict[str, Any]) -> pd.DataFrame:
    tr = ctx.t

    def day(value: Any) -> str:
        return "—" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"

    rows = [
        (tr("col.kind"), r[f"kind_{ctx.lang}"]),
        (tr("col.title"), r["title"]),
        (tr("col.number"), words.number_text(r["number"], ctx.lang) or "—"),
        (tr("col.district"), r[f"district_{ctx.lang}"] or "—"),
        (tr("col.granted_on"), day(r["granted_on"])),
        (tr("col.valid_until"), day(r["valid_until"])),
        (tr("col.status"), i18n.t(f"rstatus.{r['status']}", ctx.lang)),
    ]
    if r.get("revoke_reason"):
        rows.append((tr("col.revoked_on"), f"{day(r['revoked_on'])} · {r['revoke_reason']}"))
    return pd.DataFrame(rows, columns=[tr("col.item"), tr("col.content")])


def provenance(ctx: state.Context, view: services.RecordView) -> pd.DataFrame | None:
    """Where a record came from: its file and import, the notice's title and document numbers, and where in
    the file it was read. None for a record no import wrote (the demo city)."""
    tr = ctx.t
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


def problems_table(ctx: state.Context, report: Any) -> pd.DataFrame:
    """An import report's problems with headers and severities in the user's language."""
    frame = report.problems_frame(ctx.lang)
    frame["severity"] = [i18n.t(f"severity.{s}", ctx.lang) for s in frame["severity"]]
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns={c: i18n.t(f"col.{c}", ctx.lang) for c in ("row", "field", "value", "message", "severity")})


def indicators_table(ctx: state.Context, items: list[services.Indicator]) -> pd.DataFrame:
    return pd.DataFrame({
        "name": [i.name(ctx.lang) for i in items],
        "target": [f"{i18n.t('ind.cmp.' + i.comparison, ctx.lang)} {i.target:g} {i.unit(ctx.lang)}" for i in items],
        "latest_year": [str(i.latest[0]) if i.latest else "" for i in items],
        "latest_value": [f"{i.latest[1]:g}" if i.latest else "" for i in items],
        "status": [i18n.t(f"ind.{i.status}", ctx.lang) for i in items],
        "link": [f"indicators?{urlencode(ctx.link_params(indicator=i.code))}" for i in items],
    })


def indicators_columns(language: str) -> dict[str, Any]:
    tr = functools.partial(i18n.t, lang=language)
    return {
        "name": st.column_config.TextColumn(tr("ind.name"), width=330),
        "target": st.column_config.TextColumn(tr("ind.target"), width=230),
        "latest_year": st.column_config.TextColumn(tr("ind.latest_year"), width=96),
        "latest_value": st.column_config.TextColumn(tr("ind.latest_value"), width=110, alignment="right"),
        "status": st.column_config.TextColumn(tr("ind.status"), width=120),
        "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=70),
    }


def readings_table(ctx: state.Context, item: services.Indicator) -> pd.DataFrame:
    tr = ctx.t
    return pd.DataFrame({tr("ind.year"): [str(y) for y, _, _ in item.readings],
                         tr("ind.value"): [f"{v:g}" for _, v, _ in item.readings],
                         tr("ind.source"): [src or "" for _, _, src in item.readings]})


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
    if "table_name" in out.columns:  # a record's own history leaves it out: it is the record's table
        out["table_name"] = [_table_word(t, lang) for t in out["table_name"]]
    out["at_time"] = pd.to_datetime(out["at_time"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return _as_text(out).rename(columns={c: i18n.t(f"audit.{c}", lang) for c in out.columns})


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, a missing one empty (a table shows "None" for a missing number otherwise)."""
    return pd.DataFrame({c: ["" if v is None or (not isinstance(v, (list, dict, str)) and pd.isna(v)) else str(v)
                             for v in frame[c]] for c in frame.columns})


def pipeline_table(ctx: state.Context, scores: list[services.GoalScore], stages: list[Any]) -> pd.DataFrame:
    """Each goal against its pipeline (培育库): its value and target, the gap on the deadline, the open candidates by
    stage, how many are expected by the deadline and what the goal would reach if they succeed."""
    open_stages = [s for s in stages if s.outcome == "open"]
    rows = []
    for s in scores:
        p = s.pipeline or services.pipeline.Pipeline()
        row: dict[str, Any] = {"goal": s.name(ctx.lang), "figures": wording.figures(s, ctx.lang),
                               "shortfall": p.shortfall, "open": p.open}
        row.update({f"stage_{st.code}": p.by_stage.get(st.code, 0) for st in open_stages})
        row.update({"expected": p.expected, "projected": p.projected,
                    "beyond": "⚠" if p.beyond_pipeline else "",
                    "link": f"pipeline?{urlencode(ctx.link_params(goal=s.goal_code))}"})
        rows.append(row)
    table = pd.DataFrame(rows)
    if not table.empty and table["shortfall"].isna().all():  # no target (a district's own view), or past the deadline
        table = table.drop(columns=["shortfall", "projected", "beyond"])
    return table


def pipeline_columns(ctx: state.Context, stages: list[Any]) -> dict[str, Any]:
    tr = ctx.t
    config: dict[str, Any] = {
        "goal": st.column_config.TextColumn(tr("pipeline.col_goal"), width="large"),
        "figures": st.column_config.TextColumn(tr("score.value")),
        "shortfall": st.column_config.NumberColumn(tr("pipeline.col_shortfall"), format="%d", help=tr("pipeline.col_shortfall_help")),
        "open": st.column_config.NumberColumn(tr("pipeline.col_open"), format="%d"),
        "expected": st.column_config.NumberColumn(tr("pipeline.col_expected"), format="%d", help=tr("pipeline.col_expected_help")),
        "projected": st.column_config.NumberColumn(tr("pipeline.col_projected"), format="%d", help=tr("pipeline.col_projected_help")),
        "beyond": st.column_config.TextColumn(tr("pipeline.col_beyond"), help=tr("pipeline.beyond"), width=70),
        "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
    }
    config.update({f"stage_{s.code}": st.column_config.NumberColumn(s.name(ctx.lang), format="%d")
                   for s in stages if s.outcome == "open"})
    return config


def candidate_table(ctx: state.Context, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The candidates as the pipeline and enterprise pages show them, with links to the enterprise and to the
    record that closed a candidacy."""
    tr = ctx.t
    en = ctx.lang == "en"
    table = pd.DataFrame({
        "candidate_id": frame["candidate_id"],
        "enterprise": frame["enterprise"],
        "enterprise_link": state.id_links(ctx, "enterprise", "enterprise", frame["enterprise_id"]),
        "district": frame["district_en" if en else "district_zh"],
        "honour": frame["kind_en" if en else "kind_zh"],
        "stage": frame["stage_en" if en else "stage_zh"],
        "since": frame["stage_since"],
        "expected_year": frame["expected_year"],
        "unit": frame["unit"].fillna(""),
        "note": frame["note"].fillna(""),
        "record_link": state.id_links(ctx, "record", "record", frame["record_id"]),
    })
    config = {
        "candidate_id": st.column_config.NumberColumn(tr("pipeline.col_id"), format="%d", width=60),
        "enterprise": st.column_config.TextColumn(tr("col.enterprise"), width="medium"),
        "enterprise_link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=50),
        "district": st.column_config.TextColumn(tr("col.district")),
        "honour": st.column_config.TextColumn(tr("pipeline.col_honour"), width="medium"),
        "stage": st.column_config.TextColumn(tr("pipeline.col_stage")),
        "since": st.column_config.DateColumn(tr("pipeline.col_since"), format="YYYY-MM-DD"),
        "expected_year": st.column_config.NumberColumn(tr("pipeline.col_expected_year"), format="%d"),
        "unit": st.column_config.TextColumn(tr("pipeline.col_unit"), width="medium"),
        "note": st.column_config.TextColumn(tr("pipeline.col_note")),
        "record_link": st.column_config.LinkColumn(tr("pipeline.col_record"), display_text="→", width=60),
    }
    return table, config


def candidate_steps_table(ctx: state.Context, steps: pd.DataFrame) -> pd.DataFrame:
    """A candidacy's history as the enterprise page shows it: each stage entered, when, why and by whom."""
    tr = ctx.t
    en = ctx.lang == "en"
    return pd.DataFrame({
        tr("pipeline.col_id"): steps["candidate_id"],
        tr("pipeline.col_stage"): steps["stage_en" if en else "stage_zh"],
        tr("pipeline.col_since"): [f"{d:%Y-%m-%d}" for d in steps["entered_on"]],
        tr("pipeline.col_note"): steps["note"].fillna(""),
        tr("pipeline.col_record"): [tr("pipeline.record_n", n=int(r)) if pd.notna(r) else "" for r in steps["record_id"]],
        tr("pipeline.col_by"): steps["editor"],
    })
