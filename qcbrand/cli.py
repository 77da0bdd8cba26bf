"""The `qcbrand` command: a thin shell over qcbrand's functions. Errors become one line and an exit code.

Exit codes: 0 success; 1 a refused operation (bad input, missing plan, busy database); 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import api, demo, importer, queries
from .errors import ImportRefused, QcbrandError
from .store import Store, resolve_db_path


def _fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn qcbrand's errors into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ImportRefused as e:
            if e.report is not None:
                _print_report(e.report)
            raise click.ClickException(f"{e.zh} / {e.en}") from None
        except QcbrandError as e:
            raise click.ClickException(f"{e.zh} / {e.en}") from None

    return wrapper


def _open(ctx: click.Context, *, read_only: bool = False, create: bool = False) -> Store:
    return Store.open(ctx.obj["db"], read_only=read_only, create=create, wait_seconds=ctx.obj["wait"])


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应形如 2020-12-31 / a date is written like 2020-12-31, not '{value}'") from None


@click.group()
@click.option("--db", envvar="QCBRAND_DB", type=click.Path(dir_okay=False, path_type=Path),
              help="Database file (default data/qcbrand.duckdb; or $QCBRAND_DB).")
@click.option("--wait", default=5.0, show_default=True,
              help="Seconds to wait for another process to release the database before giving up.")
@click.version_option(package_name="qcbrand")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, wait: float) -> None:
    """qcbrand: 质量强市品牌与奖项台账 / the brand-and-award ledger of a quality-strong-city programme."""
    ctx.obj = {"db": resolve_db_path(db), "wait": wait}


@cli.command()
@click.option("--no-plan", is_flag=True, help="Do not load the bundled plan (data/plans/changzhou-2016.toml).")
@click.pass_context
@_fail_cleanly
def init(ctx: click.Context, no_plan: bool) -> None:
    """Create an empty database with the district list, the honour-kind catalogue and the plan."""
    with _open(ctx, create=True) as store:
        plan = api.init_database(store, plan_file=None if no_plan else api.DEFAULT_PLAN_FILE)
    click.echo(f"已创建数据库 / database ready: {ctx.obj['db']}" + (f" (plan {plan})" if plan else ""))


@cli.command("demo")
@click.option("--force", is_flag=True, help="Replace a database that holds real (non-demo) records.")
@click.pass_context
@_fail_cleanly
def demo_command(ctx: click.Context, force: bool) -> None:
    """Build the demo database (示例数据): a fictional city, the same every time."""
    with _open(ctx, create=True) as store:
        has_records = store.scalar("SELECT count(*) FROM enterprises") > 0 if store.schema_version() else False
        if has_records and not api.is_demo(store) and not force:
            raise QcbrandError(
                f"{ctx.obj['db']} 中已有真实数据；如确需以示例数据替换，请加 --force",
                f"{ctx.obj['db']} holds real records; add --force to replace them with the demo city",
            )
        written = demo.build(store)
    click.echo(f"示例数据已生成 / demo database built: {ctx.obj['db']}")
    for table, n in written.items():
        click.echo(f"  {table}: {n}")


@cli.group()
def plan() -> None:
    """Load and list plans (sets of goals)."""


@plan.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@_fail_cleanly
def plan_load(ctx: click.Context, file: Path) -> None:
    """Load a plan file (TOML) into the database, replacing the plan of the same code."""
    with _open(ctx.parent, create=True) as store:  # type: ignore[arg-type]
        if not queries.kind_codes(store):
            api.init_database(store, plan_file=None)
        code = api.load_plan(store, file)
        n = len(queries.goals(store, code))
    click.echo(f"已载入计划 / plan loaded: {code} ({n} goals)")


@plan.command("list")
@click.pass_context
@_fail_cleanly
def plan_list(ctx: click.Context) -> None:
    """List the loaded plans."""
    with _open(ctx.parent, read_only=True) as store:  # type: ignore[arg-type]
        for p in api.list_plans(store):
            click.echo(f"{p.code}\t{p.starts_on} – {p.ends_on}\t{p.name_zh}")


@cli.group()
def kinds() -> None:
    """The honour-kind catalogue."""


@kinds.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=str(api.KINDS_FILE))
@click.pass_context
@_fail_cleanly
def kinds_load(ctx: click.Context, file: Path) -> None:
    """Load (or update) the honour-kind catalogue from a TOML file."""
    with _open(ctx.parent, create=True) as store:  # type: ignore[arg-type]
        n = api.load_kinds(store, file)
    click.echo(f"已载入荣誉类别 / honour kinds loaded: {n}")


@kinds.command("list")
@click.pass_context
@_fail_cleanly
def kinds_list(ctx: click.Context) -> None:
    """List the honour kinds."""
    with _open(ctx.parent, read_only=True) as store:  # type: ignore[arg-type]
        for k in queries.kinds(store).itertuples():
            term = f"{k.term_years}y" if k.term_years == k.term_years and k.term_years is not None else "—"
            click.echo(f"{k.category}\t{k.code}\t{k.name_zh}\t{term}")


def _print_report(report: importer.ImportReport) -> None:
    for problem in report.problems:
        tag = "错误 error" if problem.severity == "error" else "警告 warning"
        click.echo(f"[{tag}] {problem.line('zh')} / {problem.line('en')}", err=True)
    click.echo(report.summary("zh"), err=True)
    click.echo(report.summary("en"), err=True)


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kind", required=True, type=click.Choice(list(importer.MODELS)), help="The record kind of the file.")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--editor", default="cli", show_default=True, help="Who imports, for the audit log.")
@click.pass_context
@_fail_cleanly
def import_command(ctx: click.Context, file: Path, kind: str, dry_run: bool, editor: str) -> None:
    """Import a canonical CSV of one record kind (all rows or none; re-importing adds nothing)."""
    with _open(ctx, read_only=dry_run) as store:
        report = importer.import_file(store, file, kind, editor=editor, dry_run=dry_run)
    _print_report(report)


@cli.command()
@click.option("--as-of", "as_of", help="The date to count on (default: today, or the plan deadline once passed).")
@click.option("--district", help="One district (溧阳市, 武进, jingkai, …); default the whole city.")
@click.option("--plan", "plan_code", help="Plan code (default: the newest plan).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.pass_context
@_fail_cleanly
def scoreboard(ctx: click.Context, as_of: str | None, district: str | None, plan_code: str | None, fmt: str, lang: str) -> None:
    """Print every goal's value, target, gap, pace and status on a date."""
    with _open(ctx, read_only=True) as store:
        plan_info = api.get_plan(store, plan_code)
        day = _date(as_of) or api.default_as_of(plan_info)
        scores = api.scoreboard(store, plan_info.code, day, district)
        demo_data = api.is_demo(store)
        district_code = api.check_district(store, district)
    if fmt == "json":
        payload = {
            "plan": plan_info.code,
            "as_of": day.isoformat(),
            "district": district_code,
            "demo": demo_data,
            "goals": [s.as_dict() for s in scores],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    frame = api.scoreboard_frame(scores, lang)
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
        return
    title = plan_info.name(lang)
    note = ("（示例数据）" if lang == "zh" else " (demo data)") if demo_data else ""
    click.echo(f"{title}{note} — {day}" + (f" — {district_code}" if district_code else ""))
    click.echo(frame.to_string(index=False))


def main() -> None:
    cli(prog_name="qcbrand")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
