"""The districts on a map: a choropleth of one goal's value per district (Vega-Lite geoshape over the region's
boundary file, keyed by division_code), coloured by value or, where the plan gives districts targets of their own,
by status. A functional zone without a polygon of its own stands beside the map with its value. Exported as PNG
and SVG like every chart (charts.to_png / to_svg); nothing is fetched: the boundaries are the ledger's."""

from __future__ import annotations

from typing import Any

import pandas as pd

from qcbrand.i18n import STATUS_COLOURS, t
from qcbrand.reports.charts import INK, MUTED, WIDTH, Spec, _field, _finish

MAP_HEIGHT = 420
NO_TARGET = "#D9DEE4"  # a district without a target of its own, on a map coloured by status
STATUSES = ("achieved", "on_track", "at_risk", "behind", "missed", "not_started")


def district_map(boundaries: dict[str, Any] | None, rows: pd.DataFrame, *, by_status: bool, title: str,
                 subtitle_text: str, source: str, lang: str, value_title: str, highlight: str | None = None) -> Spec | None:
    """`rows`: district_code, division_code, name_zh/en, short_zh/en, value, target, status (services.district_map).
    None for a region without boundaries. `highlight` outlines one district (the district page's)."""
    if boundaries is None:
        return None
    short = f"short_{lang}"
    no_target = t("map.no_target", lang)
    table = []
    for r in rows.itertuples():
        status = r.status if isinstance(r.status, str) else None
        table.append({"division_code": r.division_code, "name": getattr(r, f"name_{lang}"), "short": getattr(r, short),
                      "value": int(r.value), "status": t(f"status.{status}", lang) if status else no_target,
                      "target": None if pd.isna(r.target) else float(r.target), "mine": r.district_code == highlight})
    shapes = [f for f in boundaries["features"]]
    by_code = {row["division_code"]: row for row in table if row["division_code"]}
    labels = [{**by_code[f["properties"]["division_code"]], "lon": f["properties"]["label"][0],
               "lat": f["properties"]["label"][1]}
              for f in shapes if f["properties"].get("label") and f["properties"]["division_code"] in by_code]
    lookup = {"lookup": "properties.division_code",
              "from": {"data": {"values": table}, "key": "division_code",
                       "fields": ["name", "short", "value", "status", "target", "mine"]}}
    tooltip = [_field("name", "nominal", title=t("district.name", lang)),
               _field("value", "quantitative", title=value_title, format=","),
               _field("target", "quantitative", title=t("score.target", lang), format=","),
               _field("status", "nominal", title=t("score.status", lang))]
    if by_status:
        order = [t(f"status.{s}", lang) for s in STATUSES] + [no_target]
        colour = {"field": "status", "type": "nominal", "title": t("score.status", lang),
                  "scale": {"domain": order, "range": [STATUS_COLOURS[s] for s in STATUSES] + [NO_TARGET]},
                  "legend": {"orient": "right"}}  # beside the map: below it, it would fall under the source line
    else:
        colour = {"field": "value", "type": "quantitative", "title": value_title,
                  "scale": {"scheme": "blues", "zero": True}, "legend": {"format": ",d", "orient": "right"}}
    area = {"data": {"values": shapes}, "transform": [lookup], "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1.5},
            "encoding": {"color": colour, "tooltip": tooltip}}
    outline = {"data": {"values": shapes}, "transform": [lookup, {"filter": "datum.mine"}],
               "mark": {"type": "geoshape", "filled": False, "stroke": INK, "strokeWidth": 3}}
    text: Spec = {"data": {"values": labels}, "transform": [{"calculate": "datum.short + ' ' + format(datum.value, ',')", "as": "label"}],
            "mark": {"type": "text", "fontSize": 13, "fontWeight": "bold", "color": INK, "stroke": "white",
                     "strokeWidth": 4, "strokeOpacity": 0.9},
            "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                         "latitude": {"field": "lat", "type": "quantitative"}, "text": {"field": "label", "type": "nominal"}}}
    plain = {**text, "mark": {k: v for k, v in text["mark"].items() if k not in ("stroke", "strokeWidth", "strokeOpacity")}}
    zones = [row for row in table if not row["division_code"]]
    layers = [area, outline, text, plain]  # the labels twice: a white halo under them, for the dark districts
    body: Spec = {"layer": layers, "projection": {"type": "mercator"}, "width": WIDTH - 120 - (220 if zones else 0),
                  "height": MAP_HEIGHT}
    if zones:  # a functional zone has no polygon: its value beside the map
        side: list[dict[str, Any]] = [{"line": t("map.zone_note", lang), "weight": "normal", "colour": MUTED}]
        for z in zones:
            figure = f"{z['value']:,}" + (f" / {z['target']:,.0f}" if z["target"] is not None else "")
            side.append({"line": z["name"] if lang == "zh" else z["short"], "weight": "bold", "colour": INK})  # fits
            side.append({"line": f"{figure}" + (f" · {z['status']}" if z["target"] is not None else ""),
                         "weight": "normal", "colour": INK})
        for i, s in enumerate(side):
            s["i"] = i
        y = {"field": "i", "type": "ordinal", "axis": None, "scale": {"domain": list(range(max(len(side), 18)))}}

        def lines(weight: str) -> Spec:
            return {"transform": [{"filter": f"datum.weight == '{weight}'"}],
                    "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 13, "limit": 200,
                             "fontWeight": weight},
                    "encoding": {"y": y, "x": {"value": 0}, "text": {"field": "line", "type": "nominal"},
                                 "color": {"field": "colour", "type": "nominal", "scale": None}}}

        beside: Spec = {"data": {"values": side}, "width": 200, "height": MAP_HEIGHT, "layer": [lines("normal"), lines("bold")]}
        body = {"hconcat": [body, beside], "spacing": 20, "resolve": {"scale": {"color": "independent"}}}
    return _finish(body, title, subtitle_text, source)
