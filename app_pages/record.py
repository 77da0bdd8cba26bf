"""记录 Record: one record, its holders, its history and where it came from."""

import streamlit as st

from qcapp import caches, state, tables, widgets, words

ctx = state.context()
tr = ctx.t
record_id = state.query_int("record")
if record_id is None:
    st.info(tr("record.choose"))
    st.stop()
state.keep_in_url(ctx, record=str(record_id))
try:
    view = caches.record_view(ctx.db, record_id, ctx.as_of)
except Exception as error:
    state.show_error(error)
    st.stop()

r = view.record
st.title(words.md(f"{r[f'kind_{ctx.lang}']} · {r['title']}"))
state.demo_banner(ctx)
st.dataframe(tables.record_facts(ctx, r), hide_index=True, width="content")
if r.get("renews") is not None and r["renews"] == r["renews"]:  # its renewal chain, both ways
    widgets.page_link(ctx, "record", tr("renew.renews", id=int(r["renews"])), record=int(r["renews"]))
if r.get("renewed_by") is not None and r["renewed_by"] == r["renewed_by"]:
    widgets.page_link(ctx, "record", tr("renew.renewed_by", id=int(r["renewed_by"]), on=f"{r['renewed_on']:%Y-%m-%d}"),
                      record=int(r["renewed_by"]))

st.subheader(tr("record.holders"))
if isinstance(r.get("laureate"), str):
    st.text(f"{tr('record.laureate')}: {r['title']}")
for holder in view.holders.itertuples():
    role = f" · {tr('role.' + holder.role)}" if isinstance(holder.role, str) else ""
    widgets.page_link(ctx, "enterprise", f"{holder.name}{role}", enterprise=int(holder.enterprise_id))

if view.closes is not None and not view.closes.empty:  # the pipeline's side of the link: the candidacies it closed
    for c in view.closes.itertuples():
        widgets.page_link(ctx, "enterprise", tr("record.closes", id=int(c.candidate_id), on=f"{c.entered_on:%Y-%m-%d}"),
                          enterprise=int(c.enterprise_id))

st.subheader(tr("record.provenance"))
origin = tables.provenance(ctx, view)
if origin is None:
    st.caption(tr("record.prov_none"))
else:
    st.dataframe(origin, hide_index=True, width="content")

st.subheader(tr("record.history"))
if view.history.empty:
    st.caption(tr("record.no_history"))
else:
    st.dataframe(tables.audit_table(view.history, ctx.lang), hide_index=True, width="stretch")
