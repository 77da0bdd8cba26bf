"""Load test: the real app server on loopback, many viewers at once, while an editor imports a list.

    .venv/bin/python scripts/loadtest.py [--sessions 20] [--rounds 3] [--import-rows 20000] [--think 2] [--p95 3.0]

Each viewer is a Streamlit session driven over its websocket (the protocol the browser speaks): it opens
the overview, a goal page and an enterprise page, `--rounds` times, reading each page for about
`--think` seconds (0.5 to 1.5 times it) before the next click, and each page counts as complete when the
server says its script finished. At the same time one real browser session (Debian's headless
Chromium) logs in as an editor, uploads a CSV and imports it. The test fails if any page shows an error
or an exception, if any message says the database is locked, if the import fails or does not overlap the
viewers, or if the 95th percentile page time is over `--p95` seconds. Bounded: every page has a time
limit and the whole run one too. Figures are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.services import (
    auth,
    demo,
)
from tests.serve import app_server

PASSWORD = "load test editor password"
ERROR_ALERT = 1  # Alert.Format.ERROR


async def visit(ws: websockets.ClientConnection, page: str, query: str, limit: float) -> tuple[float, list[str]]:
    """Ask the session for a page; the seconds until its script finished, and any error it showed."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    problems = []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=limit))
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                problems.append(f"exception on {page or 'overview'}: {element.exception.message[:200]}")
            elif which == "alert" and element.alert.format == ERROR_ALERT:
                problems.append(f"error on {page or 'overview'}: {element.alert.body[:200]}")
            text = str(element)
            if "database is locked" in text or "Could not set lock" in text:
                problems.append(f"locked on {page or 'overview'}")
        elif kind == "page_not_found":
            problems.append(f"page not found: {page}")
        elif kind == "script_finished":
            return time.perf_counter() - started, problems


async def viewer(base: str, number: int, rounds: int, goals: list[str], firms: list[int], limit: float, think: float,
                 times: list[tuple[float, float, str]], by_page: dict[str, list[float]], problems: list[str]) -> None:
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, think))  # viewers arrive over the first think time, not in one instant
    url = base.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=2**27) as ws:
        for _ in range(rounds):
            for page, query in (("", "as_of=2020-12-31"),
                                ("goal", f"goal={rng.choice(goals)}&as_of=2020-12-31"),
                                ("enterprise", f"enterprise={rng.choice(firms)}&as_of=2020-12-31")):
                seconds, found = await visit(ws, page, query, limit)
                times.append((time.perf_counter(), seconds, page or "overview"))
                by_page.setdefault(page or "overview", []).append(seconds)
                problems.extend(found)
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)  # reading the page before the next click


def editor_import(base: str, csv_path: Path, outcome: dict, logged_in: threading.Event, viewers_in: threading.Event) -> None:
    """One editor, in a real browser: log in (before the viewers come: starting a browser is the editor's
    computer's work, not the server's), then, once the viewers are reading, upload the list and import it."""
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
            viewers_in.wait(timeout=120)
            time.sleep(2)  # the viewers arrive over the first think time
            mark("upload")
            page.locator('input[type="file"]').set_input_files(str(csv_path))
            page.wait_for_selector('text="校验报告"', timeout=120_000)
            mark("report shown")
            outcome["started"] = time.perf_counter()
            page.get_by_role("button", name="确认导入").click()
            page.wait_for_selector("text=已导入", timeout=180_000)
            outcome["finished"] = time.perf_counter()
            mark("imported")
            outcome["message"] = page.get_by_text("已导入").first.inner_text()
            browser.close()
    except Exception as e:
        outcome["error"] = f"{type(e).__name__}: {e}"
    finally:
        logged_in.set()  # never leave the viewers waiting for an editor who failed


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
    by_page: dict[str, list[float]] = {}
    problems: list[str] = []
    outcome: dict = {}
    with app_server(db, editors) as base:
        logged_in, viewers_in = threading.Event(), threading.Event()
        editor = threading.Thread(target=editor_import, args=(base, csv_path, outcome, logged_in, viewers_in))
        editor.start()
        logged_in.wait(timeout=120)  # the editor's login is the server's first page: its first-run cost is paid
        viewers_in.set()

        async def everyone() -> None:
            await asyncio.gather(*[viewer(base, i, args.rounds, goals, firms, args.page_limit, args.think, times, by_page, problems)
                                   for i in range(args.sessions)])

        began = time.perf_counter()
        try:
            asyncio.run(asyncio.wait_for(everyone(), timeout=args.run_limit))
        except Exception as e:
            problems.append(f"viewers stopped: {type(e).__name__}: {e}")
        viewers_done = time.perf_counter()
        editor.join(timeout=args.run_limit)

    if args.trace is not None:
        events = [(t - s, f"{name} {s:.2f} s") for t, s, name in times if s > args.trace]
        events += [(t, f"editor: {what}") for what, t in outcome.get("marks", [])]
        for t, what in sorted(events):
            print(f"  {t - began:6.1f} s  {what}")
    seconds = sorted(s for _, s, _ in times)
    p95 = seconds[int(0.95 * (len(seconds) - 1))] if seconds else float("inf")
    during = [s for t, s, _ in times if outcome.get("started", 0) <= t <= outcome.get("finished", 0) + 0.5]
    print(f"sessions {args.sessions}, rounds {args.rounds}, think time {args.think:g} s: "
          f"{len(seconds)} pages in {viewers_done - began:.1f} s ({len(seconds) / (viewers_done - began):.1f} pages/s)")
    if seconds:
        print(f"page time: median {statistics.median(seconds):.2f} s, p95 {p95:.2f} s, max {seconds[-1]:.2f} s")
        print("by page (median, max): " + ", ".join(
            f"{name} {statistics.median(values):.2f} / {max(values):.2f} s" for name, values in by_page.items()))
    if "finished" in outcome:
        print(f"import of {args.import_rows:,} rows: {outcome['finished'] - outcome['started']:.1f} s "
              f"({outcome['message']}); {len(during)} pages completed while it ran")
    failures = list(problems)
    if "error" in outcome:
        failures.append(f"import failed: {outcome['error']}")
    elif "finished" not in outcome:
        failures.append("the import did not finish")
    elif not during:
        failures.append("no page completed while the import ran: the load did not overlap it")
    if p95 >= args.p95:
        failures.append(f"p95 {p95:.2f} s is not under {args.p95} s")
    if len(seconds) < args.sessions * args.rounds * 3:
        failures.append(f"only {len(seconds)} of {args.sessions * args.rounds * 3} pages completed")
    for failure in failures[:20]:
        print("FAIL", failure)
    print("load test: " + ("passed" if not failures else f"failed ({len(failures)} problems)"))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
