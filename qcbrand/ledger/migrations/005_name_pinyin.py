"""Version 5 (issue 10): search as people type. Every enterprise name gets its pinyin (hengda) and initials
(hd), so that a name can be found by either; derived.refresh_name_index keeps them for new names."""

from __future__ import annotations

from typing import Any


def migrate(cur: Any) -> None:
    from qcbrand.ledger import derived

    cur.execute("ALTER TABLE enterprises ADD COLUMN name_pinyin VARCHAR")
    cur.execute("ALTER TABLE enterprises ADD COLUMN name_initials VARCHAR")
    cur.execute("CREATE TABLE pinyin_chars (ch VARCHAR PRIMARY KEY, pinyin VARCHAR NOT NULL, initial VARCHAR NOT NULL)")
    derived.refresh_name_index(cur)
