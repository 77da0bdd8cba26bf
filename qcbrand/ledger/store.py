"""The storage layer: the only module that imports duckdb.

It opens the database file (waiting briefly if another process holds it), upgrades the schema with
the numbered migrations, and runs named queries from `qcbrand/ledger/sql/*.sql` with parameters. Callers get
plain rows, dicts or DataFrames; DuckDB's exceptions are translated into `qcbrand.errors`.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from qcbrand import i18n
from qcbrand.errors import DatabaseBusyError, QcbrandError, SchemaVersionError
from qcbrand.ledger import published
from qcbrand.ledger.locks import describe_holder
from qcbrand.rules import region as regions

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parents[1]  # the checkout, when qcbrand runs from one
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
SQL_DIR = PACKAGE_DIR / "sql"
# In a checkout the ledger is data/qcbrand.duckdb; an installed qcbrand keeps it in the working directory.
DEFAULT_DB = (PROJECT_DIR / "data" / "qcbrand.duckdb" if (PROJECT_DIR / "pyproject.toml").exists()
              else Path("qcbrand.duckdb"))


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: an explicit path, else $QCBRAND_DB, else data/qcbrand.duckdb in a checkout
    (qcbrand.duckdb in the working directory for an installed qcbrand)."""
    if path:
        return Path(path)
    if env := os.environ.get("QCBRAND_DB"):
        return Path(env)
    return DEFAULT_DB


def migrations() -> list[tuple[int, Path]]:
    """The numbered migrations: SQL files, or Python files with a `migrate(cursor)` function for a step
    that needs Python (the pinyin of every enterprise name)."""
    found = []
    for file in sorted([*MIGRATIONS_DIR.glob("*.sql"), *MIGRATIONS_DIR.glob("*.py")]):
        m = re.match(r"(\d+)_", file.name)
        if m:
            found.append((int(m.group(1)), file))
    return sorted(found)


def _run_migration(cur: Cursor, file: Path) -> None:
    if file.suffix == ".sql":
        cur.execute(file.read_text(encoding="utf-8"))
        return
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"qcbrand_migration_{file.stem}", file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cur)


LATEST_VERSION = migrations()[-1][0]


# The only identifiers a query may have filled in (none today; the mechanism stays for the next one).
# the goals' units a write touched (a registered table of plan_code, goal_code, unit), over span_rows' goals g and facts f
TOUCHED_UNITS_SCOPE = ("EXISTS (SELECT 1 FROM touched_units u WHERE u.plan_code = g.plan_code AND u.goal_code = g.goal_code "
                       "AND u.unit = (CASE WHEN g.counts = 'enterprises' THEN f.enterprise_id ELSE f.id END))")
SQL_IDENTIFIERS: dict[str, set[str]] = {
    # which units the counting spans are computed for: all, or those a write touched
    "span_scope": {"true", TOUCHED_UNITS_SCOPE},
    # which facts a kind_days delta reads: all, or those of a write's scope (the same three scopes as refresh_facts)
    "day_scope": {"true", "id IN (SELECT unnest($ids::BIGINT[]))", "import_id = $import_id",
                  "enterprise_id IN (SELECT unnest($enterprise_ids::BIGINT[]))"},
}


@cache
def load_sql(name: str, **identifiers: str) -> str:
    """The text of qcbrand/ledger/sql/NAME.sql, with each `-- include: OTHER` line replaced by OTHER's text
    (shared fragments such as the goal_facts CTE) and each {{key}} by a whitelisted identifier. Only SQL
    text is composed this way; values are always parameters."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    text = re.sub(r"^-- include: (\w+)$", lambda m: load_sql(m.group(1), **identifiers), text, flags=re.MULTILINE)
    for key, value in identifiers.items():
        if value not in SQL_IDENTIFIERS[key]:
            raise ValueError(f"{value!r} is not an allowed {key}")
        text = text.replace("{{" + key + "}}", value)
    missing = re.findall(r"{{(\w+)}}", text)
    if missing:
        raise ValueError(f"{name}.sql needs identifiers it was not given: {missing}")
    return text


_SERIALS = itertools.count(1)
# Ledgers a shared handle of this process is writing now. DuckDB gives a second connection in the same process
# the writer's own database, not a lock error: a reader here must not try to publish it meanwhile.
_WRITING: set[Path] = set()
DEFAULT_MEMORY_LIMIT = "1GB"


def memory_limit() -> str:
    """DuckDB's memory for one open ledger ($QCBRAND_MEMORY_LIMIT, default 1GB). DuckDB's own default is 80 %
    of the machine, and it keeps what it read: at 10 million honours one process grew to 2.4 GB. Beyond the
    limit it evicts blocks, and spills large joins and sorts to a temporary folder beside the database."""
    return os.environ.get("QCBRAND_MEMORY_LIMIT", "").strip() or DEFAULT_MEMORY_LIMIT


def _connect(path: Path, read_only: bool, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit()})
        except duckdb.ParserException as e:
            raise QcbrandError(*i18n.pair("msg.store.qcbrand_memory_limit_not_size", v1=memory_limit(), e=e)) from e
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise QcbrandError(*i18n.pair("msg.store.cannot_open_database", path=path, e=e)) from e
            if time.monotonic() >= deadline:
                zh, en = describe_holder(str(e))
                raise DatabaseBusyError(
                    *i18n.pair("msg.store.database_held_by_was_not", path=path, zh=zh, wait_seconds=wait_seconds, en=en),
                ) from e
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class Store:
    """One open ledger. Thread-safe: every query runs on its own cursor.

    Three ways to open one. The default holds the ledger read-write until it is closed (a command that writes,
    a test, the benchmark): no other process can open the file meanwhile, and at the end its commits are
    published for the readers. `read_only=True` opens the ledger itself read-only (waiting while a writer holds
    it). `shared=True` is the way of every process that lives long and mostly reads (the app, the command
    line's reading commands): it reads the published copy (`qcbrand.ledger.published`), never waits for
    anyone, and opens the ledger read-write only for the length of each write, waiting up to `wait_seconds`
    for another writer; each commit is published and read from at once.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool, *, shared: bool = False,
                 wait_seconds: float = 5.0) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        self.shared = shared
        self.wait_seconds = wait_seconds
        self._write_lock = threading.Lock()
        self._pointer: published.Pointer | None = None
        self._unpublished = False  # a held ledger committed since it was last published
        # Exclusive or read-only: committed write transactions through this handle (while it is open no other
        # process can write the file, so results cached against it stay true until it changes). Shared: the
        # published version, the same in every process, moved on by a commit in any of them.
        self.version = 0
        self.serial = next(_SERIALS)  # unlike id(), never reused by a later handle (after a restore, say)
        self.region: regions.Region | None = None  # the ledger's region (None: the bundled default)

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        shared: bool = False,
        wait_seconds: float = 5.0,
        create: bool = True,
        up_to: int | None = None,
    ) -> Store:
        """Open (or create) a ledger and bring its schema up to date; `up_to` stops at that schema version (a
        restore builds the schema of its backup's version, loads the data, then migrates the rest)."""
        db = resolve_db_path(path)
        if not db.exists():
            if read_only or not create:
                raise QcbrandError(
                    *i18n.pair("msg.store.database_does_not_exist_run", db=db),
                )
            db.parent.mkdir(parents=True, exist_ok=True)
        if shared:
            return cls._open_shared(db, wait_seconds)
        store = cls(_connect(db, read_only, wait_seconds), db, read_only, wait_seconds=wait_seconds)
        try:
            store.migrate(up_to)
            store._use_region()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _open_shared(cls, db: Path, wait_seconds: float) -> Store:
        pointer = published.current(db)
        if not published.is_fresh(db, pointer):
            # never published, or written since: publish it now (waiting for a writer only if there is no copy)
            pointer = _republish(db, wait_seconds if pointer is None else 0.0) or pointer
        if pointer is None:  # the ledger cannot be published (a read-only folder): read the ledger itself
            return cls.open(db, read_only=True, wait_seconds=wait_seconds)
        store = cls(None, db, False, shared=True, wait_seconds=wait_seconds)  # type: ignore[arg-type]
        store._attach(pointer)
        if store.schema_version() != LATEST_VERSION:  # a copy of an older schema, its ledger held meanwhile
            store.close()
            raise SchemaVersionError(*i18n.pair("msg.store.database_needs_upgrade_version_open", self_path=db,
                                                current=store.schema_version(), LATEST_VERSION=LATEST_VERSION))
        return store

    def _attach(self, pointer: published.Pointer) -> None:
        """Read from the copy `pointer` names from now on (the one before goes when its last cursor does)."""
        for attempt in range(10):
            try:
                self._con = duckdb.connect(str(published.path_of(self.path, pointer)), read_only=True,
                                           config={"memory_limit": memory_limit()})
                break
            except duckdb.IOException:  # replaced several times since the pointer was read: read it again
                if attempt == 9 or (newer := published.current(self.path)) is None:
                    raise
                pointer = newer
                time.sleep(0.01 * attempt)
        self._pointer = pointer
        self.version = pointer.version
        self._use_region()

    def _use_region(self) -> None:
        """Make the ledger's region (its city and districts) the one district names resolve against."""
        from qcbrand.ledger.reference import use_region

        self.region = use_region(self)

    def refresh(self) -> bool:
        """A shared handle moves to the newest published copy (a commit in any process); True if it moved.
        Cheap (a small file read and two stats): the app calls it once per page. A ledger written without being
        published is published now if nobody holds it, else read as it was last published."""
        if not self.shared:
            return False
        regions.use(self.region)  # this ledger's city, whichever ledger this process opened last
        pointer = published.current(self.path)
        if not published.is_fresh(self.path, pointer) and self.path not in _WRITING:
            pointer = _republish(self.path, 0.0) or pointer
        if pointer is None or published.same_copy(pointer, self._pointer):
            return False
        self._attach(pointer)
        return True

    def publish(self) -> published.Pointer:
        """Checkpoint the ledger this handle holds read-write and publish it for the readers."""
        if self.read_only or self.shared:
            raise QcbrandError(*i18n.pair("msg.store.publish_needs_held_ledger"))
        self._con.execute("CHECKPOINT")
        self._unpublished = False
        return published.publish(self.path)

    def close(self) -> None:
        if self._unpublished and published.folder(self.path).exists():
            try:  # a held ledger's commits, for the readers (if any reader has ever asked for a copy)
                self.publish()
            except (duckdb.Error, OSError):  # the next reader publishes it (the ledger's state tells it)
                pass
        if self._con is not None:
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------------

    def schema_version(self) -> int:
        cur = self._con.cursor()
        exists = cur.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchall()[0][0]
        if not exists:
            return 0
        return cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]

    def migrate(self, up_to: int | None = None) -> int:
        """Bring the schema up to LATEST_VERSION (or `up_to`); refuse a file from a newer qcbrand."""
        last = LATEST_VERSION if up_to is None else up_to
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise SchemaVersionError(
                *i18n.pair("msg.store.database_has_schema_version_but", self_path=self.path, current=current, LATEST_VERSION=LATEST_VERSION),
            )
        if current >= last:
            return current
        if self.read_only:
            raise SchemaVersionError(
                *i18n.pair("msg.store.database_needs_upgrade_version_open", self_path=self.path, current=current, LATEST_VERSION=LATEST_VERSION),
            )
        with self._transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            for version, file in migrations():
                if current < version <= last:
                    _run_migration(cur, file)
                    cur.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
            if current > 0 and last == LATEST_VERSION:
                # The migrations are frozen (schema only, no code of today); the derived tables of an upgraded
                # ledger are rebuilt from its records by today's rules, in the same transaction.
                from qcbrand.ledger import derived

                derived.after_write(cur, everything=True)
        return last

    # -- running queries --------------------------------------------------------------------

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    @contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        """All or nothing: commit on success, roll back on any exception. Writers queue up: in this process on
        a lock, across processes on the ledger's own (a shared handle waits up to `wait_seconds` for it).

        Private: writes go through `qcbrand.ledger.changes` (the unit of work); only the migrations and a restore
        use this directly, inside the ledger."""
        with self._write_lock:
            if self.shared:
                with self._shared_transaction() as shared:
                    yield shared
                return
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield Cursor(cur)
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                _commit(cur)
                self.version += 1
                self._unpublished = True
            finally:
                cur.close()

    @contextmanager
    def _shared_transaction(self) -> Iterator[Cursor]:
        """A shared handle's write: the ledger held for this transaction only, checkpointed and published."""
        writer = _connect(self.path, False, self.wait_seconds)
        _WRITING.add(self.path)
        fresh = published.is_fresh(self.path, published.current(self.path))  # nothing unpublished before this
        try:
            if (found := Cursor(writer.cursor()).schema_version()) != LATEST_VERSION:
                raise SchemaVersionError(*i18n.pair("msg.store.database_needs_upgrade_version_open",
                                                    self_path=self.path, current=found, LATEST_VERSION=LATEST_VERSION))
            cur = writer.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield Cursor(cur)
            except BaseException:
                cur.execute("ROLLBACK")
                if fresh:  # the file may have changed, its contents did not: the copy is still the one to read
                    published.restamp(self.path)
                raise
            _commit(cur)
            cur.close()
            writer.execute("CHECKPOINT")
            pointer = published.publish(self.path)
        finally:
            writer.close()
            _WRITING.discard(self.path)
        self._attach(pointer)

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        return Cursor(self._con.cursor()).rows(sql, params)

    def dicts(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        return Cursor(self._con.cursor()).dicts(sql, params)

    def df(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> pd.DataFrame:
        return Cursor(self._con.cursor()).df(sql, params)

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def named(self, name: str, params: dict[str, Any], **identifiers: str) -> pd.DataFrame:
        """Run the query in qcbrand/ledger/sql/NAME.sql with named parameters ($as_of, …)."""
        return self.df(load_sql(name, **identifiers), params)

    def fingerprints(self) -> dict[str, list[int]]:
        """Every table's row count and an order-independent hash of its rows."""
        out = {}
        for table in self._tables():
            count, digest = self.rows(f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM "{table}" t')[0]
            out[table] = [int(count), int(digest)]
        return out

    @contextmanager
    def snapshot(self) -> Iterator[Cursor]:
        """A cursor in one read transaction: everything it reads is of one moment (a backup)."""
        cur = self._con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield Cursor(cur)
        finally:
            cur.execute("ROLLBACK")
            cur.close()

    def checkpoint(self) -> None:
        if not self.shared:  # a shared handle's ledger is checkpointed by every write
            self.rows("CHECKPOINT")

    def load_tables(self, files: dict[str, Path], sequences: dict[str, Any]) -> None:
        """Fill the (empty, freshly migrated) tables from Parquet files, column by column as the schema names
        them, and set each sequence where the backup says it stood: data only, no SQL from the files."""
        with self._transaction() as cur:
            for table, path in files.items():
                columns = [r[0] for r in cur.rows(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table])]
                found = cur.column_names("SELECT * FROM read_parquet(?) LIMIT 0", [str(path)])
                if found != columns:
                    raise QcbrandError(*i18n.pair("msg.store.backup_columns_differ_from_schema", table=table, v2='、'.join(found), v3='、'.join(columns), v4=', '.join(found), v5=', '.join(columns)))
                cur.execute(f'DELETE FROM "{table}"')
                names = ", ".join(f'"{c}"' for c in columns)
                cur.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM read_parquet(?)', [str(path)])
            for name, next_value in sequences.items():
                if not isinstance(next_value, int) or next_value < 1 or not re.fullmatch(r"[a-z_]+", str(name)):
                    raise QcbrandError(*i18n.pair("msg.store.backup_sequence_invalid", name=name, next_value=next_value))
                if cur.scalar("SELECT count(*) FROM duckdb_sequences() WHERE sequence_name = ?", [name]) != 1:
                    raise QcbrandError(*i18n.pair("msg.store.backup_has_sequence_schema_lacks", name=name))
                if next_value > 1:  # a fresh sequence gives 1 next: take the values before the backup's next
                    cur.execute("SELECT max(nextval(?)) FROM range(?)", [name, next_value - 1])

    def _tables(self) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1")]

    def table_counts(self) -> dict[str, int]:
        tables = [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1")]
        return {t: self.scalar(f'SELECT count(*) FROM "{t}"') for t in tables}


class Cursor:
    """A cursor inside or outside a transaction; the same small API as Store."""

    def fingerprints(self) -> dict[str, list[int]]:
        """Every table's row count and an order-independent hash of its rows."""
        out = {}
        for (table,) in self.rows("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                                  "ORDER BY 1"):
            count, digest = self.rows(f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM "{table}" t')[0]
            out[table] = [int(count), int(digest)]
        return out

    def column_names(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        try:
            return [d[0] for d in self._cur.execute(sql, params).description]
        except duckdb.Error as e:
            raise _translate(e) from e

    def copy_table_to(self, table: str, path: Path) -> None:
        """One table as a Parquet file (the path is a literal in COPY: checked to hold no quote)."""
        self.execute(f"COPY \"{table}\" TO '{_sql_path(path)}' (FORMAT parquet)")

    def sequences(self) -> dict[str, int]:
        """Each sequence's next value."""
        return {name: int(start if last is None else last + step) for name, last, start, step in self.rows(
            "SELECT sequence_name, last_value, start_value, increment_by FROM duckdb_sequences() ORDER BY 1")}

    def schema_version(self) -> int:
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_version"))

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        try:
            self._cur.execute(sql, params).fetchall()
        except duckdb.Error as e:
            raise _translate(e) from e

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._cur.execute(sql, params).fetchall()
        except duckdb.Error as e:
            raise _translate(e) from e

    def dicts(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            rel = self._cur.execute(sql, params)
            names = [d[0] for d in rel.description]
            return [dict(zip(names, row)) for row in rel.fetchall()]
        except duckdb.Error as e:
            raise _translate(e) from e

    def df(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> pd.DataFrame:
        try:
            return self._cur.execute(sql, params).df()
        except duckdb.Error as e:
            raise _translate(e) from e

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def named(self, name: str, params: dict[str, Any], **identifiers: str) -> pd.DataFrame:
        return self.df(load_sql(name, **identifiers), params)

    def script(self, name: str, params: dict[str, Any]) -> None:
        """Run the statements of qcbrand/ledger/sql/NAME.sql in order on this cursor; the first one takes the
        parameters (scripts keep them in a temp table that the later statements read)."""
        statements = []
        for piece in load_sql(name).split(";\n"):
            if any(line.strip() and not line.strip().startswith("--") for line in piece.splitlines()):
                statements.append(piece.strip().rstrip(";"))
        for index, statement in enumerate(statements):
            self.execute(statement, params if index == 0 else ())

    def insert_frame(self, table: str, frame: pd.DataFrame, columns: Sequence[str]) -> int:
        """Bulk-insert the given columns of a DataFrame in one statement (never row by row)."""
        if frame.empty:
            return 0
        cols = ", ".join(f'"{c}"' for c in columns)
        self._cur.register("_incoming", frame)
        try:
            self._cur.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _incoming').fetchall()
        except duckdb.Error as e:
            raise _translate(e) from e
        finally:
            self.unregister("_incoming")
        return len(frame)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        self._cur.register(name, frame)

    def unregister(self, name: str) -> None:
        try:
            self._cur.unregister(name)
        except duckdb.Error:  # an aborted transaction refuses even this; the view dies with the cursor
            pass


def _commit(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute("COMMIT")
    except duckdb.Error as e:  # a full disk, say: nothing of the transaction is written
        try:
            cur.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise _translate(e) from e


def _republish(db: Path, wait_seconds: float) -> published.Pointer | None:
    """Publish the ledger if its lock can be had within `wait_seconds`; None if it is held (its holder publishes
    when it is done) or cannot be published here (a read-only folder)."""
    try:
        with Store.open(db, wait_seconds=wait_seconds, create=False) as holder:
            found = published.current(db)
            if published.is_fresh(db, found):  # published meanwhile, by the writer or another reader
                return found
            return holder.publish()
    except QcbrandError:  # held by a writer, or gone
        if wait_seconds > 0:
            raise
        return None
    except (OSError, duckdb.Error):
        return None


def _sql_path(folder: Path) -> str:
    """A path for COPY … TO, which takes a literal, not a parameter."""
    text = str(Path(folder).resolve())
    if "'" in text:
        raise QcbrandError(*i18n.pair("msg.store.path_may_not_contain_single", text=text))
    return text


def _translate(e: duckdb.Error) -> QcbrandError:
    text = str(e).splitlines()[0]
    if "no space left" in text.lower() or "disk full" in text.lower() or "disk is full" in text.lower():
        return QcbrandError(*i18n.pair("msg.store.disk_full_nothing_this_operation", text=text))
    if isinstance(e, duckdb.ConstraintException):
        return QcbrandError(*i18n.pair("msg.store.data_constraint_was_violated", text=text))
    return QcbrandError(*i18n.pair("msg.store.database_error", text=text))
