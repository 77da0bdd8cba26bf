"""The `qcbrand` command: a thin shell over qcbrand's functions. Errors become one line and an exit code.

Exit codes: 0 success; 1 a refused operation (bad input, missing plan, busy database); 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pandas as pd

from qcbrand import services
from qcbrand.errors import ImportRefused, QcbrandError
from qcbrand.reports import exports
from qcbrand.services import Store, auth, backup, demo, editing, resolve_db_path, serving
from qcbrand.services import imports as import_service
from qcbrand.services.places import MAX_YEAR, MIN_YEAR


def _fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn qcbrand's errors into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ImportRefused as e:
            if e.report is not None:
                _print_report(e.report)  # type: ignore[arg-type]  # an ImportReport, typed object in errors.py
            raise click.ClickException(exports.printable(f"{e.zh} / {e.en}")) from None
        except QcbrandError as e:
            raise click.ClickException(exports.printable(f"{e.zh} / {e.en}")) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as e:  # a file that cannot be written or read: a full disk, a folder without rights
            raise click.ClickException(f"无法读写文件 {e.filename or ''}：{e.strerror or e}；请检查磁盘空间和权限后重试 / "
                                       f"cannot read or write {e.filename or 'a file'}: {e.strerror or e}; check the disk's "
                                       "free space and the permissions, then try again") from None
        except Exception as e:  # a bug: one line and exit 1, never a traceback (QCBRAND_DEBUG=1 shows it)
            if os.environ.get("QCBRAND_DEBUG"):
                raise
            raise click.ClickException(f"内部错误（请报告）：{type(e).__name__}: {e} / internal error (please report it): "
                                       f"{type(e).__name__}: {e}") from None

    return wrapper


def _open(ctx: click.Context, *, reader: bool = False, create: bool = False) -> Store:
    """The ledger for one command: a reading command reads the published copy (it never waits, even while the
    app or an import holds the ledger); a writing one holds the ledger, waiting up to --wait for a writer."""
    return Store.open(ctx.obj["db"], shared=reader, create=create, wait_seconds=ctx.obj["wait"])


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应形如 2020-12-31 / a date is written like 2020-12-31, not '{value}'") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise click.BadParameter(f"日期的年份应在 {MIN_YEAR} 至 {MAX_YEAR} 之间 / the date's year should be between {MIN_YEAR} "
                                 f"and {MAX_YEAR}, not {value}")
    return day


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
@click.option("--region", "region_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=str(services.DEFAULT_REGION_FILE), show_default=True,
              help="The city's region file: its districts, their spellings and former names, its boundaries.")
@click.option("--no-plan", is_flag=True, help="Do not load the plan the region file names.")
@click.pass_context
@_fail_cleanly
def init(ctx: click.Context, region_file: Path, no_plan: bool) -> None:
    """Create an empty database with the city's region, the honour-kind catalogue and the region's plan."""
    with _open(ctx, create=True) as store:
        plan = (services.init_database(store, plan_file=None, region_file=region_file) if no_plan
                else services.init_database(store, region_file=region_file))
    click.echo(f"已创建数据库 / database ready: {ctx.obj['db']}" + (f" (plan {plan})" if plan else ""))


@cli.command("demo")
@click.option("--force", is_flag=True, help="Replace a database that holds real (non-demo) records.")
@click.pass_context
@_fail_cleanly
def demo_command(ctx: click.Context, force: bool) -> None:
    """Build the demo database (示例数据): a fictional city, the same every time."""
    with _open(ctx, create=True) as store:
        demo.refuse_to_replace_real_records(store, str(ctx.obj["db"]), force)
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
        if not services.is_set_up(store):
            services.init_database(store, plan_file=None)
        code = services.load_plan(store, file)
        n = services.goal_count(store, code)
    click.echo(f"已载入计划 / plan loaded: {code} ({n} goals)")


@plan.command("list")
@click.pass_context
@_fail_cleanly
def plan_list(ctx: click.Context) -> None:
    """List the loaded plans."""
    with _open(ctx.parent, reader=True) as store:  # type: ignore[arg-type]
        for p in services.list_plans(store):
            click.echo(f"{p.code}\t{p.starts_on} – {p.ends_on}\t{p.name_zh}")


@cli.group()
def kinds() -> None:
    """The honour-kind catalogue."""


@kinds.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=str(services.KINDS_FILE))
@click.pass_context
@_fail_cleanly
def kinds_load(ctx: click.Context, file: Path) -> None:
    """Load (or update) the honour-kind catalogue from a TOML file."""
    with _open(ctx.parent, create=True) as store:  # type: ignore[arg-type]
        n = services.load_kinds(store, file)
    click.echo(f"已载入荣誉类别 / honour kinds loaded: {n}")


@kinds.command("list")
@click.pass_context
@_fail_cleanly
def kinds_list(ctx: click.Context) -> None:
    """List the honour kinds."""
    with _open(ctx.parent, reader=True) as store:  # type: ignore[arg-type]
        for k in services.kinds_frame(store).itertuples():
            term = f"{int(k.term_years)}y" if pd.notna(k.term_years) else "—"
            click.echo(f"{k.category}\t{k.code}\t{k.name_zh}\t{term}")


def _print_report(report: import_service.ImportReport) -> None:
    for entry in report.reading:
        stated = "—" if entry["stated"] is None else entry["stated"]
        left = f"，略去 {len(entry['left_out'])} 行 / {len(entry['left_out'])} left out" if entry["left_out"] else ""
        click.echo(f"[读取 reading] {entry['text'][:60]} → {entry['kind_name'] or '？ unknown'} · {entry['year'] or '—'} · "
                   f"注明 stated {stated} · 读取 read {entry['read']}{left}", err=True)
    for city, n in report.left_out_by_city.items():
        click.echo(f"[略去 left out] {city}：{n} 行（其他城市，不导入） / {n} rows of {city} (another city, not imported)", err=True)
    for change in report.goal_changes:
        click.echo(f"[目标 goal] {change['name_zh']} / {change['goal']} ({change['on']}): {change['before']} → {change['after']}",
                   err=True)
    for c in report.pipeline_closed:
        click.echo(f"[培育库 pipeline] {c['enterprise']}：{c['kind_zh']} → 获得 / obtained ({c['granted_on']}, "
                   f"记录 record {c['record_id']}, 培育对象 candidate {c['candidate_id']})", err=True)
    for problem in report.problems:
        tag = "错误 error" if problem.severity == "error" else "警告 warning"
        click.echo(exports.printable(f"[{tag}] {problem.line('zh')} / {problem.line('en')}"), err=True)
    click.echo(report.summary("zh"), err=True)
    click.echo(report.summary("en"), err=True)


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    out = {}
    for value in values:
        if "=" not in value:
            raise click.BadParameter(f"{what} 应写作 左=右 / {what} is written LEFT=RIGHT, not '{value}'")
        left, right = value.split("=", 1)
        out[left.strip()] = right.strip()
    return out


def _editor_name(editor: str | None) -> str:
    return editor or os.environ.get("USER") or "cli"


def list_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every import of a list takes (`import`, `candidates import`): the sheet, what columns are,
    old district names, new enterprises and the names to settle."""
    options = [
        click.option("--sheet", help="The Excel sheet to read (default: the first with a header row)."),
        click.option("--map", "column_map", multiple=True, metavar="HEADER=FIELD",
                     help="Map a column to a field (FIELD - ignores it)."),
        click.option("--ignore", "ignore", multiple=True, metavar="HEADER",
                     help="Leave a column out on purpose (a column nobody said what it is refuses the list)."),
        click.option("--district", "districts", multiple=True, metavar="NAME=CODE",
                     help="Choose the district for an old name that now lies in several: OLD=CODE (qcbrand region show)."),
        click.option("--create-enterprises", is_flag=True, help="Agree to create the enterprises the ledger does not have yet."),
        click.option("--match", "matches", multiple=True, metavar="NAME=ID|new",
                     help="Settle a name the report asks about: the enterprise number it means, or new."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kind", type=click.Choice(list(import_service.MODELS)), help="The record kind (default: told by the headers).")
@click.option("--honour", help="Give every row this honour (a catalogue name, alias or code): a list for one honour.")
@click.option("--year", type=int, help="Date rows that carry no date (31 December), and notice sections that name no year.")
@list_options
@click.option("--dry-run", is_flag=True, help="Validate and report, with what the import would do to the goals; write nothing.")
@click.option("--as-of", "as_of", help="The date the goal changes are counted on (default: the plan's deadline).")
@click.option("--plan", "plan_code", help="The plan whose goal changes are reported (default: the plan in force on --as-of, else the newest).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the whole report (reading, goal_changes, errors, warnings) on standard output.")
@click.option("--editor", help="Who imports, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def import_command(ctx: click.Context, file: Path, kind: str | None, sheet: str | None, honour: str | None,
                   year: int | None, column_map: tuple[str, ...], ignore: tuple[str, ...], districts: tuple[str, ...],
                   create_enterprises: bool, matches: tuple[str, ...], dry_run: bool, as_of: str | None,
                   plan_code: str | None, fmt: str, editor: str | None) -> None:
    """Import a list (XLSX, CSV or a notice as .txt): all rows or none; re-importing adds nothing."""
    run_import(ctx, file, kind, fmt, editor, dry_run, matches, sheet=sheet, year=year, honour=honour,
               column_map=_pairs(column_map, "--map"), ignore=list(ignore), district_choices=_pairs(districts, "--district"),
               create_enterprises=create_enterprises, as_of=_date(as_of), plan_code=plan_code)


def run_import(ctx: click.Context, file: Path, kind: str | None, fmt: str, editor: str | None, dry_run: bool,
               matches: tuple[str, ...], **options: Any) -> None:
    """Import one file (`options` those of imports.import_file) and print its report: `import`, `candidates import`."""
    chosen: dict[str, Any] = {}
    for name, value in _pairs(matches, "--match").items():
        if value != "new" and not value.isdigit():
            raise click.BadParameter(f"--match 应写作 名称=企业编号 或 名称=new / --match is NAME=NUMBER or NAME=new, not '{value}'")
        chosen[name] = value if value == "new" else int(value)
    # a dry run tries the import in a transaction it rolls back (to say what it does to the goals): it opens the
    # ledger writable, waiting like a write
    try:
        with _open(ctx) as store:
            report = import_service.import_file(store, file, kind, editor=_editor_name(editor), dry_run=dry_run,
                                                matches=chosen, **options)
    except ImportRefused as refused:
        if fmt == "json":
            click.echo(json.dumps(refused.report.as_dict(), ensure_ascii=False, indent=2, default=str))  # type: ignore[attr-defined]
        raise
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    _print_report(report)
    if report.import_id is not None:
        click.echo(f"导入编号 / import id: {report.import_id}")


@cli.group()
def imports() -> None:
    """List imports and roll one back."""


@imports.command("list")
@click.pass_context
@_fail_cleanly
def imports_list(ctx: click.Context) -> None:
    """Every import: id, time, editor, file, rows added, and whether it was rolled back."""
    with _open(ctx.parent, reader=True) as store:  # type: ignore[arg-type]
        for r in import_service.history(store).itertuples():
            undone = f"  rolled back {r.rolled_back_at:%Y-%m-%d %H:%M} by {r.rolled_back_by}" if pd.notna(r.rolled_back_at) else ""
            click.echo(f"{r.import_id}\t{r.started_at:%Y-%m-%d %H:%M}\t{r.editor}\t{r.file_name}\t{r.record_kind}\t"
                       f"+{r.rows_added} rows, +{r.enterprises_added} enterprises{undone}")


@imports.command("rollback")
@click.argument("import_id", type=int)
@click.option("--editor", help="Who rolls back, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def imports_rollback(ctx: click.Context, import_id: int, editor: str | None) -> None:
    """Undo one import as a whole."""
    with _open(ctx.parent) as store:  # type: ignore[arg-type]
        removed = import_service.rollback(store, import_id, _editor_name(editor))
    click.echo(f"已撤回第 {import_id} 次导入 / import {import_id} rolled back: "
               + ", ".join(f"{k} -{v}" for k, v in removed.items() if v))


@cli.command()
@click.argument("record_id", type=int)
@click.argument("changes", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.option("--enterprise", "is_enterprise", is_flag=True, help="RECORD_ID is an enterprise number.")
@click.option("--editor", help="Who corrects, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def correct(ctx: click.Context, record_id: int, changes: tuple[str, ...], is_enterprise: bool, editor: str | None) -> None:
    """Correct fields of a record (or with --enterprise, of an enterprise)."""
    values = _pairs(changes, "FIELD=VALUE")
    with _open(ctx) as store:
        if is_enterprise:
            after = editing.correct_enterprise(store, _editor_name(editor), record_id, values)
        else:
            after = editing.correct_record(store, _editor_name(editor), record_id, values)
    click.echo("已更正 / corrected: " + ", ".join(f"{k}={after[k]}" for k in values))


@cli.command()
@click.argument("record_id", type=int)
@click.option("--on", "on", required=True, help="The revocation date (YYYY-MM-DD): it stops counting from that day.")
@click.option("--reason", required=True, help="Why it is revoked.")
@click.option("--editor", help="Who revokes, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def revoke(ctx: click.Context, record_id: int, on: str, reason: str, editor: str | None) -> None:
    """Revoke a record from a date, with a reason."""
    with _open(ctx) as store:
        editing.revoke(store, _editor_name(editor), record_id, _date(on), reason)  # type: ignore[arg-type]
    click.echo(f"已撤销 / revoked: record {record_id} from {on}")


@cli.command()
@click.argument("keep_id", type=int)
@click.argument("merge_id", type=int)
@click.option("--editor", help="Who merges, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def merge(ctx: click.Context, keep_id: int, merge_id: int, editor: str | None) -> None:
    """Merge enterprise MERGE_ID into KEEP_ID (one company listed twice)."""
    with _open(ctx) as store:
        moved = editing.merge(store, _editor_name(editor), keep_id, merge_id)
    click.echo(f"已合并 / merged {merge_id} into {keep_id}: " + ", ".join(f"{k} {v}" for k, v in moved.items() if v))


@cli.command()
@click.option("--text", help="Find this text anywhere in an entry.")
@click.option("--action", type=click.Choice(["import", "rollback", "correct", "revoke", "merge", "plan_load", "kinds_load",
                                             "demo", "restore"]))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@click.pass_context
@_fail_cleanly
def audit(ctx: click.Context, text: str | None, action: str | None, fmt: str) -> None:
    """Search the audit log: who changed what, when, before and after."""
    with _open(ctx, reader=True) as store:
        frame = editing.audit_log(store, text, action)
    if fmt == "csv":
        click.echo(exports.to_csv(frame).decode("utf-8-sig"), nl=False)
    else:
        click.echo(frame.drop(columns=["before", "after"]).to_string(index=False))


@cli.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
@_fail_cleanly
def backup_command(ctx: click.Context, folder: Path) -> None:
    """Back up the whole database into an empty FOLDER (Parquet files and a manifest)."""
    with _open(ctx, reader=True) as store:
        manifest = backup.backup(store, folder)
    rows = sum(v["rows"] for v in manifest["tables"].values())
    click.echo(f"已备份 / backed up: {len(manifest['tables'])} tables, {rows} rows -> {folder}")


@cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
@_fail_cleanly
def restore_command(ctx: click.Context, folder: Path) -> None:
    """Replace the database with a backup, after checking every table against the backup's manifest."""
    target = ctx.obj["db"]
    # the ledger is held (waiting --wait for another holder) from before the backup is read until it is replaced
    services.restore_backup(_open(ctx, create=True), folder, _editor_name(None))
    click.echo(f"已恢复 / restored {target} from {folder}: every file and table checked")


@cli.command()
@click.pass_context
@_fail_cleanly
def check(ctx: click.Context) -> None:
    """Check the ledger's integrity: references that point nowhere."""
    with _open(ctx, reader=True) as store:
        bad = services.integrity_problems(store)
    if bad:
        raise QcbrandError("台账有不一致之处：" + "，".join(f"{k} {v}" for k, v in bad.items()),
                           "the ledger is inconsistent: " + ", ".join(f"{k} {v}" for k, v in bad.items()))
    click.echo("台账完整 / the ledger is sound")


@cli.group()
def editor() -> None:
    """Editor accounts (for editing in the app)."""


@editor.command("hash")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@_fail_cleanly
def editor_hash(name: str, password_stdin: bool) -> None:
    """Print the QCBRAND_EDITORS entry (and the secrets.toml line) for an editor NAME."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        try:
            password = click.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
        except click.Abort:
            raise click.ClickException("没有输入密码：请在终端中输入，或用 --password-stdin 从标准输入读取 / "
                                       "no password was given: type it at a terminal, or pass --password-stdin") from None
    if len(password) < 10:
        raise click.ClickException("密码至少 10 个字符 / a password has at least 10 characters")
    encoded = auth.hash_password(password)
    click.echo(f"QCBRAND_EDITORS='{name}={encoded}'")
    click.echo(f'# or in .streamlit/secrets.toml under [editors]:\n{name} = "{encoded}"')


@cli.command()
@click.option("--workers", default=1, show_default=True, type=int,
              help="App processes; more than one are served behind nginx on the one port (2 cores: 2).")
@click.option("--port", default=8501, show_default=True, type=int, envvar="PORT")
@click.option("--address", default="0.0.0.0", show_default=True, help="The address to listen on (127.0.0.1: this machine only).")
@click.pass_context
@_fail_cleanly
def serve(ctx: click.Context, workers: int, port: int, address: str) -> None:
    """Serve the app (demo city if the database is missing): one process, or WORKERS behind nginx."""
    status = serving.serve(ctx.obj["db"], workers=workers, port=port, address=address,
                           announce=lambda pair: click.echo(" / ".join(pair), err=True))
    ctx.exit(status)


def main() -> None:
    cli(prog_name="qcbrand")


# the commands that read and report (scoreboard, indicators, records, enterprises, expiring, brief)
from qcbrand.cli import pipeline, reading, region  # noqa: E402,F401  (they register their groups and the reports)
