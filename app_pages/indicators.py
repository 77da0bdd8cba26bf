"""指标 Indicators: the decision's rates (合格率, 事故率, 满意度 …), each with its wording, target and yearly
readings against the target line; an editor enters or corrects a reading here."""

import streamlit as st

from qcapp import caches, editors, state, tables, widgets, words
from qcbrand.reports import charts

ctx = state.context()
tr = ctx.t

st.title(tr("page.indicators"))
st.caption(tr("ind.intro", as_of=f"{ctx.as_of:%Y-%m-%d}") + f" · {ctx.source_line()}")
state.demo_banner(ctx)
try:
    items = caches.indicators(ctx.db, ctx.plan.code, ctx.as_of)
except Exception as error:
    state.show_error(error)
    st.stop()
if not items:
    st.info(tr("ind.none"))
    st.stop()

by_code = {i.code: i for i in items}
state.from_url("indicator_pick", "indicator", state.one_of(list(by_code)), items[0].code)
table = tables.indicators_table(ctx, items)
widgets.dataframe(table, tables.indicators_columns(ctx.lang), key="indicators", hide_index=True, width="stretch",
                  height=tables.table_height(len(table)))

code = st.selectbox(tr("ind.choose"), list(by_code), format_func=lambda c: by_code[c].name(ctx.lang), key="indicator_pick", persist_state="session")
state.keep_in_url(ctx, indicator=None if code == items[0].code else code)
item = by_code[code]
st.subheader(words.md(item.name(ctx.lang)))
st.markdown(f"**{tr('goal.wording', n=item.clause)}** “{words.md(item.wording_zh)}”")
latest = item.latest
cols = st.columns(3)
cols[0].metric(tr("ind.target"), f"{tr('ind.cmp.' + item.comparison)} {item.target:g} {item.unit(ctx.lang)}")
cols[1].metric(tr("ind.latest_value"), "—" if latest is None else f"{latest[1]:g} ({latest[0]})")
cols[2].metric(tr("ind.status"), tr(f"ind.{item.status}"))
if item.readings:
    chart = charts.indicator_trend([(y, v) for y, v, _ in item.readings], title=tr("ind.trend", name=item.name(ctx.lang)),
                                   subtitle_text=charts.subtitle(ctx.lang, ctx.as_of, tr("control.all_city")),
                                   source=ctx.source_line(), lang=ctx.lang, target=item.target, unit=item.unit(ctx.lang))
    widgets.chart(ctx, chart, "indicator", code, key="indicator-trend")
    st.dataframe(tables.readings_table(ctx, item), hide_index=True, width="content")
else:
    st.caption(tr("ind.none"))

st.subheader(tr("ind.edit"))
if "_indicator_saved" in st.session_state:
    st.success(st.session_state.pop("_indicator_saved"))
editor = editors.current_editor()
if editor is None:
    st.caption(tr("ind.login"))
else:
    with st.form("reading"):
        left, middle, right = st.columns([1, 1, 3])
        year = left.number_input(tr("ind.year"), min_value=1949, max_value=2100, step=1,
                                 value=(latest[0] + 1) if latest else ctx.plan.starts_on.year)
        value = middle.text_input(tr("ind.value"), placeholder=item.unit(ctx.lang))
        source = right.text_input(tr("ind.source"))
        if st.form_submit_button(tr("ind.save")):
            editor = editors.require_editor()  # checked again right before the write
            if editor is not None:
                try:
                    editors.set_reading(ctx, code, int(year), value, editor.name, source.strip() or None)
                except Exception as error:
                    state.show_error(error)
                else:  # shown again from the ledger, with what was saved said above the form
                    st.session_state["_indicator_saved"] = tr("ind.saved", name=words.md(item.name(ctx.lang)), year=int(year),
                                                              value=words.md(value))
                    st.rerun()
