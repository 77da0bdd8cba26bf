"""The bulk import path (Arrow's CSV reader, each distinct value validated once, holders matched in one query)
gives exactly what the pydantic models give row by row: the same records, errors and warnings, for every file
of the importer's corpus (tests/corpus: published shapes, and good and bad rows of every kind) and for random
rows. The pieces it rests on are checked against the functions they stand for."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcbrand import intake, services
from qcbrand.errors import ImportRefused
from qcbrand.intake import bulk, sources
from qcbrand.intake.matching import EnterpriseResolver
from qcbrand.ledger.store import Store
from qcbrand.rules import codes

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = tomllib.loads((CORPUS / "corpus.toml").read_text(encoding="utf-8"))
ROWS = sorted(p.name for p in CORPUS.glob("rows-*"))
# every file of the corpus with the options its manifest gives it (the rows files: as they are, and agreeing to
# create enterprises, and with a year and a district choice)
FILES = ([(c["file"], c["args"]) for c in MANIFEST["case"]] + [(c["file"], c["args"]) for c in MANIFEST["bad"]]
         + [(name, args) for name in ROWS for args in ([], ["--create-enterprises", "--year", "2019",
                                                            "--district", "戚墅堰区=wujin"])])
TABLES = ["enterprises", "famous_brands", "trademarks", "quality_awards", "standards", "standard_drafters",
          "other_honours", "facts", "kind_days", "goal_spans", "span_days"]


def options(args: list[str]) -> dict:
    """The import command's options as import_file takes them."""
    out: dict = {"column_map": {}, "district_choices": {}, "matches": {}}
    i = 0
    while i < len(args):
        flag = args[i]
        if flag == "--create-enterprises":
            out["create_enterprises"] = True
            i += 1
            continue
        value = args[i + 1]
        if flag in ("--map", "--district", "--match"):
            left, right = value.split("=", 1)
            key = {"--map": "column_map", "--district": "district_choices", "--match": "matches"}[flag]
            out[key][left] = right if flag != "--match" or right == "new" else int(right)
        elif flag == "--year":
            out["year"] = int(value)
        else:
            out[flag.removeprefix("--")] = value
        i += 2
    return out


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus's ledger (five registered enterprises) holding a few famous brands, so that some rows are
    already present."""
    path = tmp_path_factory.mktemp("bulk") / "registered.duckdb"
    with Store.open(path) as store:
        services.init_database(store, actor="test")
        intake.import_file(store, CORPUS / "registered.csv", "enterprises")
        present = ("企业名称,产品名称,认定年份\n常州恒达机械有限公司,数控机床,2019\n常州华晨纺织有限公司,纺织面料,2019\n"
                   "江苏瑞华药业有限公司,电机,2019\n常州恒达机械有限公司,电机,2019\n")
        intake.import_file(store, "present.csv", "famous_brands", data=present.encode("utf-8"))
    return path


def prepared(store: Store, name: str | Path, args: list[str], engine: str, columnar: bool,
             monkeypatch: pytest.MonkeyPatch) -> intake.Prepared | intake.ImportReport:
    monkeypatch.setattr(sources, "_COLUMNAR_FROM", 0 if columnar else sys.maxsize)
    try:
        return intake.prepare_file(store, CORPUS / name, engine=engine, **options(args))
    except ImportRefused as e:
        return e.report


def report_of(result: intake.Prepared | intake.ImportReport) -> dict:
    report = result.report if isinstance(result, intake.Prepared) else result
    return {key: getattr(report, key) for key in (
        "record_kind", "rows_in_file", "problems", "rows_valid", "rows_new", "rows_already_present", "enterprises_new",
        "persons", "new_enterprise_names", "ambiguous_districts", "candidates", "rows_by_kind", "converted")}


@pytest.mark.parametrize(("name", "args"), FILES, ids=[f"{n} {' '.join(a)}".strip() for n, a in FILES])
def test_the_bulk_path_reports_and_writes_what_the_models_do(registered: Path, tmp_path: Path, name: str,
                                                            args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    alike(registered, tmp_path, name, args, monkeypatch)


def test_rows_already_present_and_repeated_are_counted_alike(registered: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "present-and-new.csv"
    path.write_text("企业名称,产品名称,认定日期\n常州恒达机械有限公司,数控机床,2019-06-01\n常州恒达机械有限公司,数控机床,2019-06-01\n"
                    "常州华晨纺织有限公司,纺织面料,2019年\n常州华晨纺织有限公司,纺织面料,2020\n常州新星电子有限公司,电机,2019\n"
                    "常州新星电子有限责任公司,电机,2019\n", encoding="utf-8")
    done = alike(registered, tmp_path, path, ["--create-enterprises"], monkeypatch)
    assert done[1:] == (2, 2, 1)  # new: 纺织面料 2020 and 电机 (the new enterprise's, once); present: two


def alike(registered: Path, tmp_path: Path, name: str | Path, args: list[str],
          monkeypatch: pytest.MonkeyPatch) -> tuple | None:
    """The same report, rows to write and (if it may be written) the same ledger afterwards, from both paths."""
    with Store.open(registered, read_only=True) as store:
        bulk_result = prepared(store, name, args, "bulk", columnar=True, monkeypatch=monkeypatch)
        model_result = prepared(store, name, args, "pydantic", columnar=False, monkeypatch=monkeypatch)
    assert report_of(bulk_result) == report_of(model_result)
    if not isinstance(bulk_result, intake.Prepared):
        return None
    assert isinstance(model_result, intake.Prepared)
    assert bulk_result.parts.keys() == model_result.parts.keys()
    for kind in bulk_result.parts:
        assert bulk_result.parts[kind].to_pylist() == model_result.parts[kind].to_pylist()
    assert bulk_result.new_enterprises.equals(model_result.new_enterprises)
    if not bulk_result.report.ok:
        return None
    written = []
    for result in (bulk_result, model_result):  # committed into copies of the same ledger: the same rows
        copy = tmp_path / f"{len(written)}.duckdb"
        shutil.copy(registered, copy)
        with Store.open(copy) as store:
            done = intake.commit(store, result, "test")
            written.append(({t: sorted(map(repr, store.rows(f"SELECT * FROM {t}"))) for t in TABLES},
                            done.rows_new, done.rows_already_present, done.enterprises_new))
    assert written[0] == written[1]
    with Store.open(tmp_path / "1.duckdb", read_only=True) as store:
        assert_written_as_prepared(store, model_result, present=written[0][2])
    return written[0]


# the columns of a prepared part that are not columns of its table, or are set by the commit itself
_NOT_WRITTEN = {"row", "repeat", "new_key", "enterprise_id", "standard_id", "import_id", "id"}


def assert_written_as_prepared(store: Store, result: intake.Prepared, present: int) -> None:
    """What the models validated is what the ledger holds: every column of every record written by the import
    (source_ref, the place in the file, included), compared with the prepared rows, not with another commit."""
    import_id = store.scalar("SELECT max(import_id) FROM imports")
    for kind, part in result.parts.items():
        table = "standard_drafters" if kind == "standard_drafters" else kind
        columns = [c for c in part.column_names if c not in _NOT_WRITTEN
                   and c in {r[0] for r in store.rows(f"SELECT column_name FROM (DESCRIBE {table})")}]
        assert "source_ref" in columns or kind in ("enterprises", "standard_drafters"), (kind, part.column_names)
        rows = [r for r in part.to_pylist() if not r.get("repeat")]
        expected = Counter(repr(tuple(r[c] for c in columns)) for r in rows)
        got = Counter(repr(r) for r in store.rows(f"SELECT {', '.join(columns)} FROM {table} WHERE import_id = ?", [import_id]))
        if not present:  # every prepared row was written
            assert got == expected, (kind, columns, list(got)[:3], list(expected)[:3])
        else:  # the rows the ledger had are not written again; what was written is as prepared
            assert got and not got - expected, (kind, columns, list(got - expected)[:3])


def test_the_rows_corpus_has_what_it_is_for(registered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Good and bad rows: each file is refused for rows of several kinds of error, yet most rows are valid,
    some are already present and some repeat."""
    with Store.open(registered, read_only=True) as store:
        for name in ROWS:
            result = prepared(store, name, [], "bulk", columnar=True, monkeypatch=monkeypatch)
            assert isinstance(result, intake.Prepared), name
            report = result.report
            fields = {p.field for p in report.errors}
            assert len(fields) >= 3 and report.rows_valid >= 20, (name, fields, report.rows_valid)
            assert report.warnings, name
    with Store.open(registered, read_only=True) as store:
        result = prepared(store, "rows-famous-brands.csv", ["--create-enterprises"], "bulk", True, monkeypatch)
        assert any("重复" in p.zh for p in result.report.warnings)


# --- the reader ------------------------------------------------------------------------------------


CSV_SHAPES = [
    "企业名称,产品名称,认定年份\n常州甲有限公司,产品一,2019\n",
    "2019年名单\n\n序号,企业名称,产品名称\r\n1,常州甲有限公司,产品\r\n\r\n2,常州乙有限公司, \r\n,,\r\n注：以上排名不分先后,,\r\n",
    "企业名称,产品名称\n常州甲有限公司,产品\n注：共1项\n",  # a note in one cell: rows of other widths
    '企业名称,产品名称\n"常州甲有限公司, 一厂","产品\n二"\n',  # quotes: a cell may span lines
    "企业名称,产品名称\r常州甲有限公司,产品\r",  # bare CR line breaks
    "企业名称,产品名称,认定年份\n\u3000,\u2003,\x1c\n合计,合计,合计\n常州甲有限公司,\u00a0产品,2019\n",
]


@pytest.mark.parametrize("text", CSV_SHAPES)
def test_arrow_reads_a_csv_as_the_row_reader_does(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = text.encode("utf-8")
    monkeypatch.setattr(sources, "_COLUMNAR_FROM", sys.maxsize)
    rows = sources.read_file("a.csv", data)
    monkeypatch.setattr(sources, "_COLUMNAR_FROM", 0)
    columns = sources.read_file("a.csv", data)
    assert (columns.header_row, columns.headers, columns.rows, columns.notes) == (
        rows.header_row, rows.headers, rows.rows, rows.notes)
    assert columns.numbers() == rows.numbers() and columns.size == rows.size


def test_the_white_space_of_the_reader_is_pythons() -> None:
    assert set(sources.WHITE_SPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


# --- the pieces: normal text, name keys, resolving many holders ------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list("常州甲乙有限责任公司厂（）() \u3000ＡAa1１\u0301e\u00e9|\t") + ["\u2003", "\u00a0"]),
               max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_normal_text_is_what_normalise_text_keeps(texts: list[str]) -> None:
    each = [t != "" and codes.normalise_text(t) == t for t in texts]
    assert codes.is_normal_text(texts[0]) == each[0]
    if codes.all_normal_text(texts):
        assert all(each)
    if codes.arrow_all_normal_text(pa.array(texts)):
        assert all(each)
    if all(each) and "|" not in "".join(texts) and all(unicodedata.combining(t[0]) == 0 for t in texts):
        assert codes.all_normal_text(texts)  # and it says so for ordinary lists


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=1, max_size=20))
def test_the_sql_name_key_is_pythons_for_normal_names(demo_db, names: list[str]) -> None:
    names = [n for n in names if codes.is_normal_text(n)]
    if names:
        got = [r[0] for r in demo_db.rows("SELECT name_key(n) FROM unnest(?::VARCHAR[]) AS t(n)", [names])]
        assert got == [codes.name_key(n) for n in names]


HOLDERS = st.tuples(st.sampled_from(["常州恒达机械有限公司", "恒达机械", "常州恒达机械", "常州新星电子有限公司",
                                     "常州新星电子", "常州宏禾集团有限公司", "瑞华药业", "常州白云化工有限公司"]),
                    st.sampled_from([None, None, "91320412MA1XYW12QR", "91320411MA1ABC34DR"]),
                    st.sampled_from([None, "wujin", "xinbei"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(HOLDERS, min_size=1, max_size=25), st.booleans(), st.sampled_from([{}, {"恒达机械": 2}, {"瑞华药业": "new"}]))
def test_resolving_many_rows_is_resolving_each_in_turn(corpus_ledger, holders: list[tuple], create: bool,
                                                       choices: dict) -> None:
    rows = list(range(2, 2 + len(holders)))
    names, usccs, districts = (list(x) for x in zip(*holders))
    many = EnterpriseResolver(corpus_ledger, create, choices)
    ids, new_keys, problems = many.resolve_many(pa.array(rows, pa.int64()), pa.array(names), pa.array(usccs, pa.string()),
                                                pa.array(districts, pa.string()))
    one = EnterpriseResolver(corpus_ledger, create, choices)
    import pandas as pd

    one.lookup(pd.DataFrame({"name": names, "uscc": usccs}))
    expected, expected_problems = [], []
    for row, name, uscc, district in zip(rows, names, usccs, districts):
        value, problem = one.resolve(row, name, uscc, district)
        expected.append(value)
        if problem is not None:
            expected_problems.append(problem)
    got = [("new", new_keys[i]) if i in new_keys else (None if ids[i] < 0 else int(ids[i])) for i in range(len(rows))]
    assert got == expected
    assert problems == expected_problems
    assert many.new == one.new and many.candidates == one.candidates and many.ambiguous == one.ambiguous


@pytest.fixture(scope="module")
def corpus_ledger(registered: Path) -> Store:
    store = Store.open(registered, read_only=True)
    yield store
    store.close()


# --- random rows of every kind -----------------------------------------------------------------------

CELLS = st.one_of(st.none(), st.sampled_from(["", " ", "常州恒达机械有限公司", "恒达", "2019", "2019-05-01", "２０１９",
                                              "2019年5月", "2019-02-30", "江苏名牌产品", "中国驰名商标", "江苏省质量奖",
                                              "江苏精品", "AAA级", "GB/T 1234-2018", "GB 1-88", "主导", "参与", "是",
                                              "现行", "7", "第9类", "46", "武进区", "戚墅堰区", "1234567", "12 34",
                                              "91320412MA1XYW12QR", "北京", "2018", "18", "是否"]),
                  st.integers(min_value=-5, max_value=50000), st.floats(allow_nan=True, allow_infinity=False, width=32),
                  st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(intake.MODELS)), st.data())
def test_random_rows_validate_alike(corpus_ledger, kind: str, data: st.DataObject) -> None:
    model = intake.MODELS[kind]
    catalogue = intake.kind_catalogue(corpus_ledger)
    fields = list(model.model_fields)
    n = data.draw(st.integers(min_value=1, max_value=8))
    rows = [(i + 2, {f: data.draw(CELLS) for f in fields if data.draw(st.booleans())}, f"第{i + 2}行") for i in range(n)]
    got = bulk.validate(kind, bulk.Rows.from_dicts(rows), model, catalogue, engine="bulk")
    want = bulk.validate(kind, bulk.Rows.from_dicts(rows), model, catalogue, engine="pydantic")
    assert got[0].to_pylist() == want[0].to_pylist()
    assert got[1] == want[1]
