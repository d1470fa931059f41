"""A background import whose worker died: the reaper fails it with a reason, and its
owner runs it again from the job page; the rows go in."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.choices import JobStatus
from fucai.core.jobs import jobs_reap_stale
from fucai.core.models import Job
from fucai.core.tests.factories import PASSWORD
from fucai.sales.models import SalesDay
from fucai.sales.tests.factories import csv_bytes, ensure_games
from fucai.stations.tests.factories import StationFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_killed_import_is_failed_and_run_again(page, cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    ensure_games()
    StationFactory(code="33039001", opened_on=datetime.date(2015, 1, 1))
    rows = [("33039001", "SSQ", "2024-05-01", "1000.00", "500")]
    path = default_storage.save("sales-imports/killed.csv", ContentFile(csv_bytes(rows)))
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    job = Job.objects.create(
        kind="sales.import",
        title="销量导入：killed.csv",
        user=cast["finance"],
        status=JobStatus.RUNNING,
        params={"path": path, "filename": "killed.csv", "replace": False},
        created_at=long_ago,
        started_at=long_ago,
        heartbeat_at=long_ago,
        progress_percent=40,
    )
    assert jobs_reap_stale()["running"] == 1

    login(page, "finance", PASSWORD)
    page.goto(reverse("core:job_detail", args=[job.pk]))
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "failed")
    expect(progress).to_contain_text("任务中断：处理进程已停止")
    page.get_by_test_id("job-rerun").click()

    page.wait_for_url(lambda url: reverse("core:job_detail", args=[job.pk]) not in url)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "succeeded")
    assert SalesDay.objects.count() == 1
    rerun = Job.objects.exclude(pk=job.pk).get()
    assert rerun.rerun_of_id == job.pk and rerun.attempt == 2
    page.goto(reverse("core:job_detail", args=[job.pk]))
    expect(page.get_by_test_id("job-rerun")).to_have_count(0)  # once only
