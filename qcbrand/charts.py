"""Altair charts for the app and for briefings, and their PNG/SVG export with vl-convert.

One theme: Noto Sans CJK SC (installed by scripts/setup.sh, registered here, never downloaded),
Okabe-Ito colours that stay apart for colour-blind readers, and statuses that also differ by shape.
Every chart carries its title, the as-of date, the district and a source line, in the app and on paper.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import altair as alt
import pandas as pd

from .errors import QcbrandError
from .i18n import STATUS_COLOURS, t

FONT = "Noto Sans CJK SC"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto-cjk")
WIDTH = 760  # exported at scale 2.2: 1,672 px wide and more with the axis
EXPORT_SCALE = 2.2
INK, MUTED, GRID = "#1F2933", "#616E7C", "#E4E7EB"
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7"
PALETTE = [BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, "#F0E442", "#000000"]

_fonts_ready: bool | None = None


def font_directory() -> Path | None:
    return next((Path(d) for d in FONT_DIRS if Path(d).is_dir() and any(Path(d).glob("*CJK*"))), None)


def _ensure_fonts() -> None:
    """Make the CJK font known to vl-convert once per process; refuse to render boxes without it."""
    global _fonts_ready
    if _fonts_ready:
        return
    import vl_convert as vlc

    directory = font_directory()
    if directory is None:
        raise QcbrandError(
            "未找到中文字体（Noto Sans CJK），导出的图表会把汉字显示成方框；请运行 bash scripts/setup.sh",
            "no CJK font (Noto Sans CJK) was found, so exported charts would show boxes for Chinese; "
            "run bash scripts/setup.sh",
        )
    vlc.register_font_directory(str(directory))
    _fonts_ready = True


def _theme(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT, background="white", padding={"left": 12, "right": 20, "top": 12, "bottom": 8})
        .configure_view(strokeWidth=0)
        .configure_axis(labelColor=INK, titleColor=MUTED, gridColor=GRID, domainColor=MUTED, labelFontSize=12,
                        titleFontSize=12, labelAngle=0)
        .configure_legend(labelColor=INK, titleColor=MUTED, labelFontSize=12, orient="bottom")
        .configure_range(category=PALETTE)
        .configure_title(anchor="start", color=INK, fontSize=18, subtitleColor=MUTED, subtitleFontSize=13)
    )


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str, source: str) -> alt.TopLevelMixin:
    """Title and subtitle above, the source line below, the house theme on top."""
    footer = (
        alt.Chart(pd.DataFrame({"source": [source]}))
        .mark_text(align="left", baseline="top", fontSize=11, color=MUTED, x=0, y=0)
        .encode(text="source:N")
        .properties(width=WIDTH, height=14)
    )
    body = chart.properties(title=alt.Title(title, subtitle=subtitle))
    return _theme(alt.vconcat(body, footer, spacing=10))


def subtitle(lang: str, as_of: dt.date, district_name: str, extra: str = "") -> str:
    text = f"{t('control.as_of', lang)} {as_of:%Y-%m-%d} · {district_name}"
    return f"{text} · {extra}" if extra else text


# --- the charts ----------------------------------------------------------------------------------


def goal_trend(
    series: pd.DataFrame,
    *,
    title: str,
    subtitle_text: str,
    source: str,
    lang: str,
    target: float,
    deadline: dt.date,
    as_of: dt.date,
    projected: float | None,
    unit: str,
) -> alt.TopLevelMixin:
    """The yearly series of a goal with its target as a goal line, the deadline marked, and the
    pace so far projected from the as-of date to the deadline."""
    value_title = f"{t('score.value', lang)}（{unit}）" if lang == "zh" else f"{t('score.value', lang)} ({unit})"
    data = pd.DataFrame({"date": pd.to_datetime(series["as_of"]), "value": series["value"].astype(int)})
    # ticks on 31 December: each point is a year-end value, labelled with its own year
    years = range(int(data["date"].dt.year.min()), deadline.year + 1)
    ticks = [alt.DateTime(year=y, month=12, date=31) for y in years]
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", values=ticks, labelAngle=0))
    actual = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(filled=True, size=60), color=BLUE, strokeWidth=3).encode(
        x=x,
        y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d", title=t("control.as_of", lang)),
                 alt.Tooltip("value:Q", title=t("score.value", lang))],
    )
    target_line = alt.Chart(pd.DataFrame({"y": [target], "text": [f"{t('score.target', lang)} {target:,.0f}"]}))
    goal = target_line.mark_rule(color=VERMILION, strokeDash=[8, 4], strokeWidth=2).encode(y="y:Q")
    goal_label = target_line.mark_text(align="left", dx=4, dy=-8, color=VERMILION, fontSize=12).encode(
        y="y:Q", x=alt.value(0), text="text:N")
    marks = [actual, goal, goal_label]
    end = pd.DataFrame({"date": [pd.Timestamp(deadline)], "text": [f"{t('score.deadline', lang)} {deadline:%Y-%m-%d}"]})
    marks.append(alt.Chart(end).mark_rule(color=MUTED, strokeDash=[2, 3]).encode(x="date:T"))
    marks.append(alt.Chart(end).mark_text(align="right", baseline="top", dx=-4, dy=4, y=0, color=MUTED, fontSize=12)
                 .encode(x="date:T", text="text:N"))
    if projected is not None and as_of < deadline:
        last = float(data["value"].iloc[-1])
        projection = pd.DataFrame({"date": [pd.Timestamp(as_of), pd.Timestamp(deadline)], "value": [last, projected]})
        marks.append(alt.Chart(projection).mark_line(color=BLUE, strokeDash=[4, 4], strokeWidth=2, opacity=0.7)
                     .encode(x="date:T", y="value:Q"))
        marks.append(alt.Chart(projection.tail(1).assign(text=f"{t('score.projected', lang)} {projected:,.0f}"))
                     .mark_text(align="right", dx=-6, dy=-10, color=BLUE, fontSize=12).encode(x="date:T", y="value:Q", text="text:N"))
    chart = alt.layer(*marks).properties(width=WIDTH, height=320)
    return _finish(chart, title, subtitle_text, source)


def district_bars(frame: pd.DataFrame, *, title: str, subtitle_text: str, source: str, value_title: str) -> alt.TopLevelMixin:
    """One bar per district (column `district`, `value`), longest first, with the value written on it."""
    order = frame.sort_values("value", ascending=False)["district"].tolist()
    base = alt.Chart(frame).encode(
        y=alt.Y("district:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=value_title),
        tooltip=["district:N", "value:Q"],
    )
    chart = alt.layer(base.mark_bar(color=BLUE), base.mark_text(align="left", dx=4, color=INK).encode(text="value:Q"))
    return _finish(chart.properties(width=WIDTH, height=32 * max(len(frame), 1)), title, subtitle_text, source)


def timeline(records: pd.DataFrame, *, title: str, subtitle_text: str, source: str, lang: str,
             status_names: dict[str, str], as_of: dt.date) -> alt.TopLevelMixin:
    """An enterprise's honours as bars from grant to expiry (to the as-of date when there is no term),
    coloured and shaped by status; one row per kind of honour."""
    data = records[["kind", "title", "status"]].copy()
    data["start"] = pd.to_datetime(records["granted_on"])
    data["end"] = pd.to_datetime(records["valid_until"]).fillna(pd.Timestamp(as_of))
    data["end"] = data[["start", "end"]].max(axis=1) + pd.Timedelta(days=30)
    data["status_name"] = data["status"].map(status_names)
    present = [s for s in status_names if s in set(data["status"])]
    colours = alt.Scale(domain=[status_names[s] for s in present], range=[_TIMELINE_COLOURS[s] for s in present])
    base = alt.Chart(data).encode(
        y=alt.Y("kind:N", title=None, sort=alt.EncodingSortField("start", op="min"), axis=alt.Axis(labelLimit=260)),
        tooltip=[alt.Tooltip("kind:N"), alt.Tooltip("title:N"), alt.Tooltip("start:T", format="%Y-%m-%d"),
                 alt.Tooltip("status_name:N", title=t("score.status", lang))],
    )
    bars = base.mark_bar(height=14, opacity=0.85).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y")),
        x2="end:T",
        color=alt.Color("status_name:N", scale=colours, title=t("score.status", lang)),
    )
    starts = base.mark_point(shape="diamond", filled=True, size=70, color=INK).encode(x="start:T")
    today = alt.Chart(pd.DataFrame({"d": [pd.Timestamp(as_of)]})).mark_rule(color=MUTED, strokeDash=[2, 3]).encode(x="d:T")
    rows = data["kind"].nunique()
    return _finish(alt.layer(bars, starts, today).properties(width=WIDTH, height=28 * max(rows, 1) + 20),
                   title, subtitle_text, source)


_TIMELINE_COLOURS = {
    "in_force": STATUS_COLOURS["achieved"],
    "expiring": STATUS_COLOURS["at_risk"],
    "expired": "#9AA5B1",
    "revoked": STATUS_COLOURS["behind"],
    "not_yet": STATUS_COLOURS["on_track"],
}


# --- export --------------------------------------------------------------------------------------


def to_png(chart: alt.TopLevelMixin, scale: float = EXPORT_SCALE) -> bytes:
    """A briefing-size PNG (at least 1,600 px wide) with Chinese rendered from the CJK font."""
    import vl_convert as vlc

    _ensure_fonts()
    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def to_svg(chart: alt.TopLevelMixin) -> str:
    """An SVG that keeps its text as text (the viewer's fonts render it)."""
    import vl_convert as vlc

    _ensure_fonts()
    return vlc.vegalite_to_svg(chart.to_json())


def file_name(*parts: str | dt.date | None, suffix: str) -> str:
    """A download name such as qcbrand-led_standards-2020-12-31-wujin.png."""
    words = ["qcbrand", *[str(p) for p in parts if p]]
    return "-".join(words).replace("/", "_").replace(" ", "_") + f".{suffix}"
