"""Version 9 (issue 13): the facts that are a whole record of one holder, counted per kind and day: how many
were granted on a day, count toward a total to another (until a revocation, the end of a term or a renewal),
are revoked on a third and lapse on a fourth. The city's scoreboard sums this instead of reading
every fact; every write keeps it (derived.refresh_facts), and `qcbrand check` compares it with the facts."""

from __future__ import annotations

from typing import Any


def migrate(cur: Any) -> None:
    from qcbrand.ledger import derived

    cur.execute(
        "CREATE TABLE kind_days (kind_code VARCHAR NOT NULL, granted_on DATE NOT NULL, last_on DATE NOT NULL, "
        "revoked_on DATE NOT NULL, lapses_on DATE NOT NULL, n BIGINT NOT NULL)")
    derived.refresh_kind_days(cur)
    cur.execute("CREATE TEMP TABLE _order AS SELECT * FROM facts ORDER BY district_code, kind_code, id")
    cur.execute("DELETE FROM facts")  # ordered by district: one district's scoreboard reads a few row groups
    cur.execute("INSERT INTO facts SELECT * FROM _order")
    cur.execute("DROP TABLE _order")
