"""Benchmarks at city, province and national scale, against SQLite and pandas baselines.

`generate` builds a database of N honour records deterministically (in SQL, so 10 million take seconds).
`run` measures, for each size, qcbrand's questions (scoreboard, one district, a goal's series, an
enterprise page, a name search, the first page of records behind a figure, CSV import throughput, chart
PNG export, an AppTest render of the overview) and the same scoreboard and enterprise questions in
SQLite (with indexes) and in pandas. Each engine is measured in a process of its own, so each peak
memory figure is its own; the ratios to qcbrand hold on a noisy machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from qcbrand import ledger, services
from qcbrand.errors import QcbrandError
from qcbrand.ledger import reference
from qcbrand.ledger.store import Store
from qcbrand.reports import charts
from qcbrand.services import imports

PROJECT_DIR = Path(__file__).resolve().parents[1]

SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
DEFAULT_DIR = PROJECT_DIR / "data" / "bench"
AS_OF = dt.date(2020, 12, 31)


def regions_for(n: int) -> int:
    """Seven districts for a city; more regions as the data grows to a province or a nation."""
    return max(7, n // 20_000)


def enterprises_for(n: int) -> int:
    return max(1_000, n // 5)


def generate(path: str | Path, n: int, force: bool = False) -> dict[str, Any]:
    """A fresh database at `path` with `n` honour records. Deterministic: the same n, the same data.
    It replaces an earlier benchmark database, never a real ledger (unless forced)."""
    path = Path(path)
    if n < 1:
        raise QcbrandError("记录数应为正整数", "the number of honours must be a positive whole number")
    if path.exists() and not force:
        with Store.open(path, read_only=True) as existing:
            if reference.setting(existing, "bench_honours") is None:
                raise QcbrandError(
                    f"{path} 不是基准测试数据库，不会被覆盖；请换一个文件，或加 --force",
                    f"{path} is not a benchmark database and is not replaced; choose another file or pass --force")
    for stale in (path, Path(str(path) + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    with Store.open(path) as store:
        services.init_database(store, actor="bench")
        with ledger.changes(store) as change:
            cur = change.cur
            cur.script("bench_generate", {"n": n, "enterprises": enterprises_for(n), "regions": regions_for(n)})
            change.touched(everything=True)
            reference.set_setting(cur, "bench_honours", str(n))
            change.audit("bench", "bench_generate", note=f"{n} honours")
        counts = store.table_counts()
    return {"seconds": time.perf_counter() - started, "counts": counts}


_SPREAD: dict[str, list[float]] = {}  # the fastest and slowest run of each measure, ms


def _median_ms(task: Callable[[], Any], repeat: int, name: str | None = None, forget: bool = True) -> float:
    task()  # warm: the first call pays for DuckDB's plans and caches
    times = []
    for _ in range(repeat):
        if forget:
            services.forget()  # but every run answers anew: no answer memoised by the last run
        started = time.perf_counter()
        task()
        times.append(time.perf_counter() - started)
    if name:
        _SPREAD[name] = [1000 * min(times), 1000 * max(times)]
    return 1000 * statistics.median(times)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _busiest_enterprise(store: Store) -> int:
    return int(store.scalar("SELECT enterprise_id FROM facts GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"))


# --- qcbrand -------------------------------------------------------------------------------------


def measure_qcbrand(path: Path, repeat: int) -> dict[str, Any]:
    store = Store.open(path)
    n = int(reference.setting(store, "bench_honours") or 0)
    enterprise = _busiest_enterprise(store)
    out: dict[str, Any] = {
        # the physical limit: DuckDB's bare grouped count over every honour (the facts table)
        "scan": _median_ms(lambda: store.rows("SELECT kind_code, count(*) FROM facts GROUP BY ALL"), repeat, "scan"),
        "scoreboard": _median_ms(lambda: services.scoreboard(store, None, AS_OF), repeat, "scoreboard"),
        "scoreboard_district": _median_ms(lambda: services.scoreboard(store, None, AS_OF, "wujin"), repeat, "scoreboard_district"),
        "series": _median_ms(lambda: services.goal_series(store, None, "led_standards", AS_OF), repeat, "series"),
        "enterprise": _median_ms(lambda: services.enterprise_standing(store, enterprise, AS_OF), repeat, "enterprise"),
        # the same page once the date's rank histogram is known (every enterprise page after the first of a date)
        "enterprise_next": _median_ms(lambda: services.enterprise_standing(store, enterprise, AS_OF), repeat, "enterprise_next",
                                      forget=False),
        "search": _median_ms(lambda: services.search_enterprises(store, "测试企业12345"), repeat, "search"),
        "records": _median_ms(lambda: services.records_behind(store, None, "famous_brand_products", AS_OF, limit=100), repeat, "records"),
    }
    detail = services.goal_detail(store, None, "led_standards", AS_OF)
    chart = charts.goal_trend(detail["series"], title="新增主导研制国际、国家和行业标准", subtitle_text="统计截至 2020-12-31 · 全市",
                              source="数据来源：qcbrand 基准数据", lang="zh", target=100, deadline=AS_OF, as_of=AS_OF,
                              projected=None, unit="项")
    out["png"] = _median_ms(lambda: charts.to_png(chart), min(repeat, 3))
    out["import_rows_per_s"], out["import_rows"], out["import_runs"] = _import_throughput(store, n)
    out["apptest_s"] = _apptest_overview(path)
    store.close()
    out["spread"] = dict(_SPREAD)
    out["peak_mb"] = _peak_mb()
    return out


def _import_throughput(store: Store, n: int, runs: int = 3) -> tuple[float, int, list[float]]:
    """Import a CSV of famous brands held by existing enterprises (as real lists are), then roll it back:
    once small to warm up (the first import of a process loads the traditional-character tables), then
    `runs` times. The median rows a second, the rows, and each run's rows a second."""
    rows = min(100_000, max(1_000, n // 10))
    firms = enterprises_for(n)

    def csv(count: int) -> bytes:
        lines = ["企业名称,产品名称,认定年份"] + [f"测试企业{(i * 7919) % firms}有限公司,导入产品{i},2019" for i in range(count)]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def once(data: bytes) -> float:
        started = time.perf_counter()
        report = imports.import_file(store, "bench.csv", "famous_brands", data=data, editor="bench")
        elapsed = time.perf_counter() - started
        imports.rollback(store, report.import_id, "bench")  # type: ignore[arg-type]
        return elapsed

    once(csv(1_000))
    data = csv(rows)
    speeds = [rows / once(data) for _ in range(runs)]
    return statistics.median(speeds), rows, speeds


def _apptest_overview(path: Path) -> float:
    """Seconds for one AppTest run of the overview on this database, its query caches cold."""
    from streamlit.testing.v1 import AppTest

    os.environ["QCBRAND_DB"] = str(path)
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=300)
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


# --- SQLite --------------------------------------------------------------------------------------

_SQLITE_TABLES = {
    "honour_kinds": "code TEXT PRIMARY KEY, term_years INTEGER",
    "enterprises": "enterprise_id INTEGER PRIMARY KEY, name TEXT, district_code TEXT, industry TEXT",
    "famous_brands": "id INTEGER PRIMARY KEY, kind_code TEXT, enterprise_id INTEGER, product TEXT, granted_on TEXT, valid_until TEXT, revoked_on TEXT",
    "trademarks": "id INTEGER PRIMARY KEY, kind_code TEXT, enterprise_id INTEGER, mark TEXT, granted_on TEXT, valid_until TEXT, revoked_on TEXT",
    "quality_awards": "id INTEGER PRIMARY KEY, kind_code TEXT, enterprise_id INTEGER, granted_on TEXT, revoked_on TEXT",
    "standards": "id INTEGER PRIMARY KEY, kind_code TEXT, title TEXT, released_on TEXT, service INTEGER, revoked_on TEXT",
    "standard_drafters": "standard_id INTEGER, enterprise_id INTEGER, role TEXT",
    "other_honours": "id INTEGER PRIMARY KEY, kind_code TEXT, enterprise_id INTEGER, title TEXT, granted_on TEXT, valid_until TEXT, revoked_on TEXT",
    "goals": "plan_code TEXT, goal_code TEXT, rule TEXT, counts TEXT, role TEXT, service_only INTEGER",
    "goal_kinds": "plan_code TEXT, goal_code TEXT, kind_code TEXT",
    "plans": "plan_code TEXT PRIMARY KEY, starts_on TEXT",
}
_SQLITE_INDEXES = [f"CREATE INDEX {t}_{c} ON {t} ({c})" for t in ("famous_brands", "trademarks", "quality_awards",
                                                                   "other_honours") for c in ("kind_code", "enterprise_id")]
_SQLITE_INDEXES += ["CREATE INDEX standards_kind ON standards (kind_code)",
                    "CREATE INDEX drafters_standard ON standard_drafters (standard_id)",
                    "CREATE INDEX drafters_enterprise ON standard_drafters (enterprise_id)",
                    "CREATE INDEX enterprises_district ON enterprises (district_code)"]

_SQLITE_FACTS = """
WITH facts AS (
    SELECT f.id, f.kind_code, f.enterprise_id, f.granted_on, f.valid_until, f.revoked_on, NULL AS role, 0 AS service
    FROM famous_brands f
    UNION ALL SELECT t.id, t.kind_code, t.enterprise_id, t.granted_on, t.valid_until, t.revoked_on, NULL, 0 FROM trademarks t
    UNION ALL SELECT a.id, a.kind_code, a.enterprise_id, a.granted_on, NULL, a.revoked_on, NULL, 0 FROM quality_awards a
    UNION ALL SELECT s.id, s.kind_code, d.enterprise_id, s.released_on, NULL, s.revoked_on, d.role, s.service
              FROM standards s JOIN standard_drafters d ON d.standard_id = s.id
    UNION ALL SELECT o.id, o.kind_code, o.enterprise_id, o.granted_on, o.valid_until, o.revoked_on, NULL, 0 FROM other_honours o
), facts2 AS (
    SELECT f.*, coalesce(f.valid_until, CASE WHEN k.term_years IS NOT NULL
           THEN date(f.granted_on, '+' || k.term_years || ' years', '-1 day') END) AS valid
    FROM facts f JOIN honour_kinds k ON k.code = f.kind_code
)"""

_SQLITE_COUNTS_ON = """(f.granted_on <= {d} AND (f.revoked_on IS NULL OR f.revoked_on > {d}) AND CASE g.rule
    WHEN 'total_in_force' THEN f.valid IS NULL OR f.valid >= {d}
    WHEN 'new_in_plan' THEN f.granted_on >= p.starts_on WHEN 'won_in_plan' THEN f.granted_on >= p.starts_on ELSE 1 END)"""

SQLITE_SCOREBOARD = _SQLITE_FACTS + f"""
, units AS (
    SELECT g.goal_code, g.rule, g.counts,
           max(CASE WHEN {_SQLITE_COUNTS_ON.format(d=':as_of')} THEN 1 ELSE 0 END) AS now,
           max(CASE WHEN {_SQLITE_COUNTS_ON.format(d="date(p.starts_on, '-1 day')")} THEN 1 ELSE 0 END) AS before,
           min(f.granted_on) >= p.starts_on AS all_in_plan
    FROM goals g JOIN plans p ON p.plan_code = g.plan_code
    JOIN goal_kinds gk ON gk.plan_code = g.plan_code AND gk.goal_code = g.goal_code
    JOIN facts2 f ON f.kind_code = gk.kind_code
    WHERE g.plan_code = :plan AND (g.role IS NULL OR f.role = g.role) AND (g.service_only = 0 OR f.service = 1)
      AND (g.counts = 'records' OR f.enterprise_id IS NOT NULL)
    GROUP BY g.goal_code, CASE WHEN g.counts = 'enterprises' THEN f.enterprise_id ELSE f.id END
)
SELECT goal_code,
       sum(now AND (counts = 'records' OR rule NOT IN ('new_in_plan', 'won_in_plan') OR all_in_plan)),
       sum(before AND (counts = 'records' OR rule NOT IN ('new_in_plan', 'won_in_plan') OR all_in_plan))
FROM units GROUP BY goal_code"""

SQLITE_ENTERPRISE = _SQLITE_FACTS + """
, in_force AS (
    SELECT enterprise_id, count(DISTINCT id) AS honours FROM facts2
    WHERE granted_on <= :as_of AND (revoked_on IS NULL OR revoked_on > :as_of) AND (valid IS NULL OR valid >= :as_of)
    GROUP BY enterprise_id
), ranked AS (
    SELECT e.enterprise_id, coalesce(i.honours, 0) AS honours,
           rank() OVER (PARTITION BY e.district_code ORDER BY coalesce(i.honours, 0) DESC) AS district_rank,
           rank() OVER (PARTITION BY e.industry ORDER BY coalesce(i.honours, 0) DESC) AS industry_rank
    FROM enterprises e LEFT JOIN in_force i ON i.enterprise_id = e.enterprise_id
)
SELECT * FROM ranked WHERE enterprise_id = :id"""

SQLITE_ENTERPRISE_RECORDS = _SQLITE_FACTS + "SELECT * FROM facts2 WHERE enterprise_id = :id ORDER BY granted_on DESC"


def build_sqlite(store: Store, target: Path) -> float:
    """Copy the ledger's tables into SQLite with sensible indexes; returns seconds."""
    started = time.perf_counter()
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target)
    for table, columns in _SQLITE_TABLES.items():
        con.execute(f"CREATE TABLE {table} ({columns})")
        names = [c.split()[0] for c in columns.split(", ")]
        select = ", ".join(f"CAST({n} AS VARCHAR)" if n in ("granted_on", "valid_until", "revoked_on", "released_on", "starts_on")
                           else n for n in names)
        total = store.scalar(f"SELECT count(*) FROM {table}")
        for offset in range(0, total, 500_000):
            rows = store.rows(f"SELECT {select} FROM {table} ORDER BY 1 LIMIT 500000 OFFSET {offset}")
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(names))})", rows)
    for index in _SQLITE_INDEXES:
        con.execute(index)
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return time.perf_counter() - started


def measure_sqlite(path: Path, repeat: int) -> dict[str, Any]:
    target = path.with_suffix(".sqlite")
    built = None
    with Store.open(path, read_only=True) as store:
        enterprise = _busiest_enterprise(store)
        if not target.exists() or target.stat().st_mtime < path.stat().st_mtime:
            built = build_sqlite(store, target)
    con = sqlite3.connect(target)
    params = {"plan": "changzhou-2016", "as_of": AS_OF.isoformat(), "id": enterprise}

    def enterprise_page() -> None:
        con.execute(SQLITE_ENTERPRISE_RECORDS, params).fetchall()
        con.execute(SQLITE_ENTERPRISE, params).fetchall()

    out = {"scoreboard": _median_ms(lambda: con.execute(SQLITE_SCOREBOARD, params).fetchall(), repeat),
           "enterprise": _median_ms(enterprise_page, repeat), "build_s": built}
    out["peak_mb"] = _peak_mb()
    return out


# --- pandas --------------------------------------------------------------------------------------


def pandas_frames(path: Path) -> dict[str, Any]:
    """What an analyst would load: the facts, goals and enterprises as DataFrames."""
    with Store.open(path, read_only=True) as store:
        return {
            "facts": store.df("SELECT * FROM facts"),
            "goals": store.df("SELECT goal_code, rule, counts, role AS goal_role, service_only FROM goals "
                              "WHERE plan_code = 'changzhou-2016'"),
            "goal_kinds": store.df("SELECT goal_code, kind_code FROM goal_kinds WHERE plan_code = 'changzhou-2016'"),
            "firms": store.df("SELECT enterprise_id, district_code, industry FROM enterprises"),
            "enterprise": _busiest_enterprise(store),
        }


def pandas_scoreboard(frames: dict[str, Any], as_of: dt.date = AS_OF) -> tuple[pd.Series, pd.Series]:
    """Each goal's value on the as-of date and on the eve of the plan, with masks and groupby."""
    start = pd.Timestamp("2016-01-01")
    m = frames["goal_kinds"].merge(frames["goals"], on="goal_code").merge(frames["facts"], on="kind_code")
    m = m[(m["goal_role"].isna() | (m["role"] == m["goal_role"])) & (~m["service_only"] | m["service"])]

    m = m[(m["counts"] == "records") | m["enterprise_id"].notna()]
    m = m.assign(unit=np.where(m["counts"] == "enterprises", m["enterprise_id"], m["id"]))
    first = m.groupby(["goal_code", "unit"])["granted_on"].transform("min")
    first_in_plan = (m["counts"] == "records") | ~m["rule"].isin(["new_in_plan", "won_in_plan"]) | (first >= start)

    def value(day: pd.Timestamp) -> pd.Series:
        ok = (m["granted_on"] <= day) & (m["revoked_on"].isna() | (m["revoked_on"] > day))
        in_force = m["counts_until"].isna() | (m["counts_until"] >= day)
        new = m["granted_on"] >= start
        ok &= np.where(m["rule"] == "total_in_force", in_force, np.where(m["rule"].isin(["new_in_plan", "won_in_plan"]), new, True))
        ok &= first_in_plan
        return pd.DataFrame({"goal": m["goal_code"][ok], "unit": m["unit"][ok]}).groupby("goal")["unit"].nunique()

    return value(pd.Timestamp(as_of)), value(start - pd.Timedelta(days=1))


def pandas_enterprise(frames: dict[str, Any], enterprise: int, as_of: dt.date = AS_OF) -> pd.DataFrame:
    facts, firms, day = frames["facts"], frames["firms"], pd.Timestamp(as_of)
    live = facts[(facts["granted_on"] <= day) & (facts["revoked_on"].isna() | (facts["revoked_on"] > day))
                 & (facts["valid_until"].isna() | (facts["valid_until"] >= day))]
    counts = live.groupby("enterprise_id")["id"].nunique()
    ranked = firms.assign(honours=firms["enterprise_id"].map(counts).fillna(0))
    ranked["district_rank"] = ranked.groupby("district_code")["honours"].rank(ascending=False, method="min")
    ranked["industry_rank"] = ranked.groupby("industry")["honours"].rank(ascending=False, method="min")
    return ranked[ranked["enterprise_id"] == enterprise]


def measure_pandas(path: Path, repeat: int) -> dict[str, Any]:
    frames = pandas_frames(path)
    enterprise = frames["enterprise"]
    out = {"scoreboard": _median_ms(lambda: pandas_scoreboard(frames), repeat),
           "enterprise": _median_ms(lambda: pandas_enterprise(frames, enterprise), repeat)}
    out["peak_mb"] = _peak_mb()
    return out


# --- the run -------------------------------------------------------------------------------------


def _measure_in_child(engine: str, path: Path, repeat: int) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "qcbench.bench", engine, str(path), str(repeat)],
                            capture_output=True, text=True, timeout=3600, cwd=PROJECT_DIR)
    if result.returncode != 0:
        raise RuntimeError(f"{engine} on {path.name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def run(sizes: tuple[int, ...] = SIZES, repeat: int = 5, folder: Path = DEFAULT_DIR,
        echo: Callable[[str], None] = print, baselines: bool = True) -> list[dict[str, Any]]:
    folder.mkdir(parents=True, exist_ok=True)
    echo(f"machine: {machine()}")
    results = []
    for n in sizes:
        path = folder / f"bench-{n}.duckdb"
        if not path.exists():
            made = generate(path, n)
            echo(f"generated {n:,} honours in {made['seconds']:.1f} s ({path})")
        row: dict[str, Any] = {"honours": n, "qcbrand": _measure_in_child("qcbrand", path, repeat)}
        if baselines:
            row["sqlite"] = _measure_in_child("sqlite", path, repeat)
            row["pandas"] = _measure_in_child("pandas", path, repeat)
        results.append(row)
        echo(format_row(row))
    echo("")
    echo(format_table(results))
    return results


def format_row(row: dict[str, Any]) -> str:
    q = row["qcbrand"]
    runs = ", ".join(f"{v:,.0f}" for v in q["import_runs"])
    spread = q.get("spread", {})

    def ms(name: str) -> str:
        low, high = spread.get(name, (q[name], q[name]))
        return f"{name} {q[name]:.1f} ms ({low:.1f}–{high:.1f})"

    return (f"{row['honours']:>11,}: {ms('scan')}, {ms('scoreboard')}, {ms('scoreboard_district')}, {ms('enterprise')}, "
            f"{ms('enterprise_next')}, "
            f"import {q['import_rows_per_s']:,.0f} rows/s ({runs}), peak {q['peak_mb']:.0f} MB")


def format_table(results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table (medians; ratios are baseline time / qcbrand time)."""
    head = ("| honours | scan ms | scoreboard ms | ÷ scan | one district ms | series ms | enterprise ms | next enterprise ms | search ms | "
            "records ms | import rows/s | PNG ms | AppTest s | peak MB | SQLite scoreboard × | SQLite enterprise × | "
            "pandas scoreboard × | pandas enterprise × |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in results:
        q = row["qcbrand"]
        s, p = row.get("sqlite"), row.get("pandas")

        def ratio(base: dict[str, Any] | None, key: str) -> str:
            return f"{base[key] / q[key]:.1f}" if base else "—"  # noqa: B023  (called within the iteration that defines it)

        lines.append(
            f"| {row['honours']:,} | {q['scan']:.1f} | {q['scoreboard']:.1f} | {q['scoreboard'] / q['scan']:.1f} | "
            f"{q['scoreboard_district']:.1f} | {q['series']:.1f} | "
            f"{q['enterprise']:.1f} | {q.get('enterprise_next', float('nan')):.1f} | {q['search']:.1f} | {q['records']:.1f} | {q['import_rows_per_s']:,.0f} | "
            f"{q['png']:.0f} | {q['apptest_s']:.2f} | {q['peak_mb']:.0f} | {ratio(s, 'scoreboard')} | "
            f"{ratio(s, 'enterprise')} | {ratio(p, 'scoreboard')} | {ratio(p, 'enterprise')} |")
    return "\n".join(lines)


if __name__ == "__main__":  # a child process of run(): one engine, one database, JSON on stdout
    engine, db, times = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    measure = {"qcbrand": measure_qcbrand, "sqlite": measure_sqlite, "pandas": measure_pandas}[engine]
    print(json.dumps(measure(db, times)))
