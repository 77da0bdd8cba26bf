"""The corpus of published shapes (tests/corpus/corpus.toml): each file imports exactly its records, from the
command line and from the data page, or is refused as a whole with the errors it must name."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from qcbrand import intake, services
from qcbrand.cli import cli
from qcbrand.ledger.store import Store
from qcbrand.services import auth
from tests.conftest import shown

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = tomllib.loads((CORPUS / "corpus.toml").read_text(encoding="utf-8"))
APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "a long editor password"
AS_OF = dt.date(2020, 12, 31)
REGISTERED = ["江苏瑞华药业有限公司", "常州恒达机械有限公司", "常州恒达机械股份有限公司", "常州华晨纺织有限公司", "常州宏禾集团有限公司"]


@pytest.fixture(scope="module")
def registered_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding the five enterprises of registered.csv (numbers 1–5) and no records."""
    path = tmp_path_factory.mktemp("corpus") / "registered.duckdb"
    with Store.open(path) as store:
        services.init_database(store, actor="test")
        intake.import_file(store, CORPUS / "registered.csv", "enterprises")
        assert store.rows("SELECT enterprise_id, name FROM enterprises ORDER BY 1") == list(enumerate(REGISTERED, 1))
    return path


@pytest.fixture
def ledger(registered_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ledger.duckdb"
    shutil.copy(registered_db, path)
    return path


def qcbrand(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def holders(records: list[dict]) -> list[str]:
    """Records as the manifest writes them: kind | year | enterprise (or person 姓名（单位）)."""
    return sorted(f"{r['kind_code']} | {r['granted_on'][:4]} | "
                  + (r["enterprise"] if r["enterprise"] else f"person {r['title']}") for r in records)


def expected(case: dict) -> list[str]:
    return sorted(case["records"])


CASES = {case["file"]: case for case in MANIFEST["case"]}
BAD = {f"{case['file']} {' '.join(case['args'])}".strip(): case for case in MANIFEST["bad"]}


@pytest.mark.parametrize("name", CASES)
def test_each_shape_imports_its_exact_records_from_the_command_line(ledger: Path, name: str) -> None:
    case = CASES[name]
    code, out, err = qcbrand(ledger, "import", str(CORPUS / name), *case["args"])
    assert code == 0, err
    code, out, _ = qcbrand(ledger, "records", "--format", "json", "--as-of", AS_OF.isoformat())
    assert holders(json.loads(out)) == expected(case)
    with Store.open(ledger, read_only=True) as store:
        names = {r[0] for r in store.rows("SELECT name FROM enterprises")}
        imp = store.dicts("SELECT * FROM imports ORDER BY import_id DESC LIMIT 1")[0]
    # no enterprise named after a person, an honour or a project; the new ones are exactly the laureates
    laureates = {line.split(" | ")[2] for line in case["records"] if not line.split(" | ")[2].startswith("person ")}
    assert names == set(REGISTERED) | laureates
    assert imp["persons_added"] == case.get("persons", 0)
    if "doc_numbers" in case:
        assert imp["doc_numbers"] == case["doc_numbers"]
    if case.get("converted"):
        assert imp["source_text"] == (CORPUS / name).read_text(encoding="utf-8")  # the original, traditional


@pytest.mark.parametrize("name", BAD)
def test_each_bad_variant_is_refused_naming_row_and_field_and_writes_nothing(ledger: Path, name: str) -> None:
    case = BAD[name]
    with Store.open(ledger, read_only=True) as store:
        before = store.fingerprints()
    code, out, err = qcbrand(ledger, "import", str(CORPUS / case["file"]), *case["args"])
    assert code == 1 and "Traceback" not in err
    for row, field, fragment in case["errors"]:
        line = next((line for line in err.splitlines() if line.startswith("[错误 error]") and fragment in line), None)
        assert line is not None, (fragment, err)
        assert (f"第{row}行" if row else "文件") in line and (field in line)
        assert " / " in line  # Chinese and English
    with Store.open(ledger, read_only=True) as store:
        assert store.fingerprints() == before


def test_the_same_honours_from_a_table_then_from_a_notice_add_nothing(ledger: Path) -> None:
    code, out, err = qcbrand(ledger, "import", str(CORPUS / "awards-table.csv"))
    assert code == 0 and "新增 2 条" in err
    code, out, err = qcbrand(ledger, "import", str(CORPUS / "awards-notice.txt"), "--year", "2018")
    assert code == 0 and "新增 0 条，已存在 2 条" in err
    with Store.open(ledger, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM quality_awards") == 2


def test_a_person_is_never_an_enterprise_and_counts_for_no_goal_in_jia(ledger: Path) -> None:
    qcbrand(ledger, "import", str(CORPUS / "commendation-list.txt"), "--create-enterprises")
    with Store.open(ledger, read_only=True) as store:
        scores = {s.goal_code: s.value for s in services.scoreboard(store, None, AS_OF)}
        assert store.rows("SELECT laureate, laureate_org, enterprise_id FROM quality_awards WHERE laureate IS NOT NULL") == [
            ("王某某", "常州宏禾集团有限公司董事长", None)]
    # the Jiangsu Quality Award goal counts awards (个): the enterprise's and the person's
    assert scores["jiangsu_quality_award"] == 2


def test_kinds_load_adds_a_kind_and_keeps_the_others(ledger: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text('[[kinds]]\ncode = "changzhou_quality_integrity"\ncategory = "other"\n'
                     'name_zh = "常州市质量诚信示范企业"\nname_en = "Changzhou quality-integrity model enterprise"\n'
                     'level = "municipal"\n', encoding="utf-8")
    with Store.open(ledger, read_only=True) as store:
        before = store.scalar("SELECT count(*) FROM honour_kinds")
    assert qcbrand(ledger, "kinds", "load", str(extra))[0] == 0
    code, out, err = qcbrand(ledger, "import", str(CORPUS / "bad-unknown-honour.txt"), "--create-enterprises")
    assert code == 0 and "新增 2 条" in err
    with Store.open(ledger, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM honour_kinds") == before + 1


# --- the same corpus through the data page ---------------------------------------------------------


def page(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("QCBRAND_DB", str(ledger))
    monkeypatch.setenv("QCBRAND_EDITORS", "wang=" + auth.hash_password(PASSWORD, iterations=1000))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    at.text_input[0].set_value("wang")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    return at


@pytest.mark.parametrize("name", CASES)
def test_each_shape_imports_its_exact_records_from_the_page(ledger: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    data = (CORPUS / name).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    at = page(ledger, monkeypatch)
    at.file_uploader(key="upload-0").upload(name, data).run()
    args = list(case["args"])
    while args:
        flag = args.pop(0)
        if flag == "--year":
            at.number_input(key="paste_year").set_value(int(args.pop(0))).run()
        elif flag == "--honour":
            honour = args.pop(0)
            at.checkbox(key=f"one-honour-{sha}").check().run()
            with Store.open(ledger) as store:
                code = services.resolve_kind(store, honour)
            at.selectbox(key=f"honour-{sha}").set_value(code).run()
        elif flag == "--match":
            wanted, number = args.pop(0).split("=")
            box = next(s for s in at.selectbox if s.label == f"“{wanted}”是哪家企业？")
            box.set_value(int(number)).run()
        elif flag == "--create-enterprises":
            if any(c.key == f"create-{sha}" for c in at.checkbox):
                at.checkbox(key=f"create-{sha}").check().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    if case.get("persons"):
        assert any(f"其中 {case['persons']} 名获奖者是个人" in i.value for i in at.info)
    at.button(key=f"commit-{sha}").click().run()
    assert any("已导入" in s.value for s in at.success), [e.value for e in at.error]
    with Store.open(ledger) as store:  # the app's own configuration: one process opens a file one way
        rows = json.loads(services.list_records(store, AS_OF).to_json(orient="records", date_format="iso", force_ascii=False))
    assert holders(rows) == expected(case)


def test_the_page_refuses_a_list_it_cannot_tell_and_offers_the_choices(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = page(ledger, monkeypatch)
    # the 老字号 list without its title row (第四批“常州老字号”名单, which would name the honour): nothing says which
    import io

    from openpyxl import load_workbook

    book = load_workbook(CORPUS / "laozihao-no-honour-column.xlsx")
    book.active.delete_rows(1)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    at.file_uploader(key="upload-0").upload("laozihao-no-honour-column.xlsx", data).run()
    assert any("无法确定" in shown(e.value) and "--honour" in shown(e.value) for e in at.error)
    assert at.selectbox(key=f"kind-{sha}").value is None  # nothing guessed
    assert not [b for b in at.button if b.key == f"commit-{sha}"]
