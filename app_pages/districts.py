"""区域 Districts: each district's contribution to every goal and a ranking; one district's own page."""

import streamlit as st

from qcapp import caches, state, tables, widgets, words
from qcbrand import services
from qcbrand.reports import charts

ctx = state.context()
tr = ctx.t

try:
    contribution, ranking = caches.district_overview(ctx.db, ctx.plan.code, ctx.as_of)
    scores = caches.scoreboard(ctx.db, ctx.plan.code, ctx.as_of, None)
except Exception as error:
    state.keep_in_url(ctx)
    state.show_error(error)
    st.stop()
map_goal = widgets.map_goal(ctx, scores)
state.keep_in_url(ctx, map_goal=None if map_goal == next(s.goal_code for s in scores if s.headline) else map_goal)

if ctx.district is None:
    st.title(tr("page.districts"))
    st.caption(f"{tr('control.as_of')} {ctx.as_of:%Y-%m-%d} · {ctx.source_line()}")
    state.demo_banner(ctx)
    st.info(tr("district.pick"), icon=":material/map:")
    widgets.brief_downloads(ctx)

    st.subheader(tr("district.ranking"))
    table = tables.district_ranking_table(ctx, ranking)
    widgets.dataframe(
        table,
        key="district-ranking",
        column_config={
            "rank": st.column_config.NumberColumn(tr("district.rank"), format="%d", width=60),
            "name": st.column_config.TextColumn(tr("district.name"), width=250),
            "enterprises": st.column_config.NumberColumn(tr("district.enterprises"), format="%d"),
            "in_force": st.column_config.NumberColumn(tr("district.in_force"), format="%d"),
            "share": st.column_config.ProgressColumn(tr("district.share"), min_value=0, max_value=1, format="percent"),
            "granted": st.column_config.NumberColumn(tr("district.granted"), format="%d"),
            "goals_contributed": st.column_config.NumberColumn(tr("district.goals_contributed"), format="%d"),
            "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
            "district_code": None,
        },
        hide_index=True,
        width="stretch",
        height=tables.table_height(len(table)),
    )
    widgets.link_row(ctx, "districts", [(row.name, {"district": row.district_code}) for row in table.itertuples()])
    widgets.table_downloads(ctx, table.drop(columns=["link", "district_code"]), tr("district.ranking"), "district-ranking",
                            key="ranking")
    bars = charts.district_bars(
        table.rename(columns={"name": "district", "in_force": "value"}),
        title=tr("district.chart_title"),
        subtitle_text=charts.subtitle(ctx.lang, ctx.as_of, tr("control.all_city")),
        source=ctx.source_line(),
        value_title=tr("district.in_force"),
    )
    widgets.chart(ctx, bars, "districts-in-force", key="ranking-chart")

    st.subheader(tr("map.section"))
    widgets.district_map(ctx, scores, map_goal, choose=True)

    st.subheader(tr("district.contribution"))
    matrix = tables.contribution_matrix(ctx, contribution, scores)
    st.dataframe(matrix, hide_index=True, width="stretch", height=tables.table_height(len(matrix)),
                 column_config={matrix.columns[0]: st.column_config.TextColumn(width=352)})
    widgets.table_downloads(ctx, matrix, tr("district.contribution"), "district-contribution", key="matrix")
else:
    district_name = ctx.district_name()
    st.title(district_name)
    st.caption(f"{tr('control.as_of')} {ctx.as_of:%Y-%m-%d} · {ctx.source_line()}")
    state.demo_banner(ctx)
    widgets.brief_downloads(ctx)
    row = ranking[ranking["district_code"] == ctx.district].iloc[0]
    cols = st.columns(4)
    cols[0].metric(tr("district.rank"), f"{int(row['rank'])} / {len(ranking)}")
    cols[1].metric(tr("district.enterprises"), f"{int(row['enterprises']):,}")
    cols[2].metric(tr("district.in_force"), f"{int(row['in_force']):,}")
    cols[3].metric(tr("district.share"), f"{row['share_in_force']:.0%}")

    st.subheader(tr("district.scoreboard", district=district_name))
    own_scores = caches.scoreboard(ctx.db, ctx.plan.code, ctx.as_of, ctx.district)
    if any(g.score is None for g in own_scores):
        st.caption(tr("score.no_district_target", district=words.md(district_name)))
    own = tables.scoreboard_table(own_scores, ctx, goal_page="goal")
    widgets.dataframe(own, tables.scoreboard_columns(ctx.lang, own_scores), key="district-own", hide_index=True, width="stretch",
                 height=tables.table_height(len(own)))
    widgets.table_downloads(ctx, services.scoreboard_frame(own_scores, ctx.lang), tr("district.scoreboard", district=district_name),
                            "district", key="district-scoreboard")

    st.subheader(tr("map.section"))
    widgets.district_map(ctx, scores, map_goal, choose=True, highlight=ctx.district)

    st.subheader(tr("district.pipeline", district=district_name))  # its own enterprises in the pipeline
    stages = caches.stages(ctx.db)
    piped = [g for g in own_scores if g.pipeline is not None and g.pipeline.open]
    if piped:
        pipe = tables.pipeline_table(ctx, piped, stages)
        widgets.dataframe(pipe, tables.pipeline_columns(ctx, stages), key="district-pipeline", hide_index=True,
                          width="stretch", height=tables.table_height(len(pipe)))
    else:
        st.caption(tr("pipeline.empty"))
    widgets.page_link(ctx, "pipeline", tr("page.pipeline"))

    st.subheader(tr("district.top"))
    top = caches.top_enterprises(ctx.db, ctx.as_of, ctx.district, 20)
    firms = tables.enterprise_rank_table(ctx, top)
    widgets.dataframe(
        firms,
        key="district-firms",
        column_config={
            "rank": st.column_config.NumberColumn(tr("district.rank"), format="%d", width=60),
            "name": st.column_config.TextColumn(tr("col.enterprise"), width="large"),
            "industry": st.column_config.TextColumn(tr("col.industry")),
            "honours": st.column_config.NumberColumn(tr("col.honours"), format="%d"),
            "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
            "enterprise_id": None,
        },
        hide_index=True,
        width="stretch",
        height=tables.table_height(len(firms)),
    )
    widgets.table_downloads(ctx, firms.drop(columns=["link", "enterprise_id"]), tr("district.top"), "top-enterprises",
                            key="top")
