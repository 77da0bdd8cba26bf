"""Opening, upgrading and sharing the database file."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qcbrand.errors import DatabaseBusyError, SchemaVersionError
from qcbrand.store import LATEST_VERSION, Store, resolve_db_path


def test_new_file_gets_the_latest_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.duckdb") as store:
        assert store.schema_version() == LATEST_VERSION
        assert "famous_brands" in store.table_counts()


def test_a_file_from_a_newer_qcbrand_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with Store.open(path) as store, store.transaction() as cur:
        cur.execute("INSERT INTO schema_version (version) VALUES (?)", [LATEST_VERSION + 1])
    with pytest.raises(SchemaVersionError) as e:
        Store.open(path)
    assert str(LATEST_VERSION + 1) in e.value.zh and "upgrade qcbrand" in e.value.en


def test_an_older_file_is_upgraded(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # a file from before any migration: no schema_version table
    con.execute("CREATE TABLE unrelated (x INTEGER)")
    con.close()
    with Store.open(path) as store:
        assert store.schema_version() == LATEST_VERSION


def test_db_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QCBRAND_DB", str(tmp_path / "env.duckdb"))
    assert resolve_db_path() == tmp_path / "env.duckdb"
    assert resolve_db_path(tmp_path / "arg.duckdb") == tmp_path / "arg.duckdb"


def test_a_held_database_gives_a_clear_message_naming_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    Store.open(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from qcbrand.store import Store
            s = Store.open({str(path)!r})
            print("held", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError) as e:
            Store.open(path, wait_seconds=0.5)
        assert time.monotonic() - started >= 0.5  # it waited before giving up
        assert f"PID {holder.pid}" in e.value.zh and f"PID {holder.pid}" in e.value.en
    finally:
        holder.kill()
        holder.wait()
    with Store.open(path, wait_seconds=5) as store:  # released: opens again
        assert store.schema_version() == LATEST_VERSION


def test_a_failed_transaction_writes_nothing(fresh_db) -> None:
    before = fresh_db.table_counts()
    with pytest.raises(RuntimeError), fresh_db.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('x', 'y')")
        raise RuntimeError("boom")
    assert fresh_db.table_counts() == before
