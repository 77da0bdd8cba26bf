"""Backup and restore of the whole database, verified table by table.

A backup is a folder: DuckDB's EXPORT DATABASE (schema, sequences, views, macros and every table as
Parquet) plus manifest.json with each table's row count and an order-independent fingerprint. A restore
imports the folder into a new file beside the target, checks every table against the manifest, and only
then puts the new file in place: a failed restore leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from .errors import QcbrandError
from .store import Store

MANIFEST = "manifest.json"


def backup(store: Store, folder: str | Path) -> dict[str, Any]:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise QcbrandError(f"备份目录 {folder} 不是空的", f"the backup folder {folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    store.export_database(folder)
    manifest = {
        "made_at": dt.datetime.now().isoformat(timespec="seconds"),
        "source": str(store.path),
        "schema_version": store.schema_version(),
        "tables": store.fingerprints(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def read_manifest(folder: str | Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise QcbrandError(f"{folder} 不是 qcbrand 备份（缺少 {MANIFEST}）", f"{folder} is not a qcbrand backup (no {MANIFEST})")
    return json.loads(path.read_text(encoding="utf-8"))


def restore(folder: str | Path, target: str | Path) -> dict[str, Any]:
    """Restore a backup into `target` (which no process may hold open). Returns the manifest."""
    folder, target = Path(folder), Path(target)
    manifest = read_manifest(folder)
    staging = target.with_name(target.name + ".restoring")
    for stale in (staging, Path(str(staging) + ".wal")):
        stale.unlink(missing_ok=True)
    try:
        with Store.import_database(staging, folder) as restored:
            found = restored.fingerprints()
        differing = sorted(t for t in set(manifest["tables"]) | set(found) if manifest["tables"].get(t) != found.get(t))
        if differing:
            raise QcbrandError(f"恢复后的表与备份不一致：{'、'.join(differing)}；数据库未改动",
                               f"restored tables differ from the backup: {', '.join(differing)}; the database is unchanged")
        Path(str(target) + ".wal").unlink(missing_ok=True)
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
        Path(str(staging) + ".wal").unlink(missing_ok=True)
    return manifest
