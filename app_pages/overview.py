"""总览 Overview: the scoreboard of the plan on the chosen date, grouped by the decision's clauses."""

import streamlit as st

import ui
import widgets
from qcbrand import api, i18n

ctx = ui.context()
tr = lambda key, **kw: i18n.t(key, ctx.lang, **kw)  # noqa: E731
ui.keep_in_url(ctx)

st.title(ctx.plan.name(ctx.lang))
st.caption(f"{tr('control.as_of')} {ctx.as_of:%Y-%m-%d} · {ctx.district_name()} · {ctx.source_line()}")
ui.demo_banner(ctx)
widgets.brief_downloads(ctx)

try:
    scores = ui.scoreboard(ctx.db, ctx.plan.code, ctx.as_of, ctx.district)
except Exception as error:
    ui.show_error(error)
    st.stop()

counts = api.status_counts(scores)
st.markdown(tr("score.summary", n=len(scores), **counts))

st.subheader(tr("score.headline"))
for column, s in zip(st.columns(3), [g for g in scores if g.headline]):
    column.metric(
        ui.md(s.name(ctx.lang)),
        f"{s.value:,} / {s.score.target:,.0f}",
        delta=ui.status_label(s.score.status, ctx.lang),
        delta_color="off",
        delta_arrow="off",
        help=ui.md(s.wording_zh),
        border=True,
    )

attention = api.needing_attention(scores)
with st.expander(f"{tr('goal.needs_attention')} ({len(attention)})", expanded=bool(attention)):
    if not attention:
        st.write(tr("goal.none_behind"))
    for s in attention:
        lapses = f" · {tr('goal.lapse_risk')}: −{s.score.lapsing:,}" if s.score.lapse_risk else ""
        widgets.page_link(ctx, "goal", f"{ui.status_label(s.score.status, ctx.lang)} · {s.name(ctx.lang)} "
                          f"({s.value:,} / {s.score.target:,.0f}){lapses}", goal=s.goal_code)

for clause in sorted({s.clause for s in scores}):
    st.subheader(tr("score.clause_n", n=clause))
    rows = [s for s in scores if s.clause == clause]
    st.dataframe(
        ui.scoreboard_table(rows, ctx, goal_page="goal"),
        column_config=ui.scoreboard_columns(ctx.lang),
        hide_index=True,
        width="stretch",
        height=ui.table_height(len(rows)),
    )

table = api.scoreboard_frame(scores, ctx.lang)
widgets.table_downloads(ctx, table, ctx.plan.name(ctx.lang), "scoreboard", key="scoreboard")
