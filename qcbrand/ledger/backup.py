"""Backup and restore of the whole ledger: the backup is data, never SQL to run.

A backup is a folder: one Parquet file per table and manifest.json with the schema version, each table's row
count, an order-independent fingerprint of its rows and the SHA-256 of its file, and where each sequence stands.
A restore checks every file against the manifest before reading it (a file that differs, is missing or is not in
the manifest refuses the whole backup), builds a new ledger beside the target from the project's own migrations
(the schema, views and macros come from this qcbrand, never from the backup), loads the tables into it, checks
them against the manifest, and only then puts the new file in place. It holds the target's lock for its whole
length, so no import can write to the ledger it is about to replace; a failed restore leaves the ledger as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.ledger.store import LATEST_VERSION, Store

MANIFEST = "manifest.json"
FORMAT = "qcbrand-backup-2"
_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(store: Store, folder: str | Path) -> dict[str, Any]:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise QcbrandError(*i18n.pair("msg.backup.backup_folder_not_empty", folder=folder))
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, dict[str, Any]] = {}
    with store.snapshot() as snap:  # one transaction: every table as of one moment
        for table, (rows, fingerprint) in snap.fingerprints().items():
            if table == "schema_version":
                continue
            path = folder / f"{table}.parquet"
            snap.copy_table_to(table, path)
            tables[table] = {"rows": rows, "fingerprint": fingerprint, "file": path.name, "sha256": _sha256(path)}
        sequences = snap.sequences()
        version = snap.schema_version()
    manifest = {
        "format": FORMAT,
        "made_at": dt.datetime.now().isoformat(timespec="seconds"),
        "source": str(store.path),
        "schema_version": version,
        "tables": tables,
        "sequences": sequences,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of a backup folder, checked for its shape; a folder that is not a backup is refused."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.exists():
        raise QcbrandError(*i18n.pair("msg.backup.not_qcbrand_backup_no", folder=folder, MANIFEST=MANIFEST))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise QcbrandError(*i18n.pair("msg.backup.not_valid_json_backup_damaged", folder=folder, MANIFEST=MANIFEST, e=e)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("tables"), dict):
        raise QcbrandError(*i18n.pair("msg.backup.not_backup_this_qcbrand_format", folder=folder, FORMAT=FORMAT))
    for table, entry in manifest["tables"].items():
        if not _TABLE_NAME.match(str(table)) or not isinstance(entry, dict) or entry.get("file") != f"{table}.parquet":
            raise QcbrandError(*i18n.pair("msg.backup.manifest_table_malformed", table=table))
    version = manifest.get("schema_version")
    if not isinstance(version, int) or not 1 <= version <= LATEST_VERSION:
        raise QcbrandError(*i18n.pair("msg.backup.backup_schema_version_not_one", version=version, LATEST_VERSION=LATEST_VERSION))
    return manifest


def verify_files(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file of the backup is one the manifest names, with its SHA-256; nothing more, nothing less."""
    listed = {entry["file"]: entry["sha256"] for entry in manifest["tables"].values()}
    present = {p.name for p in folder.iterdir() if p.name != MANIFEST}
    extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
    if extra or missing:
        raise QcbrandError(
            *i18n.pair("msg.backup.backup_does_not_match_its", v1='、'.join(extra) or '无', v2='、'.join(missing) or '无', v3=', '.join(extra) or 'none', v4=', '.join(missing) or 'none'))
    changed = sorted(name for name, sha in listed.items() if _sha256(folder / name) != sha)
    if changed:
        raise QcbrandError(*i18n.pair("msg.backup.backup_files_were_changed_checksums", v1='、'.join(changed), v2=', '.join(changed)))


def restore(folder: str | Path, holder: Store) -> dict[str, Any]:
    """Restore a backup over the ledger that `holder` has open read-write (its lock is held throughout, and the
    handle is closed at the end: reopen the ledger). Returns the manifest."""
    folder = Path(folder)
    target = holder.path
    staging = target.with_name(target.name + ".restoring")
    try:
        if holder.read_only:
            raise QcbrandError(*i18n.pair("msg.backup.restore_needs_ledger_open_for"))
        manifest = read_manifest(folder)
        verify_files(folder, manifest)
        holder.checkpoint()  # the old file's log is merged into it: nothing of it is left beside the new file
        for stale in (staging, Path(str(staging) + ".wal")):
            stale.unlink(missing_ok=True)
        with Store.open(staging, up_to=manifest["schema_version"]) as restored:
            wanted = set(manifest["tables"])
            have = set(restored.fingerprints()) - {"schema_version"}
            if wanted != have:
                raise QcbrandError(
                    *i18n.pair("msg.backup.backup_tables_differ_from_those", v1=manifest['schema_version'], v2='、'.join(sorted(wanted ^ have)), v3=', '.join(sorted(wanted ^ have))))
            restored.load_tables({t: folder / e["file"] for t, e in manifest["tables"].items()}, manifest.get("sequences", {}))
            found = restored.fingerprints()
            differing = sorted(t for t, e in manifest["tables"].items() if [e["rows"], e["fingerprint"]] != found.get(t))
            if differing:
                raise QcbrandError(*i18n.pair("msg.backup.restored_tables_differ_from_backup", v1='、'.join(differing), v2=', '.join(differing)))
            restored.migrate()  # a backup of an older schema is brought up to this one, as any old ledger is
            restored.checkpoint()
        Path(str(target) + ".wal").unlink(missing_ok=True)
        os.replace(staging, target)  # the lock is still held on the old file: no write can fall between
    finally:
        holder.close()
        staging.unlink(missing_ok=True)
        Path(str(staging) + ".wal").unlink(missing_ok=True)
    return manifest
