"""培育库 Pipeline: who is being cultivated for each goal, at what stage, and whether it can close the gap."""

import pandas as pd
import streamlit as st

from qcapp import caches, state, tables, widgets, words
from qcbrand.reports import wording

ctx = state.context()
tr = ctx.t
st.title(tr("page.pipeline"))
st.caption(f"{tr('control.as_of')} {ctx.as_of:%Y-%m-%d} · {words.md(ctx.district_name())} · {words.md(ctx.source_line())}")
state.demo_banner(ctx)
try:
    scores = caches.scoreboard(ctx.db, ctx.plan.code, ctx.as_of, ctx.district)
    stages = caches.stages(ctx.db)
except Exception as error:
    state.show_error(error)
    st.stop()
st.markdown(tr("pipeline.intro", year=ctx.plan.ends_on.year))

goals = {s.goal_code: f"{tr('score.clause_n', n=s.clause)} · {s.name(ctx.lang)}" for s in scores}
stage_names = {s.code: s.name(ctx.lang) for s in stages}
left, right = st.columns([2, 1])
state.from_url("pipeline_goal", "goal", state.one_of(list(goals)), state.ALL)
goal = left.selectbox(tr("pipeline.goal"), [state.ALL, *goals], key="pipeline_goal", persist_state="session",
                      format_func=lambda g: tr("pipeline.every_goal") if g == state.ALL else goals[g])
state.from_url("pipeline_stage", "stage", state.one_of(list(stage_names)), state.ALL)
stage = right.selectbox(tr("pipeline.stage"), [state.ALL, *stage_names], key="pipeline_stage", persist_state="session",
                        format_func=lambda s: tr("pipeline.every_stage") if s == state.ALL else stage_names[s])
goal_code = None if goal == state.ALL else goal
stage_code = None if stage == state.ALL else stage
state.keep_in_url(ctx, goal=goal_code, stage=stage_code)

shown = [s for s in scores if goal_code in (None, s.goal_code)]
if goal_code is not None:
    s = shown[0]
    st.subheader(words.md(s.name(ctx.lang)))
    st.markdown(words.md(wording.pipeline(s, stages, ctx.lang, ctx.plan.ends_on.year)))
    widgets.page_link(ctx, "goal", tr("page.goal"), goal=goal_code)
st.subheader(tr("pipeline.by_goal"))
by_goal = tables.pipeline_table(ctx, shown, stages)
widgets.dataframe(by_goal, tables.pipeline_columns(ctx, stages), key="pipeline-goals", hide_index=True, width="stretch",
                  height=tables.table_height(len(by_goal)))

frame = caches.candidates(ctx.db, ctx.as_of, ctx.district, ctx.plan.code, goal_code, stage_code)
if ctx.district is None and not frame.empty:
    st.subheader(tr("pipeline.by_district"))
    opened = frame[frame["outcome"] == "open"]
    district_col = "district_en" if ctx.lang == "en" else "district_zh"
    grid = pd.crosstab(opened[district_col].fillna("—"), opened["stage_code"]).reindex(
        columns=[s.code for s in stages if s.outcome == "open"], fill_value=0)
    grid = grid.rename(columns=stage_names).rename_axis(tr("col.district")).reset_index()
    grid[tr("pipeline.col_open")] = grid.drop(columns=[tr("col.district")]).sum(axis=1)
    st.dataframe(grid, hide_index=True, width="content")

st.subheader(tr("pipeline.candidates", n=f"{len(frame):,}"))
if frame.empty:
    st.info(tr("pipeline.empty"))
    st.stop()
table, config = tables.candidate_table(ctx, frame)
widgets.dataframe(table, config, key="pipeline-candidates", hide_index=True, width="stretch",
                  height=min(tables.table_height(len(table)), 640))
widgets.table_downloads(ctx, widgets.export_frame(table, config), tr("page.pipeline"), "pipeline", goal_code or "all",
                        stage_code or "all", key="pipeline-table")
