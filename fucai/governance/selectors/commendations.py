"""Reads of commendations for the public: published awards, no personal data."""

from fucai.core import masking

from ..choices import AwardRoundStatus, NominationStatus
from ..models import Nomination


def public_awards() -> list[dict]:
    """Every published award: year, award, station name and district, the seller's name
    masked (张*). One query."""
    rows = (
        Nomination.objects.filter(
            status=NominationStatus.ACCEPTED, round__status=AwardRoundStatus.PUBLISHED
        )
        .order_by("-round__year", "kind__sort_order", "rank")
        .values(
            "round__year", "kind__name", "station__name", "station__region__name", "staff__name"
        )
    )
    return [
        {
            "year": row["round__year"],
            "award": row["kind__name"],
            "station": row["station__name"],
            "region": row["station__region__name"],
            "seller": masking.mask_name(row["staff__name"]) if row["staff__name"] else "",
        }
        for row in rows
    ]
