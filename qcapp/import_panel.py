"""The data page's import steps (Streamlit-aware, like ui.py): the list in, what kind it is, its columns,
the names to settle, the report, and the commit. The work itself is done by qcbrand.services.imports."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from qcapp import caches, editors, state, tables, widgets, words
from qcbrand import i18n
from qcbrand.services import Store, imports, places
from qcbrand.services.imports import NEW

# the kinds of list a table can be, in the order the choice offers them
TABLE_KINDS = list(imports.MODELS)


def render(ctx: state.Context, store: Store) -> None:
    tr = ctx.t
    done = st.session_state.get("_import_done")
    if done is not None:  # committed: say so, and offer a new import, never the same commit again
        (st.success if done[0] == "success" else st.info)(done[1])
        if st.button(tr("data.new_import"), type="primary", key="new-import", icon=":material/upload_file:"):
            st.session_state["_import_round"] = st.session_state.get("_import_round", 0) + 1  # fresh, empty inputs
            del st.session_state["_import_done"]
            st.rerun()
        return
    round_ = st.session_state.get("_import_round", 0)
    words.uploader_words(ctx.lang)
    uploaded = st.file_uploader(tr("data.upload"), type=["xlsx", "csv", "txt"], key=f"upload-{round_}")
    pasted = st.text_area(tr("data.paste"), key=f"paste-{round_}", height=140)
    year = st.number_input(tr("data.year"), min_value=1990, max_value=2100, value=None, step=1, key="paste_year")
    if uploaded is not None:
        file_name, data = uploaded.name, uploaded.getvalue()
    elif pasted.strip():
        file_name, data = ("粘贴文本.txt" if ctx.lang == "zh" else "pasted.txt"), pasted.encode("utf-8")
    else:
        return
    sha = hashlib.sha256(data).hexdigest()
    try:
        table = caches.read_upload(store, file_name, data, sha, st.session_state.get(f"sheet-{sha}"))
    except Exception as error:
        state.show_error(error)
        return
    if len(table.sheets) > 1:
        st.selectbox(tr("data.sheet"), table.sheets, index=table.sheets.index(table.sheet), key=f"sheet-{sha}")
    honour = None
    if table.notice is not None:
        left_out: list[Any] = []
        kind, mapping = None, None
        _notice_summary(ctx, table.notice)
    else:
        picked = _table_kind(ctx, store, table, sha)
        if picked is None:
            return
        kind, honour = picked
        mapping, left_out = _mapping_editor(ctx, store, table, sha, kind)
    year = int(year) if year else None
    choices = dict(st.session_state.get(f"districts-{sha}", {}))
    matches = dict(st.session_state.get(f"matches-{sha}", {}))
    create = st.session_state.get(f"create-{sha}", False)
    try:
        prepared = caches.prepare_import(store, table, sha, year, kind, mapping, choices, create, honour, matches, left_out,
                                         ctx.plan.code)
    except Exception as error:
        state.show_error(error)
        return
    report = prepared.report
    _district_choices(ctx, report, sha)
    _name_choices(ctx, report, sha)
    if report.persons:
        st.info(tr("data.persons", n=report.persons), icon=":material/person:")
    if report.new_enterprise_names:
        st.checkbox(tr("data.create", n=len(report.new_enterprise_names)), key=f"create-{sha}")
        with st.expander(tr("data.new_names"), expanded=False):
            st.text("、".join(report.new_enterprise_names))
    st.subheader(tr("data.report"))
    (st.success if report.ok else st.error)(words.md(report.summary(ctx.lang)))
    problems = tables.problems_table(ctx, report)
    if problems.empty:
        st.caption(tr("data.no_problems"))
    else:
        st.dataframe(problems, hide_index=True, width="stretch", height=min(tables.table_height(len(problems)), 420))
        widgets.table_downloads(ctx, problems, tr("data.report") + f" · {file_name}", "report", key="report")
    _reading(ctx, report)
    if st.button(tr("data.commit"), type="primary", disabled=not report.ok, key=f"commit-{sha}"):
        writer = editors.require_editor()
        if writer is not None:
            try:
                done = imports.commit(store, prepared, writer.name, plan_code=ctx.plan.code)
            except Exception as error:
                state.show_error(error)
            else:
                caches.data_changed()
                if done.rows_new or done.enterprises_new:
                    st.session_state["_import_done"] = ("success", tr("data.committed", id=done.import_id, n=done.rows_new,
                                                                      e=done.enterprises_new))
                else:
                    st.session_state["_import_done"] = ("info", tr("data.nothing_new"))
                st.rerun()


def _reading(ctx: state.Context, report: Any) -> None:
    """How the list was read and what the import does to the goals: an editor who expects five awards and sees
    seven catches it here, before the commit."""
    tr = ctx.t
    if report.reading:
        st.markdown(f"**{tr('data.reading')}**")
        names = caches.kind_names(ctx.db, ctx.lang)
        st.dataframe(pd.DataFrame({
            "text": [r["text"] for r in report.reading],
            "kind": [names.get(r["kind"], r["kind_name"] or "") if r["kind"] else tr("data.unknown_honour")
                     for r in report.reading],
            "year": ["—" if r["year"] is None else str(r["year"]) for r in report.reading],
            "stated": ["—" if r["stated"] is None else str(r["stated"]) for r in report.reading],
            "read": [r["read"] for r in report.reading],
            "left_out": [len(r["left_out"]) for r in report.reading],
        }), column_config={
            "text": st.column_config.TextColumn(tr("data.reading_text"), width="large"),
            "kind": st.column_config.TextColumn(tr("data.reading_kind"), width="medium"),
            "year": st.column_config.TextColumn(tr("data.reading_year"), width=60),
            "stated": st.column_config.TextColumn(tr("data.reading_stated"), width=60),
            "read": st.column_config.NumberColumn(tr("data.reading_read"), format="%d", width=60),
            "left_out": st.column_config.NumberColumn(tr("data.reading_left_out"), format="%d", width=60),
        }, hide_index=True, width="stretch")
    if report.left_out_by_city:
        cities = "、".join(f"{c} {n}" for c, n in report.left_out_by_city.items())
        st.info(tr("data.left_out_city", n=sum(report.left_out_by_city.values()), cities=words.md(cities)))
    if not report.ok:
        return
    on = report.goal_changes[0]["on"] if report.goal_changes else words.deadline_text(ctx)
    if not report.goal_changes:
        st.caption(tr("data.goal_changes_none", on=on))
        return
    st.markdown(f"**{tr('data.goal_changes', on=on)}**")
    st.dataframe(pd.DataFrame({
        "goal": [c[f"name_{ctx.lang}"] for c in report.goal_changes],
        "before": [c["before"] for c in report.goal_changes],
        "after": [c["after"] for c in report.goal_changes],
    }), column_config={
        "goal": st.column_config.TextColumn(tr("data.goal"), width="large"),
        "before": st.column_config.NumberColumn(tr("data.before"), format="%d", width=80),
        "after": st.column_config.NumberColumn(tr("data.after"), format="%d", width=80),
    }, hide_index=True, width="stretch")


def _notice_summary(ctx: state.Context, notice: Any) -> None:
    """The notice's title and document numbers; its sections are in the report's reading table."""
    tr = ctx.t
    if notice.title or notice.doc_numbers:
        st.caption(tr("data.notice_source", title=words.md(notice.title or "—"), numbers=words.md("、".join(notice.doc_numbers) or "—")))


def _table_kind(ctx: state.Context, store: Store, table: Any, sha: str) -> tuple[str, str | None] | None:
    """The kind of list (detected, or chosen by the editor), and the honour given to the whole list."""
    tr = ctx.t
    st.caption(tr("data.header_row", row=table.header_row, n=len(table.rows), notes=len(table.notes)))
    detection = caches.detect_kind(store, table, sha)
    title = imports.title_honour(table, imports.kind_catalogue(store))
    if st.checkbox(tr("data.one_honour"), key=f"one-honour-{sha}"):  # the editor's honour wins over the title's
        honours = caches.honour_choices(ctx.db, ctx.lang)
        honour = st.selectbox(tr("data.honour"), list(honours), index=None, format_func=lambda h: honours.get(h, str(h)),
                              placeholder=tr("data.match_unset"), key=f"honour-{sha}")
        if honour is None:
            return None
        return imports.resolve_honour(honour, imports.kind_catalogue(store))[1], honour
    if detection.kind == "candidates":  # a stage column: a candidate list, whatever honour its title names
        title = None
    if title is not None and title.code is not None:
        names = caches.kind_names(ctx.db, ctx.lang)
        st.info(tr("data.title_honour", honour=words.md(names.get(title.code, title.code)),
                   year=f"（{title.year}年）" if title.year and ctx.lang == "zh" else f" ({title.year})" if title.year else ""))
        # the honour and year come from the title (imports.prepare reads it): only the kind of list is said here
        return imports.resolve_honour(title.code, imports.kind_catalogue(store))[1], None
    if detection.kind is None:
        st.error(words.md(imports.KindUnclear(table.file_name, detection).message(ctx.lang)))
    kind = st.selectbox(tr("data.kind"), TABLE_KINDS, index=None if detection.kind is None else TABLE_KINDS.index(detection.kind),
                        format_func=lambda k: tr(f"kind.{k}"), placeholder=tr("data.choose_kind"), key=f"kind-{sha}")
    return None if kind is None else (kind, None)


def _mapping_editor(ctx: state.Context, store: Store, table: Any, sha: str, kind: str) -> tuple[dict[int, str], list[str]]:
    """What each column is: a field, left out on purpose, or not yet said (a column nobody explained refuses the
    list). Columns the importer understands and does not read (序号, 备注, 创立时间, 设区市) start as left out."""
    tr = ctx.t
    unset, left = tr("data.mapping_unset"), tr("data.mapping_left_out")
    guess = imports.guess_mapping(table, kind, imports.kind_catalogue(store))
    start = [guess.get(i, left if imports.ignored(imports.header_key(h)) or not imports.header_key(h) else unset)
             for i, h in enumerate(table.headers)]
    shown = pd.DataFrame({"column": table.headers, "field": start})
    st.markdown(f"**{tr('data.mapping')}**")
    edited = st.data_editor(
        shown,
        column_config={
            "column": st.column_config.TextColumn(tr("data.mapping_column"), disabled=True),
            "field": st.column_config.SelectboxColumn(tr("data.mapping_field"), options=[unset, left, *imports.fields_of(kind)],
                                                      required=True),
        },
        hide_index=True, key=f"mapping-{sha}-{kind}", num_rows="fixed",
    )
    mapping = {i: f for i, f in enumerate(edited["field"]) if f not in (unset, left)}
    return mapping, [table.headers[i] for i, f in enumerate(edited["field"]) if f == left]


def _district_choices(ctx: state.Context, report: Any, sha: str) -> None:
    for name in report.ambiguous_districts:
        choices = list(places.ambiguous_districts().get(name, ()))  # the districts the former name lies in now
        pick = st.radio(i18n.t("data.districts", ctx.lang, name=name), choices, horizontal=True, index=None,
                        format_func=lambda c: words.district_label(c, ctx.lang), key=f"district-{sha}-{name}")
        if pick:
            st.session_state.setdefault(f"districts-{sha}", {})[name] = pick
            st.rerun()


def _name_choices(ctx: state.Context, report: Any, sha: str) -> None:
    """A choice per name the report asks about: one of the registered enterprises it resembles, or a new one."""
    if not report.candidates and not st.session_state.get(f"match-options-{sha}"):
        return
    tr = ctx.t
    st.markdown(f"**{tr('data.matches')}**")
    chosen = st.session_state.setdefault(f"matches-{sha}", {})
    asked = st.session_state.setdefault(f"match-options-{sha}", {})  # names settled stay on the page, to be changed
    asked.update(report.candidates)
    for index, (name, found) in enumerate(sorted(asked.items())):
        labels = {c.enterprise_id: tr("data.match_option", name=c.name, id=c.enterprise_id, score=f"{c.score:g}") for c in found}
        labels[NEW] = tr("data.match_new")
        options = list(labels)
        pick = st.selectbox(tr("data.match_for", name=words.md(name)), options,
                            index=options.index(chosen[name]) if chosen.get(name) in options else None,
                            format_func=lambda o, labels=labels: labels.get(o, str(o)), placeholder=tr("data.match_unset"), key=f"match-{sha}-{index}")
        if pick is not None and chosen.get(name) != pick:
            chosen[name] = pick
            st.rerun()
