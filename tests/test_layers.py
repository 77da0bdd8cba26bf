"""The layers hold by structure: what the door exports is what its modules define, every write goes through the
unit of work, and the migrations are frozen. (The import contracts themselves are import-linter's, run by CI.)"""

import ast
import importlib
import pkgutil
from pathlib import Path

import qcbrand
from qcbrand import services

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "qcbrand"


def test_the_door_exports_every_public_name_of_its_modules() -> None:
    for module in ("setup", "scoreboard", "lookups", "indicators"):
        mod = importlib.import_module(f"qcbrand.services.{module}")
        tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
        public = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")}
        missing = {n for n in public if not hasattr(services, n)}
        assert not missing, (module, missing)
    assert set(services.__all__) <= set(dir(services))


def test_every_module_imports() -> None:
    names = [m.name for m in pkgutil.walk_packages(qcbrand.__path__, "qcbrand.") if not m.name.endswith(".__main__")]
    assert "qcbrand.ledger.unit" in names and "qcbrand.intake.commit" in names
    for name in names:
        importlib.import_module(name)


def _calls(path: Path, attribute: str) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == attribute]


def test_every_write_goes_through_the_unit_of_work() -> None:
    # The store's transaction is private: only the store itself (migrations, restore) and the unit of work open one,
    # and only the unit of work keeps the derived tables and writes the audit log.
    allowed = {"_transaction": {"ledger/store.py", "ledger/unit.py"},
               "after_write": {"ledger/unit.py", "ledger/store.py"}, "audit": {"ledger/unit.py"}}
    for path in PACKAGE.rglob("*.py"):
        where = path.relative_to(PACKAGE).as_posix()
        for attribute, files in allowed.items():
            lines = _calls(path, attribute)
            if attribute == "audit":  # change.audit(...) is the way; edits.audit(...) only from the unit of work
                tree = ast.parse(path.read_text(encoding="utf-8"))
                lines = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "audit"
                         and isinstance(n.value, ast.Name) and n.value.id == "edits"]
            assert not lines or where in files, (where, attribute, lines)


def test_the_migrations_import_nothing_of_qcbrand() -> None:
    # An old ledger is upgraded with the code of its time: a migration that imported today's queries would not be.
    for path in (PACKAGE / "ledger" / "migrations").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.startswith("qcbrand")], (path.name, imported)


def test_no_module_is_over_600_lines() -> None:
    long = {p.relative_to(REPO).as_posix(): n for p in [*PACKAGE.rglob("*.py"), *(REPO / "qcapp").glob("*.py")]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not long, long


def test_a_change_keeps_what_it_touched_and_is_refused_without_an_audit_entry(fresh_db) -> None:
    import pandas as pd
    import pytest

    from qcbrand import ledger
    from qcbrand.errors import QcbrandError
    from qcbrand.ledger import derived, importing

    def brand(change: ledger.Change, product: str) -> int:
        importing.insert_rows(change.cur, "enterprises", pd.DataFrame([{"name": f"{product}厂", "name_key": f"{product}厂",
                                                                         "district_code": "wujin"}]))
        firm = change.cur.scalar("SELECT max(enterprise_id) FROM enterprises")
        importing.insert_rows(change.cur, "famous_brands", pd.DataFrame([{
            "kind_code": "jiangsu_famous_brand", "enterprise_id": firm, "product": product,
            "granted_on": pd.Timestamp("2019-01-01")}]))
        return int(change.cur.scalar("SELECT max(id) FROM famous_brands"))

    with pytest.raises(QcbrandError, match="audit"), ledger.changes(fresh_db) as change:
        brand(change, "阀门")  # no audit entry: nothing of it is written
    assert fresh_db.scalar("SELECT count(*) FROM famous_brands") == 0

    with ledger.changes(fresh_db) as change:
        record = brand(change, "泵")
        change.touched(ids=[record])
        change.audit("test", "correct", table_name="famous_brands", record_id=record)
    assert fresh_db.scalar("SELECT count(*) FROM facts WHERE id = ?", [record]) == 1  # kept by the change's end
    assert derived.stale_facts(fresh_db) == 0
    assert fresh_db.scalar("SELECT count(*) FROM audit_log WHERE action = 'correct' AND record_id = ?", [record]) == 1

    with ledger.changes(fresh_db) as change:  # a write that does not say what it touched leaves the facts behind
        untouched = brand(change, "阀")
        change.audit("test", "correct", table_name="famous_brands", record_id=untouched)
    assert derived.stale_facts(fresh_db) > 0
