"""The demo's 2019 commendations (表彰): the round opened from the data, decided and
published through the services, as the station management department would.

Run last, after the sales rollups (sales growth), the supervision data (violations)
and, where the demo builds them, the grading and star rating (published grades and
stars): a station without a published grade is still ranked by the rest of its data,
so the step runs whether or not those were built. Decisions: every nomination is
accepted except the last-ranked of each award, which the committee turns down with a
reason, so the decision history shows both."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from fucai.core.models import AuditEntry, User
from fucai.governance.choices import NominationStatus
from fucai.governance.models import AwardRound, Nomination
from fucai.governance.services.commendations import (
    award_round_open,
    award_round_publish,
    nomination_decide,
)

DECIDER = "stations"  # the demo's station management login
REJECT_REASON = "经评审委员会研究，本年度名额调整，未予表彰"


@dataclass
class CommendationSummary:
    year: int
    nominated: int = 0
    awarded: Counter = field(default_factory=Counter)  # award name -> count


def build_commendations(year: int = 2019) -> CommendationSummary:
    """Open, decide and publish the round of ``year`` (skipped if it exists)."""
    summary = CommendationSummary(year=year)
    decider = User.objects.filter(username=DECIDER).first()
    if decider is None:
        raise LookupError(f"The demo user {DECIDER!r} must exist before the commendations.")
    if AwardRound.objects.filter(year=year).exists():
        return summary
    with transaction.atomic():
        award_round = award_round_open(acting_user=decider, year=year)
        nominations = list(award_round.nominations.select_related("kind").order_by("rank"))
        summary.nominated = len(nominations)
        last_rank: dict[int, int] = {}
        for nomination in nominations:
            last_rank[nomination.kind_id] = max(
                last_rank.get(nomination.kind_id, 0), nomination.rank
            )
        for nomination in nominations:
            rejected = nomination.rank == last_rank[nomination.kind_id] and nomination.rank > 1
            nomination_decide(
                acting_user=decider,
                nomination=nomination,
                decision=NominationStatus.REJECTED if rejected else NominationStatus.ACCEPTED,
                reason=REJECT_REASON if rejected else "",
            )
            if not rejected:
                summary.awarded[nomination.kind.name] += 1
        if summary.awarded:
            award_round_publish(acting_user=decider, award_round=award_round)
    return summary


def flush_commendations() -> dict[str, int]:
    """Delete every round, its nominations and their audit entries (before the stations
    and sellers go: a nomination protects them)."""
    types = ContentType.objects.get_for_models(AwardRound, Nomination)
    AuditEntry.objects.filter(content_type__in=list(types.values())).delete()
    nominations = Nomination.objects.all().delete()[0]
    rounds = AwardRound.objects.all().delete()[0]
    return {"nominations": nominations, "commendation rounds": rounds}
