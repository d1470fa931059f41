"""The demo's annual reviews (年审) of 2019, computed and confirmed through the services.

Run after the rest of the 2019 governance data (inspections, rectification, violations,
visits: ``fucai.demo.governance``), since the review reads them, and after the sales
rollups. ``build_reviews()`` is the one entry point; the builder calls it last.

How the exits match the registry. The demo's registry already closed some stations
during 2019 (``plan.closed``: losses, contract expiry, violations). The review's first
criterion is the registry itself: a station closed during the year fails it, with the
registry's reason as the finding, so those reviews compute as fail → exit on their
own. Confirming an exit of a station the registry already closed changes nothing in
the registry (``annual_review_confirm`` closes only stations still open), so no station
is closed twice and the closing date and reason stay the registry's.

A station still open whose data fails it (a critical inspection failure, a
termination-level violation from the generated violations) would be closed by
confirming its exit — a closure the registry of the demo does not have. The demo's
reviewer therefore confirms those as warnings, overriding with a reason (shown on the
review and counted as overridden in the summary), so the exits of 2019 are exactly
the registry's closures of 2019. Every other review is confirmed as computed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from fucai.core.models import AuditEntry, User
from fucai.governance.choices import ReviewDecision, ReviewOutcome, ReviewStatus
from fucai.governance.models import AnnualReview
from fucai.governance.services.reviews import (
    annual_review_confirm,
    annual_reviews_compute,
    fail_findings,
)

REVIEWER = "stations"  # the demo's station management login (王海燕)
KEEP_REASON = "关键问题已当场纠正并经复查合格，给予一次限期整改机会，列为{next}年度重点巡查对象"


@dataclass
class ReviewSummary:
    year: int
    outcomes: Counter = field(default_factory=Counter)
    decisions: Counter = field(default_factory=Counter)
    overridden: int = 0
    exits: list[str] = field(default_factory=list)  # station codes


def build_reviews(year: int = 2019) -> ReviewSummary:
    """Compute every review of ``year`` and confirm it (see the module's docstring for
    how exits match the registry). Re-running keeps reviews already confirmed."""
    reviewer = User.objects.filter(username=REVIEWER).first()
    if reviewer is None:
        raise LookupError(f"The demo user {REVIEWER!r} must exist before the reviews.")
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    summary = ReviewSummary(year=year)
    with transaction.atomic():
        for review in annual_reviews_compute(year=year, acting_user=reviewer):
            if review.status != ReviewStatus.CONFIRMED:
                closed_on = review.station.closed_on
                closed_by_registry = closed_on is not None and start <= closed_on <= end
                if review.computed_decision == ReviewDecision.EXIT and not closed_by_registry:
                    conditions = "\n".join(
                        part for part in (fail_findings(review), review.conditions) if part
                    )
                    review = annual_review_confirm(
                        review=review,
                        outcome=ReviewOutcome.CONDITIONAL,
                        decision=ReviewDecision.WARN,
                        conditions=conditions,
                        override_reason=KEEP_REASON.format(next=year + 1),
                        acting_user=reviewer,
                    )
                else:
                    review = annual_review_confirm(
                        review=review,
                        outcome=review.computed_outcome,
                        decision=review.computed_decision,
                        conditions=review.conditions,
                        acting_user=reviewer,
                    )
            summary.outcomes[review.outcome] += 1
            summary.decisions[review.decision] += 1
            summary.overridden += bool(review.override_reason)
            if review.decision == ReviewDecision.EXIT:
                summary.exits.append(review.station.code)
    return summary


def flush_reviews() -> int:
    """Delete every annual review and its audit entries (before the stations go: a
    review protects its station)."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AnnualReview)
    )
    entries.delete()
    return AnnualReview.objects.all().delete()[0]
