"""The demo city: deterministic, fictional, valid, and sized to show every kind of outcome."""

import datetime as dt
from pathlib import Path

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.rules.codes import check_uscc
from qcbrand.services import demo

# tables whose rows carry the time they were written: compared without it
TIMED = {"audit_log": "at_time", "plans": "loaded_at", "imports": "started_at", "schema_version": "applied_at",
         "candidate_steps": "recorded_at", "region": "loaded_at"}


def test_the_same_seed_builds_the_same_city(tmp_path: Path, demo_db) -> None:
    """Every row of every table the same (its fingerprint: count and an order-independent hash of the rows), not
    only as many: an unseeded registration number or date changes it."""
    with Store.open(tmp_path / "again.duckdb") as again:
        demo.build(again)
        built, first = again.fingerprints(), demo_db.fingerprints()
        assert set(built) == set(first)
        assert {t: v for t, v in built.items() if t not in TIMED} == {t: v for t, v in first.items() if t not in TIMED}
        for table, column in TIMED.items():
            rows = f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM (SELECT * EXCLUDE ({column}) FROM "{table}") t'
            assert again.rows(rows) == demo_db.rows(rows), table
        day = dt.date(2020, 12, 31)
        assert [s.value for s in services.scoreboard(again, None, day)] == [s.value for s in services.scoreboard(demo_db, None, day)]


def test_size_and_valid_credit_codes(demo_db) -> None:
    assert 1400 <= demo_db.scalar("SELECT count(*) FROM enterprises") <= 1600
    codes = [r[0] for r in demo_db.rows("SELECT uscc FROM enterprises WHERE uscc IS NOT NULL")]
    assert len(codes) > 1300 and all(check_uscc(c) == c for c in codes)
    per_district = dict(demo_db.rows("SELECT district_code, count(*) FROM enterprises GROUP BY 1"))
    assert len(per_district) == 7
    years = demo_db.rows("SELECT min(year(granted_on)), max(year(granted_on)) FROM facts")[0]
    assert years == (2008, 2024)
    kinds_used = {r[0] for r in demo_db.rows("SELECT DISTINCT kind_code FROM facts")}
    goal_kinds = {r[0] for r in demo_db.rows("SELECT DISTINCT kind_code FROM goal_kinds")}
    assert goal_kinds - kinds_used == {"china_quality_award", "standard_international"} - kinds_used


def test_on_the_deadline_some_goals_are_met_some_close_some_far(demo_db) -> None:
    scores = services.scoreboard(demo_db, None, dt.date(2020, 12, 31))
    met = [s for s in scores if s.score.status == "achieved"]
    close = [s for s in scores if s.score.status == "missed" and s.score.percent >= 85]
    far = [s for s in scores if s.score.status == "missed" and s.score.percent < 50]
    assert len(met) >= 5 and len(close) >= 2 and len(far) >= 2


def test_mid_plan_shows_every_pace_status(demo_db) -> None:
    statuses = {s.score.status for s in services.scoreboard(demo_db, None, dt.date(2019, 6, 30))}
    assert {"achieved", "on_track", "at_risk", "behind"} <= statuses


def test_demo_is_labelled(demo_db) -> None:
    assert services.is_demo(demo_db)
