"""Fixtures: real DuckDB files in temporary directories, as the app and CLI use them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from qcbrand import ledger as qledger
from qcbrand import services
from qcbrand.ledger import importing
from qcbrand.ledger.store import Store
from qcbrand.rules.codes import name_key
from qcbrand.services import demo

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_db(tmp_path: Path) -> Store:
    """An initialised database: districts, honour kinds and the bundled plan, no records."""
    store = Store.open(tmp_path / "fresh.duckdb")
    services.init_database(store, actor="test")
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo city, built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store.open(path) as store:
        demo.build(store)
    return path


@pytest.fixture
def demo_db(demo_path: Path) -> Store:
    # the same configuration as the app's handle: DuckDB shares one database per file and process,
    # and refuses a second connection with another configuration (read_only)
    store = Store.open(demo_path)
    yield store
    store.close()


class Ledger:
    """Builds a small hand-made ledger record by record, for tests that work figures out by hand."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def enterprise(self, name: str, district: str, uscc: str | None = None) -> int:
        with qledger.changes(self.store) as change:
            cur = change.cur
            importing.insert_rows(cur, "enterprises", pd.DataFrame(
                [{"name": name, "name_key": name_key(name), "uscc": uscc, "district_code": district}]))
            change.touched()
            change.audit("test", "fixture", table_name="enterprises")
            return cur.scalar("SELECT max(enterprise_id) FROM enterprises")

    def add(self, table: str, **row: object) -> int:
        with qledger.changes(self.store) as change:
            cur = change.cur
            importing.insert_rows(cur, table, pd.DataFrame([row]))
            change.touched(everything=True)  # as every write in qcbrand does
            change.audit("test", "fixture", table_name=table)
            return cur.scalar(f"SELECT max(id) FROM {table}") if table != "standard_drafters" else 0

    def famous_brand(self, enterprise_id: int, granted: str, valid_until: str | None = None,
                     revoked: str | None = None, product: str = "产品") -> int:
        return self.add("famous_brands", kind_code="jiangsu_famous_brand", enterprise_id=enterprise_id, product=product,
                        granted_on=dt.date.fromisoformat(granted),
                        valid_until=dt.date.fromisoformat(valid_until) if valid_until else None,
                        revoked_on=dt.date.fromisoformat(revoked) if revoked else None)

    def standard(self, std_no: str, level: str, released: str, drafters: list[tuple[int, str]], service: bool = False) -> int:
        sid = self.add("standards", std_no=std_no, title="标题", level=level, kind_code=f"standard_{level}",
                       released_on=dt.date.fromisoformat(released), service=service)
        for enterprise_id, role in drafters:
            self.add("standard_drafters", standard_id=sid, enterprise_id=enterprise_id, role=role)
        return sid

    def other(self, kind: str, granted: str, enterprise_id: int | None = None, district: str | None = None,
              title: str = "项目") -> int:
        return self.add("other_honours", kind_code=kind, enterprise_id=enterprise_id, district_code=district,
                        title=title, granted_on=dt.date.fromisoformat(granted))


@pytest.fixture
def ledger(fresh_db: Store) -> Ledger:
    return Ledger(fresh_db)


def shown(markdown: str) -> str:
    """What a reader sees of Markdown that escapes its punctuation (ui.md): the text without the escapes."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@pytest.fixture
def app(demo_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A page of the real app under AppTest on the demo city, opened with query parameters as a link opens it."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("QCBRAND_DB", str(demo_path))

    def make(page: str = "overview", **params: str) -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        if page != "overview":
            at.run()
            at.switch_page(f"app_pages/{page}.py")
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return make


@pytest.fixture(autouse=True)
def _bundled_region_after_each_test():
    """A test that opens another city's ledger leaves the bundled region active after it (opening a ledger makes its
    region the active one; a handle cached across tests would otherwise read the city opened last)."""
    yield
    from qcbrand.rules import region

    region.use(None)
