"""What one page costs the server: one session asks for each page in turn, nothing else running.

    .venv/bin/python scripts/pagecost.py [--runs 20] [--profile OUT.txt]

The real app server (one process) on loopback with the demo city; one Streamlit session over its websocket
asks for every page of the app (the overview, a goal, the districts, an enterprise, renewals, indicators, the
four record lists, a record) `--runs` times after a warm-up, each time with another goal, enterprise or record
(picked the same way every run), and prints what each page cost the server's process in CPU (from
/proc/PID/stat around each page) and how long it took to be drawn (until the server said the script finished;
about 35 ms of it is Streamlit waiting, not working: an empty page costs 12 ms of CPU and takes 48 ms). `--profile` also samples the server with
py-spy meanwhile and writes where its time went (the functions, by own and total samples).
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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qcbrand import services
from qcbrand.services import Store, demo
from tests.serve import app_server, session, visit

AS_OF = "as_of=2020-12-31"


def pages(store: Store) -> tuple[list[str], list[int], list[int]]:
    day = dt.date(2020, 12, 31)
    goals = [s.goal_code for s in services.scoreboard(store, None, day)]
    firms = services.top_enterprises(store, day, limit=100_000)["enterprise_id"].astype(int).tolist()
    records = services.browse(store, "famous_brand", day)["id"].astype(int).tolist()
    return goals, firms, records


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far, user and system (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(base: str, runs: int, goals: list[str], firms: list[int], records: list[int],
                  only: set[str] | None = None, warm: int = 2, pid: int = 0
                  ) -> tuple[dict[str, list[float]], dict[str, float]]:
    rng = random.Random(1)
    asked = [("overview", "", lambda: AS_OF), ("goal", "goal", lambda: f"goal={rng.choice(goals)}&{AS_OF}"),
             ("districts", "districts", lambda: AS_OF), ("enterprise", "enterprise", lambda: f"enterprise={rng.choice(firms)}&{AS_OF}"),
             ("renewals", "renewals", lambda: AS_OF), ("indicators", "indicators", lambda: AS_OF),
             ("brands", "brands", lambda: AS_OF), ("trademarks", "trademarks", lambda: AS_OF),
             ("awards", "awards", lambda: AS_OF), ("standards", "standards", lambda: AS_OF),
             ("record", "record", lambda: f"record={rng.choice(records)}&{AS_OF}")]
    found: dict[str, list[float]] = {}
    cpu: dict[str, float] = {}
    async with session(base) as ws:
        for run in range(runs + warm):  # warm-up rounds: the first run of each page imports its modules
            for name, page, query in asked:
                if only and name not in only:
                    continue
                before = cpu_seconds(pid) if pid else 0.0
                seconds, problems, _ = await visit(ws, page, query())
                if problems:
                    raise RuntimeError(f"{name}: {problems[0]}")
                if run >= warm:
                    found.setdefault(name, []).append(seconds)
                    if pid:
                        cpu[name] = cpu.get(name, 0.0) + cpu_seconds(pid) - before
    return found, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", type=Path, help="write py-spy's summary of the server's time here")
    parser.add_argument("--pages", help="only these pages, by the names printed (overview,goal,enterprise)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qcbrand-pagecost-"))
    db = work / "demo.duckdb"
    with Store.open(db) as store:
        demo.build(store)
        goals, firms, records = pages(store)
    only = set(args.pages.split(",")) if args.pages else None
    with app_server(db) as base:
        pid = int(subprocess.run(["pgrep", "-f", f"streamlit run .*--server.port {base.rsplit(':', 1)[1]}"],
                                 capture_output=True, text=True).stdout.split()[0])
        asyncio.run(measure(base, 0, goals, firms, records, only))  # the warm-up, not sampled
        spy = None
        if args.profile:
            raw = work / "py-spy.txt"
            spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(pid), "--format", "raw",
                                    "--output", str(raw), "--rate", "250", "--nonblocking"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
        found, cpu = asyncio.run(measure(base, args.runs, goals, firms, records, only, warm=0, pid=pid))
        if spy is not None:
            spy.send_signal(2)
            spy.wait(timeout=60)
    print(f"each page, {args.runs} runs after two warm-ups: the server's CPU per page (its mean, ms), and the time until "
          f"the page was drawn (median, fastest–slowest, ms)")
    for name, values in found.items():
        print(f"  {name:<11} cpu {cpu[name] / len(values) * 1000:5.0f}   time {statistics.median(values) * 1000:5.0f}  "
              f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}")
    print(f"  {'mean':<11} cpu {statistics.mean(cpu[n] / len(v) for n, v in found.items()) * 1000:5.0f}   time "
          f"{statistics.mean(statistics.median(v) for v in found.values()) * 1000:5.0f}")
    if args.profile:
        summarise(work / "py-spy.txt", args.profile)
        print(f"profile: {args.profile}")
    return 0


def summarise(raw: Path, out: Path, top: int = 60) -> None:
    """py-spy's raw stacks ("a;b;c count" lines) as the functions with the most own and total samples."""
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    samples = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = stack.split(";")
        own[frames[-1]] = own.get(frames[-1], 0) + n
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + n
    lines = [f"{samples} samples", "", "own time:"]
    lines += [f"{n / samples:6.1%}  {f}" for f, n in sorted(own.items(), key=lambda x: -x[1])[:top]]
    lines += ["", "total time (the function and what it called):"]
    lines += [f"{n / samples:6.1%}  {f}" for f, n in sorted(total.items(), key=lambda x: -x[1])[:top]]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
