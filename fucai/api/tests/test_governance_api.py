"""/api/inspections, /api/rectifications, /api/visits, /api/annual-reviews: scope (centre,
branch, inspector, owner), filters, paging, clear errors, no owner personal data, few
queries."""

import datetime

import pytest

from fucai.core.models import OrgUnit
from fucai.core.tests.factories import region
from fucai.governance.choices import (
    FollowUpStatus,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    RectificationStatus,
    ReviewDecision,
    ReviewOutcome,
    Severity,
)
from fucai.governance.models import (
    AnnualReview,
    RectificationOrder,
    Visit,
    VisitFollowUp,
    VisitPurpose,
)
from fucai.governance.tests.factories import (
    ChecklistItemFactory,
    ChecklistSectionFactory,
    ChecklistTemplateFactory,
    InspectionAnswerFactory,
    InspectionFactory,
)
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db


def _submitted(station, inspector, *, year=2019, kind=InspectionKind.ANNUAL, score="90"):
    return InspectionFactory(
        station=station,
        inspector=inspector,
        year=year,
        kind=kind,
        status=InspectionStatus.SUBMITTED,
        inspected_on=datetime.date(year, 5, 6),
        score=score,
        max_score="100",
        result=InspectionResult.PASSED,
    )


def _order(station, number, *, status=RectificationStatus.OPEN, issued=datetime.date(2019, 5, 6)):
    return RectificationOrder.objects.create(
        number=number,
        station=station,
        problem="未张贴责任彩票提示",
        severity=Severity.MINOR,
        issued_on=issued,
        deadline_on=issued + datetime.timedelta(days=30),
        status=status,
    )


def _visit(station, visitor, day, *purposes):
    visit = Visit.objects.create(
        station=station,
        visited_on=day,
        visitor=visitor,
        org_unit=visitor.org_unit or OrgUnit.objects.first(),
        findings="门店整洁",
    )
    visit.purposes.set(VisitPurpose.objects.filter(code__in=purposes))
    return visit


def _review(station, year=2019, *, outcome=ReviewOutcome.PASS, decision=ReviewDecision.CONTINUE):
    return AnnualReview.objects.create(
        station=station,
        year=year,
        computed_outcome=ReviewOutcome.PASS,
        computed_decision=ReviewDecision.CONTINUE,
        outcome=outcome,
        decision=decision,
        breakdown=[{"criterion": "inspection", "verdict": "pass"}],
    )


@pytest.fixture
def world(cast):
    owner = StationOwnerFactory(user=cast["owner"], id_number="330302198001011234")
    lucheng = [
        StationFactory(region=region("330302"), owner=owner),
        StationFactory(region=region("330302")),
        StationFactory(region=region("330302")),
    ]
    ruian = [StationFactory(region=region("330381")), StationFactory(region=region("330381"))]
    inspector = cast["inspector"]
    inspections = [_submitted(s, inspector) for s in lucheng + ruian]
    _submitted(lucheng[0], inspector, year=2020, kind=InspectionKind.ROUTINE)
    InspectionFactory(station=ruian[0], inspector=inspector, kind=InspectionKind.SPECIAL)
    orders = [
        _order(lucheng[0], "ZG20190506-0001"),
        _order(lucheng[1], "ZG20190506-0002", status=RectificationStatus.VERIFIED),
        _order(ruian[0], "ZG20190506-0003", status=RectificationStatus.OVERDUE),
        _order(ruian[1], "ZG20200301-0001", issued=datetime.date(2020, 3, 1)),
    ]
    visits = [
        _visit(lucheng[0], cast["stations"], datetime.date(2019, 3, 5), "serve_station"),
        _visit(lucheng[1], cast["lucheng"], datetime.date(2019, 4, 9), "help_sales", "serve_sales"),
        _visit(ruian[0], cast["ruian"], datetime.date(2019, 4, 10), "help_image"),
    ]
    VisitFollowUp.objects.create(
        visit=visits[1], description="更换宣传海报", due_on=datetime.date(2019, 4, 30)
    )
    reviews = [
        _review(lucheng[0]),
        _review(ruian[0], outcome=ReviewOutcome.CONDITIONAL, decision=ReviewDecision.WARN),
    ]
    return {
        "lucheng": lucheng,
        "ruian": ruian,
        "inspections": inspections,
        "orders": orders,
        "visits": visits,
        "reviews": reviews,
        "owner": owner,
    }


def _get(client, user, path, **params):
    client.force_login(user)
    return client.get(path, params)


def _codes(body) -> set[str]:
    return {item["station"] for item in body["items"]}


def test_inspections_are_scoped_like_the_pages(client, cast, world):
    body = _get(client, cast["leader"], "/api/inspections").json()
    assert body["count"] == 7
    lucheng_codes = {s.code for s in world["lucheng"]}
    # The inspector is attached to the 鹿城 branch: 鹿城's inspections only.
    body = _get(client, cast["inspector"], "/api/inspections").json()
    assert body["count"] == 4 and _codes(body) == lucheng_codes
    body = _get(client, cast["ruian"], "/api/inspections").json()
    assert _codes(body) == {s.code for s in world["ruian"]}
    # An owner sees the inspections of their own station.
    body = _get(client, cast["owner"], "/api/inspections").json()
    assert _codes(body) == {world["lucheng"][0].code} and body["count"] == 2
    # A district outside the caller's scope narrows to nothing; it never widens.
    assert _get(client, cast["lucheng"], "/api/inspections", region="330381").json()["count"] == 0
    for role in ("party", "applicant", "outsider"):
        response = _get(client, cast[role], "/api/inspections")
        assert response.status_code == 403 and response.json()["detail"]


def test_inspection_filters(client, cast, world):
    leader = cast["leader"]

    def count(**params):
        response = _get(client, leader, "/api/inspections", **params)
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count(year=2019) == 6
    assert count(year=2020) == 1
    assert count(kind="routine") == 1
    assert count(kind="special", status="planned") == 1
    assert count(status="submitted", year=2019) == 5
    assert count(result="passed") == 6
    assert count(region="330381") == 3
    assert count(region="330300") == 7  # the city: every district beneath it
    assert count(station=world["lucheng"][0].code) == 2
    assert count(station="nope") == 0


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/api/inspections", {"kind": "audit"}, None),
        ("/api/inspections", {"status": "done"}, None),
        ("/api/inspections", {"year": "19"}, None),
        ("/api/inspections", {"region": "33"}, None),
        ("/api/inspections", {"region": "999999"}, "Unknown region code: 999999."),
        ("/api/inspections", {"limit": "0"}, None),
        ("/api/rectifications", {"status": "pending"}, None),
        ("/api/rectifications", {"offset": "-1"}, None),
        ("/api/visits", {"month": "3"}, "The month filter needs a year."),
        ("/api/visits", {"year": "2019", "month": "13"}, None),
        ("/api/annual-reviews", {"outcome": "excellent"}, None),
        ("/api/annual-reviews", {"decision": "stay"}, None),
    ],
)
def test_bad_filter_values_are_422_with_a_message(client, cast, world, path, params, message):
    response = _get(client, cast["leader"], path, **params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    if message:
        assert body["detail"] == message
    else:
        # the validation error names the offending parameter
        assert any(error["loc"][-1] in params for error in body["errors"]), body


def test_paging_is_stable_and_counts_everything(client, cast, world):
    leader = cast["leader"]
    first = _get(client, leader, "/api/inspections", limit=3).json()
    second = _get(client, leader, "/api/inspections", limit=3, offset=3).json()
    rest = _get(client, leader, "/api/inspections", limit=3, offset=6).json()
    assert first["count"] == second["count"] == 7
    ids = [i["id"] for page in (first, second, rest) for i in page["items"]]
    assert len(ids) == 7 and len(set(ids)) == 7
    assert _get(client, leader, "/api/inspections", offset=100).json()["items"] == []
    # newest year first
    assert first["items"][0]["year"] == 2020


def test_inspection_detail_summarises_the_answers(client, cast, world):
    template = ChecklistTemplateFactory()
    sections = [ChecklistSectionFactory(template=template, order=n, title=t) for n, t in
                enumerate(["经营资质", "销售行为"])]  # fmt: skip
    items = [
        ChecklistItemFactory(section=sections[0], code="A1", text="代销证公示"),
        ChecklistItemFactory(section=sections[0], code="A2", text="责任彩票提示", critical=True),
        ChecklistItemFactory(section=sections[1], code="B1", text="不向未成年人售彩"),
        ChecklistItemFactory(section=sections[1], code="B2", text="开奖公告"),
    ]
    station = world["lucheng"][0]
    inspection = _submitted(station, cast["inspector"], year=2018)
    inspection.template = template
    inspection.result = InspectionResult.FAILED
    inspection.critical_failed = True
    inspection.save()
    InspectionAnswerFactory(inspection=inspection, item=items[0], passed=True)
    InspectionAnswerFactory(inspection=inspection, item=items[1], passed=False, comment="未张贴")
    InspectionAnswerFactory(inspection=inspection, item=items[2], passed=True)
    order = RectificationOrder.objects.create(
        number="ZG20180506-0001",
        station=station,
        inspection=inspection,
        item=items[1],
        problem="未张贴",
        severity=Severity.CRITICAL,
        issued_on=datetime.date(2018, 5, 6),
        deadline_on=datetime.date(2018, 5, 13),
    )
    response = _get(client, cast["inspector"], f"/api/inspections/{inspection.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["result"] == "failed" and body["critical_failed"] is True
    answers = body["answers"]
    assert (answers["items"], answers["answered"], answers["passed"], answers["failed"]) == (
        4, 3, 2, 1,
    )  # fmt: skip
    assert answers["sections"] == [
        {"section": "经营资质", "items": 2, "answered": 2, "passed": 1, "failed": 1},
        {"section": "销售行为", "items": 2, "answered": 1, "passed": 1, "failed": 0},
    ]
    assert answers["failed_items"] == [
        {"code": "A2", "text": "责任彩票提示", "critical": True, "severity": "minor",
         "comment": "未张贴"},
    ]  # fmt: skip
    assert body["rectification_orders"] == [
        {"id": order.pk, "number": order.number, "status": "open", "deadline_on": "2018-05-13"}
    ]
    # No personal data of the owner anywhere in the payload.
    text = response.content.decode()
    owner = world["owner"]
    assert owner.id_number not in text and owner.phone not in text and owner.name not in text


def test_inspection_detail_is_scoped(client, cast, world):
    ruian_inspection = world["inspections"][3]
    assert ruian_inspection.station.region.code == "330381"
    url = f"/api/inspections/{ruian_inspection.pk}"
    assert _get(client, cast["inspector"], url).status_code == 404
    assert _get(client, cast["owner"], url).status_code == 404
    assert _get(client, cast["ruian"], url).status_code == 200
    assert _get(client, cast["party"], url).status_code == 403
    response = _get(client, cast["leader"], "/api/inspections/999999999")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_rectifications_filters_and_scope(client, cast, world):
    leader = cast["leader"]
    body = _get(client, leader, "/api/rectifications").json()
    assert body["count"] == 4
    assert body["items"][0]["number"] == "ZG20200301-0001"  # newest first
    assert _get(client, leader, "/api/rectifications", status="open").json()["count"] == 2
    assert _get(client, leader, "/api/rectifications", year=2019).json()["count"] == 3
    body = _get(client, leader, "/api/rectifications", status="overdue", region="330381").json()
    assert [i["number"] for i in body["items"]] == ["ZG20190506-0003"]
    body = _get(client, cast["inspector"], "/api/rectifications").json()
    assert _codes(body) == {world["lucheng"][0].code, world["lucheng"][1].code}
    body = _get(client, cast["owner"], "/api/rectifications").json()
    assert [i["number"] for i in body["items"]] == ["ZG20190506-0001"]
    assert set(body["items"][0]) >= {"deadline_on", "status", "severity", "escalation"}


def test_visits_filters_purposes_and_follow_ups(client, cast, world):
    leader = cast["leader"]
    body = _get(client, leader, "/api/visits", year=2019).json()
    assert body["count"] == 3
    latest = body["items"][0]
    assert latest["visited_on"] == "2019-04-10" and latest["purposes"] == ["help_image"]
    body = _get(client, leader, "/api/visits", year=2019, month=4, region="330302").json()
    (item,) = body["items"]
    assert item["purposes"] == ["serve_sales", "help_sales"]  # in the purposes' order
    assert (item["follow_ups"], item["follow_ups_open"]) == (1, 1)
    assert item["visitor"] and item["department"]
    VisitFollowUp.objects.update(status=FollowUpStatus.DONE)
    body = _get(client, leader, "/api/visits", station=world["lucheng"][1].code).json()
    assert body["items"][0]["follow_ups_open"] == 0
    assert _get(client, leader, "/api/visits", year=2018).json()["count"] == 0
    assert _get(client, cast["ruian"], "/api/visits").json()["count"] == 1


def test_annual_reviews_filters_and_override_flag(client, cast, world):
    leader = cast["leader"]
    body = _get(client, leader, "/api/annual-reviews", year=2019).json()
    assert body["count"] == 2
    body = _get(client, leader, "/api/annual-reviews", outcome="conditional").json()
    (item,) = body["items"]
    assert item["decision"] == "warn" and item["overridden"] is True
    assert _get(client, leader, "/api/annual-reviews", decision="exit").json()["count"] == 0
    body = _get(client, cast["lucheng"], "/api/annual-reviews").json()
    assert [i["overridden"] for i in body["items"]] == [False]
    assert body["items"][0]["breakdown"] == [{"criterion": "inspection", "verdict": "pass"}]


def test_lists_use_few_queries(client, cast, world, django_assert_max_num_queries):
    station = world["lucheng"][1]
    for n in range(30):
        _submitted(station, cast["inspector"], year=2017)
        _order(station, f"ZG20170101-{n:04d}", issued=datetime.date(2017, 1, 1))
        visit = _visit(station, cast["stations"], datetime.date(2017, 3, 1), "serve_station")
        VisitFollowUp.objects.create(visit=visit, description="回访", due_on=visit.visited_on)
        _review(StationFactory(region=region("330302")), 2017)
    client.force_login(cast["inspector"])
    # session, user, the user's branch regions, the count and the page (+ purposes)
    for path, bound in (
        ("/api/inspections", 6),
        ("/api/rectifications", 6),
        ("/api/visits", 7),
        ("/api/annual-reviews", 6),
    ):
        with django_assert_max_num_queries(bound):
            response = client.get(path, {"limit": 200})
        assert response.status_code == 200
        assert len(response.json()["items"]) >= 30, path
    # The detail: the inspection, sections' sizes, answers' counts, sections, failed
    # items, orders, photos — however many answers it has.
    inspection = world["inspections"][1]
    for item in ChecklistItemFactory.create_batch(12, section__template=inspection.template):
        InspectionAnswerFactory(inspection=inspection, item=item, passed=False)
    with django_assert_max_num_queries(11):
        response = client.get(f"/api/inspections/{inspection.pk}")
    assert response.json()["answers"]["failed"] == 12
