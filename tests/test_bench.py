"""The scale generator and the benchmark's baselines: deterministic data, and SQLite and pandas answering
the same question as qcbrand (a ratio between different answers would mean nothing)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qcbench import bench
from qcbrand import services
from qcbrand.ledger import integrity, reference
from qcbrand.ledger.store import Store

N = 20_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "bench.duckdb"
    bench.generate(path, N)
    return path


def test_generation_is_deterministic_and_sized(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.duckdb"
    bench.generate(again, N)
    with Store.open(generated, read_only=True) as a, Store.open(again, read_only=True) as b:
        stamped = {"plans", "region", "schema_version", "audit_log"}  # carry the time they were written
        same = {t: f for t, f in a.fingerprints().items() if t not in stamped}
        assert same == {t: f for t, f in b.fingerprints().items() if t not in stamped} and "trademarks" in same
        counts = a.table_counts()
        honours = sum(counts[t] for t in ("famous_brands", "trademarks", "quality_awards", "standards", "other_honours"))
        assert abs(honours - N) <= 5  # the shares are rounded down
        assert counts["enterprises"] == bench.enterprises_for(N)
        assert not any(integrity.orphans(a).values())


def test_regions_grow_with_the_data(tmp_path: Path) -> None:
    path = tmp_path / "province.duckdb"
    bench.generate(path, 200_000)
    with Store.open(path, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM districts") == bench.regions_for(200_000) == 10
        assert store.scalar("SELECT count(DISTINCT district_code) FROM enterprises") == 10
        assert not any(integrity.orphans(store).values())


def test_sqlite_and_pandas_baselines_give_qcbrands_scoreboard(generated: Path, tmp_path: Path) -> None:
    with Store.open(generated, read_only=True) as store:
        expected = {s.goal_code: s.value for s in services.scoreboard(store, None, bench.AS_OF)}
        target = tmp_path / "bench.sqlite"
        bench.build_sqlite(store, target)
    assert sum(expected.values()) > 0
    con = sqlite3.connect(target)
    rows = con.execute(bench.SQLITE_SCOREBOARD, {"plan": "changzhou-2016", "as_of": bench.AS_OF.isoformat()}).fetchall()
    assert {goal: value for goal, value, _ in rows if value} == {g: v for g, v in expected.items() if v}
    by_pandas, _ = bench.pandas_scoreboard(bench.pandas_frames(generated))
    assert {g: int(v) for g, v in by_pandas.items() if v} == {g: v for g, v in expected.items() if v}


def test_generate_never_replaces_a_real_ledger(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.duckdb"
    with Store.open(ledger) as store:
        services.init_database(store)
    result = subprocess.run([sys.executable, "-m", "qcbench", "generate", "--honours", "1000",
                             "--out", str(ledger)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "不是基准测试数据库" in result.stderr and "not a benchmark database" in result.stderr
    with Store.open(ledger, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM trademarks") == 0 and reference.setting(store, "bench_honours") is None
    replaced = subprocess.run([sys.executable, "-m", "qcbench", "generate", "--honours", "1000",
                               "--out", str(ledger), "--force"], capture_output=True, text=True, timeout=120)
    assert replaced.returncode == 0, replaced.stderr
    with Store.open(ledger, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM trademarks") == 550


def test_the_table_shows_the_scan_limit_and_each_ratio() -> None:
    q = {"scan": 5.0, "scoreboard": 50.0, "scoreboard_district": 40.0, "series": 1.0, "enterprise": 8.0,
         "enterprise_next": 4.0, "search": 1.0, "records": 1.0, "import_rows_per_s": 70_000.0, "import_rows": 100_000,
         "import_runs": [69_000.0, 70_000.0, 71_000.0], "png": 200.0, "apptest_s": 0.5, "peak_mb": 900.0,
         "spread": {"scoreboard": [48.0, 55.0]}}
    row = {"honours": 1_000_000, "qcbrand": q, "sqlite": {"scoreboard": 5000.0, "enterprise": 80.0},
           "pandas": {"scoreboard": 600.0, "enterprise": 16.0}}
    header, _, line = bench.format_table([row]).splitlines()
    cells = dict(zip([c.strip() for c in header.strip("|").split("|")], [c.strip() for c in line.strip("|").split("|")]))
    assert cells["scan ms"] == "5.0" and cells["÷ scan"] == "10.0" and cells["next enterprise ms"] == "4.0"
    assert cells["SQLite scoreboard ×"] == "100.0" and cells["pandas scoreboard ×"] == "12.0" and cells["pandas enterprise ×"] == "2.0"
    assert "scoreboard 50.0 ms (48.0–55.0)" in bench.format_row(row) and "(69,000, 70,000, 71,000)" in bench.format_row(row)
