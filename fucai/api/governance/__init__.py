"""Station supervision API: inspections, rectification orders, visits and annual reviews,
read only, in the caller's data scope (an inspector sees only their branch's districts,
an owner only their own stations).

Lists are paged ``{count, items}`` with ``limit`` / ``offset`` as on /api/stations. A
``region`` filter is a GB/T 2260 code: a county-level code filters to that unit, a city
or province code to everything beneath it; it narrows the scope and never widens it. A
filter value that names nothing (an unknown region code, a month without a year) is a
422 saying which. Payloads carry no personal data of owners (no ID numbers, no phones,
no names).
"""

# One module per topic, each with its router; ``router`` mounts them at the same prefix
# (api.py mounts it at /api/), in the order the schema lists them.
from ninja import Router

from . import inspections, ratings, rectifications, reviews, visits

router = Router(tags=["governance"])
router.add_router("", inspections.router)
router.add_router("", rectifications.router)
router.add_router("", visits.router)
router.add_router("", reviews.router)
router.add_router("", ratings.router)

__all__ = ["router"]
