import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fucai.core.tests.factories import region
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import InspectionKind, InspectionResult, InspectionStatus
from ..models import ChecklistTemplate, Inspection, InspectionProposal
from .factories import (
    InspectionFactory,
    InspectionProposalFactory,
    ensure_default_checklists,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _checklists(db):
    # A transactional test elsewhere may have flushed the migration's rows.
    ensure_default_checklists()


def _annual():
    return ChecklistTemplate.objects.get(code="annual-standard", is_current=True)


@pytest.fixture
def coverage_world(cast):
    template = _annual()
    lucheng = [StationFactory(region=region("330302")) for _ in range(4)]
    ruian = [StationFactory(region=region("330381")) for _ in range(2)]
    common = {"template": template, "inspector": cast["inspector"], "year": 2019}
    InspectionFactory(
        station=lucheng[0],
        status=InspectionStatus.SUBMITTED,
        result=InspectionResult.PASSED,
        due_on=datetime.date(2019, 6, 30),
        **common,
    )
    InspectionFactory(station=lucheng[1], due_on=datetime.date(2019, 6, 30), **common)  # overdue
    InspectionFactory(
        station=lucheng[2], status=InspectionStatus.CANCELLED, **common
    )  # not counted
    InspectionFactory(station=ruian[0], **common)
    InspectionFactory(station=ruian[1], year=2018, template=template, inspector=cast["inspector"])
    return {"lucheng": lucheng, "ruian": ruian}


def _district(response, code):
    return next(r for r in response.context["districts"] if r["region"].code == code)


def test_the_dashboard_counts_planned_done_and_overdue_per_district(
    client, cast, coverage_world, django_assert_max_num_queries
):
    client.force_login(cast["leader"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("governance:index"))
    assert response.status_code == 200
    assert response.context["year"] == 2019  # the latest year with inspections
    lucheng = _district(response, "330302")
    assert (lucheng["planned"], lucheng["done"], lucheng["overdue"]) == (2, 1, 1)
    assert (lucheng["active"], lucheng["unplanned"]) == (4, 2)
    assert _district(response, "330381")["planned"] == 1
    inspector_row = response.context["inspectors"][0]
    assert (inspector_row["planned"], inspector_row["done"]) == (3, 1)
    assert response.context["total"]["planned"] == 3


def test_branch_staff_see_their_district_only(client, cast, coverage_world):
    client.force_login(cast["lucheng"])
    response = client.get(reverse("governance:index"))
    assert {r["region"].code for r in response.context["districts"]} == {"330302"}
    assert response.context["inspectors"][0]["planned"] == 2


def test_another_year_and_a_bad_year_are_handled(client, cast, coverage_world):
    client.force_login(cast["leader"])
    response = client.get(reverse("governance:index"), {"year": "2018"})
    assert _district(response, "330381")["planned"] == 1
    assert client.get(reverse("governance:index"), {"year": "abc"}).status_code == 400


def test_the_coverage_exports_to_excel(client, cast, coverage_world):
    client.force_login(cast["leader"])
    for kind, first_header in (("districts", "区县"), ("inspectors", "巡查员")):
        response = client.get(reverse("governance:index"), {"export": kind})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.values)
        assert rows[0][0] == first_header
        if kind == "districts":
            lucheng = next(r for r in rows if r[0] == "鹿城区")
            assert lucheng[3:7] == (2, 1, 0, 1)
            assert lucheng[8] == pytest.approx(0.5)


def test_an_owner_does_not_learn_of_a_planned_mystery_visit(client, cast):
    station = StationFactory(owner=StationOwnerFactory(user=cast["owner"]))
    mystery = ChecklistTemplate.objects.get(code="mystery-standard")
    InspectionFactory(station=station, kind=InspectionKind.MYSTERY, template=mystery)
    client.force_login(cast["owner"])
    assert client.get(reverse("governance:index")).context["total"]["planned"] == 0
    client.force_login(cast["stations"])
    assert client.get(reverse("governance:index")).context["total"]["planned"] == 1


def test_editing_an_item_of_a_used_checklist_saves_a_new_version(client, cast):
    template = _annual()
    InspectionFactory(template=template, status=InspectionStatus.SUBMITTED)
    item = template.items.get(code="C02")
    client.force_login(cast["stations"])
    response = client.post(
        reverse("governance:checklist_item_edit", args=[template.pk, item.pk]),
        {
            "section": item.section_id,
            "order": item.order,
            "code": item.code,
            "text": item.text,
            "guidance": item.guidance,
            "weight": 6,
            "answer_type": item.answer_type,
            "critical": "on",
            "severity": "critical",
        },
    )
    new = ChecklistTemplate.objects.get(code=template.code, version=template.version + 1)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:checklist", args=[new.pk])
    assert new.items.get(code="C02").weight == 6
    assert template.items.get(code="C02").weight == 5
    page = client.get(response["Location"])
    assert "已另存为第 2 版" in page.content.decode()


def test_a_reader_sees_the_checklist_without_edit_buttons(client, cast):
    client.force_login(cast["leader"])
    response = client.get(reverse("governance:checklist", args=[_annual().pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "C01" in body
    assert 'data-testid="add-item"' not in body
    client.force_login(cast["stations"])
    response = client.get(reverse("governance:checklist", args=[_annual().pk]))
    assert 'data-testid="add-item"' in response.content.decode()


def test_the_campaign_page_plans_and_reports(client, cast):
    StationFactory(region=region("330302"))
    StationFactory(region=region("330381"))
    client.force_login(cast["lucheng"])
    data = {
        "year": 2019,
        "starts_on": "2019-03-01",
        "due_on": "2019-11-30",
        "template": _annual().pk,
    }
    response = client.post(reverse("governance:campaign_create"), data)
    assert response.status_code == 200 and response.context["result"].created == 1
    assert Inspection.objects.get().station.region.code == "330302"
    again = client.post(reverse("governance:campaign_create"), data)
    assert again.context["result"].created == 0
    bad = client.post(reverse("governance:campaign_create"), {**data, "starts_on": "2020-01-01"})
    assert bad.status_code == 400


def test_an_ad_hoc_inspection_of_a_station_outside_the_scope_is_refused(client, cast):
    station = StationFactory(region=region("330381"))
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("governance:adhoc_create"),
        {"station": station.code, "kind": "special", "reason": "举报"},
    )
    assert response.status_code == 400 and not Inspection.objects.exists()


def test_accepting_and_dismissing_proposals_through_the_pages(client, cast):
    accepted = InspectionProposalFactory(station=StationFactory(region=region("330302")))
    dismissed = InspectionProposalFactory(station=StationFactory(region=region("330302")))
    client.force_login(cast["lucheng"])
    due = timezone.localdate() + datetime.timedelta(days=20)
    # A due date before the inspection is planned (today) is refused.
    refused = client.post(
        reverse("governance:proposal_accept", args=[accepted.pk]), {"due_on": "2019-12-31"}
    )
    assert refused.status_code == 400 and "截止日期早于开始日期" in refused.content.decode()
    listing = client.get(reverse("governance:proposals"))
    assert len(listing.context["rows"]) == 2
    response = client.post(
        reverse("governance:proposal_accept", args=[accepted.pk]),
        {"inspector": cast["inspector"].pk, "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.due_on) == ("special", due)
    assert (
        client.post(
            reverse("governance:proposal_dismiss", args=[dismissed.pk]), {"reason": ""}
        ).status_code
        == 400
    )
    client.post(reverse("governance:proposal_dismiss", args=[dismissed.pk]), {"reason": "大奖"})
    assert InspectionProposal.objects.get(pk=dismissed.pk).status == "dismissed"
    assert len(client.get(reverse("governance:proposals")).context["rows"]) == 0


def test_reassigning_through_the_page(client, cast):
    inspection = InspectionFactory(
        station=StationFactory(region=region("330302")),
        template=_annual(),
        inspector=cast["inspector"],
    )
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("governance:inspection_reassign", args=[inspection.pk]),
        {"inspector": cast["lucheng"].pk, "comment": "检查员请假"},
    )
    assert response.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).inspector == cast["lucheng"]


def test_the_risk_scan_command_runs_on_an_empty_network(cast):
    out = io.StringIO()
    call_command("governance_risk_scan", "--month", "2019-11", stdout=out)
    assert "2019-11: 0 new proposals" in out.getvalue()
    assert Station.objects.count() == 0


def test_a_manager_creates_a_checklist(client, cast):
    client.force_login(cast["stations"])
    response = client.post(
        reverse("governance:checklist_create"),
        {"code": "fire-safety", "kind": "special", "name": "消防专项检查表", "description": ""},
    )
    created = ChecklistTemplate.objects.get(code="fire-safety")
    assert response.status_code == 302 and created.is_current and created.version == 1
    duplicate = client.post(
        reverse("governance:checklist_create"),
        {"code": "fire-safety", "kind": "special", "name": "重复"},
    )
    assert duplicate.status_code == 400


def test_a_routine_plan_from_the_page(client, cast):
    stations = [StationFactory(region=region("330302")) for _ in range(2)]
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("governance:routine_create"),
        {
            "name": "十一月巡查",
            "starts_on": "2019-11-01",
            "due_on": "2019-11-30",
            "codes": f"{stations[0].code}, {stations[1].code}",
        },
    )
    assert response.status_code == 302
    assert Inspection.objects.filter(kind="routine").count() == 2
    missing = client.post(
        reverse("governance:routine_create"),
        {"name": "错", "starts_on": "2019-11-01", "due_on": "2019-11-30", "codes": "99999999"},
    )
    assert missing.status_code == 400 and "99999999" in missing.content.decode()


def test_lists_read_few_queries(client, cast, django_assert_max_num_queries):
    for _ in range(5):
        InspectionProposalFactory(station=StationFactory(region=region("330302")))
    client.force_login(cast["stations"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("governance:proposals")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("governance:plans")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("governance:checklists")).status_code == 200


def test_the_celery_task_runs_the_scan(cast):
    from ..tasks import risk_scan_task

    assert risk_scan_task.apply(args=["2019-11"]).get() == {"month": "2019-11", "created": {}}
