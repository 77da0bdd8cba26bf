"""The layers stay where they belong: qcbrand never imports Streamlit, only the store imports DuckDB,
and pages hold no SQL and no database calls."""

import ast
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# the pages and the Streamlit-aware modules beside app.py (ui.py, widgets.py, import_panel.py)
PAGES = sorted((REPO / "app_pages").glob("*.py")) + sorted(REPO.glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_qcbrand_imports_without_streamlit() -> None:
    code = "import sys, qcbrand.cli, qcbrand.services, qcbrand.services.demo, qcbrand.intake; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_only_the_store_imports_duckdb() -> None:
    users = {p.name for p in (REPO / "qcbrand").rglob("*.py") if "duckdb" in imported_modules(p)}
    assert users == {"store.py"}


def test_pages_hold_no_sql_and_no_database_calls() -> None:
    sql = re.compile(r"\b(select\b.+\bfrom|insert\s+into|delete\s+from|update\s+\w+\s+set)\b|\.execute\(|\.sql\(", re.I)
    for page in PAGES:
        assert "duckdb" not in imported_modules(page), page
        text = page.read_text(encoding="utf-8")
        assert not sql.search(text), page


def test_every_page_file_is_in_the_navigation() -> None:
    app = (REPO / "app.py").read_text(encoding="utf-8")
    for page in (REPO / "app_pages").glob("*.py"):
        assert f'"app_pages/{page.name}"' in app, page
    # no pages/ folder: it would put Streamlit's legacy router in front of st.navigation (see app.py)
    assert not (REPO / "pages").exists()
