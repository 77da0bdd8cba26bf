"""目标 Goal: the decision's words, the yearly trend against the goal line, the districts, the records."""

import streamlit as st

from qcapp import caches, state, tables, widgets, words
from qcbrand.reports import charts, wording

ctx = state.context()
tr = ctx.t

try:
    scores = caches.scoreboard(ctx.db, ctx.plan.code, ctx.as_of, ctx.district)
except Exception as error:
    state.show_error(error)
    st.stop()
names = {s.goal_code: f"{tr('score.clause_n', n=s.clause)} · {s.name(ctx.lang)}" for s in scores}
wanted = state.query_text("goal")
if wanted is not None and wanted not in names:
    st.warning(tr("error.unknown_goal", value=words.md(wanted)))
state.from_url("goal_pick", "goal", lambda g: g if g in names else next(iter(names)), next(iter(names)))
goal_code = st.selectbox(tr("goal.choose"), list(names), format_func=lambda c: names.get(c, str(c)), key="goal_pick", persist_state="session")

detail = caches.goal_detail(ctx.db, ctx.plan.code, goal_code, ctx.as_of, ctx.district)
s = detail["score"]
name = s.name(ctx.lang)
st.title(words.md(name))
st.caption(f"{tr('control.as_of')} {ctx.as_of:%Y-%m-%d} · {ctx.district_name()} · {ctx.source_line()}")
state.demo_banner(ctx)
st.markdown(f"**{tr('goal.wording', n=s.clause)}** “{words.md(s.wording_zh)}”  \n{tr('score.rule')}: {tr('rule.' + s.rule)}  \n"
            + tr(f"counts.{s.counts}"))

sc = s.score
if sc is None:  # a district the plan gives no target of its own: its contribution, never the city's target
    st.info(tr("score.no_district_target", district=words.md(ctx.district_name())), icon=":material/info:")
    c = s.contribution
    cols = list(st.columns(4))
    cols[0].metric(tr("score.value"), f"{s.value:,}", help=s.unit(ctx.lang))
    cols[1].metric(tr("score.share_city"), wording.share(s), help=f"{tr('district.city')} {c.city_value:,}" if c else None)
    cols[2].metric(tr("score.change"), wording.change(s))
    cols[3].metric(tr("score.rank"), wording.status(s, ctx.lang))
else:
    cols = list(st.columns(6 if s.final else 5))
    cols[0].metric(tr("score.at_deadline") if s.final else tr("score.value"), wording.figures(s, ctx.lang),
                   help=s.unit(ctx.lang))
    cols[1].metric(tr("score.percent"), f"{sc.percent:.0f}%")
    cols[2].metric(tr("score.gap"), f"{sc.gap:,.0f}")
    if s.final:  # the outcome on the deadline, and apart from it the value on the chosen date
        cols[3].metric(tr("score.outcome"), wording.status(s, ctx.lang))
        cols[4].metric(tr("score.on_date"), f"{s.value:,}", delta=wording.since(s, ctx.lang), delta_color="off",
                       delta_arrow="off")
    else:
        cols[3].metric(tr("score.pace_needed"), "—" if sc.pace_needed is None else f"{sc.pace_needed:,.1f}",
                       delta=None if sc.pace_so_far is None else f"{tr('score.pace_so_far')} {sc.pace_so_far:,.1f}",
                       delta_color="off", delta_arrow="off")
        cols[4].metric(tr("score.status"), wording.status(s, ctx.lang))
if sc is not None and s.expiring_before_deadline is not None and ctx.as_of < ctx.plan.ends_on:
    # a 总数 goal: what lapses before the deadline, and what holding the target then takes
    left, right = st.columns([1, 4])
    left.metric(tr("goal.lapsing"), f"{sc.lapsing:,}", help=tr("goal.lapsing_help"))
    if sc.to_renew or sc.to_add:
        right.warning(tr("goal.hold", target=f"{sc.target:,.0f}", renew=f"{sc.to_renew:,.0f}",
                         add=f"{sc.to_add:,.0f}"), icon=":material/event_upcoming:")
    else:
        right.success(tr("goal.held", held=f"{s.value - sc.lapsing:,}", target=f"{sc.target:,.0f}"))
    widgets.page_link(ctx, "renewals", tr("page.renewals"))
widgets.pipeline_summary(ctx, s)

trend = charts.goal_trend(
    detail["series"],
    title=tr("goal.trend", name=name),
    subtitle_text=charts.subtitle(ctx.lang, ctx.as_of, ctx.district_name(), tr("goal.trend_note" if sc and sc.projected is not None
                                                                          and ctx.as_of < ctx.plan.ends_on else "goal.trend_note_plain")),
    source=ctx.source_line(),
    lang=ctx.lang,
    target=sc.target if sc else None,
    deadline=ctx.plan.ends_on,
    as_of=ctx.as_of,
    projected=sc.projected if sc else None,
    unit=s.unit(ctx.lang),
    lapse_path=detail["lapse_path"],
    periods=detail["periods"],
)
widgets.chart(ctx, trend, goal_code, "trend", key="trend")
if detail["periods"]:  # a goal carried on from one programme to the next: each period's plan and target
    st.caption(tr("goal.periods") + " · ".join(
        f"{p['starts_on'].year}–{p['ends_on'].year} {words.md(p['plan_name_' + ctx.lang])}: {p['target']:,.0f} {s.unit(ctx.lang)}"
        for p in detail["periods"]))

st.subheader(tr("goal.by_district"))
breakdown = tables.district_breakdown_table(ctx, detail["breakdown"])
bars = charts.district_bars(
    breakdown.rename(columns={"name": "district"}),
    title=tr("goal.by_district_title", name=name),
    subtitle_text=charts.subtitle(ctx.lang, ctx.as_of, tr("control.all_city")),
    source=ctx.source_line(),
    value_title=f"{tr('score.value')} ({s.unit(ctx.lang)})",
)
widgets.chart(ctx, bars, goal_code, "districts", key="districts")
widgets.district_map(ctx, scores, goal_code, choose=False, highlight=ctx.district)
if caches.counts_standards(ctx.db, s.kinds):  # only a standard is counted in several districts at once
    st.caption(tr("goal.district_note"))
widgets.dataframe(
    breakdown,
    key="goal-districts",
    column_config={
        "name": st.column_config.TextColumn(tr("district.name"), width="medium"),
        "value": st.column_config.NumberColumn(tr("score.value"), format="%d"),
        "share": st.column_config.ProgressColumn(tr("goal.share"), min_value=0, max_value=1, format="percent"),
        "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
        "district_code": None,
    },
    hide_index=True,
    width="content",
)
widgets.link_row(ctx, "districts", [(row.name, {"district": row.district_code}) for row in breakdown.itertuples()])

by_enterprise = s.counts == "enterprises"  # a goal in 家: one row per enterprise, with its records
make_table = widgets.enterprise_table if by_enterprise else widgets.record_table
st.subheader(tr("goal.enterprises" if by_enterprise else "goal.records"))
table, config, total = widgets.records_behind_table(ctx, goal_code, by_enterprise)
st.markdown(tr("goal.enterprises_count" if by_enterprise else "goal.records_count", n=f"{total:,}"))
if total > len(table):
    st.caption(tr("goal.showing", shown=f"{len(table):,}", n=f"{total:,}"))
state.from_url("goal-records-text", "text", str, "")
text = st.text_input(tr("control.text"), key="goal-records-text", live="300ms", persist_state="session")
state.keep_in_url(ctx, goal=None if goal_code == next(iter(names)) else goal_code, text=text.strip() or None)
shown = table[table.apply(lambda r: text.strip().lower() in " ".join(map(str, r.values)).lower(), axis=1)] if text.strip() else table
widgets.dataframe(shown, config, key="goal-records", hide_index=True, width="stretch", height=min(tables.table_height(len(shown)), 560))
widgets.table_downloads(
    ctx,
    lambda: widgets.export_frame(*make_table(
        ctx, caches.records_behind(ctx.db, ctx.plan.code, goal_code, ctx.as_of, ctx.district, max(total, 1)))),
    tr("goal.enterprises" if by_enterprise else "goal.records") + f" · {name}", goal_code, "records", key="records",
)
