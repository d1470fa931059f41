"""The district map's series: one value per map feature, shared by the dashboard and
the sales pages (every layer that draws the vendored district map)."""

# The vendored district map predates 龙港市 (split from 苍南县 in 2019): its stations are
# drawn inside the 苍南 shape until the map data carries its own boundary.
MAP_FEATURE_FOR_REGION = {"330383": "苍南县"}


def map_series(rows: list[dict], key: str) -> list[dict]:
    """``[{"name": feature, "value": sum of row[key]}]`` from rows carrying a region's
    ``code`` and ``name``, folding regions without a shape into their host."""
    values: dict[str, int] = {}
    for row in rows:
        feature = MAP_FEATURE_FOR_REGION.get(row["code"], row["name"])
        values[feature] = values.get(feature, 0) + row[key]
    return [{"name": name, "value": value} for name, value in values.items()]
