"""Jobs whose process died: heartbeat, the reaper, orphaned uploads, progress seen by
every process, dispatch by task name."""

import ast
import datetime
import inspect
import os
import threading
import time

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.test import override_settings
from django.utils import timezone, translation

from fucai.core import jobs
from fucai.core.choices import JobStatus
from fucai.core.models import Job

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
_release = threading.Event()


@jobs.job_handler("test.upload", upload_dir="test-uploads", file_params=("path",))
def _upload(job, progress, *, path):
    return {}


@jobs.job_handler("test.hold")
def _hold(job, progress, *, in_transaction: bool):
    """Reports progress, then waits (inside a transaction, as an import does)."""
    with transaction.atomic() if in_transaction else _nothing():
        progress.report(37, "第 37 行")
        _release.wait(20)
    return {}


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _job(status, minutes_ago=0, **fields):
    at = NOW - datetime.timedelta(minutes=minutes_ago)
    return Job.objects.create(
        kind="test.upload", title="t", status=status, created_at=at, started_at=at, **fields
    )


def test_a_running_job_without_a_heartbeat_is_failed_with_the_reason():
    dead = _job(JobStatus.RUNNING, 60, heartbeat_at=NOW - datetime.timedelta(minutes=30))
    alive = _job(JobStatus.RUNNING, 60, heartbeat_at=NOW - datetime.timedelta(minutes=2))
    never_beat = _job(JobStatus.RUNNING, 60)  # started before heartbeats existed
    with translation.override("zh-hans"):
        counts = jobs.jobs_reap_stale(now=NOW)
    assert counts["running"] == 2
    dead.refresh_from_db(), alive.refresh_from_db(), never_beat.refresh_from_db()
    assert dead.status == never_beat.status == JobStatus.FAILED
    assert dead.error == "任务中断：处理进程已停止（超过 10 分钟无心跳），请重新运行"
    assert dead.finished_at == NOW
    assert alive.status == JobStatus.RUNNING


def test_a_job_never_picked_up_is_failed_too():
    stuck = _job(JobStatus.PENDING, 90)
    fresh = _job(JobStatus.PENDING, 5)
    finished = _job(JobStatus.SUCCEEDED, 900)
    jobs.jobs_reap_stale(now=NOW)
    stuck.refresh_from_db(), fresh.refresh_from_db(), finished.refresh_from_db()
    assert stuck.status == JobStatus.FAILED and "60" in stuck.error
    assert fresh.status == JobStatus.PENDING and finished.status == JobStatus.SUCCEEDED


def test_orphaned_uploads_are_removed_and_needed_ones_kept(tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        names = {}
        for key in ("orphan", "young", "running", "failed_recent", "failed_old", "succeeded"):
            names[key] = default_storage.save(f"test-uploads/{key}.csv", ContentFile(b"x"))
            old = (NOW - datetime.timedelta(hours=2)).timestamp()
            os.utime(default_storage.path(names[key]), (old, old))
        young = (NOW - datetime.timedelta(minutes=5)).timestamp()
        os.utime(default_storage.path(names["young"]), (young, young))
        _job(JobStatus.RUNNING, 1, heartbeat_at=NOW, params={"path": names["running"]})
        _job(
            JobStatus.FAILED,
            60,
            finished_at=NOW - datetime.timedelta(hours=1),
            params={"path": names["failed_recent"]},
        )
        _job(
            JobStatus.FAILED,
            9000,
            finished_at=NOW - datetime.timedelta(hours=100),
            params={"path": names["failed_old"]},
        )
        _job(JobStatus.SUCCEEDED, 60, finished_at=NOW, params={"path": names["succeeded"]})
        counts = jobs.jobs_reap_stale(now=NOW)
        left = set(default_storage.listdir("test-uploads")[1])
    assert counts["files"] == 3
    assert left == {"young.csv", "running.csv", "failed_recent.csv"}


def test_the_command_reaps(capsys):
    _job(JobStatus.RUNNING, 600, heartbeat_at=timezone.now() - datetime.timedelta(hours=5))
    call_command("reap_jobs")
    assert "failed 1 running" in capsys.readouterr().out
    assert Job.objects.get().status == JobStatus.FAILED


def test_beat_runs_on_wall_clock_times():
    schedule = settings.CELERY_BEAT_SCHEDULE
    reminders = schedule["recruitment-deadline-reminders"]["schedule"]
    assert isinstance(reminders, crontab)
    assert reminders.hour == {7} and reminders.minute == {30}
    assert schedule["reap-stale-jobs"]["task"] == "fucai.core.reap_jobs"
    assert isinstance(schedule["reap-stale-jobs"]["schedule"], crontab)


def test_jobs_does_not_import_the_task_module():
    tree = ast.parse(inspect.getsource(jobs))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not any(name.endswith("tasks") for name in imported), imported


@override_settings(FUCAI_JOBS_MODE="auto", CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_broker_a_job_is_sent_by_task_name(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(jobs.current_app, "send_task", lambda name, args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_start(acting_user=cast["finance"], kind="test.upload", title="t", params={})
    assert sent == [("fucai.core.run_job", [job.pk])]
    from fucai.core import tasks

    assert tasks.run_job_task.name == "fucai.core.run_job"


@override_settings(FUCAI_JOBS_MODE="auto", CELERY_TASK_ALWAYS_EAGER=False)
def test_an_unreachable_broker_fails_the_job_at_once(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(jobs.current_app, "send_task", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_start(acting_user=cast["finance"], kind="test.upload", title="t", params={})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "ConnectionRefusedError" in job.error


def _read_job(pk):
    """The row as another connection sees it (SQLite's shared in-memory test database
    may say "locked" while the heartbeat writes: retry)."""
    for _ in range(50):
        try:
            return Job.objects.get(pk=pk)
        except OperationalError:
            time.sleep(0.05)
    raise AssertionError("database stayed locked")


@pytest.mark.django_db(transaction=True)
@override_settings(
    FUCAI_JOBS_MODE="thread",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
)
def test_progress_is_on_the_row_for_every_process_even_inside_the_handlers_transaction(cast):
    """The handler holds a transaction (PostgreSQL; SQLite's single writer would block
    the heartbeat, so there it reports outside one); another connection — here the
    test's own, as another web process would — reads the progress from the row, and the
    cache (a dummy) plays no part."""
    in_transaction = connection.vendor != "sqlite"
    _release.clear()
    job = jobs.job_start(
        acting_user=cast["finance"],
        kind="test.hold",
        title="t",
        params={"in_transaction": in_transaction},
    )
    try:
        deadline = time.monotonic() + 15
        seen = None
        while time.monotonic() < deadline:
            seen = _read_job(job.pk)
            if seen.progress_percent == 37:
                break
            time.sleep(0.1)
        assert seen.status == JobStatus.RUNNING
        assert (seen.progress_percent, seen.progress_message) == (37, "第 37 行")
        assert seen.heartbeat_at is not None and seen.worker
        assert jobs.progress_of(seen) == {"percent": 37, "message": "第 37 行"}
    finally:
        _release.set()
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and thread.daemon:
                thread.join(timeout=20)
        connections.close_all()
    assert _read_job(job.pk).status == JobStatus.SUCCEEDED


@pytest.mark.django_db(transaction=True)
@override_settings(FUCAI_JOBS_MODE="thread")
def test_on_sqlite_progress_inside_the_handlers_transaction_reaches_the_page(cast):
    """SQLite's single writer is held by the handler's transaction: the heartbeat's
    write fails fast and the progress goes to the (single-process) cache instead."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's embedded set-up only")
    _release.clear()
    job = jobs.job_start(
        acting_user=cast["finance"], kind="test.hold", title="t", params={"in_transaction": True}
    )
    try:
        deadline = time.monotonic() + 15
        progress = {}
        while time.monotonic() < deadline:
            progress = jobs.progress_of(_read_job(job.pk))
            if progress["percent"] == 37:
                break
            time.sleep(0.1)
        assert progress == {"percent": 37, "message": "第 37 行"}
    finally:
        _release.set()
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and thread.daemon:
                thread.join(timeout=20)
        connections.close_all()
    assert _read_job(job.pk).status == JobStatus.SUCCEEDED
