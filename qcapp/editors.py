"""Editors: who is signed in, the gate that refuses guessing, and the writes an editor makes from a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from qcapp import caches, state, words
from qcbrand import services
from qcbrand.services import auth


def _secrets_editors() -> dict[str, str]:
    try:
        section = st.secrets.get("editors", {})
        return {str(k): str(v) for k, v in section.items()}
    except Exception:  # no secrets file: editors come from the environment only
        return {}


@st.cache_resource(show_spinner=False)
def _gate(config: tuple[tuple[str, str], ...]) -> auth.Gate:
    """One gate per editor configuration, shared by every session: failed logins count across sessions."""
    return auth.Gate(dict(config))


def gate() -> auth.Gate:
    editors = auth.editors_from(secrets_section=_secrets_editors())
    return _gate(tuple(sorted(editors.items())))


def current_editor() -> auth.Editor | None:
    editor = st.session_state.get("editor")
    g = gate()
    # checked on the server at every use: a session holds an Editor only after a real login
    return editor if isinstance(editor, auth.Editor) and editor.name in g.editors else None


def require_editor() -> auth.Editor | None:
    """Every write path calls this right before writing; it refuses (with a message) without a login."""
    editor = current_editor()
    if editor is None:
        st.error(words.t("data.login_required"))
    return editor


def restore_backup(folder: Any, editor: auth.Editor) -> dict[str, Any]:
    """Restore a backup into the served database: the ledger is held for the restore and the file swapped;
    the restored ledger is published, and every page of every process reads it from its next run."""
    path = caches.db_path()
    try:
        manifest = services.restore_backup(caches._open_store(path), folder, editor.name)
    finally:
        caches._open_store.clear()  # a fresh handle on the next page, restored or not
        caches.data_changed()
    return manifest


def set_reading(ctx: state.Context, code: str, year: int, value: str, editor: str, source: str | None) -> None:
    services.set_indicator_reading(caches.store(), ctx.plan.code, code, year, value, editor, source)
    caches.data_changed()


def write(action: Callable[[auth.Editor], Any], done: Callable[[Any], str]) -> Any | None:
    """An editor's write from a page, the one way: the editor checked again, the write, then its error shown or
    the caches cleared and its success said. Returns what the write returned (None when it did not happen)."""
    writer = require_editor()
    if writer is None:
        return None
    try:
        result = action(writer)
    except Exception as error:  # qcbrand's errors carry both languages; a bug is shown, not raised at the reader
        state.show_error(error)
        return None
    caches.data_changed()
    st.success(done(result))
    return result
