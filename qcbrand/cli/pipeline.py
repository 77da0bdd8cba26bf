"""The cultivation pipeline's commands: `qcbrand candidates import | list | set`."""

from __future__ import annotations

from pathlib import Path

import click

from qcbrand import services
from qcbrand.cli import _date, _editor_name, _fail_cleanly, _open, _pairs, cli, list_options, run_import
from qcbrand.cli.reading import _default_day, _print_frame


@cli.group()
def candidates() -> None:
    """The cultivation pipeline (培育库): candidate enterprises for each honour, their stages and history."""


@candidates.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@list_options
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--editor", help="Who imports, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def candidates_import(ctx: click.Context, file: Path, sheet: str | None, column_map: tuple[str, ...],
                      ignore: tuple[str, ...], districts: tuple[str, ...], create_enterprises: bool,
                      matches: tuple[str, ...], dry_run: bool, fmt: str, editor: str | None) -> None:
    """Import a candidate list (企业名称, 荣誉/申报项目, 阶段, 预计年份, 责任单位, 备注): all rows or none."""
    run_import(ctx.parent, file, "candidates", fmt, editor, dry_run, matches, sheet=sheet,  # type: ignore[arg-type]
               column_map=_pairs(column_map, "--map"), ignore=list(ignore),
               district_choices=_pairs(districts, "--district"), create_enterprises=create_enterprises)


@candidates.command("list")
@click.option("--kind", help="An honour kind: its code, name or alias (qcbrand kinds list).")
@click.option("--stage", help="A stage: its code or name (培育, 辅导, 申报, 获得, 退出 …).")
@click.option("--district", help="The enterprise's district: its name, short name or code (qcbrand region show).")
@click.option("--goal", help="The candidates for the honours of one goal of the plan (its code).")
@click.option("--plan", "plan_code", help="Plan code, for --goal (default: the plan in force on the date, else the newest).")
@click.option("--open", "open_only", is_flag=True, help="Only candidacies still open.")
@click.option("--as-of", "as_of", help="Each candidate's stage on this date (default: today, or the plan deadline once passed).")
@click.option("--history", is_flag=True, help="Every step of each candidacy instead of one row each.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.pass_context
@_fail_cleanly
def candidates_list(ctx: click.Context, kind: str | None, stage: str | None, district: str | None, goal: str | None,
                    plan_code: str | None, open_only: bool, as_of: str | None, history: bool, fmt: str) -> None:
    """List candidates: id, enterprise, district, honour, stage and since when, expected year, unit, note."""
    with _open(ctx.parent, reader=True) as store:  # type: ignore[arg-type]
        day = _date(as_of) or _default_day(store)
        frame = services.pipeline.candidates(store, day, kind=kind, stage=stage, district=district, goal=goal,
                                             plan_code=plan_code, open_only=open_only)
        if history:
            frame = services.pipeline.history(store, frame["candidate_id"].tolist()).merge(
                frame[["candidate_id", "enterprise", "kind_zh"]], on="candidate_id")
    _print_frame(frame, fmt)


@candidates.command("set")
@click.argument("candidate_id", type=int)
@click.option("--stage", required=True, help="The stage it enters: its code or name (辅导, 申报, 退出 …).")
@click.option("--on", "on", help="The day it entered the stage (default: today).")
@click.option("--note", help="Why, for the history.")
@click.option("--editor", help="Who, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def candidates_set(ctx: click.Context, candidate_id: int, stage: str, on: str | None, note: str | None,
                   editor: str | None) -> None:
    """Move a candidate to a stage on a day, with a note (kept in its history and the audit log)."""
    with _open(ctx.parent) as store:  # type: ignore[arg-type]
        done = services.pipeline.set_stage(store, _editor_name(editor), candidate_id, stage, _date(on), note)
    click.echo(f"培育对象 {candidate_id}：{done['before']} → {done['stage']}（{done['on']}） / "
               f"candidate {candidate_id}: {done['before']} → {done['stage']} ({done['on']})")
