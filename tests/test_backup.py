"""Backup and restore round-trip the whole database, checked table by table."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qcbrand import backup, importer
from qcbrand.errors import QcbrandError
from qcbrand.store import Store
from tests.files import published_brands_xlsx


def test_round_trip_loses_nothing(demo_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.duckdb"
    shutil.copy(demo_path, source)
    with Store.open(source) as store:
        importer.import_file(store, "list.xlsx", data=published_brands_xlsx(), create_enterprises=True)
        before = store.fingerprints()
        next_id = store.scalar("SELECT nextval('honour_id')")
        backup.backup(store, tmp_path / "bk")
    target = tmp_path / "restored.duckdb"
    backup.restore(tmp_path / "bk", target)
    with Store.open(target) as restored:
        assert restored.fingerprints() == before
        assert len(before) >= 17 and before["famous_brands"][0] > 900
        assert restored.scalar("SELECT nextval('honour_id')") == next_id + 1  # sequences carry on where they were
        assert restored.scalar("SELECT count(*) FROM honour_records") > 0  # views and macros came back too
        assert restored.scalar("SELECT count(*) FROM facts") == restored.scalar("SELECT count(*) FROM fact_source")


def test_a_damaged_backup_is_refused_and_the_database_is_left_alone(fresh_db, tmp_path: Path) -> None:
    backup.backup(fresh_db, tmp_path / "bk")
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    manifest["tables"]["districts"][0] += 1
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(manifest))
    target = tmp_path / "keep.duckdb"
    with Store.open(target) as store:
        store.migrate()
    size = target.stat().st_size
    with pytest.raises(QcbrandError) as e:
        backup.restore(tmp_path / "bk", target)
    assert "districts" in e.value.zh and "unchanged" in e.value.en
    assert target.stat().st_size == size and not list(tmp_path.glob("*.restoring*"))


def test_backup_needs_an_empty_folder_and_restore_a_backup(fresh_db, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(QcbrandError):
        backup.backup(fresh_db, tmp_path / "full")
    with pytest.raises(QcbrandError):
        backup.restore(tmp_path / "full", tmp_path / "t.duckdb")


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
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}
    assert after["audit_log"][0] == before["audit_log"][0] + 1  # the restore itself is in the audit log
