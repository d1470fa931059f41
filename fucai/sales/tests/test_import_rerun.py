"""An import killed half-way: the reaper fails it with a reason, its file is kept, and
its owner re-runs it from the job page."""

import datetime

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from fucai.core import jobs
from fucai.core.choices import JobStatus
from fucai.core.models import AuditEntry, Job
from fucai.sales.models import SalesDay
from fucai.sales.tests.factories import csv_bytes
from fucai.sales.views import imports as import_views
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

GOOD = [
    ("33030001", "SSQ", "2024-05-01", "1234.50", "617"),
    ("33030001", "双色球", "2024-05-02", "200", "100"),
]


@pytest.fixture
def media(tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        yield tmp_path


@pytest.fixture
def killed_job(client, importer, media, monkeypatch):
    """A large upload whose worker died mid-import: pending → running → silence."""
    StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))
    monkeypatch.setattr(import_views, "INLINE_MAX_BYTES", 10)
    client.force_login(importer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile("big.csv", csv_bytes(GOOD))
    client.post(reverse("sales:import_upload"), {"file": upload})  # never committed: not run
    job = Job.objects.get()
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    return job


def _rerun(client, job):
    return client.post(reverse("core:job_rerun", args=[job.pk]))


def test_a_killed_import_is_reaped_and_its_owner_runs_it_again(
    client, killed_job, django_capture_on_commit_callbacks
):
    assert jobs.jobs_reap_stale()["running"] == 1
    killed_job.refresh_from_db()
    assert killed_job.status == JobStatus.FAILED
    assert default_storage.exists(killed_job.params["path"])  # kept for the re-run

    page = client.get(reverse("core:job_detail", args=[killed_job.pk])).content.decode()
    assert "no heartbeat for over 10 minutes" in page
    assert 'data-testid="job-rerun"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _rerun(client, killed_job)
    new = Job.objects.exclude(pk=killed_job.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[new.pk])
    new.refresh_from_db()
    assert new.status == JobStatus.SUCCEEDED, new.error
    assert (new.attempt, new.rerun_of_id, new.params) == (2, killed_job.pk, killed_job.params)
    assert SalesDay.objects.count() == 2
    assert not default_storage.exists(killed_job.params["path"])  # judged: removed
    entry = AuditEntry.objects.get(object_id=str(new.pk), content_type__model="job")
    assert entry.actor.username == "finance" and str(killed_job.pk) in entry.comment


def test_a_job_is_run_again_only_once(client, killed_job, django_capture_on_commit_callbacks):
    jobs.jobs_reap_stale()
    _rerun(client, killed_job)
    response = _rerun(client, killed_job)
    assert response.status_code == 302
    assert Job.objects.count() == 2
    assert "already been run again" in client.get(response["Location"]).content.decode()


def test_another_user_without_the_permission_cannot_run_it_again(client, cast, killed_job):
    jobs.jobs_reap_stale()
    client.force_login(cast["lucheng"])
    assert _rerun(client, killed_job).status_code == 404
    assert Job.objects.count() == 1


def test_a_holder_of_the_import_permission_may_run_it_again(cast, killed_job):
    jobs.jobs_reap_stale()
    killed_job.refresh_from_db()
    assert jobs.job_can_rerun(cast["admin"], killed_job)
    new = jobs.job_rerun(acting_user=cast["admin"], job=killed_job)
    assert new.user == cast["admin"]


def test_a_running_or_file_less_job_offers_no_re_run(client, killed_job):
    page = client.get(reverse("core:job_detail", args=[killed_job.pk])).content.decode()
    assert 'data-testid="job-rerun"' not in page  # still running
    assert _rerun(client, killed_job).status_code == 302
    assert Job.objects.count() == 1
    jobs.jobs_reap_stale()
    default_storage.delete(killed_job.params["path"])
    page = client.get(reverse("core:job_detail", args=[killed_job.pk])).content.decode()
    assert 'data-testid="job-rerun"' not in page
