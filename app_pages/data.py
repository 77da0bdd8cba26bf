"""数据管理 Data management: import lists with a report before anything is written, correct, revoke and
merge, roll back imports, read the audit log, back up and restore. Every write needs an editor login,
checked on the server right before the write (editors.require_editor)."""

import datetime as dt

import streamlit as st

from qcapp import caches, editors, import_panel, state, tables, widgets, words
from qcbrand.services import auth, backup, editing, imports, pipeline

ctx = state.context()
tr = ctx.t
state.keep_in_url(ctx)
st.title(tr("page.data"))
state.demo_banner(ctx)
store = caches.store()
gate = editors.gate()
editor = editors.current_editor()

# --- login -----------------------------------------------------------------------------------------
if not gate.enabled:
    st.warning(tr("data.disabled"), icon=":material/lock:")
elif editor is None:
    with st.form("login"):
        st.markdown(f"**{tr('data.login')}**")
        name = st.text_input(tr("data.name"))
        password = st.text_input(tr("data.password"), type="password")
        if st.form_submit_button(tr("data.login_button")):
            try:
                found = gate.login(name, password)
            except auth.LockedOut as locked:
                st.error(tr("data.locked", s=f"{locked.seconds:.0f}"))
            else:
                if found is None:
                    st.error(tr("data.login_failed"))
                else:
                    st.session_state["editor"] = found
                    st.rerun()
else:
    left, right = st.columns([4, 1])
    left.caption(tr("data.logged_in", name=words.md(editor.name)))
    if right.button(tr("data.logout")):
        del st.session_state["editor"]
        st.rerun()

tabs = st.tabs([tr("data.tab_import"), tr("data.tab_correct"), tr("data.tab_imports"), tr("data.tab_audit"),
                tr("data.tab_backup")])

# --- import ----------------------------------------------------------------------------------------
with tabs[0]:
    if editor is None:
        st.info(tr("data.login_required"))
    else:
        import_panel.render(ctx, store)

# --- corrections -----------------------------------------------------------------------------------
with tabs[1]:
    if editor is None:
        st.info(tr("data.login_required"))
    else:
        with st.form("correct"):
            st.markdown(f"**{tr('data.correct')}**")
            c1, c2, c3 = st.columns([1, 1, 2])
            record_id = c1.number_input(tr("data.record_id"), min_value=1, step=1, value=None)
            field = c2.selectbox(tr("col.field"), sorted({f for fs in editing.CORRECTABLE.values() for f in fs}),
                                 format_func=lambda f: tr(f"field.{f}"))
            value = c3.text_input(tr("col.value"))
            if st.form_submit_button(tr("data.save")):
                if record_id:
                    number = int(record_id)
                    editors.write(lambda w: editing.correct_record(store, w.name, number, {field: value}),
                                  lambda _: tr("data.saved"))
        with st.form("revoke"):
            st.markdown(f"**{tr('data.revoke')}**")
            c1, c2, c3 = st.columns([1, 1, 2])
            record_id = c1.number_input(tr("data.record_id"), min_value=1, step=1, value=None, key="revoke_id")
            revoked_on = c2.date_input(tr("data.revoke_on"), value=dt.date.today(), min_value=dt.date(1990, 1, 1))
            reason = c3.text_input(tr("data.reason"))
            if st.form_submit_button(tr("data.revoke")):
                if record_id:
                    number = int(record_id)
                    editors.write(lambda w: editing.revoke(store, w.name, number, revoked_on, reason),
                                  lambda _: tr("data.revoked"))
        with st.form("merge"):
            st.markdown(f"**{tr('data.merge')}**")
            c1, c2 = st.columns(2)
            keep = c1.number_input(tr("data.keep"), min_value=1, step=1, value=None)
            gone = c2.number_input(tr("data.merge_from"), min_value=1, step=1, value=None)
            sure = st.checkbox(tr("data.merge_confirm"))
            if st.form_submit_button(tr("data.merge")):
                if keep and gone and sure:
                    kept, merged = int(keep), int(gone)
                    editors.write(lambda w: editing.merge(store, w.name, kept, merged), lambda _: tr("data.merged"))
        with st.form("candidate_stage"):  # the pipeline (培育库): a candidate moves on, with the day and why
            st.markdown(f"**{tr('data.candidate_stage')}**")
            stage_names = {s.code: s.name(ctx.lang) for s in caches.stages(ctx.db)}
            c1, c2, c3, c4 = st.columns([1, 1, 1, 2])
            candidate_id = c1.number_input(tr("pipeline.col_id"), min_value=1, step=1, value=None)
            stage = c2.selectbox(tr("pipeline.col_stage"), list(stage_names), format_func=lambda c: stage_names.get(c, c))
            entered_on = c3.date_input(tr("pipeline.col_since"), value=dt.date.today(), min_value=dt.date(1990, 1, 1),
                                       max_value=dt.date.today())
            note = c4.text_input(tr("pipeline.col_note"))
            if st.form_submit_button(tr("data.save_stage")):
                if candidate_id and stage:
                    number = int(candidate_id)
                    editors.write(lambda w: pipeline.set_stage(store, w.name, number, stage, entered_on, note),
                                  lambda done: tr("data.stage_set", id=done["candidate_id"], stage=stage_names.get(done["stage"]),
                                                  on=f"{done['on']:%Y-%m-%d}"))

# --- imports and rollback --------------------------------------------------------------------------
with tabs[2]:
    history = imports.history(store)
    st.dataframe(tables.history_table(history, ctx.lang), hide_index=True, width="stretch",
                 height=min(tables.table_height(len(history)), 420))
    live = history[history["rolled_back_at"].isna()]
    if editor is not None and not live.empty:
        labels = {int(r.import_id): f"{r.import_id} · {r.file_name} · +{r.rows_added}" for r in live.itertuples()}
        chosen = st.selectbox(tr("data.import_pick"), list(labels), format_func=lambda i: labels.get(i, str(i)), key="rollback_pick")
        info = live[live["import_id"] == chosen].iloc[0]
        sure = st.checkbox(tr("data.rollback_confirm", id=chosen, file=words.md(info["file_name"])), key=f"rollback_sure_{chosen}")
        if st.button(tr("data.rollback"), disabled=not sure, key="rollback"):
            if chosen is not None:
                editors.write(lambda w: imports.rollback(store, int(chosen), w.name),
                              lambda removed: tr("data.rolled_back", detail=words.removed_text(removed, ctx.lang)))

# --- audit log -------------------------------------------------------------------------------------
with tabs[3]:
    c1, c2 = st.columns([3, 1])
    text = c1.text_input(tr("control.search"), key="audit_text")
    action = c2.selectbox(tr("data.audit_action"), [None, "import", "rollback", "correct", "revoke", "merge", "restore",
                                                    "region_load", "plan_load", "kinds_load", "indicator_set", "candidate_stage", "demo"],
                          format_func=lambda a: tr("browse.all") if a is None else tr(f"action.{a}"), key="audit_action")
    log = tables.audit_table(editing.audit_log(store, text, action), ctx.lang)
    st.dataframe(log, hide_index=True, width="stretch", height=min(tables.table_height(len(log)), 480))
    widgets.table_downloads(ctx, log, tr("data.tab_audit"), "audit", key="audit")

# --- backup and restore ----------------------------------------------------------------------------
with tabs[4]:
    if editor is None:
        st.info(tr("data.login_required"))
    else:
        folder_root = caches.backup_root()
        if st.button(tr("data.backup_now"), key="backup_now"):
            writer = editors.require_editor()
            if writer is not None:
                target = folder_root / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                try:
                    manifest = backup.backup(store, target)
                except Exception as error:
                    state.show_error(error)
                else:
                    st.success(tr("data.backed_up", path=words.md(target), n=len(manifest["tables"])))
        folders = caches.backups()
        if not folders:
            st.caption(tr("data.no_backups"))
        else:
            chosen = st.selectbox(tr("data.restore_pick"), folders, format_func=lambda p: p.name, key="restore_pick")
            sure = st.checkbox(tr("data.restore_confirm"), key="restore_sure")
            if st.button(tr("data.restore"), disabled=not sure, key="restore"):
                writer = editors.require_editor()
                if writer is not None:
                    try:
                        editors.restore_backup(chosen, writer)
                    except Exception as error:
                        state.show_error(error)
                    else:
                        st.success(tr("data.restored", path=words.md(chosen)))
