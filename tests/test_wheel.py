"""The wheel carries what qcbrand needs outside a checkout: its plans, honour kinds, regions, industries, migrations
and SQL. Installed into a fresh virtualenv (its dependencies taken from this one's site-packages, since nothing is
downloaded while the tests run) and run from an empty folder, `qcbrand` initialises, builds the demo and scores it."""

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(*args: str | Path, cwd: Path) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


def test_the_wheel_runs_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, REPO, cwd=tmp_path)
    wheel = next(dist.glob("qcbrand-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("qcbrand/data/honour_kinds.toml", "qcbrand/data/plans/changzhou-2016.toml",
                    "qcbrand/data/regions/jiangsu.toml", "qcbrand/data/industries.toml", "qcbrand/data/defaults.toml",
                    "qcbrand/data/regions/changzhou.toml", "qcbrand/data/regions/changzhou-kinds.toml",
                    "qcbrand/data/regions/changzhou.geojson", "qcbrand/data/regions/BOUNDARIES.md",
                    "qcbrand/ledger/migrations/001_initial.sql", "qcbrand/ledger/sql/record.sql"):
        assert shipped in names, shipped
    assert not [n for n in names if n.startswith(("qcapp/", "qcbench/", "tests/"))]

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).strip())
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    # the dependencies, from this environment (a plain path line: its own .pth files, qcbrand's editable one among
    # them, are not read), after the wheel's own site-packages
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    empty = tmp_path / "elsewhere"
    empty.mkdir()
    where = run(python, "-c", "import qcbrand; print(qcbrand.__file__)", cwd=empty)
    assert where.startswith(str(venv)), where
    qcbrand = venv / "bin" / "qcbrand"
    run(qcbrand, "--db", "city.duckdb", "init", cwd=empty)
    shown = run(qcbrand, "--db", "city.duckdb", "region", "show", cwd=empty)  # the region, its kinds and boundaries
    assert "常州市 / Changzhou" in shown and "6 polygons" in shown, shown
    run(qcbrand, "--db", "city.duckdb", "demo", "--force", cwd=empty)
    board = run(qcbrand, "--db", "city.duckdb", "scoreboard", "--as-of", "2020-12-31", "--format", "csv", cwd=empty)
    assert "famous_brand_products" in board or "江苏省名牌产品" in board, board[:500]
    assert (empty / "city.duckdb").exists()
