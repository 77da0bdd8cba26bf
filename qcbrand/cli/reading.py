"""The commands that read and report: the scoreboard, the indicators, records, enterprises, renewals, briefings."""


from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import pandas as pd

from qcbrand import i18n, services
from qcbrand.cli import _date, _editor_name, _fail_cleanly, _open, cli
from qcbrand.errors import QcbrandError
from qcbrand.reports import exports
from qcbrand.services import Store
from qcbrand.services.places import district_name


@cli.command()
@click.option("--as-of", "as_of", help="The date to count on (default: today, or the plan deadline once passed).")
@click.option("--district", help="One district: its name, short name or code (qcbrand region show); default the whole city.")
@click.option("--plan", "plan_code", help="Plan code (qcbrand plan list; default: the plan in force on the date, else the newest).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.pass_context
@_fail_cleanly
def scoreboard(ctx: click.Context, as_of: str | None, district: str | None, plan_code: str | None, fmt: str, lang: str) -> None:
    """Print every goal's value, target, gap, pace and status on a date."""
    with _open(ctx, reader=True) as store:
        plan_info = services.choose_plan(store, plan_code, _date(as_of))
        day = _date(as_of) or services.default_as_of(plan_info)
        scores = services.scoreboard(store, plan_info.code, day, district)
        demo_data = services.is_demo(store)
        district_code = services.check_district(store, district)
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
    frame = services.scoreboard_frame(scores, lang)
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
        return
    title = plan_info.name(lang)
    note = ("（示例数据）" if lang == "zh" else " (demo data)") if demo_data else ""
    click.echo(f"{title}{note} — {day}" + (f" — {district_code}" if district_code else ""))
    if day > plan_info.ends_on:
        click.echo(i18n.t("score.final_note", lang, end=plan_info.ends_on.isoformat()))
    if district_code and any(s.score is None for s in scores):
        click.echo(i18n.t("score.no_district_target", lang, district=district_name(district_code, lang)))
    # for people: a column no goal has (a district's target, the pace after the deadline) is left out
    click.echo(exports.printable(_blank_missing(frame.dropna(axis=1, how="all")).to_string(index=False)))


@cli.group()
def indicators() -> None:
    """The plan's rate indicators (合格率, 事故率, 满意度 …): their yearly readings, entered by editors."""


@indicators.command("list")
@click.option("--as-of", "as_of", help="Readings of the years ended by this date (default: today, or the plan deadline).")
@click.option("--plan", "plan_code", help="Plan code (qcbrand plan list; default: the plan in force on the date, else the newest).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.pass_context
@_fail_cleanly
def indicators_list(ctx: click.Context, as_of: str | None, plan_code: str | None, fmt: str, lang: str) -> None:
    """Each indicator's target, latest reading and whether it meets the target (json: every reading too)."""
    with _open(ctx, reader=True) as store:
        plan_info = services.choose_plan(store, plan_code, _date(as_of))
        day = _date(as_of) or services.default_as_of(plan_info)
        items = services.indicators(store, plan_info.code, day)
    if fmt == "json":
        click.echo(json.dumps({"plan": plan_info.code, "as_of": day.isoformat(), "indicators": [i.as_dict() for i in items]},
                              ensure_ascii=False, indent=2))
        return
    frame = services.indicators_frame(items, lang)
    if fmt == "table":
        frame["status"] = [i18n.t(f"ind.{s}", lang) for s in frame["status"]]
        frame = frame.drop(columns=["wording_zh"])
    _print_frame(frame, fmt)


@indicators.command("set")
@click.argument("code")
@click.argument("year", type=int)
@click.argument("value")
@click.option("--source", help="Where the reading comes from (a statistical bulletin, a report).")
@click.option("--plan", "plan_code", help="Plan code (qcbrand plan list; default: the plan in force on the date, else the newest).")
@click.option("--editor", help="Who enters it, for the audit log (default: $USER).")
@click.pass_context
@_fail_cleanly
def indicators_set(ctx: click.Context, code: str, year: int, value: str, source: str | None, plan_code: str | None,
                   editor: str | None) -> None:
    """Enter or correct one yearly reading, e.g. qcbrand indicators set forest_cover 2020 25.3 (audited)."""
    with _open(ctx) as store:
        plan_info = services.choose_plan(store, plan_code, dt.date(year, 12, 31))  # the plan of the reading's year
        done = services.set_indicator_reading(store, plan_info.code, code, year, value, _editor_name(editor), source)
    before = done["before"]
    was = f"（原为 {before['value']:g} / was {before['value']:g}）" if before else "（新增 / new）"
    click.echo(f"已记录 / recorded: {code} {year} = {done['after']['value']:g} {was}")


def _blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as blanks (never None, NaN or NaT) and dates as 2020-12-31, for people."""
    out = frame.astype(object)
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            out[column] = frame[column].dt.strftime("%Y-%m-%d")
    return out.where(frame.notna(), "")


def _print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """A listing as a table for people, CSV, or JSON (a list of objects) for scripts."""
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        for row in records:  # dates as 2020-12-31, not as midnight timestamps
            for key, value in row.items():
                if isinstance(value, str) and value.endswith("T00:00:00.000"):
                    row[key] = value[:10]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":  # safe to open in Excel and WPS, as the app's downloads are
        click.echo(exports.to_csv(frame).decode("utf-8-sig"), nl=False)
    elif frame.empty:
        click.echo("（没有记录 / nothing found）")
    else:
        click.echo(exports.printable(_blank_missing(frame).to_string(index=False)))


@cli.command()
@click.option("--kind", help="An honour kind: its code, name or alias (qcbrand kinds list).")
@click.option("--year", type=int, help="Granted in this year.")
@click.option("--district", help="One district: its name, short name or code (qcbrand region show).")
@click.option("--text", help="Text in the title, number, enterprise or laureate.")
@click.option("--as-of", "as_of", help="The date of the status column (default: today, or the plan deadline once passed).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.pass_context
@_fail_cleanly
def records(ctx: click.Context, kind: str | None, year: int | None, district: str | None, text: str | None,
            as_of: str | None, fmt: str) -> None:
    """List records: id, kind, enterprise, district, title, granted_on, valid_until, status, import id."""
    with _open(ctx, reader=True) as store:
        day = _date(as_of) or _default_day(store)
        frame = services.list_records(store, day, kind, year, district, text)
    _print_frame(frame, fmt)


@cli.command()
@click.option("--text", help="Part of a name or former name, or a 统一社会信用代码.")
@click.option("--district", help="One district: its name, short name or code (qcbrand region show).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.pass_context
@_fail_cleanly
def enterprises(ctx: click.Context, text: str | None, district: str | None, fmt: str) -> None:
    """List enterprises: id, name, uscc, district, former names, number of records."""
    with _open(ctx, reader=True) as store:
        frame = services.list_enterprises(store, text, district)
    if fmt != "json":
        frame = frame.assign(former_names=["、".join(n) for n in frame["former_names"]])
    _print_frame(frame, fmt)


@cli.command()
@click.option("--as-of", "as_of", help="The date to look ahead from (default: today, or the plan deadline once passed).")
@click.option("--within", "within", type=click.IntRange(1, 240), default=12, show_default=True,
              help="Months ahead: valid-until after the as-of date and no later than the same day N months on.")
@click.option("--district", help="One district: its name, short name or code (qcbrand region show).")
@click.option("--kind", help="An honour kind: its code, name or alias.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.pass_context
@_fail_cleanly
def expiring(ctx: click.Context, as_of: str | None, within: int, district: str | None, kind: str | None, fmt: str) -> None:
    """Designations in force that expire within N months: the renewal call list, soonest first."""
    with _open(ctx, reader=True) as store:
        day = _date(as_of) or _default_day(store)
        frame = services.expiring(store, day, within, district, kind)
    frame = frame.assign(district=frame["district_zh"], kind=frame["kind_zh"])[list(services.EXPIRING_COLUMNS)]
    _print_frame(frame, fmt)


@cli.command()
@click.option("--as-of", "as_of", help="The date (default: today, or the plan deadline once passed).")
@click.option("--district", help="One district: its name, short name or code (qcbrand region show); default the whole city.")
@click.option("--plan", "plan_code", help="Plan code (qcbrand plan list; default: the plan in force on the date, else the newest).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="FILE.docx (Word, A4) or FILE.pptx (16:9 slides).")
@click.pass_context
@_fail_cleanly
def brief(ctx: click.Context, as_of: str | None, district: str | None, plan_code: str | None, lang: str, out: Path) -> None:
    """Write the briefing pack: the scoreboard, its sentences and charts as a Word document or slides."""
    from qcbrand.reports import briefing

    if out.suffix.lower() not in (".docx", ".pptx"):
        raise QcbrandError(*i18n.pair("msg.reading.briefing_file_docx_pptx_not", out_name=out.name))
    if not out.resolve().parent.is_dir():
        raise QcbrandError(*i18n.pair("msg.reading.folder_does_not_exist_make", v1=out.resolve().parent))
    with _open(ctx, reader=True) as store:
        plan_info = services.choose_plan(store, plan_code, _date(as_of))
        made = briefing.make(store, plan_info.code, _date(as_of) or services.default_as_of(plan_info), district, lang)
    briefing.write(made, out)
    click.echo(f"已写出简报 / briefing written: {out}")


def _default_day(store: Store) -> dt.date:
    plans = services.list_plans(store)
    return services.default_as_of(services.choose_plan(store)) if plans else dt.date.today()
