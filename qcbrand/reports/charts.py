"""Charts for the app and for briefings as Vega-Lite specs, and their PNG/SVG export with vl-convert.

The specs are written as plain dicts: Altair took 120 ms to build and serialise one trend chart,
which under twenty concurrent viewers was most of a page's time; a dict takes well under a
millisecond. The tests check every chart against the Vega-Lite schema with Altair instead.

One theme: Noto Sans CJK SC (installed by scripts/setup.sh, registered here, never downloaded),
Okabe-Ito colours that stay apart for colour-blind readers, and statuses that also differ by shape.
Every chart carries its title, the as-of date, the district and a source line, in the app and on paper.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.i18n import STATUS_COLOURS, t

FONT = "Noto Sans CJK SC"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto-cjk")
TREND_HEIGHT = 320
WIDTH = 760  # exported at scale 2.2: 1,672 px wide and more with the axis
EXPORT_SCALE = 2.2
INK, MUTED, GRID = "#1F2933", "#616E7C", "#E4E7EB"
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # what vl-convert and Streamlit's Vega-Lite render
Spec = dict[str, Any]
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
            *i18n.pair("msg.charts.no_cjk_font_noto_sans"),
        )
    vlc.register_font_directory(str(directory))
    _fonts_ready = True


CONFIG: Spec = {
    "font": FONT,
    "background": "white",
    "padding": {"left": 12, "right": 20, "top": 12, "bottom": 8},
    "view": {"strokeWidth": 0},
    "axis": {"labelColor": INK, "titleColor": MUTED, "gridColor": GRID, "domainColor": MUTED, "labelFontSize": 12,
             "titleFontSize": 12, "labelAngle": 0},
    "legend": {"labelColor": INK, "titleColor": MUTED, "labelFontSize": 12, "orient": "bottom"},
    "range": {"category": PALETTE},
    "title": {"anchor": "start", "color": INK, "fontSize": 18, "subtitleColor": MUTED, "subtitleFontSize": 13},
}


def _finish(body: Spec, title: str, subtitle: str, source: str) -> Spec:
    """Title and subtitle above, the source line below, the house theme on top."""
    footer = {
        "data": {"values": [{"source": source}]},
        "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11, "color": MUTED, "x": 0, "y": 0},
        "encoding": {"text": {"field": "source", "type": "nominal"}},
        "width": WIDTH,
        "height": 14,
    }
    return {"$schema": SCHEMA, "config": CONFIG, "spacing": 10,
            "vconcat": [{**body, "title": {"text": title, "subtitle": subtitle}}, footer]}


def _when(value: Any) -> str | None:
    """A date as Vega-Lite reads it: local midnight, as Altair writes pandas timestamps."""
    return None if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%dT%H:%M:%S}"


def _values(frame: pd.DataFrame, dates: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows for inline data: dates as local timestamps, missing values as null, numbers as plain numbers."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for name in dates:
            row[name] = _when(row[name])
        for name, value in row.items():
            if hasattr(value, "item"):  # numpy scalars
                row[name] = value.item()
    return rows


def _field(name: str, kind: str, **extra: Any) -> Spec:
    return {"field": name, "type": kind, **extra}


def subtitle(lang: str, as_of: dt.date, district_name: str, extra: str = "") -> str:
    text = f"{t('control.as_of', lang)} {as_of:%Y-%m-%d} · {district_name}"
    return f"{text} · {extra}" if extra else text


# --- the charts ----------------------------------------------------------------------------------


def _period_targets(periods: list[dict[str, Any]], y: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each programme's target over its own years (a goal the next plan continues): a segment and its label."""
    values = [{"start": _when(p["starts_on"]), "end": _when(p["ends_on"]), "value": float(p["target"]),
               "text": f"{p['starts_on'].year}–{p['ends_on'].year} {t('score.target', lang)} {float(p['target']):,.0f}"}
              for p in periods if p.get("target") is not None]
    data = {"values": values}
    return [{"data": data, "mark": {"type": "rule", "color": VERMILION, "strokeDash": [8, 4], "strokeWidth": 2},
             "encoding": {"x": _field("start", "temporal"), "x2": {"field": "end"}, "y": y}},
            {"data": data, "mark": {"type": "text", "align": "left", "dx": 2, "dy": -8, "color": VERMILION, "fontSize": 12},
             "encoding": {"x": _field("start", "temporal"), "y": y, "text": _field("text", "nominal")}}]


def goal_trend(
    series: pd.DataFrame,
    *,
    title: str,
    subtitle_text: str,
    source: str,
    lang: str,
    target: float | None,
    deadline: dt.date,
    as_of: dt.date,
    projected: float | None,
    unit: str,
    lapse_path: pd.DataFrame | None = None,
    periods: list[dict[str, Any]] | None = None,
) -> Spec:
    """The yearly series of a goal with its target as a goal line, the deadline marked, the pace so far
    projected from the as-of date to the deadline, and for a 总数 goal the lapse path: the value if nothing
    is renewed or added (`lapse_path`: on_date, value). Without a target (a district the plan gives none of its
    own) there is no goal line and no projection against it. A goal carried on from one programme to the next
    (`periods`: starts_on, ends_on, target, one a plan, earliest first) draws each period's target over its own
    years instead of one line across the chart."""
    value_title = f"{t('score.value', lang)}（{unit}）" if lang == "zh" else f"{t('score.value', lang)} ({unit})"
    dates = pd.to_datetime(series["as_of"])
    data = [{"date": _when(d), "value": int(v)} for d, v in zip(dates, series["value"])]
    # ticks on 31 December: each point is a year-end value, labelled with its own year
    ticks = [{"year": y, "month": 12, "date": 31} for y in range(int(dates.dt.year.min()), deadline.year + 1)]
    x = _field("date", "temporal", title=None, axis={"format": "%Y", "values": ticks, "labelAngle": 0})
    y = _field("value", "quantitative", title=value_title, scale={"zero": True})
    actual = {
        "data": {"values": data},
        "mark": {"type": "line", "point": {"filled": True, "size": 60}, "color": BLUE, "strokeWidth": 3},
        "encoding": {"x": x, "y": y, "tooltip": [
            _field("date", "temporal", format="%Y-%m-%d", title=t("control.as_of", lang)),
            _field("value", "quantitative", title=t("score.value", lang))]},
    }
    goal_data = {"values": [{"value": target, "text": f"{t('score.target', lang)} {target:,.0f}" if target is not None else ""}]}
    goal = {"data": goal_data, "mark": {"type": "rule", "color": VERMILION, "strokeDash": [8, 4], "strokeWidth": 2},
            "encoding": {"y": y}}
    goal_label = {"data": goal_data,
                  "mark": {"type": "text", "align": "left", "dx": 4, "dy": -8, "color": VERMILION, "fontSize": 12},
                  "encoding": {"y": y, "x": {"value": 0}, "text": _field("text", "nominal")}}
    goal_layers = [goal, goal_label] if target is not None else []
    if target is not None and periods and len(periods) > 1:
        goal_layers = _period_targets(periods, y, lang)
    end_data = {"values": [{"date": _when(deadline), "text": f"{t('score.deadline', lang)} {deadline:%Y-%m-%d}"}]}
    layers = [actual, *goal_layers,
              {"data": end_data, "mark": {"type": "rule", "color": MUTED, "strokeDash": [2, 3]},
               "encoding": {"x": _field("date", "temporal")}},
              {"data": end_data, "mark": {"type": "text", "align": "right", "baseline": "bottom", "dx": -4, "dy": -4,
                                          "y": TREND_HEIGHT, "color": MUTED, "fontSize": 12},
               "encoding": {"x": _field("date", "temporal"), "text": _field("text", "nominal")}}]
    if projected is not None and as_of < deadline:
        last = float(series["value"].iloc[-1])
        line = [{"date": _when(as_of), "value": last}, {"date": _when(deadline), "value": projected}]
        layers.append({"data": {"values": line},
                       "mark": {"type": "line", "color": BLUE, "strokeDash": [4, 4], "strokeWidth": 2, "opacity": 0.7},
                       "encoding": {"x": _field("date", "temporal"), "y": y}})
        layers.append({"data": {"values": [{**line[-1], "text": f"{t('score.projected', lang)} {projected:,.0f}"}]},
                       "mark": {"type": "text", "align": "right", "dx": -6, "dy": -10, "color": BLUE, "fontSize": 12},
                       "encoding": {"x": _field("date", "temporal"), "y": y, "text": _field("text", "nominal")}})
    if lapse_path is not None and not lapse_path.empty and as_of < deadline:
        path = [{"date": _when(d), "value": int(v)} for d, v in zip(pd.to_datetime(lapse_path["on_date"]), lapse_path["value"])]
        layers.append({"data": {"values": path},
                       "mark": {"type": "line", "interpolate": "step-after", "color": PURPLE, "strokeWidth": 2},
                       "encoding": {"x": _field("date", "temporal"), "y": y, "tooltip": [
                           _field("date", "temporal", format="%Y-%m-%d", title=t("control.as_of", lang)),
                           _field("value", "quantitative", title=t("goal.lapse_path", lang))]}})
        # its end figure goes in the subtitle: at the deadline it would sit on the projection's label
        at_deadline = f"{path[-1]['value']:,}"
        subtitle_text = f"{subtitle_text} · {t('goal.lapse_note', lang, n=at_deadline)}"
    return _finish({"layer": layers, "width": WIDTH, "height": TREND_HEIGHT}, title, subtitle_text, source)


def indicator_trend(readings: list[tuple[int, float]], *, title: str, subtitle_text: str, source: str, lang: str,
                    target: float, unit: str) -> Spec:
    """An indicator's yearly readings as a line with points and labels, and its target as a dashed line."""
    value_title = f"{t('ind.value', lang)}（{unit}）" if lang == "zh" else f"{t('ind.value', lang)} ({unit})"
    data = [{"year": str(y), "value": v} for y, v in readings]
    x = _field("year", "ordinal", title=None, axis={"labelAngle": 0})
    values = [v for _, v in readings] + [target]
    low, high = min(values), max(values)
    pad = (high - low) * 0.25 or abs(high) * 0.05 or 1
    y = _field("value", "quantitative", title=value_title, scale={"zero": False, "domain": [low - pad, high + pad]})
    goal_data = {"values": [{"value": target, "text": f"{t('ind.target', lang)} {target:g}"}]}
    layers = [
        {"data": {"values": data}, "mark": {"type": "line", "point": {"filled": True, "size": 60}, "color": BLUE, "strokeWidth": 3},
         "encoding": {"x": x, "y": y, "tooltip": [_field("year", "ordinal", title=t("ind.year", lang)),
                                                  _field("value", "quantitative", title=t("ind.value", lang))]}},
        {"data": {"values": data}, "mark": {"type": "text", "dy": -12, "color": INK, "fontSize": 12},
         "encoding": {"x": x, "y": y, "text": _field("value", "quantitative", format=",.2~f")}},
        {"data": goal_data, "mark": {"type": "rule", "color": VERMILION, "strokeDash": [8, 4], "strokeWidth": 2},
         "encoding": {"y": y}},
        {"data": goal_data, "mark": {"type": "text", "align": "left", "dx": 4, "dy": -8, "color": VERMILION, "fontSize": 12},
         "encoding": {"y": y, "x": {"value": 0}, "text": _field("text", "nominal")}},
    ]
    return _finish({"layer": layers, "width": WIDTH, "height": 260}, title, subtitle_text, source)


def lapses_by_month(frame: pd.DataFrame, *, title: str, subtitle_text: str, source: str, lang: str) -> Spec:
    """How many designations lapse in each month (column `valid_until`), as bars; months without one show
    as gaps on a continuous time axis."""
    months = pd.to_datetime(frame["valid_until"]).dt.to_period("M").dt.to_timestamp()
    counted = months.value_counts().sort_index()
    data = [{"month": _when(m), "lapses": int(n)} for m, n in counted.items()]
    x = _field("month", "temporal", title=None, timeUnit="yearmonth", axis={"format": "%Y-%m", "labelAngle": 0})
    y = _field("lapses", "quantitative", title=t("renew.lapses", lang), axis={"tickMinStep": 1, "format": "d"})
    body = {"data": {"values": data},
            "layer": [{"mark": {"type": "bar", "color": PURPLE}, "encoding": {"x": x, "y": y, "tooltip": [
                          _field("month", "temporal", timeUnit="yearmonth", format="%Y-%m", title=t("renew.month", lang)),
                          _field("lapses", "quantitative", title=t("renew.lapses", lang))]}},
                      {"mark": {"type": "text", "dy": -8, "color": INK}, "encoding": {"x": x, "y": y,
                                                                                      "text": _field("lapses", "quantitative")}}],
            "width": WIDTH, "height": 240}
    return _finish(body, title, subtitle_text, source)


def district_bars(frame: pd.DataFrame, *, title: str, subtitle_text: str, source: str, value_title: str) -> Spec:
    """One bar per district (column `district`, `value`), longest first, with the value written on it."""
    order = frame.sort_values("value", ascending=False)["district"].tolist()
    encoding = {
        "y": _field("district", "nominal", sort=order, title=None, axis={"labelLimit": 260}),
        # counts: whole-number ticks only
        "x": _field("value", "quantitative", title=value_title, axis={"tickMinStep": 1, "format": "d"}),
        "tooltip": [_field("district", "nominal"), _field("value", "quantitative")],
    }
    body = {
        "data": {"values": _values(frame[["district", "value"]])},
        "encoding": encoding,
        "layer": [{"mark": {"type": "bar", "color": BLUE}},
                  {"mark": {"type": "text", "align": "left", "dx": 4, "color": INK},
                   "encoding": {"text": _field("value", "quantitative")}}],
        "width": WIDTH,
        "height": 32 * max(len(frame), 1),
    }
    return _finish(body, title, subtitle_text, source)


def timeline(records: pd.DataFrame, *, title: str, subtitle_text: str, source: str, lang: str,
             status_names: dict[str, str], as_of: dt.date) -> Spec:
    """An enterprise's honours as bars from grant to expiry (to the as-of date when there is no term),
    coloured and shaped by status; one row per kind of honour."""
    data = records[["kind", "title", "status"]].copy()
    data["start"] = pd.to_datetime(records["granted_on"])
    data["end"] = pd.to_datetime(records["valid_until"]).fillna(pd.Timestamp(as_of))
    data["end"] = data[["start", "end"]].max(axis=1) + pd.Timedelta(days=30)
    data["status_name"] = data["status"].map(status_names)
    present = [s for s in status_names if s in set(data["status"])]
    y = _field("kind", "nominal", title=None, sort={"field": "start", "op": "min"}, axis={"labelLimit": 260})
    tooltip = [_field("kind", "nominal"), _field("title", "nominal"), _field("start", "temporal", format="%Y-%m-%d"),
               _field("status_name", "nominal", title=t("score.status", lang))]
    colour = _field("status_name", "nominal", title=t("score.status", lang),
                    scale={"domain": [status_names[s] for s in present], "range": [_TIMELINE_COLOURS[s] for s in present]})
    bars = {"mark": {"type": "bar", "height": 14, "opacity": 0.85},
            "encoding": {"y": y, "tooltip": tooltip, "color": colour,
                         "x": _field("start", "temporal", title=None, axis={"format": "%Y"}), "x2": {"field": "end"}}}
    starts = {"mark": {"type": "point", "shape": "diamond", "filled": True, "size": 70, "color": INK},
              "encoding": {"y": y, "tooltip": tooltip, "x": _field("start", "temporal")}}
    today = {"data": {"values": [{"d": _when(as_of)}]}, "mark": {"type": "rule", "color": MUTED, "strokeDash": [2, 3]},
             "encoding": {"x": _field("d", "temporal")}}
    body = {"data": {"values": _values(data, dates=("start", "end"))}, "layer": [bars, starts, today],
            "width": WIDTH, "height": 28 * max(data["kind"].nunique(), 1) + 20}
    return _finish(body, title, subtitle_text, source)


_TIMELINE_COLOURS = {
    "in_force": STATUS_COLOURS["achieved"],
    "expiring": STATUS_COLOURS["at_risk"],
    "expired": "#9AA5B1",
    "revoked": STATUS_COLOURS["behind"],
    "not_yet": STATUS_COLOURS["on_track"],
}


# --- export --------------------------------------------------------------------------------------


def to_png(chart: Spec, scale: float = EXPORT_SCALE) -> bytes:
    """A briefing-size PNG (at least 1,600 px wide) with Chinese rendered from the CJK font."""
    import vl_convert as vlc

    _ensure_fonts()
    return vlc.vegalite_to_png(chart, scale=scale)


def to_svg(chart: Spec) -> str:
    """An SVG that keeps its text as text (the viewer's fonts render it)."""
    import vl_convert as vlc

    _ensure_fonts()
    return vlc.vegalite_to_svg(chart)


def file_name(*parts: str | dt.date | None, suffix: str) -> str:
    """A download name such as qcbrand-led_standards-2020-12-31-<district>.png."""
    words = ["qcbrand", *[str(p) for p in parts if p]]
    return "-".join(words).replace("/", "_").replace(" ", "_") + f".{suffix}"
