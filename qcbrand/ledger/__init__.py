"""The ledger: the only package that imports DuckDB. The store (opening, migrations, named SQL), the named reads
and writes by what they serve, and the unit of work every write goes through: `with ledger.changes(store) as change:`."""

from __future__ import annotations

from qcbrand.ledger.unit import Change, changes

__all__ = ["Change", "changes"]
