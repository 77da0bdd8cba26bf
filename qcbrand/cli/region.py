"""The ledger's city: `qcbrand region show | load`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from qcbrand import services
from qcbrand.cli import _fail_cleanly, _open, cli


@cli.group()
def region() -> None:
    """The city the ledger follows: its districts, their spellings and former names, its boundaries."""


@region.command("show")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@_fail_cleanly
def region_show(ctx: click.Context, fmt: str) -> None:
    """Show the ledger's region: the city, each district with its spellings, the former names."""
    with _open(ctx.parent, reader=True) as store:  # type: ignore[arg-type]
        shown = services.region_summary(store)
    if fmt == "json":
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2, default=str))
        return
    r = shown["region"]
    click.echo(f"{r['name_zh']} / {r['name_en']}  ({r['code']}, {r['province_zh']}, 行政区划代码 {r['division_code']})")
    click.echo(f"  来源 file: {shown['file']}" + ("" if shown["in_ledger"] else "（数据库中未记录，按内置文件 / not recorded in "
                                                                        "the ledger: the bundled file）"))
    click.echo(f"  边界 boundaries: {shown['boundaries']}")
    for d in shown["districts"]:
        code = d["division_code"] or "功能区 functional zone"
        click.echo(f"  {d['code']:<12} {d['name_zh']} / {d['name_en']}  [{code}]  " + "、".join(d["spellings"]))
    for f in shown["former"]:
        now = " | ".join(f["now"])
        click.echo(f"  原 former  {f['name_zh']}（至 until {f['until']}）→ {now}" + ("  须选择 editor chooses" if len(f["now"]) > 1 else ""))


@region.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@_fail_cleanly
def region_load(ctx: click.Context, file: Path) -> None:
    """Load (or update) the ledger's region file: the same city, every district its data uses still there."""
    with _open(ctx.parent, create=True) as store:  # type: ignore[arg-type]
        loaded = services.load_region(store, file)
    click.echo(f"已载入地区 / region loaded: {loaded.region.code} ({len(loaded.districts)} districts)")
