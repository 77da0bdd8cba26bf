"""`python -m qcbench generate --honours N` and `python -m qcbench run` (see README, Performance)."""

from __future__ import annotations

from pathlib import Path

import click

from qcbench import bench as benchmarks
from qcbrand.cli import _fail_cleanly


@click.group()
def bench() -> None:
    """Benchmarks at city, province and national scale (see README, Performance)."""


@bench.command("generate")
@click.option("--honours", "honours", type=int, required=True, help="How many honour records to generate.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The database file to write (default data/bench/bench-N.duckdb).")
@click.option("--force", is_flag=True, help="Replace --out even when it is not a benchmark database.")
@_fail_cleanly
def bench_generate(honours: int, out: Path | None, force: bool) -> None:
    """Build a deterministic database of N honour records (the ledger at --db is never touched)."""
    target = out or benchmarks.DEFAULT_DIR / f"bench-{honours}.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    made = benchmarks.generate(target, honours, force=force)
    counts = made["counts"]
    click.echo(f"generated {honours:,} honours in {made['seconds']:.1f} s: {target} "
               f"({counts['enterprises']:,} enterprises)")


@bench.command("run")
@click.option("--sizes", default="10000,100000,1000000,10000000", show_default=True, help="Comma-separated numbers of honours.")
@click.option("--repeat", default=5, show_default=True, help="Timed runs per question (the median is reported).")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the generated databases are kept (default data/bench).")
@click.option("--no-baselines", is_flag=True, help="Measure qcbrand only, not SQLite and pandas.")
@_fail_cleanly
def bench_run(sizes: str, repeat: int, folder: Path | None, no_baselines: bool) -> None:
    """Measure every question at each size, with SQLite and pandas ratios, and print the table."""
    numbers = tuple(int(x.replace("_", "")) for x in sizes.split(",") if x.strip())
    benchmarks.run(numbers, repeat, folder or benchmarks.DEFAULT_DIR, echo=click.echo, baselines=not no_baselines)


if __name__ == "__main__":
    bench()
