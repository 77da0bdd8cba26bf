"""Reading a list and validating every row: say what it is (or refuse), resolve its honours and holders, and
prepare the rows to write with a report. Nothing here writes.

The steps are separate so the app can show each one: `read` turns the file into a RawTable (a table, or a
notice given as text), `columns.detect` says what kind of list a table is (or refuses), `prepare` validates
every row and resolves its holders into a report and the rows to write."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qcbrand import i18n
from qcbrand.errors import ImportRefused, QcbrandError
from qcbrand.intake import bulk, columns, listrows, sources
from qcbrand.intake.bulk import Rows
from qcbrand.intake.columns import HONOUR_FIELD, KindUnclear, fields_of
from qcbrand.intake.matching import EnterpriseResolver
from qcbrand.intake.models import (
    Problem,
    unread_honour_messages,
)
from qcbrand.intake.report import MODELS, NOTICE, ImportReport, Prepared
from qcbrand.intake.sources import RawTable
from qcbrand.ledger import importing, pipeline, reference
from qcbrand.ledger.store import Store
from qcbrand.rules import honours, scoring
from qcbrand.rules.codes import ambiguous_districts, name_key, normalise_text
from qcbrand.rules.fields import MAX_YEAR, MIN_YEAR


def prepare(
    store: Store,
    table: RawTable,
    kind: str | None,
    mapping: dict[int, str] | None = None,
    *,
    district_choices: dict[str, str] | None = None,
    create_enterprises: bool = False,
    sha256: str = "",
    honour: str | None = None,
    year: int | None = None,
    matches: dict[str, Any] | None = None,
    engine: str = "bulk",
    count: bool = True,
    left_out: list[str] | None = None,
    as_of: dt.date | None = None,
) -> Prepared:
    """Validate every row and work out what would be written. Never writes.

    `honour` gives every row of a table that honour (its kind of list follows from it); `year` dates rows
    that carry no date (31 December) and sections of a notice that name no year; `matches` are the
    editor's choices for names (an enterprise id, or "new"); `engine` 'pydantic' validates row by row with the
    models instead of column by column (the same report: bulk.py); `count` False leaves counting the rows new
    and already present to `commit`, which counts them again inside its transaction anyway."""
    if year is not None and not (isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR):
        raise QcbrandError(*i18n.pair("msg.prepare.year_should_four_digits_between", MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR, year=year))
    catalogue = listrows.kind_catalogue(store)
    honour_code = None
    title = None
    if honour is None and table.notice is None and kind not in ("enterprises", "candidates"):
        title = listrows.title_honour(table, catalogue)  # a title that names an honour whole gives it to every row
        if title is not None:
            honour, year = title.code, year or title.year
    if honour is not None and table.notice is None:
        honour_code, honour_kind = listrows.resolve_honour(honour, catalogue)
        if kind is not None and kind != honour_kind:
            raise QcbrandError(*i18n.pair("msg.prepare.honour_imported_as_not_as", honour=honour, v2=columns.kind_zh(honour_kind), honour_kind=honour_kind, kind=kind))
        kind = honour_kind
    record_kind = NOTICE if table.notice is not None else kind
    if record_kind is None or (record_kind != NOTICE and record_kind not in MODELS):
        raise QcbrandError(*i18n.pair("msg.prepare.unknown_record_kind_expected_one", kind=kind, v2='、'.join(MODELS), v3=', '.join(MODELS)))
    report = ImportReport(table.file_name, record_kind, sha256=sha256, dry_run=True)  # a preview until committed
    report.rows_in_file = table.size
    report.converted = len(table.converted) or int(bool(table.notice and table.notice.converted))
    report.honour = honour_code
    if table.notice is not None:
        report.source_title = table.notice.title
        report.doc_numbers = table.notice.doc_numbers
        by_kind = {k: Rows.from_dicts(v) for k, v in listrows.notice_rows(table.notice, catalogue, year, report).items()}
    else:
        assert kind is not None
        mapping = columns.guess_mapping(table, kind, catalogue) if mapping is None else dict(mapping)
        fixed = set()
        if honour_code is not None:
            field_name = HONOUR_FIELD[kind]
            taken = [table.headers[i] for i, f in mapping.items() if f == field_name]
            if taken:
                report.problems.append(Problem(None, taken[0], "", *i18n.pair("msg.prepare.whole_list_column_ignored", honour=honour, v2=taken[0]), "warning"))
            mapping = {i: f for i, f in mapping.items() if f != field_name}
            fixed.add(field_name)
        if year is not None:
            fixed.update({"granted_on", "year"} & set(fields_of(kind)))
        left = {sources.header_key(h) for h in (left_out or [])}
        report.problems.extend(columns.mapping_problems(table, kind, mapping, fixed, left))
        if honour_code is None and kind in HONOUR_FIELD and HONOUR_FIELD[kind] not in mapping.values():
            # no column and no --honour says which honour: a title that names one with something more (提名奖 …)
            # says it is not the kind's default honour
            for _row, text in table.titles:
                found = honours.match(text, catalogue)
                if found.others or (found.near is not None and found.extra):
                    zh, en = unread_honour_messages(found, catalogue)
                    report.problems.append(Problem(None, "title", text, zh + "；若整张名单确是某一荣誉，请用 --honour 指定",
                                                   en + "; if the whole list is one honour, give it with --honour"))
        for number, text in table.notes:
            report.problems.append(Problem(number, "—", text[:40], *i18n.pair("msg.prepare.note_under_table_skipped"),
                                           "warning"))
        rows = listrows.table_rows(table, kind, mapping, honour_code, year)
        rows, left_rows = listrows.own_places(table, kind, mapping, rows, report)
        by_kind = {kind: rows}
        names = listrows.kind_names(catalogue)
        report.reading.append({
            "text": title.text if title is not None else (table.titles[0][1] if table.titles else table.file_name),
            "kind": honour_code or kind, "kind_name": names.get(honour_code or "") or columns.kind_zh(kind),
            "year": year, "stated": None, "read": len(rows), "left_out": left_rows})
    if table.converted or (table.notice is not None and table.notice.converted):
        report.problems.append(Problem(None, "—", "", *i18n.pair("msg.prepare.text_has_traditional_characters_they"), "warning"))
    if not table.size:
        report.problems.append(Problem(None, "—", "", *i18n.pair("msg.prepare.there_are_no_data_rows")))
    if report.errors:
        return Prepared(report, {}, pd.DataFrame(), table)

    choices = {normalise_text(k).replace(" ", ""): v for k, v in (district_choices or {}).items()}
    validated: dict[str, pa.Table] = {}
    for part, rows in by_kind.items():
        if choices:
            rows.replace("district", lambda v: v if v is None else choices.get(normalise_text(str(v)).replace(" ", ""), v))
        good, problems = bulk.validate(part, rows, MODELS[part], catalogue, engine=engine)
        validated[part] = good
        report.problems.extend(problems)
        for p in problems:
            if p.field == "district" and p.value in ambiguous_districts() and p.value not in report.ambiguous_districts:
                report.ambiguous_districts.append(p.value)
    for part, good in validated.items():
        report.problems.extend(_codes_per_name(part, good))
    report.rows_valid = sum(g.num_rows for g in validated.values())
    resolver = EnterpriseResolver(store, create_enterprises, matches)
    parts = {}
    for part, good in validated.items():
        frame = _frame(store, part, good, report, resolver)
        if part == "candidates" and frame.num_rows:
            _staged_elsewhere(store, frame, report)
        if frame.num_rows:
            parts[part] = frame
            report.rows_by_kind[part] = len(frame)
    report.enterprises_new = len(resolver.new)
    report.new_enterprise_names = [r["name"] for r in resolver.new.values()]
    report.candidates = {**resolver.ambiguous, **{k: v for k, v in resolver.candidates.items() if v}}
    if count and not report.errors:
        _count_new(store, parts, report)
    return Prepared(report, parts, resolver.new_frame(), table)


def _codes_per_name(kind: str, good: pa.Table) -> list[Problem]:
    """Two 统一社会信用代码 for one name in one file: an error naming both rows (neither code is guessed right)."""
    name_field = "name" if kind == "enterprises" else "enterprise"
    if not good.num_rows or "uscc" not in good.column_names or name_field not in good.column_names:
        return []
    codes_ = good.column("uscc")
    if codes_.null_count == len(codes_):
        return []
    first: dict[str, tuple[int, str]] = {}
    out = []
    for row, name, code in zip(good.column("row").to_pylist(), good.column(name_field).to_pylist(), codes_.to_pylist()):
        if code is None or name is None:
            continue
        key = name_key(name)
        seen = first.setdefault(key, (row, code))
        if seen[1] != code:
            out.append(Problem(row, "uscc", code, *i18n.pair("msg.prepare.has_code_on_row_here", name=name, v2=seen[0], v3=seen[1], code=code)))
    return out


def _listed(store: Store, kind: str, good: pa.Table, report: ImportReport) -> pa.Table:
    """The rows to write of a list of enterprises or of indicator readings."""
    column = good.column
    if kind == "enterprises":
        return pa.table({
            "row": column("row"), "name": column("name"),
            "name_key": pa.array([name_key(v) for v in column("name").to_pylist()], pa.string()),
            "uscc": column("uscc"), "district_code": column("district"), "industry": column("industry"),
            "former_names": pa.array([[x.strip() for x in (f or "").replace("；", ";").replace("、", ";").split(";") if x.strip()]
                                      for f in column("former_names").to_pylist()], pa.list_(pa.string())),
        })
    frame = pd.DataFrame({"row": column("row").to_pylist(), "indicator_code": column("indicator").to_pylist(),
                          "year": column("year").to_pylist(), "value": column("value").to_pylist(),
                          "source": column("source").to_pylist()})
    known = importing.indicator_codes(store)
    frame["plan_code"] = frame["indicator_code"].map(known)
    existing = reference.indicator_values(store)
    units = importing.indicator_units(store)
    for row in frame.itertuples():
        if row.indicator_code not in known:
            report.problems.append(Problem(row.row, "indicator", row.indicator_code, *i18n.pair("msg.prepare.no_loaded_plan_has_this")))
            continue
        low, high = scoring.reading_range(units.get(row.indicator_code, ""))
        if row.value < low or (high is not None and row.value > high):
            span = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
            report.problems.append(Problem(row.row, "value", f"{row.value:g}", *i18n.pair("msg.prepare.reading_should_within", span=span, v2=units.get(row.indicator_code))))
            continue
        old = existing.get((row.plan_code, row.indicator_code, row.year))
        if old is not None and old != row.value:
            report.problems.append(Problem(row.row, "value", str(row.value),
                                           *i18n.pair("msg.prepare.already_has_reading_change_as", row_year=row.year, old=old)))
    return pa.Table.from_pandas(frame, preserve_index=False)


def _frame(store: Store, kind: str, good: pa.Table, report: ImportReport,
           resolver: EnterpriseResolver) -> pa.Table:
    """The rows to write, from the valid rows (bulk.validate's table): holders resolved, persons kept as
    laureates. A new enterprise's records carry its name key in new_key until commit gives it a number.
    `repeat` marks a row that repeats an earlier one (imported once)."""
    if not good.num_rows:
        return pa.table({})
    n = good.num_rows
    column = good.column
    if kind in ("enterprises", "indicator_readings"):
        table = _listed(store, kind, good, report)
        return table.append_column("repeat", importing.repeated(table, importing.NATURAL_KEYS[kind][0]))

    person = (column("person_org").is_valid().to_numpy(zero_copy_only=False) if "person_org" in good.column_names
              else np.zeros(n, dtype=bool))
    report.persons += int(person.sum())
    named = column("enterprise").is_valid().to_numpy(zero_copy_only=False)
    resolve = np.flatnonzero(named & ~person)  # the holders that are enterprises to find
    ids = np.full(n, -1, dtype=np.int64)
    new_keys: list[str | None] = [None] * n
    if len(resolve):
        take = pa.array(resolve)
        picked = good.take(take)
        district = (picked.column("district") if "district" in good.column_names
                    else pa.nulls(len(resolve), pa.string()))
        found, made, problems = resolver.resolve_many(picked.column("row").combine_chunks(),
                                                      picked.column("enterprise").combine_chunks(),
                                                      picked.column("uscc").combine_chunks(),
                                                      district.combine_chunks() if isinstance(district, pa.ChunkedArray)
                                                      else district)
        report.problems.extend(problems)
        ids[resolve] = found
        for position, key in made.items():
            new_keys[int(resolve[position])] = key
    records = {"row": column("row"), "enterprise_id": pa.array(ids, mask=ids < 0),
               "new_key": pa.array(new_keys, pa.string()), "source_ref": column("ref")}
    if kind == "famous_brands":
        records.update(kind_code=column("kind"), product=column("product"), brand=column("brand"),
                       granted_on=column("granted_on"), valid_until=column("valid_until"))
    elif kind == "trademarks":
        records.update(kind_code=column("tier"), mark=column("mark"), reg_no=column("reg_no"), nice_class=column("nice_class"),
                       granted_on=column("granted_on"), valid_until=column("valid_until"))
    elif kind == "quality_awards":
        records.update(kind_code=column("award"), year=column("year"), granted_on=column("granted_on"),
                       **_laureate(good, person))
    elif kind == "other_honours":
        records.update(kind_code=column("kind"), title=column("title"), district_code=column("district"),
                       granted_on=column("granted_on"), valid_until=column("valid_until"), **_laureate(good, person))
    elif kind == "candidates":
        records.update(kind_code=column("kind"), stage_code=_stages(store, good, report),
                       expected_year=column("expected_year"), unit=column("unit"), note=column("note"),
                       stage_on=column("stage_on"))
    elif kind == "standards":
        number = pc.struct_field(column("std_no"), "number")
        level = pc.struct_field(column("std_no"), "level")
        records.update(std_no=number, title=column("title"), level=level,
                       kind_code=pc.binary_join_element_wise("standard_", level, ""), released_on=column("released_on"),
                       status=column("status"), service=column("service"), role=column("role"))
    table = pa.table(records)
    repeat = importing.repeated(_keyed(table, kind), importing.NATURAL_KEYS[kind][0])
    for number in table.column("row").filter(repeat).to_pylist():
        report.problems.append(Problem(number, "—", "", *i18n.pair("msg.prepare.repeats_earlier_row_imported_once"),
                                       "warning"))
    return table.append_column("repeat", repeat)


def _staged_elsewhere(store: Store, frame: pa.Table, report: ImportReport) -> None:
    """A warning for each row whose enterprise is already an open candidate for the honour at another stage: the
    import leaves that candidacy as it is, and says how to move it."""
    rows = frame.select(["row", "enterprise_id", "kind_code", "stage_code"]).to_pandas().dropna(subset=["enterprise_id"])
    if rows.empty:
        return
    rows["enterprise_id"] = rows["enterprise_id"].astype("int64")
    found = pipeline.open_stage_of(store, rows).rename(columns={"stage_code": "ledger_stage"})
    names = {s["code"]: (s["name_zh"], s["name_en"]) for s in pipeline.stages(store)}
    for r in rows.merge(found, on=["enterprise_id", "kind_code"]).itertuples():
        if r.ledger_stage != r.stage_code and r.stage_code is not None:
            zh, en = names.get(r.ledger_stage, (r.ledger_stage, r.ledger_stage))
            report.problems.append(Problem(r.row, "stage", names.get(r.stage_code, ("", ""))[0], *i18n.pair(
                "msg.pipeline.already_candidate_at_stage", candidate_id=r.candidate_id, zh=zh, en=en,
                stage=r.stage_code), "warning"))


def _stages(store: Store, good: pa.Table, report: ImportReport) -> pa.Array:
    """Each candidate row's stage as a code of the ledger's stages (by code, name or alias); an error names a
    stage the catalogue does not have, and the stages it has."""
    known = pipeline.stages(store)
    names = {normalise_text(str(n)).lower(): s["code"] for s in known for n in (s["code"], s["name_zh"], s["name_en"], *s["aliases"])}
    out: list[str | None] = []
    for number, text in zip(good.column("row").to_pylist(), good.column("stage").to_pylist()):
        code = names.get(normalise_text(str(text)).lower())
        if code is None:
            listed = "、".join(s["name_zh"] for s in known)
            report.problems.append(Problem(number, "stage", text, *i18n.pair(
                "msg.pipeline.unknown_stage", text=text, zh=listed, en=", ".join(s["name_en"] for s in known))))
        out.append(code)
    return pa.array(out, pa.string())


def _laureate(good: pa.Table, person: np.ndarray) -> dict[str, pa.Array]:
    """A person's name and organisation; an enterprise's record has neither."""
    mask = pa.array(person)
    nothing = pa.nulls(good.num_rows, pa.string())
    return {"laureate": pc.if_else(mask, good.column("enterprise"), nothing),
            "laureate_org": pc.if_else(mask, good.column("person_org"), nothing)}


def _keyed(records: pa.Table, kind: str) -> pa.Table:
    """The rows' natural keys, a new enterprise standing for itself by its name key (not the same as any
    registered one's number)."""
    keys = importing.NATURAL_KEYS[kind][0]
    if "enterprise_id" not in keys or "new_key" not in records.column_names:
        return records.select(keys)
    holder = pc.if_else(records.column("new_key").is_valid(),
                        pc.binary_join_element_wise("new:", records.column("new_key"), ""),
                        pc.cast(records.column("enterprise_id"), pa.string()))
    return records.select(keys).set_column(keys.index("enterprise_id"), "enterprise_id", holder)


def _count_new(cur: Any, parts: dict[str, pa.Table], report: ImportReport) -> None:
    """How many of the rows are new and how many the ledger has (rows repeated in the list count once)."""
    existing = unique = 0
    for kind, records in parts.items():
        first = records.filter(pc.invert(records.column("repeat")))
        unique += first.num_rows
        if "new_key" in first.column_names:  # a new enterprise has no records yet
            first = first.filter(first.column("new_key").is_null())
        existing += importing.count_existing(cur, kind, first.drop_columns([c for c in ("row", "new_key", "repeat")
                                                                          if c in first.column_names]))
    report.rows_already_present = existing
    report.rows_new = unique - existing


def read(store: Store, file_name: str, data: bytes, *, sheet: str | None = None) -> RawTable:
    return sources.read_file(file_name, data, sheet=sheet, kinds=listrows.kind_catalogue(store))


def prepare_file(
    store: Store,
    path: str | Path,
    kind: str | None = None,
    *,
    data: bytes | None = None,
    sheet: str | None = None,
    year: int | None = None,
    honour: str | None = None,
    column_map: dict[str, str] | None = None,
    ignore: list[str] | None = None,
    district_choices: dict[str, str] | None = None,
    matches: dict[str, Any] | None = None,
    create_enterprises: bool = False,
    engine: str = "bulk",
    count: bool = True,
) -> Prepared:
    """Read one file, tell its kind (or refuse) and prepare it (see `prepare`); a file that cannot be read as
    a list raises ImportRefused. `column_map` maps a header as written in the file to a field."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise QcbrandError(*i18n.pair("msg.prepare.file_does_not_exist", path=path)) from None
    sha = hashlib.sha256(data).hexdigest()
    try:
        table = read(store, path.name, data, sheet=sheet)
        mapping = None
        if table.notice is None:
            if kind is None and honour is None and columns.detect(table, listrows.kind_catalogue(store)).kind == "candidates":
                kind = "candidates"  # a stage column: a candidate list, whatever honour its title names
            if honour is None and kind not in ("enterprises", "candidates") and (
                    title := listrows.title_honour(table, listrows.kind_catalogue(store))):
                honour, year = title.code, year or title.year
            if honour is not None:
                kind = listrows.resolve_honour(honour, listrows.kind_catalogue(store))[1] if kind is None else kind
            if kind is None:
                detection = columns.detect(table, listrows.kind_catalogue(store))
                if detection.kind is None:
                    raise KindUnclear(path.name, detection)
                kind = detection.kind
                if kind == "enterprises":
                    listrows.title_not_enterprises(table, listrows.kind_catalogue(store))
            given = {**(column_map or {}), **{h: "-" for h in (ignore or [])}}
            mapping = columns.apply_map(table, kind, columns.guess_mapping(table, kind, listrows.kind_catalogue(store)), given)
        left_out = [h for h, target in {**(column_map or {}), **{h: "-" for h in (ignore or [])}}.items() if target == "-"]
        prepared = prepare(store, table, kind, mapping, district_choices=district_choices,
                           create_enterprises=create_enterprises, sha256=sha, honour=honour, year=year, matches=matches,
                           count=count, engine=engine, left_out=left_out)
        return prepared
    except ImportRefused:
        raise
    except QcbrandError as e:
        report = ImportReport(path.name, kind or "?", sha256=sha)
        report.problems.append(Problem(None, "—", "", e.zh, e.en))
        raise ImportRefused("导入被拒绝：" + e.zh, "import refused: " + e.en, report) from None
