"""Every list of the supervision pages exports to Excel through core.excel, with the
list's scope: 鹿城's branch staff get 鹿城's rows and never 瑞安's."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from ..choices import InspectionKind, PlanKind
from ..choices import RectificationStatus as S
from ..models import ChecklistTemplate, InspectionPlan
from .factories import (
    AnnualReviewFactory,
    InspectionFactory,
    InspectionProposalFactory,
    RectificationOrderFactory,
    ViolationFactory,
    VisitFactory,
    ensure_default_checklists,
)

pytestmark = pytest.mark.django_db

LUCHENG, RUIAN = "33030299", "33038199"


def _plan(code: str, name: str):
    plan = InspectionPlan.objects.create(
        kind=PlanKind.ROUTINE,
        inspection_kind=InspectionKind.ROUTINE,
        year=2019,
        name=name,
        template=ChecklistTemplate.objects.get(code="annual-standard", is_current=True),
        starts_on="2019-03-01",
        due_on="2019-11-30",
    )
    plan.regions.add(region(code))


@pytest.fixture
def both_districts(cast):
    ensure_default_checklists()
    for code, station_code in (("330302", LUCHENG), ("330381", RUIAN)):
        station = StationFactory(region=region(code), code=station_code)
        InspectionFactory(station=station, inspector=cast["inspector"])
        # Times (closed, confirmed) too: Excel cells take no time zone.
        RectificationOrderFactory(station=station, status=S.CLOSED, closed_at=timezone.now())
        ViolationFactory(station=station)
        VisitFactory(station=station, visitor=cast["lucheng"])
        AnnualReviewFactory(station=station, confirmed_at=timezone.now())
        InspectionProposalFactory(station=station)
        _plan(code, f"{station_code}计划")


def _cells(response) -> set[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return {str(value) for row in sheet.iter_rows(values_only=True) for value in row}


LISTS = [
    "governance:plans",
    "governance:proposals",
    "governance:violations",
    "governance:visits",
    "governance:inspections",
    "governance:rectifications",
    "governance:reviews",
]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_exports_its_scope(client, cast, both_districts, name):
    client.force_login(cast["lucheng"])
    page = client.get(reverse(name)).content.decode()
    assert 'data-testid="export"' in page  # the button is on the page
    cells = _cells(client.get(reverse(name), {"export": "xlsx", "year": 2019}))
    mine, theirs = (
        (f"{LUCHENG}计划", f"{RUIAN}计划") if name == "governance:plans" else (LUCHENG, RUIAN)
    )
    assert mine in cells and theirs not in cells

    client.force_login(cast["stations"])  # the city sees both
    cells = _cells(client.get(reverse(name), {"export": "xlsx", "year": 2019}))
    assert mine in cells and theirs in cells
