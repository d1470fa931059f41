import threading

import pytest
from django.test import override_settings
from django.urls import reverse

from fucai.core import jobs
from fucai.core.choices import JobStatus
from fucai.core.models import Job

pytestmark = pytest.mark.django_db


@jobs.job_handler("test.count")
def _count(job, progress, *, upto: int):
    for n in range(upto):
        progress.report(100 * n // upto, f"step {n}")
    return {"counted": upto, "url": "/stations/"}


@jobs.job_handler("test.fail")
def _fail(job, progress):
    progress.report(40, "halfway")
    raise ValueError("row 3, column 日期: not a date")


def _start(user, kind, **params):
    return jobs.job_start(acting_user=user, kind=kind, title="测试任务", params=params)


def test_a_job_runs_after_commit_and_records_its_result(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(cast["finance"], "test.count", upto=5)
        assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["counted"] == 5
    assert jobs.progress_of(job)["percent"] == 100


def test_a_failing_job_keeps_its_error_for_the_user(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(cast["finance"], "test.fail")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "row 3" in job.error


def test_an_unknown_kind_is_refused(cast):
    with pytest.raises(KeyError):
        _start(cast["finance"], "test.nothing")


def test_a_job_is_taken_once(cast):
    job = Job.objects.create(kind="test.count", title="t", user=cast["finance"], params={"upto": 2})
    jobs.run_job(job.pk)
    Job.objects.filter(pk=job.pk).update(result={})
    jobs.run_job(job.pk)  # already finished: nothing runs again
    job.refresh_from_db()
    assert job.result == {}


@pytest.mark.django_db(transaction=True)
@override_settings(FUCAI_JOBS_MODE="thread")
def test_without_a_broker_a_job_runs_in_a_thread(cast):
    job = _start(cast["finance"], "test.count", upto=3)
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.daemon:
            thread.join(timeout=10)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_the_owner_watches_progress_and_others_get_404(client, cast):
    job = Job.objects.create(kind="test.count", title="导入", user=cast["finance"], params={})
    jobs.Progress(job.pk).report(42, "第 42000 行")
    client.force_login(cast["finance"])
    response = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "42%" in body and "第 42000 行" in body and 'hx-trigger="every 1s"' in body
    client.force_login(cast["lucheng"])
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    client.force_login(cast["admin"])
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 200


def test_a_finished_job_stops_polling(client, cast):
    job = Job.objects.create(
        kind="test.count",
        title="导入",
        user=cast["finance"],
        status=JobStatus.SUCCEEDED,
        result={"url": "/stations/"},
    )
    client.force_login(cast["finance"])
    body = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "every 1s" not in body and 'href="/stations/"' in body
