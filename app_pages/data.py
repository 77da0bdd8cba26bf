"""数据管理 Data management: import lists with a report before anything is written, correct, revoke and
merge, roll back imports, read the audit log, back up and restore. Every write needs an editor login,
checked on the server right before the write (ui.require_editor)."""

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

import ui
import widgets
from qcbrand import auth, backup, editing, i18n, importer

ctx = ui.context()
tr = lambda key, **kw: i18n.t(key, ctx.lang, **kw)  # noqa: E731
ui.keep_in_url(ctx)
st.title(tr("page.data"))
ui.demo_banner(ctx)
store = ui.store()
gate = ui.gate()
editor = ui.current_editor()

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
    left.caption(tr("data.logged_in", name=editor.name))
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
        uploaded = st.file_uploader(tr("data.upload"), type=["xlsx", "csv", "txt"], key="upload")
        pasted = st.text_area(tr("data.paste"), key="paste", height=140)
        year = st.number_input(tr("data.year"), min_value=1990, max_value=2100, value=None, step=1, key="paste_year")
        if uploaded is not None:
            file_name, data = uploaded.name, uploaded.getvalue()
        elif pasted.strip():
            file_name, data = ("粘贴文本.txt" if ctx.lang == "zh" else "pasted.txt"), pasted.encode("utf-8")
        else:
            file_name, data = None, b""
        if file_name:
            sha = hashlib.sha256(data).hexdigest()
            try:
                table = ui.read_upload(store, file_name, data, sha, st.session_state.get(f"sheet-{sha}"), year)
            except Exception as error:
                ui.show_error(error)
                st.stop()
            if len(table.sheets) > 1:
                st.selectbox(tr("data.sheet"), table.sheets, index=table.sheets.index(table.sheet), key=f"sheet-{sha}")
            if table.sections:
                kind = importer.notice_kind(table, importer.kind_catalogue(store))[0] or "quality_awards"
                mapping = None
            else:
                st.caption(tr("data.header_row", row=table.header_row, n=len(table.rows), notes=len(table.notes)))
                kinds = list(importer.MODELS)
                guessed = importer.guess_kind(table.headers) or "famous_brands"
                kind = st.selectbox(tr("data.kind"), kinds, index=kinds.index(guessed),
                                    format_func=lambda k: tr(f"kind.{k}"), key=f"kind-{sha}")
                ignore = tr("field.ignore")
                guess = importer.guess_mapping(table.headers, kind)
                shown = pd.DataFrame({"column": table.headers,
                                      "field": [guess.get(i, ignore) for i in range(len(table.headers))]})
                st.markdown(f"**{tr('data.mapping')}**")
                edited = st.data_editor(
                    shown,
                    column_config={
                        "column": st.column_config.TextColumn(tr("data.mapping_column"), disabled=True),
                        "field": st.column_config.SelectboxColumn(tr("data.mapping_field"),
                                                                  options=[ignore, *importer.fields_of(kind)], required=True),
                    },
                    hide_index=True, key=f"mapping-{sha}-{kind}", num_rows="fixed",
                )
                mapping = {i: f for i, f in enumerate(edited["field"]) if f != ignore}
            choices = {name: code for name, code in st.session_state.get(f"districts-{sha}", {}).items()}
            create = st.session_state.get(f"create-{sha}", False)
            prepared = ui.prepare_import(store, table, sha, year, kind, mapping, choices, create)
            report = prepared.report
            for name in report.ambiguous_districts:
                options = ["wujin", "jingkai"]
                pick = st.radio(tr("data.districts", name=name), options, horizontal=True, index=None,
                                format_func=lambda c: ui.district_label(c, ctx.lang), key=f"district-{sha}-{name}")
                if pick:
                    st.session_state.setdefault(f"districts-{sha}", {})[name] = pick
                    st.rerun()
            if report.new_enterprise_names:
                st.checkbox(tr("data.create", n=len(report.new_enterprise_names)), key=f"create-{sha}")
                with st.expander(tr("data.new_names"), expanded=False):
                    st.write("、".join(report.new_enterprise_names))
            st.subheader(tr("data.report"))
            (st.success if report.ok else st.error)(report.summary(ctx.lang))
            problems = ui.problems_table(ctx, report)
            if problems.empty:
                st.caption(tr("data.no_problems"))
            else:
                st.dataframe(problems, hide_index=True, width="stretch", height=min(ui.table_height(len(problems)), 420))
                widgets.table_downloads(ctx, problems, tr("data.report") + f" · {file_name}", "report", key="report")
            if st.button(tr("data.commit"), type="primary", disabled=not report.ok, key=f"commit-{sha}"):
                writer = ui.require_editor()
                if writer is not None:
                    try:
                        done = importer.commit(store, prepared, writer.name)
                    except Exception as error:
                        ui.show_error(error)
                    else:
                        ui.data_changed()
                        if done.rows_new or done.enterprises_new:
                            st.success(tr("data.committed", id=done.import_id, n=done.rows_new, e=done.enterprises_new))
                        else:
                            st.info(tr("data.nothing_new"))

# --- corrections -----------------------------------------------------------------------------------
with tabs[1]:
    if editor is None:
        st.info(tr("data.login_required"))
    else:
        with st.form("correct"):
            st.markdown(f"**{tr('data.correct')}**")
            c1, c2, c3 = st.columns([1, 1, 2])
            record_id = c1.number_input(tr("data.record_id"), min_value=1, step=1, value=None)
            field = c2.selectbox(tr("col.field"), sorted({f for fs in editing.CORRECTABLE.values() for f in fs}))
            value = c3.text_input(tr("col.value"))
            if st.form_submit_button(tr("data.save")):
                writer = ui.require_editor()
                if writer is not None and record_id:
                    try:
                        editing.correct_record(store, writer.name, int(record_id), {field: value})
                    except Exception as error:
                        ui.show_error(error)
                    else:
                        ui.data_changed()
                        st.success(tr("data.saved"))
        with st.form("revoke"):
            st.markdown(f"**{tr('data.revoke')}**")
            c1, c2, c3 = st.columns([1, 1, 2])
            record_id = c1.number_input(tr("data.record_id"), min_value=1, step=1, value=None, key="revoke_id")
            revoked_on = c2.date_input(tr("data.revoke_on"), value=dt.date.today(), min_value=dt.date(1990, 1, 1))
            reason = c3.text_input(tr("data.reason"))
            if st.form_submit_button(tr("data.revoke")):
                writer = ui.require_editor()
                if writer is not None and record_id:
                    try:
                        editing.revoke(store, writer.name, int(record_id), revoked_on, reason)
                    except Exception as error:
                        ui.show_error(error)
                    else:
                        ui.data_changed()
                        st.success(tr("data.revoked"))
        with st.form("merge"):
            st.markdown(f"**{tr('data.merge')}**")
            c1, c2 = st.columns(2)
            keep = c1.number_input(tr("data.keep"), min_value=1, step=1, value=None)
            gone = c2.number_input(tr("data.merge_from"), min_value=1, step=1, value=None)
            sure = st.checkbox(tr("data.merge_confirm"))
            if st.form_submit_button(tr("data.merge")):
                writer = ui.require_editor()
                if writer is not None and keep and gone and sure:
                    try:
                        editing.merge(store, writer.name, int(keep), int(gone))
                    except Exception as error:
                        ui.show_error(error)
                    else:
                        ui.data_changed()
                        st.success(tr("data.merged"))

# --- imports and rollback --------------------------------------------------------------------------
with tabs[2]:
    history = importer.imports(store)
    st.dataframe(history, hide_index=True, width="stretch", height=min(ui.table_height(len(history)), 420))
    live = history[history["rolled_back_at"].isna()]
    if editor is not None and not live.empty:
        labels = {int(r.import_id): f"{r.import_id} · {r.file_name} · +{r.rows_added}" for r in live.itertuples()}
        chosen = st.selectbox(tr("data.import_pick"), list(labels), format_func=labels.get, key="rollback_pick")
        info = live[live["import_id"] == chosen].iloc[0]
        sure = st.checkbox(tr("data.rollback_confirm", id=chosen, file=info["file_name"]), key=f"rollback_sure_{chosen}")
        if st.button(tr("data.rollback"), disabled=not sure, key="rollback"):
            writer = ui.require_editor()
            if writer is not None:
                try:
                    removed = importer.rollback(store, int(chosen), writer.name)
                except Exception as error:
                    ui.show_error(error)
                else:
                    ui.data_changed()
                    st.success(tr("data.rolled_back", detail=", ".join(f"{k} -{v}" for k, v in removed.items() if v)))

# --- audit log -------------------------------------------------------------------------------------
with tabs[3]:
    c1, c2 = st.columns([3, 1])
    text = c1.text_input(tr("control.search"), key="audit_text")
    action = c2.selectbox(tr("data.audit_action"), [None, "import", "rollback", "correct", "revoke", "merge", "restore",
                                                    "plan_load", "kinds_load", "demo"],
                          format_func=lambda a: tr("browse.all") if a is None else a, key="audit_action")
    log = editing.audit_log(store, text, action)
    st.dataframe(log, hide_index=True, width="stretch", height=min(ui.table_height(len(log)), 480))
    widgets.table_downloads(ctx, log, tr("data.tab_audit"), "audit", key="audit")

# --- backup and restore ----------------------------------------------------------------------------
with tabs[4]:
    if editor is None:
        st.info(tr("data.login_required"))
    else:
        folder_root = ui.backup_root()
        if st.button(tr("data.backup_now"), key="backup_now"):
            writer = ui.require_editor()
            if writer is not None:
                target = folder_root / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                try:
                    manifest = backup.backup(store, target)
                except Exception as error:
                    ui.show_error(error)
                else:
                    st.success(tr("data.backed_up", path=str(target), n=len(manifest["tables"])))
        found = ui.backups()
        if not found:
            st.caption(tr("data.no_backups"))
        else:
            chosen = st.selectbox(tr("data.restore_pick"), found, format_func=lambda p: p.name, key="restore_pick")
            sure = st.checkbox(tr("data.restore_confirm"), key="restore_sure")
            if st.button(tr("data.restore"), disabled=not sure, key="restore"):
                writer = ui.require_editor()
                if writer is not None:
                    try:
                        ui.restore_backup(chosen, writer)
                    except Exception as error:
                        ui.show_error(error)
                    else:
                        st.success(tr("data.restored", path=str(chosen)))
