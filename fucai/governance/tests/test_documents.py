"""Documents in the background: the PDFs of a filtered list (inspections, a plan's
inspections, rectification orders) as one zip made by a job, downloaded by the user who
asked; the single-document links keep answering at once. Also: the shared distance
function lives in core, and the rectification notice goes through core.pdf."""

import datetime
import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.urls import reverse

from fucai.core.choices import JobStatus
from fucai.core.models import Job
from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from .. import jobs
from ..choices import InspectionStatus
from ..choices import RectificationStatus as S
from ..models import InspectionPlan
from .factories import InspectionFactory, RectificationOrderFactory, ensure_default_checklists

pytestmark = pytest.mark.django_db


def test_the_distance_function_is_the_core_one_in_both_apps():
    from fucai.core import geo
    from fucai.governance.services import inspections as inspection_services
    from fucai.recruitment import geo as recruitment_geo

    # 温州 鹿城 (五马街) to 瑞安 (市政府): about 29 km.
    metres = geo.haversine_m(28.0196, 120.6553, 27.7786, 120.6550)
    assert 26_700 < metres < 26_900
    assert geo.haversine_m(28.0, 120.6, 28.0, 120.6) == 0
    assert recruitment_geo.haversine_m is geo.haversine_m
    assert inspection_services.haversine_m is geo.haversine_m


@pytest.fixture
def inspections(cast):
    lucheng = [
        InspectionFactory(
            station=StationFactory(region=region("330302"), code=f"3303020{n}"),
            inspector=cast["inspector"],
            status=InspectionStatus.SUBMITTED,
            inspected_on=datetime.date(2019, 6, 5),
        )
        for n in (1, 2)
    ]
    ruian = InspectionFactory(
        station=StationFactory(region=region("330381"), code="33038101"),
        status=InspectionStatus.SUBMITTED,
    )
    return lucheng, ruian


def _run(client, url, django_capture_on_commit_callbacks, data=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + (f"?{data}" if data else ""))
    assert response.status_code == 302
    job = Job.objects.order_by("-pk").first()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    job.refresh_from_db()
    return job


def _names(response) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name in archive.namelist():
        assert archive.read(name).startswith(b"%PDF-")
    return sorted(archive.namelist())


def test_the_pdfs_of_the_inspection_list_are_a_zip_of_the_users_scope(
    client, cast, inspections, django_capture_on_commit_callbacks
):
    client.force_login(cast["lucheng"])
    url = reverse("governance:inspection_pdf_bundle")
    job = _run(client, url, django_capture_on_commit_callbacks)

    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.kind == jobs.PDF_BUNDLE and job.result["count"] == 2
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert job.result["url"] in page  # the download link once done
    response = client.get(job.result["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    lucheng = inspections[0]
    assert _names(response) == sorted(
        f"inspection-{i.station.code}-{i.pk}.pdf" for i in lucheng
    )  # 瑞安's inspection is not in 鹿城's zip

    # Only the user who asked downloads it.
    client.force_login(cast["stations"])
    assert client.get(job.result["url"]).status_code == 404


def test_the_bundle_follows_the_lists_filters(
    client, cast, inspections, django_capture_on_commit_callbacks
):
    client.force_login(cast["stations"])
    url = reverse("governance:inspection_pdf_bundle")
    job = _run(client, url, django_capture_on_commit_callbacks, "region=330381")
    assert job.result["count"] == 1
    assert _names(client.get(job.result["url"])) == [f"inspection-33038101-{inspections[1].pk}.pdf"]


def test_an_empty_or_too_large_selection_starts_no_job(client, cast, inspections, monkeypatch):
    client.force_login(cast["stations"])
    url = reverse("governance:inspection_pdf_bundle")
    response = client.post(url + "?region=330324")  # 永嘉: nothing there
    assert response.status_code == 302 and response["Location"].endswith("?region=330324")
    monkeypatch.setattr(jobs, "MAX_BUNDLE", 2)
    response = client.post(url)
    assert response.status_code == 302
    assert "2" in str(list(get_messages(response.wsgi_request))[-1])
    assert not Job.objects.exists()
    assert client.get(url).status_code == 405


def test_the_pdfs_of_a_campaign(client, cast, inspections, django_capture_on_commit_callbacks):
    ensure_default_checklists()
    lucheng, _ruian = inspections
    plan = InspectionPlan.objects.create(
        kind="campaign",
        inspection_kind="annual",
        year=2019,
        name="2019年度年检",
        template=lucheng[0].template,
        starts_on="2019-03-01",
        due_on="2019-11-30",
    )
    plan.regions.add(region("330302"))
    lucheng[0].plan = plan
    lucheng[0].save(update_fields=["plan"])
    client.force_login(cast["lucheng"])
    page = client.get(reverse("governance:plan", args=[plan.pk])).content.decode()
    assert reverse("governance:plan_pdf_bundle", args=[plan.pk]) in page
    job = _run(
        client,
        reverse("governance:plan_pdf_bundle", args=[plan.pk]),
        django_capture_on_commit_callbacks,
    )
    assert job.result["count"] == 1 and "2019年度年检" in job.title
    client.force_login(cast["ruian"])
    assert client.post(reverse("governance:plan_pdf_bundle", args=[plan.pk])).status_code == 404


def test_the_notices_of_the_rectification_list(client, cast, django_capture_on_commit_callbacks):
    mine = RectificationOrderFactory(station=StationFactory(region=region("330302")))
    RectificationOrderFactory(station=StationFactory(region=region("330302")), status=S.VERIFIED)
    RectificationOrderFactory(station=StationFactory(region=region("330381")))
    client.force_login(cast["lucheng"])
    page = client.get(reverse("governance:rectifications")).content.decode()
    assert 'data-testid="pdf-bundle"' in page
    url = reverse("governance:rectification_pdf_bundle")
    job = _run(client, url, django_capture_on_commit_callbacks, "status=open")
    assert job.result["count"] == 1
    assert _names(client.get(job.result["url"])) == [f"{mine.number}.pdf"]


def test_a_zip_removed_by_the_reaper_says_to_make_it_again(
    client, cast, inspections, django_capture_on_commit_callbacks
):
    client.force_login(cast["lucheng"])
    job = _run(
        client, reverse("governance:inspection_pdf_bundle"), django_capture_on_commit_callbacks
    )
    assert job.params["path"].startswith(f"{jobs.BUNDLE_DIR}/")
    default_storage.delete(job.result["path"])
    response = client.get(job.result["url"])
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])


def test_single_documents_still_answer_at_once(client, cast, inspections):
    client.force_login(cast["lucheng"])
    inspection = inspections[0][0]
    response = client.get(reverse("governance:inspection_pdf", args=[inspection.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    order = RectificationOrderFactory(station=inspection.station)
    response = client.get(reverse("governance:rectification_pdf", args=[order.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    # core.pdf's response: inline, never cached, never sniffed.
    assert response["Content-Disposition"] == f'inline; filename="{order.number}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
