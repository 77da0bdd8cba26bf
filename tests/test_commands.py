"""Every command in the README's command table, and every page, on every kind of ledger: a new and empty one,
one with no plan, the demo city, and one that has been through an import, a rollback, a revocation, a merge and
a restore. Each command ends with exit 0, or exit 1 and a message in Chinese and English; never a traceback.
Each page runs without an exception, and an empty ledger says so and how to import."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from qcbrand import intake, services
from qcbrand.cli import cli
from qcbrand.ledger import backup
from qcbrand.ledger.store import Store
from qcbrand.services import editing
from qcbrand.shipped import DEFAULT_PLAN_FILE, DEFAULT_REGION_FILE
from tests.test_docs import README, commands

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
APP = str(REPO / "app.py")
LEDGERS = ("empty", "no_plan", "demo", "edited")


@pytest.fixture(scope="module")
def ledgers(demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ledgers")
    out = {name: folder / f"{name}.duckdb" for name in LEDGERS}
    with Store.open(out["empty"]) as store:
        services.init_database(store, actor="test")
    with Store.open(out["no_plan"]) as store:
        services.init_database(store, actor="test", plan_file=None)
    shutil.copy(demo_path, out["demo"])
    shutil.copy(demo_path, out["edited"])
    with Store.open(out["edited"]) as store:
        intake.import_file(store, CORPUS / "decision-prose.txt", editor="test", create_enterprises=True)
        undone = intake.import_file(store, CORPUS / "awards-table.csv", editor="test", create_enterprises=True)
        intake.rollback(store, undone.import_id, "test")  # type: ignore[arg-type]
        editing.revoke(store, "test", first_record(store), services.get_plan(store).ends_on, "测试撤销")
        firms = [r[0] for r in store.rows("SELECT enterprise_id FROM enterprises WHERE uscc IS NULL ORDER BY 1 LIMIT 2")]
        editing.merge(store, "test", firms[0], firms[1])
        backup.backup(store, folder / "before-restore")
        backup.restore(folder / "before-restore", store)  # holds the ledger, and closes it
    for name, path in out.items():  # every ledger has a backup of itself to restore
        with Store.open(path) as store:
            backup.backup(store, folder / f"{name}-backup")
    return out


def first_record(store: Store) -> int:
    return int(store.scalar("SELECT coalesce(min(id), 1) FROM famous_brands"))


def run(db: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    return result.exit_code, result.output


# Each command of the README's table, as a user would run it on a ledger (`db`, its own copy; `tmp`, a folder).
INVOCATIONS: dict[str, list[Callable[[Path, Path], list[str]]]] = {
    "qcbrand init": [lambda db, tmp: ["init"]],
    "qcbrand demo": [lambda db, tmp: ["demo"]],
    "qcbrand plan": [lambda db, tmp: ["plan", "list"]],
    "qcbrand plan load": [lambda db, tmp: ["plan", "load", str(DEFAULT_PLAN_FILE)]],
    "qcbrand plan list": [lambda db, tmp: ["plan", "list"]],
    "qcbrand region": [lambda db, tmp: ["region", "show"]],
    "qcbrand region show": [lambda db, tmp: ["region", "show"], lambda db, tmp: ["region", "show", "--format", "json"]],
    "qcbrand region load": [lambda db, tmp: ["region", "load", str(DEFAULT_REGION_FILE)]],
    "qcbrand kinds": [lambda db, tmp: ["kinds", "list"]],
    "qcbrand kinds load": [lambda db, tmp: ["kinds", "load"]],
    "qcbrand kinds list": [lambda db, tmp: ["kinds", "list"]],
    "qcbrand import": [lambda db, tmp: ["import", str(CORPUS / "notice-year-per-section.txt"), "--create-enterprises"],
                       lambda db, tmp: ["import", str(CORPUS / "laozihao-no-honour-column.xlsx")],
                       lambda db, tmp: ["import", str(CORPUS / "table-title-note.xlsx"), "--dry-run", "--create-enterprises"]],
    "qcbrand imports": [lambda db, tmp: ["imports", "list"]],
    "qcbrand imports list": [lambda db, tmp: ["imports", "list"]],
    "qcbrand imports rollback": [lambda db, tmp: ["imports", "rollback", "1"]],
    "qcbrand correct": [lambda db, tmp: ["correct", "1", "product=更正后的产品"],
                        lambda db, tmp: ["correct", "1", "--enterprise", "district_code=武进"]],
    "qcbrand revoke": [lambda db, tmp: ["revoke", "1", "--on", "2020-06-30", "--reason", "测试"]],
    "qcbrand merge": [lambda db, tmp: ["merge", "3", "4"]],
    "qcbrand audit": [lambda db, tmp: ["audit"], lambda db, tmp: ["audit", "--format", "csv", "--text", "导入"]],
    "qcbrand backup": [lambda db, tmp: ["backup", str(tmp / "fresh-copy")]],
    "qcbrand restore": [lambda db, tmp: ["restore", str(tmp.parent / f"{db.stem}-backup")]],
    "qcbrand check": [lambda db, tmp: ["check"]],
    "qcbrand editor": [lambda db, tmp: ["editor", "hash", "wang", "--password-stdin"]],
    "qcbrand editor hash": [lambda db, tmp: ["editor", "hash", "wang", "--password-stdin"]],
    "qcbrand scoreboard": [lambda db, tmp: ["scoreboard"], lambda db, tmp: ["scoreboard", "--format", "json"],
                           lambda db, tmp: ["scoreboard", "--format", "csv", "--district", "武进", "--lang", "en"],
                           lambda db, tmp: ["scoreboard", "--as-of", "2018-06-30", "--district", "火星区"]],
    "qcbrand records": [lambda db, tmp: ["records"], lambda db, tmp: ["records", "--format", "json", "--kind", "市长质量奖"],
                        lambda db, tmp: ["records", "--format", "csv", "--district", "溧阳", "--year", "2019", "--text", "公司"]],
    "qcbrand enterprises": [lambda db, tmp: ["enterprises"], lambda db, tmp: ["enterprises", "--text", "hd", "--format", "json"]],
    "qcbrand expiring": [lambda db, tmp: ["expiring"], lambda db, tmp: ["expiring", "--as-of", "2019-06-30", "--format", "json"],
                         lambda db, tmp: ["expiring", "--as-of", "2018-01-01", "--within", "24", "--district", "武进",
                                          "--kind", "著名商标", "--format", "csv"]],
    "qcbrand brief": [lambda db, tmp: ["brief", "--as-of", "2020-06-30", "--district", "武进", "--lang", "en",
                                       "--out", str(tmp / "brief.docx")],
                      lambda db, tmp: ["brief", "--out", str(tmp / "brief.pdf")]],
    "qcbrand indicators": [lambda db, tmp: ["indicators", "list"]],
    "qcbrand indicators list": [lambda db, tmp: ["indicators", "list", "--format", "json", "--as-of", "2019-06-30"],
                                lambda db, tmp: ["indicators", "list", "--format", "csv", "--lang", "en"]],
    "qcbrand indicators set": [lambda db, tmp: ["indicators", "set", "forest_cover", "2020", "25.3", "--editor", "wang"],
                               lambda db, tmp: ["indicators", "set", "forest_cover", "2020", "125"],
                               lambda db, tmp: ["indicators", "set", "no_such_rate", "2020", "1"]],
    # Serving for real (one process, and two behind nginx) is tests/test_many_readers.py; here, only its refusal.
    "qcbrand serve": [lambda db, tmp: ["serve", "--workers", "0"]],
    "qcbrand candidates": [lambda db, tmp: ["candidates", "list"]],
    "qcbrand candidates import": [lambda db, tmp: ["candidates", "import", str(CORPUS / "candidates.csv"), "--dry-run"]],
    "qcbrand candidates list": [lambda db, tmp: ["candidates", "list", "--stage", "申报", "--format", "json"],
                                lambda db, tmp: ["candidates", "list", "--goal", "famous_brand_products", "--history"]],
    "qcbrand candidates set": [lambda db, tmp: ["candidates", "set", "1", "--stage", "退出", "--on", "2020-06-30"]],
}


def test_every_command_of_the_readme_has_its_invocations_here() -> None:
    table = set(re.findall(r"^\| `(qcbrand [a-z]+(?: [a-z]+)?)", README, re.M))
    assert table <= set(INVOCATIONS), table - set(INVOCATIONS)
    assert set(commands(cli)) <= set(INVOCATIONS)


def bilingual_or_fine(code: int, output: str) -> None:
    assert "Traceback" not in output, output
    assert code in (0, 1), output
    if code == 1:
        message = output.strip().splitlines()[-1]
        assert message.startswith("Error: ") and " / " in message, message
        zh, en = message.removeprefix("Error: ").split(" / ", 1)
        assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[a-z]{3}", en), message
        assert "内部错误" not in message, message  # a bug caught by the last line of defence is still a bug


# The invocations that must be refused (exit 1) on a ledger; every other one must succeed there.
REFUSED = {
    "empty": {"serve --workers 0", "candidates set 1", "candidates import candidates.csv", "indicators set forest_cover 2020 125", "indicators set no_such_rate",
              "imports rollback 1", "correct 1 product=更正后的产品", "correct 1 --enterprise district_code=武进",
              "revoke 1", "merge 3 4", "import laozihao-no-honour-column.xlsx", "scoreboard --as-of 2018-06-30"},
    "demo": {"serve --workers 0", "candidates set 1", "indicators set forest_cover 2020 125", "indicators set no_such_rate", "imports rollback 1", "import laozihao-no-honour-column.xlsx", "scoreboard --as-of 2018-06-30",
             "merge 3 4"},  # two credit codes: two companies
    "edited": {"serve --workers 0", "candidates set 1", "indicators set forest_cover 2020 125", "indicators set no_such_rate", "merge 3 4", "import laozihao-no-honour-column.xlsx", "scoreboard --as-of 2018-06-30"},
}


def refused(ledger: str, args: list[str]) -> bool | None:
    """Whether the invocation must be refused on the ledger; None where either is right (no plan)."""
    if ledger == "no_plan":
        return None
    text = " ".join(Path(a).name if "/" in a else a for a in args)
    return any(text.startswith(r) for r in REFUSED[ledger]) or text.endswith("brief.pdf")


@pytest.mark.parametrize("ledger", LEDGERS)
@pytest.mark.parametrize("command", [c for c, made in INVOCATIONS.items() if made])
def test_every_command_on_every_ledger(ledgers: dict[str, Path], ledger: str, command: str, tmp_path: Path) -> None:
    for make in INVOCATIONS[command]:
        db = tmp_path / f"{ledger}.duckdb"
        shutil.copy(ledgers[ledger], db)
        (tmp_path / f"{ledger}-backup").mkdir(exist_ok=True)
        args = make(db, tmp_path)
        if args[-1].endswith("-backup"):
            args[-1] = str(ledgers[ledger].parent / f"{ledger}-backup")
        code, output = run(db, *args, input="a long editor password\n" if "--password-stdin" in args else None)
        bilingual_or_fine(code, output)
        expected = refused(ledger, args)
        if expected is not None:
            assert code == (1 if expected else 0), (ledger, args, output)


def test_bench_commands(tmp_path: Path) -> None:
    from qcbench.__main__ import bench

    def run_bench(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(bench, list(args))
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        return result.exit_code, result.output

    code, output = run_bench("generate", "--honours", "2000", "--out", str(tmp_path / "b.duckdb"))
    bilingual_or_fine(code, output)
    assert code == 0 and "generated 2,000 honours" in output
    code, output = run_bench("generate", "--honours", "2000", "--out", str(REPO / "README.md"))
    bilingual_or_fine(code, output)
    assert code == 1


# --- every page on every ledger -----------------------------------------------------------------------

PAGES = {
    "overview": {}, "goal": {"goal": "quality_credit_aaa"}, "districts": {"district": "wujin"}, "enterprise": {"q": "hd"},
    "renewals": {"within": "24"}, "pipeline": {"goal": "famous_brand_products"},
    "brands": {}, "trademarks": {}, "awards": {}, "standards": {}, "record": {"record": "1"}, "data": {},
}


@pytest.mark.parametrize("ledger", LEDGERS)
def test_every_page_on_every_ledger(ledgers: dict[str, Path], ledger: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / f"{ledger}.duckdb"
    shutil.copy(ledgers[ledger], db)
    monkeypatch.setenv("QCBRAND_DB", str(db))
    for page, params in PAGES.items():
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py")
        for key, value in {**params, "as_of": "2020-12-31"}.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, (ledger, page, at.exception)
        shown = " ".join(e.value for e in [*at.info, *at.error, *at.warning])
        if ledger == "no_plan":
            assert "qcbrand plan load" in shown, page  # and nothing else: the app says what to do
        elif ledger == "empty" and page != "record":
            assert "台账中还没有任何记录" in shown and "qcbrand import" in shown, page
