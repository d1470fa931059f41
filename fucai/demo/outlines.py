"""District outlines of 温州, read from the vendored ECharts map (static/vendor/maps/wenzhou.js).

The map is the only outline the users ever see, so it is the one demo stations must fall
inside. The file registers a GeoJSON FeatureCollection whose rings are ECharts'
"UTF8Encoding": each ring is a string of zigzag-encoded coordinate deltas (two characters
a point, offset by 64) starting from the ring's ``encodeOffsets``, in 1/1024 degree.

The map predates 龙港's split from 苍南 (2019): 龙港 (330383) lies inside the 苍南 outline.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings

MAP_FILE = Path(settings.BASE_DIR) / "static" / "vendor" / "maps" / "wenzhou.js"

# Regions the map does not draw, and the outline they lie in.
FOLDED_INTO: dict[str, str] = {"330383": "330327"}  # 龙港 → 苍南

Ring = list[tuple[float, float]]  # (longitude, latitude) points


def decode_ring(encoded: str, offsets: list[int], scale: float = 1024) -> Ring:
    """Decode one ECharts UTF8-encoded ring into (longitude, latitude) points."""
    prev_x, prev_y = offsets
    ring: Ring = []
    for i in range(0, len(encoded), 2):
        x, y = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x, y = (x >> 1) ^ -(x & 1), (y >> 1) ^ -(y & 1)  # zigzag
        prev_x, prev_y = prev_x + x, prev_y + y
        ring.append((prev_x / scale, prev_y / scale))
    return ring


def _feature_collection(text: str) -> dict:
    start = text.index("{", text.index("registerMap("))
    # raw_decode stops at the end of the JSON object, before the closing ");".
    data, _ = json.JSONDecoder().raw_decode(text, start)
    return data


@functools.cache
def outlines() -> dict[str, list[list[Ring]]]:
    """Polygons (outer ring first, then holes) of each district, keyed by GB/T 2260 code."""
    data = _feature_collection(MAP_FILE.read_text(encoding="utf-8"))
    scale = data.get("UTF8Scale", 1024)
    result: dict[str, list[list[Ring]]] = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons, offsets = geometry["coordinates"], geometry["encodeOffsets"]
        if geometry["type"] == "Polygon":
            polygons, offsets = [polygons], [offsets]
        result[str(feature["id"])] = [
            [decode_ring(ring, off, scale) for ring, off in zip(polygon, poly_off, strict=True)]
            for polygon, poly_off in zip(polygons, offsets, strict=True)
        ]
    return result


def _in_ring(ring: Ring, lng: float, lat: float) -> bool:
    # Ray casting (even-odd rule).
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(region_code: str, latitude: float, longitude: float) -> bool:
    """Whether the point lies inside the region's outline on the map."""
    polygons = outlines()[FOLDED_INTO.get(region_code, region_code)]
    return any(
        _in_ring(polygon[0], longitude, latitude)
        and not any(_in_ring(hole, longitude, latitude) for hole in polygon[1:])
        for polygon in polygons
    )


def pull_inside(
    region_code: str, seat: tuple[float, float], point: tuple[float, float]
) -> tuple[float, float]:
    """The point, or — if it lies outside the region's outline — the point moved towards the
    seat (halving its offset) until it is inside. Deterministic and draws no random numbers,
    so the rest of a seeded demo stays as it was. The seat itself must lie inside."""
    (seat_lat, seat_lng), (lat, lng) = seat, point
    for _ in range(30):
        if contains(region_code, lat, lng):
            return lat, lng
        lat, lng = seat_lat + (lat - seat_lat) / 2, seat_lng + (lng - seat_lng) / 2
    return seat_lat, seat_lng
