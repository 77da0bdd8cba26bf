"""Load test: the real app server on loopback, many viewers at once, while an editor imports a list.

    .venv/bin/python scripts/loadtest.py [--sessions 20] [--rounds 3] [--import-rows 20000] [--think 2] [--p95 3.0]
                                         [--workers 1]

Each viewer is a Streamlit session driven over its websocket (the protocol the browser speaks): it opens
the overview, a goal page and an enterprise page, `--rounds` times, reading each page for about
`--think` seconds (0.5 to 1.5 times it) before the next click, and each page counts as complete when the
server says its script finished. One real browser session (Debian's headless Chromium) logs in as an
editor before the viewers come; once every viewer has seen a page, it uploads a CSV and imports it. The
overlap is by construction: the viewers go on clicking until the import has finished, one more session
asks for pages without pause from the click on "确认导入" until the import is shown done, and a command-line
read (`qcbrand scoreboard`, `records`, `brief`, `check`, in turn) is started at the click and every few
seconds through the run. `--workers N` serves the app by `qcbrand serve --workers N` (N processes behind
nginx). The test fails if any page shows an error or an exception, if any message says the database is
locked, if the import fails or no page completed while it ran, if a command-line read fails, or if the 95th
percentile page time is not under `--p95` seconds. Bounded: every page has a time limit and the whole run one
too. Figures are printed, one line per check.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.services import (
    auth,
    demo,
)
from tests.serve import REPO, app_server, session, visit

PASSWORD = "load test editor password"
CLI_READS = (["scoreboard", "--as-of", "2020-12-31", "--format", "json"], ["records", "--year", "2019", "--format", "csv"],
             ["brief", "--as-of", "2020-12-31", "--out", "{work}/brief-{n}.docx"], ["check"])


PAGES = (("", "as_of=2020-12-31"), ("goal", "goal={goal}&as_of=2020-12-31"), ("enterprise", "enterprise={firm}&as_of=2020-12-31"))


async def viewer(base: str, number: int, rounds: int, goals: list[str], firms: list[int], limit: float, think: float,
                 times: list[tuple[float, float, str]], problems: list[str], import_over: threading.Event,
                 seen_one: list[int]) -> None:
    """One reader: the three pages, `rounds` times, and on until the editor's import is over."""
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, think))  # viewers arrive over the first think time, not in one instant
    async with session(base) as ws:
        done = 0
        while done < rounds or not import_over.is_set():
            for page, query in PAGES:
                query = query.format(goal=rng.choice(goals), firm=rng.choice(firms))
                seconds, found, _ = await visit(ws, page, query, limit)
                times.append((time.perf_counter(), seconds, page or "overview"))
                problems.extend(found)
                if done == 0 and page == "":
                    seen_one.append(number)
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)  # reading the page before the next click
            done += 1


async def prober(base: str, limit: float, times: list[tuple[float, float, str]], problems: list[str],
                 import_running: threading.Event, import_over: threading.Event) -> None:
    """From the click on "确认导入" until the import is shown done, a page every quarter of a second: pages
    complete during the import whatever its length, so the test always sees the readers and the writer meet."""
    async with session(base) as ws:
        while not import_over.is_set():
            if not import_running.is_set():
                await asyncio.sleep(0.01)
                continue
            seconds, found, _ = await visit(ws, "", "as_of=2020-12-31", limit)
            times.append((time.perf_counter(), seconds, "overview"))
            problems.extend(found)
            await asyncio.sleep(0.25)


def cli_reads(db: Path, work: Path, every: float, stop: threading.Event, import_running: threading.Event,
              results: list[tuple[str, float, float, int, str]]) -> None:
    """The command line reading the ledger while the app serves: one read now, one at the import's click, and
    one every `every` seconds, until `stop` (each result: command, start, seconds, exit status, last words)."""
    n = 0
    clicked = False
    next_at = time.perf_counter()
    while not stop.is_set():
        if not clicked and import_running.is_set():
            clicked, next_at = True, time.perf_counter()
        if time.perf_counter() < next_at:
            time.sleep(0.02)
            continue
        args = [a.format(work=work, n=n) for a in CLI_READS[n % len(CLI_READS)]]
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "qcbrand.cli", "--db", str(db), *args], cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        results.append((args[0], began, time.perf_counter() - began, done.returncode,
                        (done.stderr or done.stdout).strip()[-300:]))
        n += 1
        next_at = began + every


def editor_import(base: str, csv_path: Path, outcome: dict, logged_in: threading.Event, viewers_in: threading.Event,
                  import_running: threading.Event, import_over: threading.Event) -> None:
    """One editor, in a real browser: log in (before the viewers come: starting a browser is the editor's
    computer's work, not the server's), then, once every viewer has seen a page, upload the list and import it."""
    from playwright.sync_api import sync_playwright

    from tests.serve import CHROMIUM, CHROMIUM_ARGS

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            mark = lambda what: outcome.setdefault("marks", []).append((what, time.perf_counter()))  # noqa: E731
            page.goto(base + "/data")
            page.get_by_label("用户名").fill("loadtest")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_selector('text="已登录：loadtest"', timeout=60_000)
            mark("logged in")
            logged_in.set()
            viewers_in.wait(timeout=300)
            mark("upload")
            page.locator('input[type="file"]').set_input_files(str(csv_path))
            page.wait_for_selector('text="校验报告"', timeout=120_000)
            mark("report shown")
            outcome["started"] = time.perf_counter()
            import_running.set()
            page.get_by_role("button", name="确认导入").click()
            page.wait_for_selector("text=已导入", timeout=180_000)
            outcome["finished"] = time.perf_counter()
            import_running.clear()
            mark("imported")
            outcome["message"] = page.get_by_text("已导入").first.inner_text()
            browser.close()
    except Exception as e:
        outcome["error"] = f"{type(e).__name__}: {e}"
    finally:
        logged_in.set()  # never leave the viewers waiting for an editor who failed
        import_over.set()


def busy_seconds() -> float:
    """Seconds the machine's cores were not idle since boot (/proc/stat)."""
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean seconds a viewer reads a page before the next click (0: click at once, a stress test)")
    parser.add_argument("--p95", type=float, default=3.0, help="the largest acceptable 95th-percentile page time, s")
    parser.add_argument("--page-limit", type=float, default=60.0)
    parser.add_argument("--run-limit", type=float, default=600.0)
    parser.add_argument("--trace", type=float, metavar="SECONDS",
                        help="also print, on one timeline, every page slower than SECONDS and the editor's steps")
    parser.add_argument("--workers", type=int, default=1, help="app processes (more than one: behind nginx)")
    parser.add_argument("--cli-every", type=float, default=15.0, help="seconds between command-line reads")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="qcbrand-load-"))
    db = work / "load.duckdb"
    with Store.open(db) as store:
        demo.build(store)
        goals = [s.goal_code for s in services.scoreboard(store, None, services.get_plan(store).ends_on)]
        ranked = services.top_enterprises(store, dt.date(2020, 12, 31), limit=100_000)  # every holder of an honour
        firms = ranked["enterprise_id"].astype(int).tolist()
        holders = list(zip(ranked["name"], ranked["district_zh"]))
    csv_path = work / "负载测试名单.csv"
    lines = ["企业名称,所在地区,产品名称,认定年份"] + [
        "{},{},负载测试产品{},2019".format(*holders[i % len(holders)], i) for i in range(args.import_rows)]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    editors = {"QCBRAND_EDITORS": "loadtest=" + auth.hash_password(PASSWORD, iterations=1000)}

    times: list[tuple[float, float, str]] = []
    problems: list[str] = []
    outcome: dict = {}
    reads: list[tuple[str, float, float, int, str]] = []
    seen_one: list[int] = []
    with app_server(db, editors, workers=args.workers) as base:
        logged_in, viewers_in = threading.Event(), threading.Event()
        import_running, import_over, stop_reading = threading.Event(), threading.Event(), threading.Event()
        editor = threading.Thread(target=editor_import, args=(base, csv_path, outcome, logged_in, viewers_in,
                                                              import_running, import_over))
        editor.start()
        logged_in.wait(timeout=120)  # the editor's login is a server's first page: its first-run cost is paid
        reader = threading.Thread(target=cli_reads, args=(db, work, args.cli_every, stop_reading, import_running, reads))

        async def everyone() -> None:
            async def editor_goes_when_all_have_a_page() -> None:
                while len(seen_one) < args.sessions and not import_over.is_set():
                    await asyncio.sleep(0.05)
                viewers_in.set()

            await asyncio.gather(
                *[viewer(base, i, args.rounds, goals, firms, args.page_limit, args.think, times, problems, import_over,
                         seen_one) for i in range(args.sessions)],
                prober(base, args.page_limit, times, problems, import_running, import_over),
                editor_goes_when_all_have_a_page())

        began = time.perf_counter()
        machine_before, own_before = busy_seconds(), time.process_time()
        reader.start()
        try:
            asyncio.run(asyncio.wait_for(everyone(), timeout=args.run_limit))
        except Exception as e:
            problems.append(f"viewers stopped: {type(e).__name__}: {e}")
        viewers_done = time.perf_counter()
        machine_busy, own_busy = busy_seconds() - machine_before, time.process_time() - own_before
        import_over.set()
        editor.join(timeout=args.run_limit)
        stop_reading.set()
        reader.join(timeout=180)

    if args.trace is not None:
        events = [(t - s, f"{name} {s:.2f} s") for t, s, name in times if s > args.trace]
        events += [(t, f"editor: {what}") for what, t in outcome.get("marks", [])]
        events += [(t, f"cli {name}: {s:.2f} s, exit {code}") for name, t, s, code, _ in reads]
        for t, what in sorted(events):
            print(f"  {t - began:6.1f} s  {what}")
    seconds = sorted(s for _, s, _ in times)
    p95 = seconds[int(0.95 * (len(seconds) - 1))] if seconds else float("inf")
    during = [s for t, s, _ in times if outcome.get("started", 0) <= t <= outcome.get("finished", 0)]
    by_page: dict[str, list[float]] = {}
    for _, s, name in times:
        by_page.setdefault(name, []).append(s)
    print(f"sessions {args.sessions}, rounds {args.rounds}, think time {args.think:g} s, {args.workers} worker"
          f"{'s' if args.workers > 1 else ''}: {len(seconds)} pages in {viewers_done - began:.1f} s "
          f"({len(seconds) / (viewers_done - began):.1f} pages/s)")
    if seconds:
        print(f"page time: median {statistics.median(seconds):.2f} s, p95 {p95:.2f} s, max {seconds[-1]:.2f} s")
        print("by page (median, max): " + ", ".join(
            f"{name} {statistics.median(values):.2f} / {max(values):.2f} s" for name, values in by_page.items()))
    span = viewers_done - began
    print(f"CPU: the machine's {os.cpu_count()} cores busy {machine_busy / span:.2f} on average ({machine_busy:.0f} core-s in "
          f"{span:.0f} s), this load generator's own share {own_busy / span:.2f}; per page served "
          f"{(machine_busy - own_busy) / max(len(seconds), 1) * 1000:.0f} ms of everything else (the server, nginx, "
          f"the editor's browser, the command-line reads)")
    if "finished" in outcome:
        print(f"import of {args.import_rows:,} rows: {outcome['finished'] - outcome['started']:.1f} s "
              f"({outcome['message']}); {len(during)} pages completed while it ran")
    in_import = [r for r in reads if outcome.get("started", 0) <= r[1] <= outcome.get("finished", 0)]
    failed_reads = [r for r in reads if r[3] != 0]
    if reads:
        print(f"command-line reads: {len(reads) - len(failed_reads)} of {len(reads)} succeeded "
              f"({', '.join(sorted({r[0] for r in reads}))}), longest {max(r[2] for r in reads):.1f} s, "
              f"{len(in_import)} started while the import ran")
    failures = list(problems)
    if "error" in outcome:
        failures.append(f"import failed: {outcome['error']}")
    elif "finished" not in outcome:
        failures.append("the import did not finish")
    elif not during:
        failures.append("no page completed while the import ran")
    if p95 >= args.p95:
        failures.append(f"p95 {p95:.2f} s is not under {args.p95} s")
    if len(seconds) < args.sessions * args.rounds * 3:
        failures.append(f"only {len(seconds)} of {args.sessions * args.rounds * 3} pages completed")
    if not reads:
        failures.append("no command-line read was made")
    failures += [f"command-line {name} failed (exit {code}): {said}" for name, _, _, code, said in failed_reads]
    for failure in failures[:20]:
        print("FAIL", failure)
    print("load test: " + ("passed" if not failures else f"failed ({len(failures)} problems)"))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
