"""The layers stay where they belong: qcbrand never imports Streamlit, only the store imports DuckDB, and pages
hold no SQL and no database calls. (import-linter's contracts in pyproject.toml hold the rest, in CI.)"""

import ast
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# the pages, the Streamlit package beside app.py (qcapp) and app.py
PAGES = sorted((REPO / "app_pages").glob("*.py")) + sorted((REPO / "qcapp").glob("*.py")) + [REPO / "app.py"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def imported_full(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_qcbrand_imports_without_streamlit() -> None:
    # every module of the package, found by pkgutil (a new one is checked without being listed here)
    code = ("import importlib, pkgutil, sys, qcbrand\n"
            "for m in pkgutil.walk_packages(qcbrand.__path__, 'qcbrand.'):\n"
            "    if not m.name.endswith('.__main__'): importlib.import_module(m.name)\n"
            "sys.exit(3 if 'streamlit' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_only_the_store_imports_duckdb() -> None:
    users = {p.name for p in (REPO / "qcbrand").rglob("*.py") if "duckdb" in imported_modules(p)}
    assert users == {"store.py"}


def test_pages_hold_no_sql_and_no_database_calls() -> None:
    # across lines too: a query split over a multi-line string is still SQL in a page
    sql = re.compile(r"\b(select\b[\s\S]{1,400}?\bfrom\b|insert\s+into|delete\s+from|update\s+\w+\s+set)\b|\.execute\(|\.sql\(",
                     re.I)
    for page in PAGES:
        assert "duckdb" not in imported_modules(page), page
        assert not {m for m in imported_full(page) if m.startswith(("qcbrand.ledger", "qcbrand.intake", "qcbrand.rules"))}, page
        text = page.read_text(encoding="utf-8")
        assert not sql.search(text), page


def test_every_page_file_is_in_the_navigation() -> None:
    app = (REPO / "app.py").read_text(encoding="utf-8")
    for page in (REPO / "app_pages").glob("*.py"):
        if page.name != "__init__.py":  # the package marker (import-linter reads app_pages as a package)
            assert f'"app_pages/{page.name}"' in app, page
    # no pages/ folder: it would put Streamlit's legacy router in front of st.navigation (see app.py)
    assert not (REPO / "pages").exists()
