"""Yearly commendations (表彰): nominations generated from the year's data, decided by
the station management department, then published with a certificate each.

Nomination rules (``AwardKind.rule``), all over stations active at the year's end with
no violation recorded in the year:
  top_stations       by a composite score: the published grade (A 40 · B 30 · C 20 ·
                     D 10, when it is that year's), the city stars (10 each, that
                     year's) and the sales growth over the year before (half a point
                     per percent, within ±50%) — a station without a published grade or
                     stars is still ranked, by its growth;
  sales_growth       by sales growth (the year's sales over the year before's, from the
                     sales rollups);
  certified_sellers  one person per station, by the station's composite score: working
                     there on the year's last day and holding a certificate valid then.
Each rule nominates up to the kind's ``places``; the decision is the staff's."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_AWARDS
from fucai.core.services import ConcurrentUpdate, require
from fucai.sales.models import SalesStationYear
from fucai.stations.choices import CertificateStatus, StationStatus
from fucai.stations.models import Certificate, StaffAssignment, Station

from ..choices import AwardRoundStatus, NominationStatus
from ..defaults_awards import ensure_default_awards
from ..models import AwardKind, AwardRound, Nomination, Violation

GRADE_POINTS = {"A": 40, "B": 30, "C": 20, "D": 10}
STAR_POINTS = 10
GROWTH_CAP = Decimal(50)

N = NominationStatus
# The decisions allowed while a round is being decided (published rounds are final).
ALLOWED_DECISIONS = {
    N.NOMINATED: {N.ACCEPTED, N.REJECTED},
    N.ACCEPTED: {N.REJECTED},
    N.REJECTED: {N.ACCEPTED},
}


def _growth(current: int, before: int) -> Decimal | None:
    if not before:
        return None
    return ((Decimal(current) - before) * 100 / before).quantize(Decimal("0.01"))


def station_facts(year: int) -> list[dict]:
    """Stations that may be nominated for ``year`` (active, opened by the year's end, no
    violation in the year), with their figures. Four queries."""
    year_end = datetime.date(year, 12, 31)
    violated = Violation.objects.filter(station=OuterRef("pk"), occurred_on__year=year)
    stations = (
        Station.objects.filter(status=StationStatus.ACTIVE, opened_on__lte=year_end)
        .filter(~Exists(violated))
        .values("pk", "code", "grade", "grade_year", "stars", "stars_year")
    )
    sales = defaultdict(dict)
    for station_id, sales_year, amount in SalesStationYear.objects.filter(
        year__in=(year - 1, year)
    ).values_list("station_id", "year", "sales_fen"):
        sales[station_id][sales_year] = amount
    facts = []
    for row in stations:
        by_year = sales.get(row["pk"], {})
        growth = _growth(by_year.get(year, 0), by_year.get(year - 1, 0))
        grade = row["grade"] if row["grade_year"] == year else ""
        stars = row["stars"] if row["stars_year"] == year else 0
        capped = max(-GROWTH_CAP, min(GROWTH_CAP, growth or Decimal(0)))
        score = GRADE_POINTS.get(grade, 0) + stars * STAR_POINTS + capped / 2
        facts.append(
            {
                "station_id": row["pk"],
                "code": row["code"],
                "score": score.quantize(Decimal("0.01")),
                "basis": {
                    "grade": grade,
                    "stars": stars,
                    "sales_fen": by_year.get(year, 0),
                    "sales_before_fen": by_year.get(year - 1, 0),
                    "growth_percent": None if growth is None else str(growth),
                    "violations": 0,
                },
                "growth": growth,
            }
        )
    return facts


def _top_stations(kind: AwardKind, facts: list[dict], year: int) -> list[dict]:
    ranked = sorted(facts, key=lambda f: (-f["score"], f["code"]))
    return [{**f, "staff_id": None} for f in ranked[: kind.places]]


def _sales_growth(kind: AwardKind, facts: list[dict], year: int) -> list[dict]:
    grown = [f for f in facts if f["growth"] is not None and f["growth"] > 0]
    ranked = sorted(grown, key=lambda f: (-f["growth"], f["code"]))
    return [{**f, "score": f["growth"], "staff_id": None} for f in ranked[: kind.places]]


def _certified_sellers(kind: AwardKind, facts: list[dict], year: int) -> list[dict]:
    on = min(datetime.date(year, 12, 31), timezone.localdate())
    by_station = {f["station_id"]: f for f in facts}
    valid = Certificate.objects.status(CertificateStatus.VALID, on).filter(holder=OuterRef("staff"))
    first_person: dict[int, int] = {}
    for station_id, staff_id in (
        StaffAssignment.objects.current(on)
        .filter(station_id__in=list(by_station))
        .filter(Exists(valid))
        .order_by("station_id", "starts_on", "staff_id")
        .values_list("station_id", "staff_id")
    ):
        first_person.setdefault(station_id, staff_id)
    ranked = sorted(
        (by_station[station_id] for station_id in first_person),
        key=lambda f: (-f["score"], f["code"]),
    )
    return [
        {**f, "staff_id": first_person[f["station_id"]], "basis": {**f["basis"], "certified": True}}
        for f in ranked[: kind.places]
    ]


RULES = {
    "top_stations": _top_stations,
    "sales_growth": _sales_growth,
    "certified_sellers": _certified_sellers,
}


def _nominate(round_: AwardRound) -> int:
    facts = station_facts(round_.year)
    nominations = []
    for kind in AwardKind.objects.filter(active=True):
        rule = RULES.get(kind.rule)
        if rule is None:
            continue
        for rank, found in enumerate(rule(kind, facts, round_.year), start=1):
            nominations.append(
                Nomination(
                    round=round_,
                    kind=kind,
                    station_id=found["station_id"],
                    staff_id=found["staff_id"],
                    rank=rank,
                    score=found["score"],
                    basis=found["basis"],
                )
            )
    Nomination.objects.bulk_create(nominations, batch_size=500)
    return len(nominations)


@transaction.atomic
def award_round_open(*, acting_user, year: int) -> AwardRound:
    """Open the commendation round of ``year`` with its nominations from the data."""
    require(acting_user, MANAGE_AWARDS)
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year that has begun.")}, code="year")
    if AwardRound.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("The round of %(year)d already exists.") % {"year": year}}, code="exists"
        )
    ensure_default_awards()
    round_ = AwardRound(year=year, created_by=acting_user)
    round_.full_clean()
    round_.save()
    count = _nominate(round_)
    audit.record_create(
        actor=acting_user,
        obj=round_,
        comment=str(_("%(count)d nominations generated from the data") % {"count": count}),
    )
    return round_


def _lock(nomination: Nomination, version: int | None) -> Nomination:
    locked = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("round", "kind", "station")
        .get(pk=nomination.pk)
    )
    if version is not None and locked.version != version:
        raise ConcurrentUpdate()
    return locked


@transaction.atomic
def nomination_decide(
    *,
    acting_user,
    nomination: Nomination,
    decision: str,
    reason: str = "",
    version: int | None = None,
) -> Nomination:
    """Accept or reject a nomination (a rejection needs a reason), while its round is
    being decided."""
    require(acting_user, MANAGE_AWARDS)
    locked = _lock(nomination, version)
    if locked.round.status != AwardRoundStatus.DECIDING:
        raise ValidationError(_("This round is published; its decisions are final."))
    if decision not in ALLOWED_DECISIONS.get(locked.status, ()):
        raise ValidationError(
            _("A nomination cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": N(locked.status).label,
                "to": N(decision).label if decision in N.values else decision,
            },
            code="invalid_transition",
        )
    reason = (reason or "").strip()
    if decision == N.REJECTED and not reason:
        raise ValidationError({"reason": _("Please give the reason.")}, code="required")
    before = audit.snapshot(locked, ["status", "reason"])
    locked.status = decision
    locked.reason = reason[:200]
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.version += 1
    locked.full_clean()
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(Nomination, before, audit.snapshot(locked, ["status", "reason"])),
        comment=reason,
    )
    return locked


@transaction.atomic
def award_round_publish(*, acting_user, award_round: AwardRound) -> AwardRound:
    """Publish the round: every accepted nomination becomes an award with a certificate
    number (WZFCBZ + year + serial, in award and rank order); the rest are closed as
    not awarded. Undecided nominations must be decided first."""
    require(acting_user, MANAGE_AWARDS)
    locked = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if locked.status != AwardRoundStatus.DECIDING:
        raise ValidationError(
            _("This year's commendations are already published."), code="published"
        )
    nominations = list(
        locked.nominations.select_for_update(of=("self",)).order_by(
            "kind__sort_order", "rank", "pk"
        )
    )
    if any(n.status == N.NOMINATED for n in nominations):
        raise ValidationError(_("Decide every nomination before publishing."), code="undecided")
    accepted = [n for n in nominations if n.status == N.ACCEPTED]
    if not accepted:
        raise ValidationError(_("No nomination is accepted."), code="empty")
    for serial, nomination in enumerate(accepted, start=1):
        nomination.certificate_number = f"WZFCBZ{locked.year}{serial:04d}"
    Nomination.objects.bulk_update(accepted, ["certificate_number"])
    before = audit.snapshot(locked, ["status", "published_at"])
    locked.status = AwardRoundStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = acting_user
    locked.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(AwardRound, before, audit.snapshot(locked, ["status", "published_at"])),
        comment=str(_("%(count)d awards published") % {"count": len(accepted)}),
    )
    return locked
