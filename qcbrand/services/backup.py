"""Backups as the app and the command line see them: make one, restore one (audited, the ledger's lock held)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qcbrand import ledger
from qcbrand.ledger.backup import MANIFEST, backup, read_manifest
from qcbrand.ledger.backup import restore as _restore
from qcbrand.ledger.store import Store

__all__ = ["MANIFEST", "backup", "read_manifest", "restore_backup"]


def restore_backup(holder: Store, folder: Path | str, editor: str) -> dict[str, Any]:
    """Replace the ledger `holder` has open with a backup (its lock held throughout; the handle is closed), then
    write the restore into the restored ledger's audit log. Returns the backup's manifest."""
    path = holder.path
    if holder.shared:  # the handle reads a published copy: the restore holds the ledger itself throughout
        holder = Store.open(path, wait_seconds=max(holder.wait_seconds, 30))
    manifest = _restore(folder, holder)
    with Store.open(path, wait_seconds=30) as store, ledger.changes(store) as change:
        change.audit(editor, "restore", note=f"from {folder} (made {manifest['made_at']})")
    return manifest
