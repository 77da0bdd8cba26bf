"""总览 Overview: the scoreboard of the plan on the chosen date, grouped by the decision's clauses."""

import streamlit as st

from qcapp import caches, state, tables, widgets, words
from qcbrand import services
from qcbrand.reports import wording

ctx = state.context()
tr = ctx.t

try:
    scores = caches.scoreboard(ctx.db, ctx.plan.code, ctx.as_of, ctx.district)
except Exception as error:
    state.keep_in_url(ctx)
    state.show_error(error)
    st.stop()
map_goal = widgets.map_goal(ctx, scores)
state.keep_in_url(ctx, map_goal=None if map_goal == next(s.goal_code for s in scores if s.headline) else map_goal)

st.title(ctx.plan.name(ctx.lang))
st.caption(f"{tr('control.as_of')} {ctx.as_of:%Y-%m-%d} · {ctx.district_name()} · {ctx.source_line()}")
state.demo_banner(ctx)
widgets.brief_downloads(ctx)

if caches.is_empty(ctx.db):  # nothing counted yet: say so and how to import, never 21 goals "not met"
    st.stop()
judged = [s for s in scores if s.score is not None]
if ctx.district is not None and len(judged) < len(scores):
    st.info(tr("score.no_district_target", district=words.md(ctx.district_name())), icon=":material/info:")
if judged:
    counted = services.status_counts(judged)
    st.markdown(tr("score.summary_not_started" if counted["not_started"] else "score.summary", n=len(judged), **counted))

st.subheader(tr("score.headline"))
for column, s in zip(st.columns(3), [g for g in scores if g.headline]):
    if s.score is None:  # a district without a target of its own: its value, share of the city and rank
        delta = f"{tr('score.share_city')} {wording.share(s)} · {wording.status(s, ctx.lang)}"
    else:
        delta = wording.status(s, ctx.lang) + (f" · {wording.since(s, ctx.lang)}" if s.final else "")
    column.metric(words.md(s.name(ctx.lang)), wording.figures(s, ctx.lang), delta=delta, delta_color="off", delta_arrow="off",
                  help=words.md(s.wording_zh), border=True)

attention = services.needing_attention(scores)
if judged:
    with st.expander(f"{tr('goal.needs_attention')} ({len(attention)})", expanded=bool(attention)):
        if not attention:
            st.write(tr("goal.none_behind"))
        for s in attention:
            lapses = f" · {tr('goal.lapse_risk')}: −{s.score.lapsing:,}" if s.score and s.score.lapse_risk else ""
            beyond = (f" · {tr('pipeline.beyond_short', gap=f'{s.pipeline.shortfall:,.0f}', n=f'{s.pipeline.open:,}')}"
                      if s.pipeline is not None and s.pipeline.beyond_pipeline else "")
            widgets.page_link(ctx, "goal", wording.line(s, ctx.lang) + lapses + beyond, goal=s.goal_code)

st.subheader(tr("map.section"))
city_scores = scores if ctx.district is None else caches.scoreboard(ctx.db, ctx.plan.code, ctx.as_of, None)
widgets.district_map(ctx, city_scores, map_goal, choose=True, highlight=ctx.district)

for clause in sorted({s.clause for s in scores}):
    st.subheader(tr("score.clause_n", n=clause))
    rows = [s for s in scores if s.clause == clause]
    widgets.dataframe(
        tables.scoreboard_table(rows, ctx, goal_page="goal"),
        tables.scoreboard_columns(ctx.lang, scores),
        key=f"scoreboard-{clause}",
        hide_index=True,
        width="stretch",
        height=tables.table_height(len(rows)),
    )

table = services.scoreboard_frame(scores, ctx.lang)
widgets.table_downloads(ctx, table, ctx.plan.name(ctx.lang), "scoreboard", key="scoreboard")
