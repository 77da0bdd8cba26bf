"""到期提醒 Renewals: what lapses when, where, and whom to call; each row opens its enterprise and record."""

import streamlit as st

from qcapp import caches, state, tables, widgets, words
from qcbrand.reports import charts

ctx = state.context()
tr = ctx.t
WINDOWS = [3, 6, 12, 18, 24, 36]
st.title(tr("page.renewals"))
state.demo_banner(ctx)
left, right = st.columns([1, 2])
state.from_url("renew_within", "within", state.one_of(WINDOWS, int), 12)
within = left.selectbox(tr("renew.within"), WINDOWS, key="renew_within", persist_state="session")
kinds = caches.term_kinds(ctx.db, ctx.lang)
state.from_url("renew_kind", "kind", state.one_of(list(kinds)), state.ALL)
kind: str | None = right.selectbox(tr("control.kind"), [state.ALL, *kinds], format_func=lambda k: tr("browse.all") if k == state.ALL else kinds[k],
                       key="renew_kind", persist_state="session")
kind = None if kind == state.ALL else kind
state.keep_in_url(ctx, within=None if within == 12 else str(within), kind=kind)  # 12 months unless told
st.caption(words.md(tr("renew.intro", as_of=f"{ctx.as_of:%Y-%m-%d}", n=within)) + f" · {words.md(ctx.district_name())} · "
           + words.md(ctx.source_line()))
try:
    rows = caches.expiring(ctx.db, ctx.as_of, within, ctx.district, kind)
except Exception as error:
    state.show_error(error)
    st.stop()
if rows.empty:
    st.info(tr("renew.none"))
    st.stop()
st.markdown(tr("renew.count", n=f"{len(rows):,}", renewed=f"{int(rows['renewed_by'].notna().sum()):,}"))
subtitle = charts.subtitle(ctx.lang, ctx.as_of, ctx.district_name())
by_month = charts.lapses_by_month(rows, title=tr("renew.by_month"), subtitle_text=subtitle, source=ctx.source_line(),
                                  lang=ctx.lang)
widgets.chart(ctx, by_month, "renewals", within, "by-month", key="renew-month")
table, config = widgets.expiring_table(ctx, rows)
st.subheader(tr("renew.call_list"))
widgets.dataframe(table, config, key="renew-list", hide_index=True, width="stretch", height=min(tables.table_height(len(table)), 640))
widgets.table_downloads(ctx, widgets.export_frame(table, config), tr("page.renewals"), "renewals", within, key="renew-table")
if ctx.district is None:
    counted = tables.district_counts_of(ctx, rows)
    bars = charts.district_bars(counted, title=tr("renew.by_district"), subtitle_text=subtitle, source=ctx.source_line(),
                                value_title=tr("renew.lapses"))
    widgets.chart(ctx, bars, "renewals", within, "by-district", key="renew-district")
