"""Opening, upgrading and sharing the database file."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qcbrand.errors import DatabaseBusyError, QcbrandError, SchemaVersionError
from qcbrand.ledger.store import LATEST_VERSION, Store, resolve_db_path


def test_new_file_gets_the_latest_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.duckdb") as store:
        assert store.schema_version() == LATEST_VERSION
        assert "famous_brands" in store.table_counts()


def test_a_file_from_a_newer_qcbrand_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with Store.open(path) as store, store._transaction() as cur:
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
            from qcbrand.ledger.store import Store
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
    with pytest.raises(RuntimeError), fresh_db._transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('x', 'y')")
        raise RuntimeError("boom")
    assert fresh_db.table_counts() == before


def test_a_version_1_file_gets_the_fact_views_and_new_name_keys(tmp_path: Path) -> None:
    import duckdb

    from qcbrand.ledger.store import MIGRATIONS_DIR
    from qcbrand.rules.codes import name_key

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))  # as version 1 of qcbrand left it, with version 1's name keys
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    con.execute((MIGRATIONS_DIR / "001_initial.sql").read_text(encoding="utf-8"))
    con.execute("INSERT INTO schema_version (version) VALUES (1)")
    names = {"常州恒达机械股份有限公司": "常州恒达机械", "常州恒达机械有限公司": "常州恒达机械",
             "常州（金鼎）纺织集团有限公司": "常州（金鼎）纺织", "武进 红星 电机厂": "武进红星电机",
             "常州宏禾车辆配件有限责任公司": "常州宏禾车辆配件", "天宁公司": "天宁"}
    for number, (name, old_key) in enumerate(names.items(), 1):
        con.execute("INSERT INTO enterprises (enterprise_id, name, name_key) VALUES (?, ?, ?)", [number, name, old_key])
    con.close()
    with Store.open(path) as store:
        assert store.schema_version() == LATEST_VERSION
        keys = dict(store.rows("SELECT name, name_key FROM enterprises"))
        assert keys == {name: name_key(name) for name in names}
        assert keys["常州恒达机械股份有限公司"] != keys["常州恒达机械有限公司"]
        assert store.scalar("SELECT count(*) FROM facts") == 0


def test_the_sql_name_key_macro_is_the_python_one() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qcbrand.rules.codes import name_key, normalise_text

    names = st.text(alphabet="常州恒达机械股份有限责任公司厂集团（）() 金坛红星", min_size=1, max_size=14)

    @settings(max_examples=200, deadline=None)
    @given(names)
    def agrees(name: str) -> None:
        stored = normalise_text(name)  # names are stored normalised
        if stored:
            assert store.scalar("SELECT name_key(?)", [stored]) == name_key(stored)

    with Store.open(":memory:") as store:
        agrees()


def test_duckdb_memory_is_bounded_and_the_bound_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path / "a.duckdb") as store:  # DuckDB's own default is 80 % of the machine
        assert store.scalar("SELECT current_setting('memory_limit')") == "953.6 MiB"
    monkeypatch.setenv("QCBRAND_MEMORY_LIMIT", "2GB")
    with Store.open(tmp_path / "a.duckdb") as store:
        assert store.scalar("SELECT current_setting('memory_limit')") == "1.8 GiB"
    monkeypatch.setenv("QCBRAND_MEMORY_LIMIT", "lots")
    with pytest.raises(QcbrandError) as refused:
        Store.open(tmp_path / "a.duckdb")
    assert "QCBRAND_MEMORY_LIMIT" in refused.value.zh and "1GB" in refused.value.en
