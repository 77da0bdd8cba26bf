"""Variants of every corpus case, generated: a qualifier after the honour, a column nobody knows, rows of other
cities, a former name in brackets, a year in Chinese numerals, full- and half-width brackets, traditional
characters. Each variant imports exactly the case's records or is refused as a whole: never other records.

The cases are those of tests/corpus/corpus.toml, each turned into text (a workbook's sheet as CSV, its title
row kept) so that one set of edits applies to all of them; the imports run through the real importer into a
real DuckDB file holding the five registered enterprises."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from qcbrand import intake, services
from qcbrand.errors import ImportRefused
from qcbrand.ledger.store import Store
from qcbrand.shipped import KINDS_FILE
from tests.test_corpus import CASES, CORPUS, REGISTERED, expected, registered_db  # noqa: F401  (a fixture)

AS_OF = "2020-12-31"
SETTINGS = settings(max_examples=3, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")


def as_text(name: str) -> tuple[str, str]:
    """(file name, text) of a corpus case; a workbook's first sheet as CSV, its title rows as lines."""
    path = CORPUS / name
    if path.suffix != ".xlsx":
        return name, path.read_text(encoding="utf-8")
    sheet = load_workbook(path, data_only=True).worksheets[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        cells = ["" if c is None else (c.isoformat()[:10] if hasattr(c, "isoformat") else str(c)) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        writer.writerow(cells)
    return path.with_suffix(".csv").name, out.getvalue()


def records_of(db: Path) -> list[str]:
    with Store.open(db, read_only=True) as store:
        frame = services.list_records(store, __import__("datetime").date.fromisoformat(AS_OF))
    return sorted(f"{r.kind_code} | {str(r.granted_on)[:4]} | "
                  + (r.enterprise if isinstance(r.enterprise, str) and r.enterprise else f"person {r.title}")
                  for r in frame.itertuples())


def run(ledger: Path, tmp: Path, file_name: str, text: str, args: list[str]) -> list[str] | None:
    """The records the ledger holds after importing the text (None when the import is refused)."""
    db = tmp / "v.duckdb"
    shutil.copy(ledger, db)
    path = tmp / file_name
    path.write_text(text, encoding="utf-8")
    options = parse_args(args)
    with Store.open(db) as store:
        try:
            intake.import_file(store, path, options.pop("kind", None), **options)
        except ImportRefused:
            return None
    return records_of(db)


def parse_args(args: list[str]) -> dict:
    out: dict = {"matches": {}, "ignore": []}
    items = iter(args)
    for flag in items:
        if flag == "--create-enterprises":
            out["create_enterprises"] = True
        elif flag == "--year":
            out["year"] = int(next(items))
        elif flag == "--honour":
            out["honour"] = next(items)
        elif flag == "--match":
            name, number = next(items).split("=")
            out["matches"][name] = "new" if number == "new" else int(number)
        elif flag == "--ignore":
            out["ignore"].append(next(items))
        else:
            raise AssertionError(f"flag {flag} not known to the variants test")
    return out


def honour_names(text: str) -> list[str]:
    """The catalogue names and aliases that the text writes, longest first, none inside a longer one found."""
    found: list[str] = []
    for name in sorted((n for n in _catalogue_names() if n in text), key=len, reverse=True):
        if not any(name in longer for longer in found):
            found.append(name)
    return found


def _catalogue_names() -> list[str]:
    import tomllib

    data = tomllib.loads((KINDS_FILE).read_text(encoding="utf-8"))
    return [n for k in data["kinds"] for n in (k["name_zh"], *k.get("aliases", [])) if not n.isascii()]


GOOD = list(CASES)
TEXTS = {name: as_text(name) for name in GOOD}
QUALIFIERS = ["提名奖", "优秀奖", "入围奖", "先进个人", "培育对象", "示范项目"]


def _applies(names: list[str], change: object) -> list[str]:
    """The cases a variant changes (a test is parametrised only over those, so none passes by doing nothing)."""
    return [n for n in names if change(n) != TEXTS[n][1]]  # type: ignore[operator]


def with_qualifier(name: str, qualifier: str = "入围奖") -> str:
    """Every honour the text names (in simplified or traditional characters) followed by the qualifier, unless the
    qualified name is itself a catalogue kind (江苏省省长质量奖提名奖)."""
    text = TEXTS[name][1]
    catalogue = set(_catalogue_names())
    for honour in honour_names(_T2S.convert(text)):
        if honour + qualifier in catalogue:
            continue
        for written, added in ((honour, qualifier), (_S2T.convert(honour), _S2T.convert(qualifier))):
            text = re.sub(re.escape(written) + f"(?!{re.escape(added)})", written + added, text)
    return text


@pytest.mark.parametrize("name", _applies(GOOD, with_qualifier))
@SETTINGS
@given(qualifier=st.sampled_from(QUALIFIERS))
def test_a_qualifier_after_the_honour_is_never_read_as_the_honour(registered_db: Path, tmp_path: Path, name: str,
                                                                   qualifier: str) -> None:
    case = CASES[name]
    file_name, text = TEXTS[name]
    changed = with_qualifier(name, qualifier)
    assume(changed != text)
    got = run(registered_db, tmp_path, file_name, changed, case["args"])
    assert got is None or got == expected(case), (qualifier, got)
    if "--honour" not in case["args"]:  # the list says nothing else about the honour: it must be refused
        assert got is None, (qualifier, got)


TABLES = [name for name in GOOD if (CORPUS / name).suffix in (".csv", ".xlsx")]
assert TABLES and len(GOOD) >= 9


def _header_line(text: str) -> int:
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines) if any(h in line for h in ("企业名称", "单位名称")))


@pytest.mark.parametrize("name", TABLES)
@SETTINGS
@given(header=st.sampled_from(["证书编号", "推荐单位", "申报类别", "批次号", "联系人"]))
def test_a_column_nobody_knows_refuses_the_list_until_it_is_left_out(registered_db: Path, tmp_path: Path, name: str,
                                                                     header: str) -> None:
    case = CASES[name]
    file_name, text = TEXTS[name]
    lines = text.splitlines()
    at = _header_line(text)
    out = [line if i < at else f"{line},{header if i == at else 'X-' + str(i)}" if line.strip() and not line.startswith("注")
           else line for i, line in enumerate(lines)]
    changed = "\n".join(out) + "\n"
    assert run(registered_db, tmp_path, file_name, changed, case["args"]) is None
    assert run(registered_db, tmp_path, file_name, changed, [*case["args"], "--ignore", header]) == expected(case)


OTHER_CITIES = [("南京市", "南京某某电子有限公司"), ("苏州市", "苏州某某精密有限公司"), ("无锡市", "无锡某某新材料有限公司"),
                ("南通市", "南通某某船舶有限公司")]


@pytest.mark.parametrize("name", TABLES)
@SETTINGS
@given(others=st.lists(st.sampled_from(OTHER_CITIES), min_size=1, max_size=3, unique=True))
def test_rows_of_other_cities_are_left_out_and_counted(registered_db: Path, tmp_path: Path, name: str,
                                                       others: list[tuple[str, str]]) -> None:
    case = CASES[name]
    file_name, text = TEXTS[name]
    rows = list(csv.reader(io.StringIO(text)))
    at = _header_line(text)
    header = rows[at]
    name_col = next(i for i, h in enumerate(header) if h in ("企业名称", "单位名称"))
    body = [r for r in rows[at + 1:] if r and any(r) and not r[0].startswith("注")]
    notes = [r for r in rows[at + 1:] if r and r[0].startswith("注")]
    out = rows[:at] + [["设区市", *header]] + [["常州市", *r] for r in body]
    for city, firm in others:  # a copy of the first row, for another city's enterprise
        other = list(body[0])
        other[name_col] = firm
        out.append([city, *other])
    out += notes
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    db = tmp_path / "v.duckdb"
    shutil.copy(registered_db, db)
    path = tmp_path / file_name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    options = parse_args(case["args"])
    with Store.open(db) as store:
        report = intake.import_file(store, path, options.pop("kind", None), **options)
        assert report.left_out_by_city == {city: 1 for city, _ in others}
        assert not ({firm for _, firm in others} & {r[0] for r in store.rows("SELECT name FROM enterprises")})
    assert records_of(db) == expected(case)


def _first_name(case: dict, text: str) -> str | None:
    """A laureate's name that the text writes in full (an enterprise of the expected records)."""
    for line in case["records"]:
        holder = line.split(" | ")[2]
        if not holder.startswith("person ") and holder in text:
            return holder
    return None


@pytest.mark.parametrize("name", [n for n in GOOD if _first_name(CASES[n], TEXTS[n][1])])
@SETTINGS
@given(former=st.sampled_from(["原常州某某实业有限公司", "曾用名：常州某某工贸有限公司", "原名常州某某电器厂"]),
       wide=st.booleans())
def test_a_former_name_in_brackets_gives_the_name(registered_db: Path, tmp_path: Path, name: str, former: str, wide: bool) -> None:
    case = CASES[name]
    file_name, text = TEXTS[name]
    holder = _first_name(case, text)
    assert holder is not None
    bracketed = f"（{former}）" if wide else f"({former})"
    changed = text.replace(holder, holder + bracketed, 1)
    got = run(registered_db, tmp_path, file_name, changed, case["args"])
    assert got == expected(case)


@pytest.mark.parametrize("name", [n for n in GOOD if re.search(r"20\d{2}年(?!\d)", TEXTS[n][1])])
@SETTINGS
@given(style=st.sampled_from(["二〇{}年", "二〇{}年度", "二零{}年"]))
def test_a_year_in_chinese_numerals_is_read_as_the_year(registered_db: Path, tmp_path: Path, name: str, style: str) -> None:
    case = CASES[name]
    file_name, text = TEXTS[name]
    digits = "〇一二三四五六七八九"
    # 2019年 and 2019年度 → 二〇一九年 (二〇一九年度, 二零一九年): the year's last two digits written out
    changed = re.sub(r"20(\d{2})年(?:度)?(?!\d)", lambda m: style.format("".join(digits[int(d)] for d in m[1])), text)
    assume(changed != text)
    assert run(registered_db, tmp_path, file_name, changed, case["args"]) == expected(case)


WIDTHS = {"to half": {"（": "(", "）": ")", "：": ":", "，": ","}, "to full": {"(": "（", ")": "）"}}


@pytest.mark.parametrize("name,direction", [(n, d) for n in GOOD for d, pairs in WIDTHS.items()
                                            if TEXTS[n][1].translate(str.maketrans(pairs)) != TEXTS[n][1]
                                            and not (d == "to half" and n.endswith((".csv", ".xlsx")) and "，" in TEXTS[n][1])])
def test_full_and_half_width_brackets_read_alike(registered_db: Path, tmp_path: Path, name: str, direction: str) -> None:
    case = CASES[name]
    file_name, text = TEXTS[name]
    changed = text.translate(str.maketrans(WIDTHS[direction]))
    assert run(registered_db, tmp_path, file_name, changed, case["args"]) == expected(case)


def traditional(name: str, part: str) -> str:
    text = TEXTS[name][1]
    if part == "all":
        return _S2T.convert(text)
    for holder in REGISTERED + [line.split(" | ")[2] for line in CASES[name]["records"]]:
        text = text.replace(holder, _S2T.convert(holder))
    return text


@pytest.mark.parametrize("name", [n for n in GOOD if _T2S.convert(traditional(n, "all")) == TEXTS[n][1] != traditional(n, "all")])
@SETTINGS
@given(part=st.sampled_from(["all", "names"]))
def test_traditional_characters_read_as_simplified(registered_db: Path, tmp_path: Path, name: str, part: str) -> None:
    case = CASES[name]
    file_name, text = TEXTS[name]
    changed = traditional(name, part)
    assume(changed != text and _T2S.convert(changed) == text)  # a text that reads back to itself
    assert run(registered_db, tmp_path, file_name, changed, case["args"]) == expected(case)
