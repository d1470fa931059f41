"""Great-circle distances between WGS-84 points, shared by every app that measures.

Floats, not Decimal: metres are not money. Recruitment measures station spacing for
the site survey with it; governance measures an inspector's check-in against the
station's coordinates.
"""

import math
from decimal import Decimal

# Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8

Number = float | Decimal | int


def haversine_m(lat1: Number, lng1: Number, lat2: Number, lng2: Number) -> float:
    """Great-circle distance between two WGS-84 points in metres."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlmb = math.radians(float(lng2) - float(lng1))
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
