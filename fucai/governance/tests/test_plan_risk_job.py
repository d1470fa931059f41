"""The "run the risk scan now" button: a planner starts the scan as a background job,
the job page links back to the proposals, and the new proposals are listed. A district's
planner scans their district only; the city's planners scan the city."""

import pytest
from django.urls import reverse

from fucai.core.choices import JobStatus
from fucai.core.models import AuditEntry, Job
from fucai.core.tests.factories import region
from fucai.sales.rollups import refresh_summaries
from fucai.stations.tests.factories import StationFactory

from .. import jobs
from ..models import InspectionProposal
from ..services import risk
from .test_plan_risk import NOV, _network, _sales

pytestmark = pytest.mark.django_db


@pytest.fixture
def jumpers(monkeypatch):
    """A jump in 鹿城 and one in 瑞安, in November 2019 (the latest complete month)."""
    _network()
    for code in ("330381",) * 8:
        _sales(StationFactory(region=region(code)))
    lucheng = StationFactory(region=region("330302"), name="鹿城跳升站")
    ruian = StationFactory(region=region("330381"), name="瑞安跳升站")
    _sales(lucheng, scale={NOV: 3})
    _sales(ruian, scale={NOV: 3})
    refresh_summaries()
    monkeypatch.setattr(risk, "latest_complete_month", lambda: NOV)
    return lucheng, ruian


def _scan(client, capture):
    with capture(execute=True):
        response = client.post(reverse("governance:risk_scan"))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    return job


def test_the_button_runs_the_scan_and_the_list_shows_the_new_proposals(
    client, cast, jumpers, django_capture_on_commit_callbacks
):
    client.force_login(cast["stations"])
    page = client.get(reverse("governance:proposals")).content.decode()
    assert 'data-testid="risk-scan"' in page and "鹿城跳升站" not in page

    job = _scan(client, django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.kind == jobs.RISK_SCAN and job.params == {"month": "2019-11"}
    assert job.result["created"] == 2 and job.result["month"] == "2019-11"
    detail = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert reverse("governance:proposals") in detail
    page = client.get(job.result["url"]).content.decode()
    assert "鹿城跳升站" in page and "瑞安跳升站" in page
    assert 'data-testid="scan-result"' in page and "新增 2 条建议" in page
    # Someone else's scan says nothing on this page.
    client.force_login(cast["admin"])
    page = client.get(job.result["url"]).content.decode()
    assert 'data-testid="scan-result"' not in page
    proposal = InspectionProposal.objects.get(station=jumpers[0])
    entry = AuditEntry.objects.get(object_id=str(proposal.pk), object_repr=str(proposal))
    assert entry.actor == cast["stations"]  # the scan is audited as the user's


def test_a_district_planner_scans_their_district_only(
    client, cast, jumpers, django_capture_on_commit_callbacks
):
    client.force_login(cast["lucheng"])
    job = _scan(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.result["created"] == 1
    assert list(InspectionProposal.objects.values_list("station", flat=True)) == [jumpers[0].pk]
    # The monthly beat (no user) then finds 瑞安's too, and 鹿城's only once.
    result = risk.risk_scan(month=NOV)
    assert sum(result.created.values()) == 1 and result.existing == 1


def test_without_sales_figures_nothing_is_started(client, cast, monkeypatch):
    monkeypatch.setattr(risk, "latest_complete_month", lambda: None)
    client.force_login(cast["stations"])
    page = client.get(reverse("governance:proposals")).content.decode()
    assert 'data-testid="risk-scan"' not in page
    response = client.post(reverse("governance:risk_scan"))
    assert response.status_code == 302 and response["Location"] == reverse("governance:proposals")
    assert not Job.objects.exists()


def test_only_planners_may_run_it(client, cast):
    client.force_login(cast["inspector"])
    assert client.post(reverse("governance:risk_scan")).status_code == 403
    client.force_login(cast["stations"])
    assert client.get(reverse("governance:risk_scan")).status_code == 405
