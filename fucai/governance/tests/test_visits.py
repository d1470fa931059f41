"""Visits (三服务三助力): logging, follow-ups, purposes and the monthly plans."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from fucai.core.choices import OrgUnitKind
from fucai.core.models import AuditEntry
from fucai.core.tests.factories import OrgUnitFactory, UserFactory, branch, region
from fucai.governance.choices import FollowUpStatus, VisitGroup
from fucai.governance.models import Visit, VisitPlan, VisitPurpose
from fucai.governance.selectors.supervision import can_see_station_supervision
from fucai.governance.selectors.visits import visit_plan_table
from fucai.governance.services.visits import (
    visit_follow_up_done,
    visit_log,
    visit_plan_set,
    visit_purpose_create,
    visit_purpose_update,
)
from fucai.stations.choices import StationStatus
from fucai.stations.tests.factories import StationFactory

from .factories import VisitFactory, VisitFollowUpFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def purposes():
    return list(VisitPurpose.objects.filter(active=True).order_by("pk")[:2])


def test_a_visit_is_logged_for_the_visitors_unit_with_follow_ups(cast):
    station = StationFactory()
    visit = visit_log(
        acting_user=cast["finance"],
        station=station,
        visited_on=D(2019, 6, 3),
        purposes=purposes(),
        findings="宣传海报陈旧",
        help_given="更换海报",
        follow_ups=[("补充即开票库存", D(2019, 6, 20))],
    )
    assert visit.org_unit == cast["finance"].org_unit  # the center, as the cast is attached
    assert visit.purposes.count() == 2
    assert visit.follow_ups.get().status == FollowUpStatus.OPEN
    assert AuditEntry.objects.filter(object_id=str(visit.pk), action="create").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"visited_on": D(2099, 1, 1)}, "visited_on"),
        ({"purposes": []}, "purposes"),
        ({"follow_ups": [("x", D(2019, 5, 1))]}, "follow_ups"),
    ],
)
def test_a_visit_is_refused_with_a_specific_reason(cast, change, field):
    kwargs = {
        "acting_user": cast["stations"],
        "station": StationFactory(),
        "visited_on": D(2019, 6, 3),
        "purposes": purposes(),
    }
    kwargs.update(change)
    with pytest.raises(ValidationError) as error:
        visit_log(**kwargs)
    assert field in error.value.error_dict


def test_a_retired_purpose_or_a_closed_station_is_refused(cast):
    purpose = VisitPurpose.objects.first()
    purpose.active = False
    purpose.save()
    with pytest.raises(ValidationError):
        visit_log(
            acting_user=cast["stations"],
            station=StationFactory(status=StationStatus.CLOSED, closed_on=D(2019, 1, 1)),
            visited_on=D(2019, 6, 3),
            purposes=[purpose],
        )


def test_a_branch_cannot_visit_another_districts_station(cast):
    with pytest.raises(PermissionDenied):
        visit_log(
            acting_user=cast["ruian"],
            station=StationFactory(region=region("330302")),
            visited_on=D(2019, 6, 3),
            purposes=purposes(),
        )


def test_a_follow_up_is_done_once(cast):
    follow_up = VisitFollowUpFactory(visit=VisitFactory(visitor=cast["lucheng"]))
    visit_follow_up_done(acting_user=cast["lucheng"], follow_up=follow_up, note="已补货")
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.done_note) == (FollowUpStatus.DONE, "已补货")
    with pytest.raises(ValidationError):
        visit_follow_up_done(acting_user=cast["lucheng"], follow_up=follow_up)


def test_purposes_are_added_renamed_and_retired(cast):
    purpose = visit_purpose_create(
        acting_user=cast["stations"], name="助力防疫", group=VisitGroup.HELP
    )
    assert purpose.active and purpose.code
    visit_purpose_update(
        acting_user=cast["stations"], purpose=purpose, name="助力复工", active=False
    )
    purpose.refresh_from_db()
    assert (purpose.name, purpose.active) == ("助力复工", False)
    with pytest.raises(ValidationError):
        visit_purpose_create(acting_user=cast["stations"], name="助力复工", group=VisitGroup.HELP)
    with pytest.raises(PermissionDenied):
        visit_purpose_create(acting_user=cast["finance"], name="新目的", group=VisitGroup.HELP)


def test_plan_completion_counts_the_visits_of_the_units_staff(cast):
    department = OrgUnitFactory(name="市场营销科", kind=OrgUnitKind.DEPARTMENT)
    staff = UserFactory(role="marketing", org_unit=department)
    visit_plan_set(
        acting_user=cast["stations"], org_unit=department, year=2019, months=[3], planned_visits=4
    )
    for day in (1, 8, 15):
        VisitFactory(visitor=staff, visited_on=D(2019, 3, day))
    VisitFactory(visitor=staff, visited_on=D(2019, 4, 2))  # an unplanned month
    VisitFactory(visitor=cast["lucheng"], visited_on=D(2019, 3, 2))  # another unit

    table = visit_plan_table(cast["leader"], 2019)
    row = next(r for r in table["rows"] if r["unit"] == department)
    march, april = row["months"][2], row["months"][3]
    assert (march["planned"], march["done"], march["percent"]) == (4, 3, 75)
    assert (april["planned"], april["done"], april["percent"]) == (None, 1, None)
    assert (row["planned"], row["done"], row["percent"]) == (4, 4, 100)
    lucheng = next(r for r in table["rows"] if r["unit"] == branch("330302"))
    assert lucheng["done"] == 1


def test_a_whole_year_is_planned_at_once_and_replaced_month_by_month(cast):
    unit = branch("330302")
    visit_plan_set(
        acting_user=cast["lucheng"],
        org_unit=unit,
        year=2019,
        months=range(1, 13),
        planned_visits=10,
    )
    visit_plan_set(
        acting_user=cast["lucheng"], org_unit=unit, year=2019, months=[2], planned_visits=6
    )
    plans = dict(
        VisitPlan.objects.filter(org_unit=unit, year=2019).values_list("month", "planned_visits")
    )
    assert len(plans) == 12 and plans[1] == 10 and plans[2] == 6


def test_a_branch_plans_only_for_itself(cast):
    with pytest.raises(PermissionDenied):
        visit_plan_set(
            acting_user=cast["ruian"],
            org_unit=branch("330302"),
            year=2019,
            months=[1],
            planned_visits=3,
        )


def test_the_center_shows_in_the_plan_once_its_staff_visit(cast, center):
    table = visit_plan_table(cast["stations"], 2019)
    assert center not in [r["unit"] for r in table["rows"]]
    VisitFactory(visitor=cast["stations"], visited_on=D(2019, 5, 5))
    table = visit_plan_table(cast["stations"], 2019)
    assert center in [r["unit"] for r in table["rows"]]


def test_the_visit_list_filters_and_reads_few_queries(client, cast, django_assert_max_num_queries):
    in_april = VisitFactory(visitor=cast["stations"], visited_on=D(2019, 4, 9))
    for day in range(1, 20):
        VisitFactory(visitor=cast["lucheng"], visited_on=D(2019, 5, day))
    VisitFactory(visitor=cast["ruian"], station=StationFactory(region=region("330381")))
    client.force_login(cast["lucheng"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("governance:visits"), {"year": 2019})
    assert response.status_code == 200
    assert response.context["paginator"].count == 20  # the 瑞安 visit is outside 鹿城's scope
    response = client.get(reverse("governance:visits"), {"year": 2019, "month": 4})
    assert [v.pk for v in response.context["rows"]] == [in_april.pk]
    response = client.get(reverse("governance:visits"), {"station": in_april.station.code})
    assert response.context["paginator"].count == 1


def test_the_visit_list_downloads_as_excel(client, cast):
    visit = VisitFactory(visitor=cast["stations"])
    VisitFollowUpFactory(visit=visit)
    client.force_login(cast["leader"])
    response = client.get(reverse("governance:visits"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    _header, row = list(sheet.iter_rows(values_only=True))
    assert row[1] == visit.station.code
    assert row[6] == "、".join(p.name for p in visit.purposes.all())
    assert row[-1] == 1  # one open follow-up


def test_logging_a_visit_through_the_page(client, cast):
    station = StationFactory()
    purpose = VisitPurpose.objects.filter(active=True).first()
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("governance:visit_create"),
        {
            "station": station.code,
            "visited_on": "2019-07-01",
            "purposes": [purpose.pk],
            "findings": "站点运营良好",
            "follow_up_0": "更新公益宣传栏",
            "follow_up_0_due": "2019-07-15",
        },
    )
    visit = Visit.objects.get(station=station)
    assert response.status_code == 302 and response["Location"].endswith(f"/{visit.pk}/")
    assert visit.follow_ups.get().description == "更新公益宣传栏"
    bad = client.post(reverse("governance:visit_create"), {"station": "99999999"})
    assert bad.status_code == 400
    assert "station" in bad.context["form"].errors


def test_the_station_page_shows_its_supervision_tab(client, cast):
    visit = VisitFactory(visitor=cast["stations"])
    client.force_login(cast["leader"])
    url = reverse("stations:detail", args=[visit.station.code])
    response = client.get(url, {"tab": "supervision"})
    assert response.status_code == 200
    assert response.context["supervision"]["visits"] == [visit]
    assert b'data-testid="station-supervision"' in response.content
    assert can_see_station_supervision(cast["owner"])  # their own station's page only
    assert not can_see_station_supervision(cast["party"])


def test_the_plan_page_shows_planned_against_done_and_downloads_as_excel(client, cast):
    unit = branch("330302")
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("governance:visit_plan_set"),
        {"org_unit": unit.pk, "year": 2019, "month": "", "planned_visits": 2},
    )
    assert response.status_code == 302
    VisitFactory(visitor=cast["lucheng"], visited_on=D(2019, 1, 5))
    response = client.get(reverse("governance:visit_plan"), {"year": 2019})
    (row,) = response.context["table"]["rows"]  # a branch sees its own unit only
    assert (row["unit"], row["planned"], row["done"], row["percent"]) == (unit, 24, 1, 4)
    assert "1/2" in response.content.decode()
    response = client.get(reverse("governance:visit_plan"), {"year": 2019, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, data = list(sheet.iter_rows(values_only=True))
    assert data[0] == unit.name and data[1:3] == (2, 1) and data[-3:] == (24, 1, 4)
    assert len(header) == 1 + 24 + 3


def test_an_owner_reading_visits_is_not_offered_the_department_plan(client, cast):
    client.force_login(cast["owner"])
    page = client.get(reverse("governance:visits")).content.decode()
    assert 'data-testid="visit-plan-link"' not in page
    assert client.get(reverse("governance:visit_plan")).status_code == 403
    client.force_login(cast["lucheng"])
    page = client.get(reverse("governance:visits")).content.decode()
    assert 'data-testid="visit-plan-link"' in page
