"""Backup and restore round-trip the whole database, checked table by table."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qcbrand import intake
from qcbrand.errors import QcbrandError
from qcbrand.ledger import backup
from qcbrand.ledger.store import Store
from tests.files import published_brands_xlsx


def test_round_trip_loses_nothing(demo_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.duckdb"
    shutil.copy(demo_path, source)
    with Store.open(source) as store:
        intake.import_file(store, "list.xlsx", data=published_brands_xlsx(), create_enterprises=True)
        before = store.fingerprints()
        next_id = store.scalar("SELECT nextval('honour_id')")
        backup.backup(store, tmp_path / "bk")
    target = tmp_path / "restored.duckdb"
    backup.restore(tmp_path / "bk", Store.open(target))
    with Store.open(target) as restored:
        found = restored.fingerprints()
        # every table as it was (schema_version is the restored ledger's own: its migrations ran today)
        assert {t: v for t, v in found.items() if t != "schema_version"} == {
            t: v for t, v in before.items() if t != "schema_version"}
        assert len(before) >= 17 and before["famous_brands"][0] > 900
        assert restored.scalar("SELECT nextval('honour_id')") == next_id + 1  # sequences carry on where they were
        assert restored.scalar("SELECT count(*) FROM honour_records") > 0  # views and macros came back too
        assert restored.scalar("SELECT count(*) FROM facts") == restored.scalar("SELECT count(*) FROM fact_source")


def test_a_damaged_backup_is_refused_and_the_database_is_left_alone(fresh_db, tmp_path: Path) -> None:
    backup.backup(fresh_db, tmp_path / "bk")
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    manifest["tables"]["districts"]["rows"] += 1
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(manifest))
    target = tmp_path / "keep.duckdb"
    with Store.open(target) as store:
        store.migrate()
        before = store.fingerprints()
    with pytest.raises(QcbrandError) as e:
        backup.restore(tmp_path / "bk", Store.open(target))
    assert "districts" in e.value.zh and "unchanged" in e.value.en
    with Store.open(target) as store:
        assert store.fingerprints() == before
    assert not list(tmp_path.glob("*.restoring*"))


def test_backup_needs_an_empty_folder_and_restore_a_backup(fresh_db, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(QcbrandError):
        backup.backup(fresh_db, tmp_path / "full")
    with pytest.raises(QcbrandError):
        backup.restore(tmp_path / "full", Store.open(tmp_path / "t.duckdb"))


def test_cli_backup_and_restore(demo_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    shutil.copy(demo_path, db)
    env = {**os.environ, "QCBRAND_DB": str(db)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "qcbrand.cli", *a], capture_output=True, text=True, env=env)  # noqa: E731
    with Store.open(db, read_only=True) as store:
        before = store.fingerprints()
    made = run("backup", str(tmp_path / "bk"))
    assert made.returncode == 0 and "tables" in made.stdout
    assert run("revoke", "1", "--on", "2020-01-01", "--reason", "测试").returncode == 0
    with Store.open(db, read_only=True) as store:
        assert store.fingerprints() != before
    restored = run("restore", str(tmp_path / "bk"))
    assert restored.returncode == 0, restored.stderr
    with Store.open(db, read_only=True) as store:
        after = store.fingerprints()
    assert {k: v for k, v in after.items() if k not in ("audit_log", "schema_version")} == {
        k: v for k, v in before.items() if k not in ("audit_log", "schema_version")}
    assert after["audit_log"][0] == before["audit_log"][0] + 1  # the restore itself is in the audit log


def damaged(fresh_db, tmp_path: Path, damage) -> QcbrandError:
    """Make a backup, damage it, and restore it over a ledger: the error, the ledger left as it was."""
    folder = tmp_path / "bk"
    backup.backup(fresh_db, folder)
    damage(folder)
    target = tmp_path / "keep.duckdb"
    with Store.open(target) as store:
        before = store.fingerprints()
    with pytest.raises(QcbrandError) as e:
        backup.restore(folder, Store.open(target))
    with Store.open(target) as store:
        assert store.fingerprints() == before
    return e.value


def test_a_backup_holds_data_only_and_its_sql_is_never_run(fresh_db, tmp_path: Path) -> None:
    escaped = tmp_path / "escaped.csv"

    def add_sql(folder: Path) -> None:  # what an old-style backup would have run: a COPY to anywhere
        (folder / "schema.sql").write_text(f"COPY (SELECT 42) TO '{escaped}';\n", encoding="utf-8")

    error = damaged(fresh_db, tmp_path, add_sql)
    assert "schema.sql" in error.zh and not escaped.exists()


def test_a_changed_table_file_is_refused_by_its_checksum(fresh_db, tmp_path: Path) -> None:
    import duckdb

    def change(folder: Path) -> None:  # a valid Parquet file with other rows: a changed honour kind
        path = folder / "honour_kinds.parquet"
        con = duckdb.connect()
        con.execute(f"COPY (SELECT * REPLACE ('x' AS name_zh) FROM read_parquet('{path}')) TO '{folder}/x.parquet'")
        con.close()
        (folder / "x.parquet").replace(path)

    error = damaged(fresh_db, tmp_path, change)
    assert "honour_kinds.parquet" in error.zh and "checksum" in error.en


def test_a_manifest_that_is_not_json_is_refused_clearly(fresh_db, tmp_path: Path) -> None:
    error = damaged(fresh_db, tmp_path, lambda folder: (folder / "manifest.json").write_text("{not json", encoding="utf-8"))
    assert "JSON" in error.zh and "damaged" in error.en


def test_a_restore_holds_the_lock_so_a_racing_import_is_kept(demo_path: Path, tmp_path: Path) -> None:
    """A restore started first and an import started while it runs: the import waits for the restore and then
    writes into the restored ledger; when it says it added rows, they are there at the end."""
    import time

    db = tmp_path / "race.duckdb"
    shutil.copy(demo_path, db)
    env = {**os.environ, "QCBRAND_DB": str(db)}
    assert subprocess.run([sys.executable, "-m", "qcbrand.cli", "backup", str(tmp_path / "bk")], env=env,
                          capture_output=True).returncode == 0
    listed = tmp_path / "race.csv"
    listed.write_text("企业名称,产品名称,认定日期\n常州竞速甲机械有限公司,阀门,2019-06-30\n常州竞速乙电子有限公司,电缆,2019-06-30\n",
                      encoding="utf-8")
    restore = subprocess.Popen([sys.executable, "-m", "qcbrand.cli", "--wait", "60", "restore", str(tmp_path / "bk")],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    imported = subprocess.run([sys.executable, "-m", "qcbrand.cli", "--wait", "60", "import", str(listed),
                               "--create-enterprises"], env=env, capture_output=True, text=True)
    assert restore.wait(120) == 0, restore.stderr.read() if restore.stderr else ""
    assert imported.returncode == 0 and "新增 2 条" in imported.stderr, imported.stderr
    with Store.open(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM famous_brands f JOIN enterprises e USING (enterprise_id) "
                            "WHERE e.name LIKE '常州竞速%'") == 2
        assert store.scalar("SELECT count(*) FROM imports WHERE file_name = 'race.csv'") == 1
