"""qcbrand: the entry of the Streamlit app. Page config, the shared sidebar controls, navigation."""

import streamlit as st

from qcapp import state
from qcbrand import i18n

st.set_page_config(page_title="qcbrand 质量强市台账", page_icon="📊", layout="wide")

nav_box = st.sidebar.container()  # the page links, above the shared controls: filled once the view is known
try:
    ctx = state.sidebar_context()
except Exception as error:  # no plan, unreadable database: say so and stop, never a traceback
    state.show_error(error)
    st.stop()
st.set_page_config(page_title=state.page_title(ctx))  # the ledger's city, once the ledger is open

tr = lambda key: i18n.t(key, ctx.lang)  # noqa: E731
# a card's title wraps onto a second line rather than being cut (the English goal names are long)
st.html("<style>[data-testid='stMetricLabel'] div, [data-testid='stMetricLabel'] p "
        "{ white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }</style>")
# The page files live in app_pages/, not pages/: with a pages/ folder beside the entry file, Streamlit
# routes a server's first run (and every AppTest run) through its legacy multipage router, which shows
# "Page not found" for a deep link and reruns a page file without this entry file.
pages = {
    tr("nav.browse"): [
        st.Page("app_pages/overview.py", title=tr("page.overview"), icon=":material/dashboard:", default=True),
        st.Page("app_pages/goal.py", title=tr("page.goal"), icon=":material/flag:", url_path="goal"),
        st.Page("app_pages/districts.py", title=tr("page.districts"), icon=":material/map:", url_path="districts"),
        st.Page("app_pages/enterprise.py", title=tr("page.enterprises"), icon=":material/factory:", url_path="enterprise"),
        st.Page("app_pages/renewals.py", title=tr("page.renewals"), icon=":material/event_upcoming:", url_path="renewals"),
        st.Page("app_pages/pipeline.py", title=tr("page.pipeline"), icon=":material/conversion_path:", url_path="pipeline"),
        st.Page("app_pages/indicators.py", title=tr("page.indicators"), icon=":material/monitoring:", url_path="indicators"),
    ],
    tr("nav.records"): [
        st.Page("app_pages/brands.py", title=tr("page.brands"), icon=":material/workspace_premium:", url_path="brands"),
        st.Page("app_pages/trademarks.py", title=tr("page.trademarks"), icon=":material/copyright:", url_path="trademarks"),
        st.Page("app_pages/awards.py", title=tr("page.awards"), icon=":material/emoji_events:", url_path="awards"),
        st.Page("app_pages/standards.py", title=tr("page.standards"), icon=":material/menu_book:", url_path="standards"),
        st.Page("app_pages/record.py", title=tr("page.record"), icon=":material/description:", url_path="record",
                visibility="hidden"),
    ],
    tr("nav.manage"): [
        st.Page("app_pages/data.py", title=tr("page.data"), icon=":material/edit_note:", url_path="data"),
    ],
}
# The page links carry the view (date, district, language): a page opened from them has nothing to add to its
# URL, so Back goes to the page before in one step (Streamlit's own links carry nothing, and the parameters the
# page then wrote made a second history entry to go back through).
current = st.navigation(pages, position="hidden")
with nav_box:
    for section, entries in pages.items():
        st.caption(section)
        for entry in entries:
            if entry.visibility != "hidden":
                st.page_link(entry, label=entry.title, icon=entry.icon, query_params=ctx.link_params())
current.run()
