"""The annual review (年审): computed from the year's data by the rules of
``review_rules``, then confirmed (or overridden, with a reason) by station management.
An exit closes the station through the registry's status service."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.choices import AuditAction
from fucai.core.roles import CONFIRM_REVIEW
from fucai.core.services import require
from fucai.feedback.selectors import substantiated_complaints
from fucai.sales.models import SalesStationYear, SalesTarget
from fucai.stations.choices import StationStatus
from fucai.stations.models import InsurancePolicy, Station
from fucai.stations.selectors import certified_sellers_on
from fucai.stations.services import station_transition

from .. import review_rules as rules
from ..choices import (
    EscalationLevel,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    RectificationStatus,
    ReviewDecision,
    ReviewOutcome,
    ReviewStatus,
)
from ..models import AnnualReview, Inspection, RectificationOrder, Violation

UNRESOLVED = (RectificationStatus.OPEN, RectificationStatus.REPLIED, RectificationStatus.OVERDUE)


def stations_reviewed(year: int):
    """Stations that operated during ``year``: opened on or before its last day and
    not closed before its first (preparing stations have no review)."""
    start, end = rules.year_bounds(year)
    return Station.objects.filter(opened_on__isnull=False, opened_on__lte=end).exclude(
        closed_on__lt=start
    )


def load_facts(stations: list[Station], year: int) -> dict[int, rules.StationFacts]:
    """The facts of ``stations`` for ``year`` in a fixed number of queries (one per
    source), whatever the number of stations."""
    start, end = rules.year_bounds(year)
    ids = [s.pk for s in stations]
    labels = dict(StationStatus.choices)
    facts = {
        s.pk: rules.StationFacts(
            year=year,
            status=s.status,
            status_label=str(labels.get(s.status, s.status)),
            opened_on=s.opened_on,
            closed_on=s.closed_on,
            close_reason=s.close_reason,
        )
        for s in stations
    }

    submitted = (
        Inspection.objects.filter(
            station_id__in=ids, status=InspectionStatus.SUBMITTED, year__in=(year - 1, year)
        )
        .values_list(
            "station_id",
            "year",
            "kind",
            "inspected_on",
            "score",
            "max_score",
            "result",
            "critical_failed",
        )
        .order_by("inspected_on", "id")
    )
    for station_id, y, kind, on, score, max_score, result, critical in submitted:
        f = facts[station_id]
        if kind == InspectionKind.ANNUAL:
            if y == year:  # the latest of the year wins (a re-inspection after failing)
                f.annual = rules.InspectionFacts(on, score, max_score, result, critical)
            elif result == InspectionResult.FAILED:
                f.failed_annual_last_year = True
        elif y == year and result == InspectionResult.FAILED and critical:
            f.other_critical_failures += 1

    overdue = RectificationOrder.objects.filter(
        station_id__in=ids, status__in=UNRESOLVED, deadline_on__lt=end, issued_on__lte=end
    ).values_list("station_id", "escalation")
    for station_id, escalation in overdue:
        facts[station_id].overdue_orders += 1
        if escalation >= EscalationLevel.STATION_STATUS:
            facts[station_id].escalated_orders += 1

    for station_id, sales in SalesStationYear.objects.filter(
        station_id__in=ids, year=year
    ).values_list("station_id", "sales_fen"):
        facts[station_id].sales_fen = sales

    # A station's yearly target, else the sum of its monthly targets.
    yearly, monthly = {}, defaultdict(int)
    for station_id, month, amount in SalesTarget.objects.filter(
        station_id__in=ids, year=year
    ).values_list("station_id", "month", "amount_fen"):
        if month is None:
            yearly[station_id] = amount
        else:
            monthly[station_id] += amount
    for station_id in ids:
        facts[station_id].target_fen = yearly.get(station_id) or monthly.get(station_id)

    medians = district_medians(year, {s.region_id for s in stations})
    for s in stations:
        facts[s.pk].district_median_fen = medians.get(s.region_id)

    for station_id, starts, ends in InsurancePolicy.objects.filter(
        station_id__in=ids, starts_on__lte=end, ends_on__gte=start
    ).values_list("station_id", "starts_on", "ends_on"):
        facts[station_id].insurance.append((starts, ends))

    for station_id, penalty, fine in Violation.objects.filter(
        station_id__in=ids, occurred_on__range=(start, end)
    ).values_list("station_id", "penalty", "fine_fen"):
        facts[station_id].violations.append((penalty, fine))

    certified = certified_sellers_on(ids, end)
    if certified is not None:
        for station_id in ids:
            facts[station_id].certified_sellers = certified.get(station_id, 0)

    complaints = substantiated_complaints(ids, start, end)
    if complaints is not None:
        for station_id in ids:
            facts[station_id].substantiated_complaints = complaints.get(station_id, 0)
    return facts


def district_medians(year: int, region_ids: set[int]) -> dict[int, int]:
    """Median yearly sales of each district's stations open the whole year (read from
    the sales app's yearly rollup, read only)."""
    start, end = rules.year_bounds(year)
    by_region: dict[int, list[int]] = defaultdict(list)
    rows = (
        SalesStationYear.objects.filter(year=year, region_id__in=region_ids)
        .filter(station__opened_on__lte=start)
        .filter(Q(station__closed_on__isnull=True) | Q(station__closed_on__gt=end))
        .values_list("region_id", "sales_fen")
    )
    for region_id, sales in rows:
        by_region[region_id].append(sales)
    return {r: int(statistics.median(values)) for r, values in by_region.items() if values}


def _compute(stations: list[Station], year: int, acting_user) -> list[AnnualReview]:
    facts = load_facts(stations, year)
    existing = {
        r.station_id: r
        for r in AnnualReview.objects.select_for_update().filter(station__in=stations, year=year)
    }
    now = timezone.now()
    result = []
    # Findings are stored in the center's language too (for the API's readers).
    with translation.override(settings.LANGUAGE_CODE):
        for station in stations:
            review = existing.get(station.pk)
            if review is not None and review.status == ReviewStatus.CONFIRMED:
                result.append(review)  # a confirmed review is never overwritten
                continue
            ev = rules.evaluate(facts[station.pk])
            created = review is None
            if created:
                review = AnnualReview(station=station, year=year)
            before = audit.snapshot(review, fields=["computed_outcome", "computed_decision"])
            review.computed_outcome = review.outcome = ev.outcome
            review.computed_decision = review.decision = ev.decision
            review.breakdown = ev.breakdown
            review.conditions = ev.conditions if ev.decision == ReviewDecision.WARN else ""
            review.override_reason = ""
            review.computed_at = now
            if not created:
                review.version += 1
            review.full_clean(exclude=["station"])
            review.save()
            after = audit.snapshot(review, fields=["computed_outcome", "computed_decision"])
            audit.record(
                actor=acting_user,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                obj=review,
                changes=audit.diff(AnnualReview, {} if created else before, after),
                comment=str(_("Annual review computed")),
            )
            result.append(review)
    return result


def annual_review_compute(*, station: Station, year: int, acting_user) -> AnnualReview:
    """(Re)compute one station's review of ``year``; a confirmed one is returned as is."""
    require(acting_user, CONFIRM_REVIEW)
    scope.require_in_scope(acting_user, station)
    if not stations_reviewed(year).filter(pk=station.pk).exists():
        raise ValidationError(
            _("The station did not operate in %(year)s.") % {"year": year}, code="not_operating"
        )
    with transaction.atomic():
        return _compute([station], year, acting_user)[0]


def annual_reviews_compute(*, year: int, acting_user, regions=None) -> list[AnnualReview]:
    """(Re)compute the reviews of ``year`` for every station in the user's scope that
    operated that year (optionally of ``regions`` only). Confirmed reviews are left as
    they are."""
    require(acting_user, CONFIRM_REVIEW)
    for region in regions or ():
        scope.require_region(acting_user, region)
    stations = stations_reviewed(year) & Station.objects.visible_to(acting_user)
    if regions:
        stations = stations.filter(region__in=regions)
    with transaction.atomic():
        return _compute(list(stations.order_by("code")), year, acting_user)


def fail_findings(review: AnnualReview) -> str:
    """The findings that failed the station, for the registry's close reason."""
    return "；".join(
        rules.finding_text(item.get("note", ""), item.get("facts") or {})
        for item in review.breakdown
        if item.get("verdict") == rules.FAIL
    )


@transaction.atomic
def annual_review_confirm(
    *,
    review: AnnualReview,
    outcome: str,
    decision: str,
    conditions: str = "",
    override_reason: str = "",
    acting_user,
    effective_on: datetime.date | None = None,
) -> AnnualReview:
    """Confirm a computed review, as computed or overridden. An outcome or decision
    differing from the computed one needs ``override_reason`` (audited); a warning needs
    its conditions; an exit closes the station through the registry (a station the
    registry already closed stays as it is)."""
    require(acting_user, CONFIRM_REVIEW)
    locked = AnnualReview.objects.select_for_update().select_related("station").get(pk=review.pk)
    scope.require_in_scope(acting_user, locked)
    if locked.status == ReviewStatus.CONFIRMED:
        raise ValidationError(_("This review is already confirmed."), code="confirmed")
    errors = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if decision not in ReviewDecision.values:
        errors["decision"] = _("Choose a decision.")
    override_reason = (override_reason or "").strip()
    conditions = (conditions or "").strip()
    overridden = outcome != locked.computed_outcome or decision != locked.computed_decision
    if overridden and not override_reason:
        errors["override_reason"] = _(
            "The outcome or decision differs from the computed one: give the reason."
        )
    if decision == ReviewDecision.WARN and not conditions:
        errors["conditions"] = _("A warning needs its conditions.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(
        locked, fields=["outcome", "decision", "conditions", "override_reason", "status"]
    )
    locked.outcome, locked.decision = outcome, decision
    locked.conditions = conditions if decision == ReviewDecision.WARN else ""
    locked.override_reason = override_reason if overridden else ""
    locked.status = ReviewStatus.CONFIRMED
    locked.confirmed_by = acting_user
    locked.confirmed_at = timezone.now()
    locked.version += 1
    locked.full_clean(exclude=["station"])
    locked.save()
    after = audit.snapshot(
        locked, fields=["outcome", "decision", "conditions", "override_reason", "status"]
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(AnnualReview, before, after),
        comment=override_reason,
    )
    if decision == ReviewDecision.EXIT and locked.station.status != StationStatus.CLOSED:
        # The registry keeps the reason in the center's language, whoever confirms.
        with translation.override(settings.LANGUAGE_CODE):
            reason = str(_("Annual review %(year)s: exit. %(reason)s")) % {
                "year": locked.year,
                "reason": override_reason or fail_findings(locked),
            }
        station_transition(
            acting_user=acting_user,
            station=locked.station,
            to_status=StationStatus.CLOSED,
            reason=reason,
            effective_on=effective_on,
        )
    return locked
