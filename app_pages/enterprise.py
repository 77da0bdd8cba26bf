"""企业 Enterprise: search by name or credit code; an enterprise's standing on its own URL."""

import streamlit as st

from qcapp import caches, state, tables, widgets, words
from qcbrand.reports import charts
from qcbrand.services import places

ctx = state.context()
tr = ctx.t
enterprise_id = state.query_int("enterprise")

if enterprise_id is None:
    st.title(tr("page.enterprises"))
    state.demo_banner(ctx)
    state.from_url("enterprise_query", "q", str, "")
    # results follow the typing: committed after a pause of 300 ms, no Enter needed
    text = st.text_input(tr("ent.search"), key="enterprise_query", persist_state="session", placeholder=tr("ent.placeholder"), live="300ms",
                         help=tr("ent.search_help"))
    state.keep_in_url(ctx, q=text.strip() or None)
    if not text.strip():
        st.caption(tr("ent.prompt"))
        st.stop()
    found = caches.search_enterprises(ctx.db, text)
    if found.empty:
        st.warning(tr("ent.none"))
        st.stop()
    st.markdown(tr("ent.results", n=len(found)))
    table = tables.enterprise_search_table(ctx, found)
    widgets.dataframe(
        table,
        key="search-results",
        column_config={
            "name": st.column_config.TextColumn(tr("col.enterprise"), width="large"),
            "uscc": st.column_config.TextColumn(tr("col.uscc")),
            "district": st.column_config.TextColumn(tr("col.district")),
            "industry": st.column_config.TextColumn(tr("col.industry")),
            "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
            "enterprise_id": None,
        },
        hide_index=True,
        width="stretch",
        height=min(tables.table_height(len(table)), 560),
    )
    widgets.link_row(ctx, "enterprise", [(row.name, {"enterprise": row.enterprise_id}) for row in table.head(6).itertuples()], 3)
    widgets.table_downloads(ctx, table.drop(columns=["link", "enterprise_id"]), tr("ent.results", n=len(found)), "search",
                            key="search")
    st.stop()

state.keep_in_url(ctx, enterprise=str(enterprise_id))
try:
    standing = caches.enterprise_standing(ctx.db, enterprise_id, ctx.as_of)
except Exception as error:
    state.show_error(error)
    st.stop()

firm = standing.enterprise
st.title(words.md(firm["name"]))
district = firm[f"district_{ctx.lang}"] or "—"
facts = [f"{tr('ent.uscc')}: {words.md(firm['uscc'] or tr('ent.no_code'))}", words.md(district),
         f"{tr('ent.industry')}: {words.md(places.industry_name(firm['industry'], ctx.lang) or '—')}"]
if len(firm["former_names"]):
    facts.append(f"{tr('ent.former_names')}: {words.md('、'.join(firm['former_names']))}")
st.caption(" · ".join(facts))
state.demo_banner(ctx)

rank = standing.rank
cols = st.columns(4)
cols[0].metric(tr("ent.in_force"), standing.counts["in_force"] + standing.counts["expiring"])
cols[1].metric(tr("ent.expiring"), standing.counts["expiring"])
if rank:
    cols[2].metric(tr("ent.rank_district"), tr("ent.rank_value", rank=int(rank["district_rank"]), size=int(rank["district_size"])))
    cols[3].metric(tr("ent.rank_industry"), tr("ent.rank_value", rank=int(rank["industry_rank"]), size=int(rank["industry_size"])))
st.caption(f"{tr('control.as_of')} {ctx.as_of:%Y-%m-%d} · {ctx.source_line()} · {tr('ent.link_hint')}")
soonest = tables.next_expiry(standing.records)
if soonest is not None:  # what an enterprise checking its standing wants to know first
    st.info(tr("ent.next_expiry", kind=words.md(soonest[f"kind_{ctx.lang}"]), title=words.md(soonest["title"]),
               date=f"{soonest['valid_until']:%Y-%m-%d}", days=int(soonest["days_left"]),
               window=widgets.window_text(ctx, soonest["valid_until"], soonest["window_months"])),
            icon=":material/event_upcoming:")

records = standing.records
honours = records[records["category"] != "standard"]
if not records.empty:
    timeline = charts.timeline(
        tables.timeline_frame(ctx, records),
        title=tr("ent.timeline", name=firm["name"]),
        subtitle_text=charts.subtitle(ctx.lang, ctx.as_of, district),
        source=ctx.source_line(),
        lang=ctx.lang,
        status_names={s: widgets.record_status_word(s, ctx.lang) for s in ("in_force", "expiring", "expired", "revoked", "not_yet")},
        as_of=ctx.as_of,
    )
    widgets.chart(ctx, timeline, "enterprise", enterprise_id, "timeline", key="timeline")

st.subheader(tr("ent.honours"))
if not honours.empty:
    table, _ = widgets.record_table(ctx, honours, with_enterprise=False)  # once, then one table a kind
    for kind, group in tables.grouped_by_kind(ctx, honours):
        st.markdown(f"**{words.md(kind)}** ({len(group)})")
        part = table.loc[group.index]
        widgets.dataframe(part, widgets.record_columns(ctx, bool(part["number"].astype(bool).any()), one_kind=True),
                          key=f"kind-{kind}",
                     hide_index=True, width="stretch", height=tables.table_height(len(part)))

standards = records[records["category"] == "standard"]
if not standards.empty:
    st.subheader(tr("ent.standards"))
    table = tables.enterprise_standards_table(ctx, standards)
    widgets.dataframe(
        table,
        key="standards",
        column_config={
            "std_no": st.column_config.TextColumn(tr("col.std_no")),
            "title": st.column_config.TextColumn(tr("col.title"), width="large"),
            "kind": st.column_config.TextColumn(tr("col.level")),
            "role": st.column_config.TextColumn(tr("col.role")),
            "released_on": st.column_config.TextColumn(tr("col.released_on"), width="small"),
            "link": st.column_config.LinkColumn(tr("col.open"), display_text="→", width=66),
        },
        hide_index=True,
        width="stretch",
        height=tables.table_height(len(table)),
    )

# what it is being cultivated for (培育库): each candidacy, its stage on the date and every step it went through
candidacies = caches.candidates(ctx.db, ctx.as_of, None, enterprise_id=enterprise_id)
if not candidacies.empty:
    st.subheader(tr("ent.pipeline"))
    table, config = tables.candidate_table(ctx, candidacies)
    widgets.dataframe(table.drop(columns=["enterprise", "enterprise_link", "district"]), config, key="candidacies",
                      hide_index=True, width="stretch", height=tables.table_height(len(table)))
    steps = caches.candidate_history(ctx.db, tuple(int(i) for i in candidacies["candidate_id"]))
    st.caption(tr("ent.pipeline_history"))
    st.dataframe(tables.candidate_steps_table(ctx, steps), hide_index=True, width="stretch",
                 height=tables.table_height(len(steps)))

widgets.table_downloads(ctx, lambda: tables.enterprise_export(ctx, records), firm["name"], "enterprise", enterprise_id, key="enterprise")
