"""The unit of work: every write to the ledger is one `with changes(store) as change:` block.

The block is one transaction (all or nothing). The writer says what it touched (`change.touched(ids=…)`) and who
did what (`change.audit(…)`); when the block ends, the derived tables are brought up to date for exactly what was
touched and the audit entries are written, inside the same transaction. A change without an audit entry is refused,
so that no write goes unrecorded. `Store` has no public transaction: a write outside this block has no cursor to
write with (`tests/test_layers.py` holds that).

    with changes(store) as change:
        edits.revoke(change.cur, table, record_id, on, reason)
        change.touched(ids=[record_id])
        change.audit(editor, "revoke", table_name=table, record_id=record_id, before=…, after=…)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.ledger import derived, edits
from qcbrand.ledger.store import Cursor, Store


@dataclass
class Change:
    """One write in progress: its cursor, the scopes it touched, the audit entries it will leave."""

    cur: Cursor
    _scopes: list[dict[str, Any]] = field(default_factory=list)
    _audits: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)

    def touched(self, *, ids: list[int] | None = None, import_id: int | None = None,
                enterprise_ids: list[int] | None = None, everything: bool = False,
                chains: list[int] | None = None) -> None:
        """What the write changed: records by id, one import's rows, enterprises (their district places their
        records), or everything (a new honour kind's term). `chains`: records whose renewal chains the write
        may have broken, collected before it deleted or moved them."""
        self._scopes.append({"ids": ids, "import_id": import_id, "enterprise_ids": enterprise_ids,
                             "everything": everything, "chains": chains})

    def audit(self, actor: str, action: str, **entry: Any) -> None:
        """Who did what (written when the change ends); the keywords are those of `edits.audit`."""
        self._audits.append(((actor, action), entry))

    def settle(self) -> None:
        """Bring the derived tables up to date now, for what was touched so far (a preview reads the scoreboard
        inside the change)."""
        scopes, self._scopes = self._scopes, []
        if any(s["everything"] for s in scopes):
            scopes = [{"everything": True}]
        for scope in scopes:
            derived.after_write(self.cur, **scope)

    def _finish(self) -> None:
        if not self._audits:
            raise QcbrandError(*i18n.pair("msg.unit.internal_error_this_change_has"))
        if self._scopes:
            self.settle()  # after_write ends with the name index
        else:  # nothing (more) touched: new names still get their pinyin
            derived.refresh_name_index(self.cur)
        for (actor, action), entry in self._audits:
            edits.audit(self.cur, actor, action, **entry)


@contextmanager
def changes(store: Store) -> Iterator[Change]:
    """One write, all or nothing, with its upkeep and its audit entries (see the module's docstring)."""
    with store._transaction() as cur:
        change = Change(cur)
        yield change
        change._finish()
