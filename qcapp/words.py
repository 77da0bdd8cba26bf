"""Text on the page: user text escaped for Markdown, numbers and dates in the page's language, the catalogue's words."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import streamlit as st

from qcapp import state, tables
from qcbrand import i18n
from qcbrand.services.places import district_name

# Every ASCII punctuation character may be backslash-escaped in Markdown: escaped, none of them can make a
# link ([点我](javascript:…)), an autolink (http://x), emphasis (*ST某某 keeps its asterisk), HTML (<b>),
# a formula ($x$), an icon or colour directive (:red[…]) or an entity (&amp;).
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md(value: Any) -> str:
    """A value from the ledger or the user (a name, a title, a reason, a file name, a URL parameter) as
    Markdown that shows exactly those characters: for every Streamlit element that renders Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split("\n")))


_NICE_CLASS = re.compile(r"（第(\d+)类）")


def number_text(value: Any, language: str) -> str:
    """A record's number as shown: a trademark's registration number with its Nice class, （第37类） in Chinese,
    (class 37) in English."""
    if not isinstance(value, str):
        return ""
    return value if language == "zh" else _NICE_CLASS.sub(r" (class \1)", value)


def dates(values: Any) -> pd.Series:
    """Dates for a table as 2020-12-31, a missing one as an empty cell (never "None" or "NaT")."""
    series = pd.to_datetime(pd.Series(values), errors="coerce")
    return series.dt.strftime("%Y-%m-%d").fillna("")


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **values: Any) -> str:
    return i18n.t(key, lang(), **values)


def status_label(status: str, language: str) -> str:
    return f"{i18n.STATUS_GLYPHS[status]} {i18n.status_word(status, language)}"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"  # an empty pace reads "—", never "None"


def district_label(code: str, lang: str) -> str:
    return district_name(code, lang)


def deadline_text(ctx: state.Context) -> str:
    """The deadline of the plan on screen, as the import's goal changes name it."""
    return ctx.plan.ends_on.isoformat()


def removed_text(removed: dict[str, int], lang: str) -> str:
    """What a rollback took away, in words: 质量奖 2 条."""
    parts = [f"{tables._table_word(k, lang)} {v:,}" for k, v in removed.items() if v]
    return ("、" if lang == "zh" else ", ").join(parts)


def uploader_words(language: str) -> None:
    """The file uploader's own words (drop here, the size limit, the button) in the page's language: Streamlit
    writes them in English and takes no text for them, so a style sheet puts the catalogue's words in their place."""
    def css_text(key: str) -> str:
        return i18n.t(key, language).replace("\\", "").replace('"', "'")

    st.html(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {{ content: "{css_text('upload.drop')}"; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "{css_text('upload.limit')}"; display: block; font-size: 0.875rem; opacity: 0.6; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "{css_text('upload.browse')}"; }}
</style>""")
