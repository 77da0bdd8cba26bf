"""Many readers, one ledger: readers read the published copy and never wait for a process that holds the
ledger; the command line reads and writes while the real app server serves pages; several app processes
behind nginx serve one ledger and each sees a commit of another on its next page."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from qcbrand import ledger, services
from qcbrand.errors import DatabaseBusyError
from qcbrand.ledger import published
from qcbrand.services import Store, demo
from tests.serve import REPO, app_server, session, sign_in, visit

DAY = dt.date(2020, 12, 31)


def famous_brands(store: Store) -> int:
    return next(s.value for s in services.scoreboard(store, None, DAY) if s.goal_code == "famous_brand_products")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readers") / "demo.duckdb"
    with Store.open(path) as store:
        demo.build(store)
    return path


@pytest.fixture
def ledger_file(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ledger.duckdb"
    path.write_bytes(demo_file.read_bytes())
    return path


def holder(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process that holds the ledger read-write (as the app's process once did, between pages)."""
    code = textwrap.dedent(f"""
        import time
        from qcbrand.services import Store
        store = Store.open({str(path)!r})
        print("held", flush=True)
        time.sleep({seconds})
        store.close()
    """)
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def one_more_brand(store: Store, editor: str = "测试") -> None:
    """A famous-brand product granted in 2020, for an enterprise of the demo: one more on 2020-12-31."""
    with ledger.changes(store) as change:
        firm = change.cur.scalar("SELECT min(enterprise_id) FROM enterprises")
        new = change.cur.scalar(
            "INSERT INTO famous_brands (kind_code, enterprise_id, product, granted_on) "
            "VALUES ('jiangsu_famous_brand', ?, '又一个产品', DATE '2020-06-30') RETURNING id", [firm])
        change.touched(ids=[new])
        change.audit(editor, "correct", note="test")


def test_a_reader_does_not_wait_for_a_process_that_holds_the_ledger(ledger_file: Path) -> None:
    with Store.open(ledger_file, shared=True) as reader:  # publishes the first copy
        before = famous_brands(reader)
    process = holder(ledger_file, 30)
    try:
        with pytest.raises(DatabaseBusyError):  # the ledger itself is held: a plain read-only open waits, then fails
            Store.open(ledger_file, read_only=True, wait_seconds=0.2)
        started = time.monotonic()
        with Store.open(ledger_file, shared=True, wait_seconds=0.2) as reader:
            assert famous_brands(reader) == before
            assert reader.refresh() is False  # held, so not republished: read as last published, no error
        assert time.monotonic() - started < 2
    finally:
        process.kill()
        process.wait()


def test_a_commit_is_published_whole_and_read_at_once_by_every_reader(ledger_file: Path) -> None:
    writer = Store.open(ledger_file, shared=True, wait_seconds=2)
    other = Store.open(ledger_file, shared=True)
    before, version = famous_brands(other), other.version
    assert writer.version == version
    old_cursor = other.cursor()  # a query under way on the copy before the commit
    one_more_brand(writer)
    assert writer.version == version + 1 and famous_brands(writer) == before + 1  # its own write, at once
    assert famous_brands(other) == before  # another reader, until its next page
    assert other.refresh() is True and other.version == version + 1
    assert famous_brands(other) == before + 1
    assert old_cursor.execute("SELECT count(*) FROM famous_brands").fetchall()[0][0] > 0  # the old copy still reads
    copies = sorted(p.name for p in published.folder(ledger_file).glob("v*.duckdb"))
    versions = [int(name[1:-7]) for name in copies]  # the newest KEEP versions; older ones removed
    assert versions == list(range(max(1, writer.version - published.KEEP + 1), writer.version + 1)), copies
    # the ledger itself is not held between writes: another process writes it meanwhile, within its wait
    done = subprocess.run([sys.executable, "-m", "qcbrand.cli", "--db", str(ledger_file), "--wait", "5", "revoke",
                           str(writer.scalar("SELECT max(id) FROM famous_brands")), "--on", "2020-07-01",
                           "--reason", "测试撤销", "--editor", "测试"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert other.refresh() is True and famous_brands(other) == before  # published when that command closed
    writer.close()
    other.close()


def test_a_ledger_written_without_being_published_is_published_by_the_next_reader(ledger_file: Path) -> None:
    with Store.open(ledger_file, shared=True) as reader:
        before = famous_brands(reader)
        with Store.open(ledger_file) as held:  # a holder that never had a reason to publish
            one_more_brand(held)
            held._unpublished = False  # as if it died between its commit and its copy
        assert not published.is_fresh(ledger_file, published.current(ledger_file))
        assert reader.refresh() is True  # nobody holds it now: published by the reader, and read
        assert famous_brands(reader) == before + 1


def test_a_shared_write_waits_for_another_writer_then_goes_through(ledger_file: Path) -> None:
    with Store.open(ledger_file, shared=True, wait_seconds=0.3) as reader:
        process = holder(ledger_file, 2)
        try:
            with pytest.raises(DatabaseBusyError):
                one_more_brand(reader)
            assert famous_brands(reader) == famous_brands(reader)  # still reads
        finally:
            process.wait()
        reader.wait_seconds = 5
        before = famous_brands(reader)
        one_more_brand(reader)
        assert famous_brands(reader) == before + 1


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qcbrand.cli", "--db", str(db), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=180)


def goal_value(base: str, cookie: str | None = None) -> str:
    """The famous-brand goal's figure as a new session of the real server draws it."""
    async def look() -> str:
        async with session(base, cookie) as ws:
            _, problems, texts = await visit(ws, "goal", "goal=famous_brand_products&as_of=2020-12-31", texts=True)
        assert not problems, problems
        return next(t for t in texts if "/ 230" in t)

    return asyncio.run(look())


def brand_list(tmp_path: Path, store: Store) -> Path:
    name, district = services.top_enterprises(store, DAY, limit=1)[["name", "district_zh"]].iloc[0]
    path = tmp_path / "新增名牌.csv"
    path.write_text(f"企业名称,所在地区,产品名称,认定年份\n{name},{district},命令行导入的产品,2020\n", encoding="utf-8")
    return path


def test_the_command_line_reads_and_writes_while_the_app_serves(ledger_file: Path, tmp_path: Path) -> None:
    with Store.open(ledger_file, read_only=True) as store:
        before, csv = famous_brands(store), brand_list(tmp_path, store)
    with app_server(ledger_file) as base:
        assert f"{before} / 230" in goal_value(base)  # the server has served a page: its process is the holder of old
        for args in (["scoreboard", "--as-of", "2020-12-31", "--format", "json"], ["records", "--year", "2020"],
                     ["check"], ["brief", "--as-of", "2020-12-31", "--out", str(tmp_path / "brief.docx")]):
            done = cli(ledger_file, "--wait", "0", *args)  # a reader never waits: no --wait needed
            assert done.returncode == 0, (args, done.stderr)
        assert f'"value": {before},' in cli(ledger_file, "scoreboard", "--as-of", "2020-12-31", "--format", "json").stdout
        done = cli(ledger_file, "import", str(csv), "--editor", "测试")
        assert done.returncode == 0, done.stderr
        assert f"{before + 1} / 230" in goal_value(base)  # the app's next page shows it


def worker_of(base: str, cookie: str) -> str:
    request = urllib.request.Request(base + "/_stcore/health", headers={"Cookie": f"qcbrand_worker={cookie}"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return answer.headers["X-Qcbrand-Worker"]


def test_several_app_processes_behind_nginx_serve_one_ledger(ledger_file: Path, tmp_path: Path) -> None:
    with Store.open(ledger_file, read_only=True) as store:
        before, csv = famous_brands(store), brand_list(tmp_path, store)
    with app_server(ledger_file, workers=2) as base:
        # a browser without the cookie is given one, and keeps its process with it
        with urllib.request.urlopen(base + "/_stcore/health", timeout=5) as answer:
            assert any(c.startswith("qcbrand_worker=") for c in answer.headers.get_all("Set-Cookie"))
        placed: dict[str, str] = {}
        for n in range(40):
            placed.setdefault(worker_of(base, f"reader-{n}"), f"reader-{n}")
        assert len(placed) == 2, placed  # both processes serve
        for upstream, cookie in placed.items():
            assert {worker_of(base, cookie) for _ in range(5)} == {upstream}  # and a session stays on its own
            assert f"{before} / 230" in goal_value(base, cookie)
        done = cli(ledger_file, "import", str(csv), "--editor", "测试")
        assert done.returncode == 0, done.stderr
        for cookie in placed.values():  # a commit is seen by every process on its next page
            assert f"{before + 1} / 230" in goal_value(base, cookie)


@pytest.mark.browser
def test_an_upload_through_nginx_reaches_its_session_and_every_process_sees_the_import(
        ledger_file: Path, tmp_path: Path) -> None:
    """A real browser through `qcbrand serve --workers 2`: log in, upload a list, import it (the upload must reach
    the process that holds the session: nginx's cookie keeps it there), then every process shows the import."""
    from playwright.sync_api import sync_playwright

    from qcbrand.services import auth
    from tests.serve import CHROMIUM, CHROMIUM_ARGS

    with Store.open(ledger_file, read_only=True) as store:
        before, csv = famous_brands(store), brand_list(tmp_path, store)
    password = "a test editor's password"
    editors = {"QCBRAND_EDITORS": "wang=" + auth.hash_password(password, iterations=1000)}
    with app_server(ledger_file, editors, workers=2) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1600})
                sign_in(page, base + "/data", password=password, timeout=60_000)
                page.locator('input[type="file"]').set_input_files(str(csv))
                page.wait_for_selector('text="校验报告"', timeout=60_000)
                page.get_by_role("button", name="确认导入").click()
                page.wait_for_selector("text=已导入", timeout=60_000)
                page.screenshot(path=str(tmp_path / "imported.png"))
            finally:
                browser.close()
        placed: dict[str, str] = {}
        for n in range(40):
            placed.setdefault(worker_of(base, f"reader-{n}"), f"reader-{n}")
        assert len(placed) == 2
        for cookie in placed.values():
            assert f"{before + 1} / 230" in goal_value(base, cookie)
    assert f'"value": {before + 1},' in cli(ledger_file, "scoreboard", "--as-of", "2020-12-31", "--format", "json").stdout
