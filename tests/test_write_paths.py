"""Every write path leaves the derived tables as a full rebuild would make them: random imports (with renewals of
the same products), rollbacks, corrections, revocations and merges, each followed by `qcbrand check` and by the
scoreboard compared with the one a rebuild of every derived table gives (in a transaction rolled back after)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcbrand import intake, ledger, services
from qcbrand.errors import QcbrandError
from qcbrand.ledger import counting, integrity
from qcbrand.ledger.store import Store
from qcbrand.services import editing

FIRMS = ["常州写甲机械有限公司", "常州写乙电子有限公司", "常州写丙纺织有限公司", "常州写丁化工有限公司"]
PRODUCTS = ["阀门", "电缆"]
DISTRICTS = ["武进区", "新北区", "天宁区"]
DAYS = [dt.date(2015, 3, 1), dt.date(2016, 6, 30), dt.date(2017, 9, 1), dt.date(2018, 12, 31), dt.date(2019, 6, 30)]
AS_OF = [dt.date(2017, 12, 31), dt.date(2020, 12, 31)]

row = st.tuples(st.sampled_from(range(len(FIRMS))), st.sampled_from(PRODUCTS), st.sampled_from(DAYS),
                st.sampled_from(DISTRICTS), st.booleans())
step = st.one_of(
    st.tuples(st.just("import"), st.lists(row, min_size=1, max_size=4)),
    st.tuples(st.just("rollback"), st.integers(0, 5)),
    st.tuples(st.just("correct"), st.integers(0, 30), st.sampled_from(DAYS)),
    st.tuples(st.just("revoke"), st.integers(0, 30), st.sampled_from(DAYS)),
    st.tuples(st.just("merge"), st.integers(0, 3), st.integers(0, 3)),
)


def counts(store_or_cur, plan: str) -> dict:
    out = {}
    for day in AS_OF:
        for district in (None, "wujin"):
            frame = counting.scoreboard_counts(store_or_cur, plan, day, district)
            out[(day, district)] = sorted(map(tuple, frame[["goal_code", "value", "baseline", "lapsing"]].values.tolist()))
    return out


class _Rebuilt(Exception):
    pass


def assert_as_rebuilt(store: Store) -> None:
    sound = integrity.orphans(store)
    assert not {k: v for k, v in sound.items() if v}, sound
    plan = services.get_plan(store).code
    kept = counts(store, plan)
    rebuilt: dict = {}
    try:
        with ledger.changes(store) as change:
            cur = change.cur
            change.touched(everything=True)
            change.settle()
            rebuilt.update(counts(cur, plan))
            raise _Rebuilt
    except _Rebuilt:
        pass
    assert kept == rebuilt


@pytest.fixture(scope="module")
def empty_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("writes") / "city.duckdb"
    with Store.open(path) as store:
        services.init_database(store, actor="test")
    return path


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=2, max_size=8))
def test_every_write_leaves_the_derived_tables_as_a_rebuild(empty_city: Path, tmp_path_factory, steps: list) -> None:
    import shutil

    path = tmp_path_factory.mktemp("w") / "city.duckdb"
    shutil.copy(empty_city, path)
    with Store.open(path) as store:
        for n, action in enumerate(steps):
            kind = action[0]
            if kind == "import":
                lines = ["企业名称,所在地区,产品名称,认定日期,有效期至"]
                for firm, product, day, district, until in action[1]:
                    end = (day.replace(year=day.year + 2)).isoformat() if until else ""
                    lines.append(f"{FIRMS[firm]},{district},{product},{day.isoformat()},{end}")
                try:
                    intake.import_file(store, f"s{n}.csv", "famous_brands", data="\n".join(lines).encode(),
                                         create_enterprises=True)
                except QcbrandError:
                    pass  # a list the importer refuses writes nothing: the ledger must still be sound
            elif kind == "rollback":
                ids = [r[0] for r in store.rows("SELECT import_id FROM imports WHERE rolled_back_at IS NULL ORDER BY 1")]
                if ids:
                    intake.rollback(store, ids[action[1] % len(ids)], "test")
            elif kind in ("correct", "revoke"):
                ids = [r[0] for r in store.rows("SELECT id FROM famous_brands ORDER BY id")]
                if not ids:
                    continue
                record = ids[action[1] % len(ids)]
                try:
                    if kind == "correct":
                        editing.correct_record(store, "test", record, {"granted_on": action[2].isoformat()})
                    else:
                        editing.revoke(store, "test", record, action[2], "test")
                except QcbrandError:
                    pass
            elif kind == "merge":
                ids = [r[0] for r in store.rows("SELECT enterprise_id FROM enterprises ORDER BY 1")]
                if len(ids) >= 2 and ids[action[1] % len(ids)] != ids[action[2] % len(ids)]:
                    editing.merge(store, "test", ids[action[1] % len(ids)], ids[action[2] % len(ids)])
            assert_as_rebuilt(store)


def test_the_demo_and_a_restore_leave_the_derived_tables_as_a_rebuild(demo_path: Path, tmp_path: Path) -> None:
    import shutil

    from qcbrand.ledger import backup

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_path, path)
    with Store.open(path) as store:
        assert_as_rebuilt(store)
        backup.backup(store, tmp_path / "bk")
        backup.restore(tmp_path / "bk", store)
    with Store.open(path) as store:
        assert_as_rebuilt(store)
