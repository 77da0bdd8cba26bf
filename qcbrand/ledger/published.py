"""The published copy of a ledger: what readers read, so that no reader waits for a process that holds the file.

DuckDB lets one process open a file for writing and then no other process may open it at all. So the
ledger itself (`data/qcbrand.duckdb`) is opened only to write, and only for the length of a write; readers
open a copy of it read-only (`data/qcbrand.duckdb.read/v00000042.duckdb`), any number of processes at once.
After every commit the writer, still holding the ledger's lock, checkpoints it, copies the file beside the
copies under a temporary name, renames it into place and then points `CURRENT` at it (written and renamed
the same way). A reader that opened the copy before keeps reading it (Linux keeps an open file whole after
it is replaced or removed), and moves to the new one at its next request: it never sees half of a commit.

`CURRENT` records the version (one more on every publication, in every process) and the ledger file's state
when it was copied (inode, size, modification time, and the size of its write-ahead log). A ledger whose
state differs was written without being published (a process that died between its commit and the copy,
or a file restored by hand): the next reader publishes it, if nobody holds the ledger.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".read"
POINTER = "CURRENT"
KEEP = 3  # versions whose copies are kept: the newest and the two before it


@dataclass(frozen=True)
class Pointer:
    """What `CURRENT` says: the copy to read, its version, and the ledger's state it was copied from."""

    file: str
    version: int
    ledger: tuple[int, ...]


def folder(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + SUFFIX)


def ledger_state(ledger: Path) -> tuple[int, ...]:
    """The ledger file's inode, size and modification time, and its write-ahead log's size (0 if none)."""
    try:
        main = os.stat(ledger)
    except FileNotFoundError:
        return ()
    try:
        wal = os.stat(str(ledger) + ".wal").st_size
    except FileNotFoundError:
        wal = 0
    return (main.st_ino, main.st_size, main.st_mtime_ns, wal)


def current(ledger: Path) -> Pointer | None:
    """The published copy, or None if there is none (never published, or the pointer unreadable)."""
    try:
        data = json.loads((folder(ledger) / POINTER).read_text(encoding="utf-8"))
        pointer = Pointer(str(data["file"]), int(data["version"]), tuple(int(x) for x in data["ledger"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if "/" in pointer.file or not pointer.file.endswith(".duckdb"):
        return None
    return pointer


def same_copy(a: Pointer, b: Pointer | None) -> bool:
    """Whether two pointers name the same copy (a restamp changes only the ledger state it records)."""
    return b is not None and (a.file, a.version) == (b.file, b.version)


def path_of(ledger: Path, pointer: Pointer) -> Path:
    return folder(ledger) / pointer.file


def is_fresh(ledger: Path, pointer: Pointer | None) -> bool:
    """Whether the copy `pointer` names exists and was made from the ledger as it is now."""
    return (pointer is not None and path_of(ledger, pointer).exists()
            and pointer.ledger == ledger_state(ledger))


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(ledger: Path) -> Pointer:
    """Copy the ledger (checkpointed, its lock held by the caller: nothing else writes it meanwhile) as the
    next version and point `CURRENT` at it. Older copies but the one before are removed (a reader that has one
    open keeps it; one that read the pointer a moment ago still finds the one before)."""
    target = folder(ledger)
    target.mkdir(exist_ok=True)
    before = current(ledger)
    version = (before.version if before else 0) + 1
    name = f"v{version:08d}.duckdb"
    staging = target / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
    shutil.copyfile(ledger, staging)  # sendfile(2): in the kernel, not through Python
    _sync(staging)
    os.replace(staging, target / name)
    pointer = Pointer(name, version, ledger_state(ledger))
    _point(target, pointer)
    with contextlib.suppress(OSError):  # the renames themselves made durable
        _sync(target)
    # the copies of the last KEEP versions stay: a reader that read the pointer a moment ago still finds its copy
    for old in target.glob("v*.duckdb"):
        if old.name[1:-7].isdigit() and int(old.name[1:-7]) <= version - KEEP:
            old.unlink(missing_ok=True)
    return pointer


def _point(target: Path, pointer: Pointer) -> None:
    text = json.dumps({"file": pointer.file, "version": pointer.version, "ledger": list(pointer.ledger)}).encode()
    staging = target / f".{POINTER}.{os.getpid()}.{threading.get_ident()}.tmp"
    staging.write_bytes(text)
    _sync(staging)
    os.replace(staging, target / POINTER)


def restamp(ledger: Path) -> Pointer | None:
    """After a transaction that was rolled back (a preview), with the lock still held: the ledger's file changed
    (DuckDB writes a large insert's blocks before its commit) but not its contents, so the copy stays the one to
    read and `CURRENT` records the ledger's state now. Without it every reader would take the ledger for written
    and not published, and publish it again. The caller makes sure the copy was fresh before the transaction."""
    before = current(ledger)
    if before is None:
        return None
    pointer = Pointer(before.file, before.version, ledger_state(ledger))
    _point(folder(ledger), pointer)
    return pointer


def remove(ledger: Path) -> None:
    """Forget every published copy (a ledger that is deleted or replaced wholesale)."""
    shutil.rmtree(folder(ledger), ignore_errors=True)
