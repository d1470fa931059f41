"""The demo's supervision data: every station active in 2019 inspected once, ~5% failing,
orders as the services issue them and in every state consistent with today, penalties
from the penalty table, monthly visits by every department and branch."""

import datetime
import itertools
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from fucai.core.models import OrgUnit
from fucai.demo.builder import _county_regions, flush_demo
from fucai.demo.governance.activity import DEPARTMENTS, months_before, penalty_for
from fucai.demo.governance.checklist import Answer, score
from fucai.governance.choices import (
    EscalationLevel,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    RectificationStatus,
)
from fucai.governance.constants import ESCALATE_TO_STATUS_AFTER_DAYS, REPEAT_WINDOW_MONTHS
from fucai.governance.models import (
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionProposal,
    PenaltyRule,
    RectificationEvent,
    RectificationOrder,
    RectificationReply,
    Violation,
    Visit,
    VisitPlan,
)
from fucai.governance.services.rectifications import deadline_for, order_number, severity_for
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

pytestmark = pytest.mark.django_db

STATIONS = 120
Y2019 = (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = StringIO()
        call_command(
            "demo", stations=STATIONS, flush=True, no_recruitment=True, no_sales=True, stdout=out
        )
        yield out.getvalue()
        with transaction.atomic():
            flush_demo(_county_regions())
        assert not Inspection.objects.exists() and not Visit.objects.exists()


def _annual():
    return Inspection.objects.filter(kind=InspectionKind.ANNUAL, year=2019)


def test_every_station_active_in_2019_has_one_annual_inspection(demo):
    inspected = Counter(_annual().values_list("station_id", flat=True))
    assert set(inspected.values()) == {1}
    first, last = Y2019
    for station in Station.objects.all():
        active = (
            station.opened_on is not None
            and station.opened_on <= last
            and (station.closed_on is None or station.closed_on > datetime.date(2019, 2, 1))
        )
        if active:
            assert station.pk in inspected, station.code
        if station.opened_on is None or station.opened_on > last:
            assert station.pk not in inspected, station.code
        if station.closed_on is not None and station.closed_on < first:
            assert station.pk not in inspected, station.code
    for inspection in _annual().select_related("station"):
        station = inspection.station
        assert station.opened_on <= inspection.inspected_on
        assert station.closed_on is None or inspection.inspected_on < station.closed_on
    assert "Supervision 2019" in demo


def test_no_2019_rows_for_stations_outside_2019(demo):
    stations_2019 = set(_annual().values_list("station_id", flat=True))
    for model, field in ((Inspection, "inspected_on"), (Violation, "occurred_on")):
        rows = model.objects.filter(**{f"{field}__range": Y2019})
        assert set(rows.values_list("station_id", flat=True)) <= stations_2019
    assert (
        set(Visit.objects.filter(visited_on__range=Y2019).values_list("station_id", flat=True))
        <= stations_2019
    )
    # Only the recent patrols are later than 2019, and only of stations still active.
    later = Inspection.objects.exclude(year=2019)
    assert set(later.values_list("kind", flat=True)) == {InspectionKind.ROUTINE}
    assert set(later.values_list("station__status", flat=True)) == {StationStatus.ACTIVE}


def test_answers_for_every_item_and_scores_as_computed(demo):
    submitted = Inspection.objects.filter(status=InspectionStatus.SUBMITTED)
    answers: dict[int, list[InspectionAnswer]] = {}
    for answer in InspectionAnswer.objects.select_related("item").order_by("inspection_id"):
        answers.setdefault(answer.inspection_id, []).append(answer)
    photos = Counter(InspectionPhoto.objects.values_list("inspection_id", flat=True))
    for inspection in submitted.select_related("template"):
        mine = answers[inspection.pk]
        assert {a.item_id for a in mine} == set(
            inspection.template.items.values_list("id", flat=True)
        )
        recomputed = score(
            [
                Answer(
                    a.item, a.passed, a.score, a.number, a.text, a.comment, photos[inspection.pk]
                )
                for a in mine
            ]
        )
        assert (inspection.score, inspection.max_score) == (
            recomputed.score,
            recomputed.max_score,
        )
        assert inspection.result == recomputed.result
        assert inspection.critical_failed == recomputed.critical_failed
    assert not Inspection.objects.filter(status=InspectionStatus.PLANNED, answers__isnull=False)


def test_about_five_percent_fail_and_scores_look_real(demo):
    annual = list(_annual().values_list("score", "max_score", "result", "critical_failed"))
    failed = [row for row in annual if row[2] == InspectionResult.FAILED]
    assert 0.03 <= len(failed) / len(annual) <= 0.08
    assert any(row[3] for row in failed), "some fail on a critical item"
    assert any(not row[3] for row in failed), "some fail on points"
    shares = [row[0] / row[1] * 100 for row in annual if row[2] == InspectionResult.PASSED]
    typical = [s for s in shares if 85 <= s <= 98]
    assert len(typical) / len(shares) >= 0.6
    assert any(s < 85 for s in shares), "a tail below 85"


def test_orders_are_what_the_service_issues(demo):
    failed = InspectionAnswer.objects.filter(passed=False, inspection__status="submitted")
    orders = list(RectificationOrder.objects.select_related("item", "inspection"))
    assert len(orders) == failed.count()
    assert {(o.inspection_id, o.item_id) for o in orders} == set(
        failed.values_list("inspection_id", "item_id")
    )
    by_day: dict[datetime.date, list[str]] = {}
    for order in orders:
        assert order.issued_on == order.inspection.inspected_on
        assert order.severity == severity_for(order.item)
        assert order.deadline_on == deadline_for(order.severity, order.issued_on)
        by_day.setdefault(order.issued_on, []).append(order.number)
    for day, numbers in by_day.items():
        assert sorted(numbers) == [order_number(day, n) for n in range(1, len(numbers) + 1)]


def test_orders_in_every_state_consistent_with_today(demo):
    today = timezone.localdate()
    orders = RectificationOrder.objects.select_related("station")
    assert set(orders.values_list("status", flat=True)) == set(RectificationStatus)
    events: dict[int, list[RectificationEvent]] = {}
    for event in RectificationEvent.objects.order_by("order_id", "at", "id"):
        events.setdefault(event.order_id, []).append(event)
    replied = set(RectificationReply.objects.values_list("order_id", flat=True))
    for order in orders:
        log = events[order.pk]
        assert (log[0].action, log[0].from_status, log[0].to_status) == ("issue", "", "open")
        for before, after in itertools.pairwise(log):
            assert after.from_status == before.to_status, order.number
            assert after.at >= before.at
        assert log[-1].to_status == order.status
        assert log[-1].at.date() <= today
        if order.status in {RectificationStatus.OPEN, RectificationStatus.REPLIED}:
            assert order.deadline_on >= today, order.number
        if order.status == RectificationStatus.OVERDUE:
            late = (today - order.deadline_on).days
            assert 0 < late < ESCALATE_TO_STATUS_AFTER_DAYS, order.number
            assert order.escalation == EscalationLevel.BRANCH_HEAD
        if order.status in {RectificationStatus.REPLIED, RectificationStatus.VERIFIED}:
            assert order.pk in replied
        if order.status == RectificationStatus.CLOSED:
            assert order.station.closed_on is not None
        if order.status in {RectificationStatus.VERIFIED, RectificationStatus.CLOSED}:
            assert order.closed_at is not None
    # The demo owner has an order to answer; 鹿城's inspector one to verify.
    assert orders.filter(station__owner__user__username="owner", status="open").exists()
    assert orders.filter(station__region__code="330302", status="replied").exists()
    # Some 2019 orders went overdue before being settled.
    history = RectificationEvent.objects.filter(action="overdue", order__issued_on__year=2019)
    assert history.exists()


def test_violations_follow_the_penalty_table(demo):
    rules: dict[str, list[PenaltyRule]] = {}
    for rule in PenaltyRule.objects.order_by("violation_type", "occurrence"):
        rules.setdefault(rule.violation_type, []).append(rule)
    violations = list(Violation.objects.order_by("occurred_on", "id"))
    assert 2 <= len(violations) <= 10  # ~20 at full size (1,275 stations)
    assert all(v.occurred_on.year == 2019 for v in violations)
    for violation in violations:
        since = months_before(violation.occurred_on, REPEAT_WINDOW_MONTHS)
        earlier = [
            v
            for v in violations
            if v.station_id == violation.station_id
            and v.violation_type == violation.violation_type
            and since < v.occurred_on < violation.occurred_on
        ]
        assert violation.occurrence == len(earlier) + 1
        rule = penalty_for(rules[violation.violation_type], violation.occurrence)
        assert (violation.penalty, violation.fine_fen, violation.suspension_days) == (
            rule.penalty,
            rule.fine_fen,
            rule.suspension_days,
        )
        assert violation.inspection_id is not None
    assert any(v.occurrence > 1 for v in violations), "a repeat within the window"
    special = Inspection.objects.filter(kind=InspectionKind.SPECIAL)
    assert special.exists() and not special.filter(reason="").exists()


def test_penalty_table_lookup_and_window():
    assert months_before(datetime.date(2019, 3, 31), 1) == datetime.date(2019, 2, 28)
    assert months_before(datetime.date(2019, 5, 6), 12) == datetime.date(2018, 5, 6)
    rules = [
        PenaltyRule(occurrence=1, penalty="warning"),
        PenaltyRule(occurrence=2, penalty="fine"),
    ]
    assert [penalty_for(rules, n).penalty for n in (1, 2, 5)] == ["warning", "fine", "fine"]


def test_monthly_visits_by_every_department_and_branch(demo):
    visits = Visit.objects.filter(visited_on__year=2019)
    months = {
        (unit, month)
        for unit, month in visits.values_list("org_unit__name", "visited_on__month").distinct()
    }
    units = list(DEPARTMENTS) + list(
        OrgUnit.objects.filter(kind="branch").values_list("name", flat=True)
    )
    plans = set(VisitPlan.objects.filter(year=2019).values_list("org_unit__name", "month"))
    for unit in units:
        assert {(unit, m) for m in range(1, 13)} <= plans, unit
        visited = {m for u, m in months if u == unit}
        assert len(visited) >= 10, unit  # a month may fall short of the plan
    assert not visits.filter(purposes__isnull=True).exists()
    for visit in visits.select_related("station")[:300]:
        station = visit.station
        assert station.opened_on <= visit.visited_on
        assert station.closed_on is None or visit.visited_on < station.closed_on
    assert Visit.objects.filter(follow_ups__isnull=False).exists()


def test_no_sales_no_proposals(demo):
    # Without sales figures there is no anomaly to propose an inspection for.
    assert not InspectionProposal.objects.exists()
