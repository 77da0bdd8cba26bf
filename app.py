"""qcbrand: the entry of the Streamlit app. Page config, the shared sidebar controls, navigation."""

import streamlit as st

import ui
from qcbrand import i18n

st.set_page_config(page_title="qcbrand 质量强市台账", page_icon="📊", layout="wide")

try:
    ctx = ui.sidebar_context()
except Exception as error:  # no plan, unreadable database: say so and stop, never a traceback
    ui.show_error(error)
    st.stop()

tr = lambda key: i18n.t(key, ctx.lang)  # noqa: E731
# Page files are named *_page.py so that their names never equal their url_path: Streamlit still
# routes through the legacy pages/ folder on a server's first run (and on every AppTest run), and a
# file whose name equals a url_path would then run on its own, without this entry file.
pages = {
    tr("nav.browse"): [
        st.Page("pages/overview_page.py", title=tr("page.overview"), icon="📊", url_path="overview", default=True),
    ],
}
st.navigation(pages).run()
