"""Background jobs that a user starts and watches (after NetBox's ``jobs.py``).

A feature registers a handler with ``@job_handler("sales.import", ...)``; a view calls
``job_start(...)``; the handler runs in a Celery worker when a broker is configured, or
in a thread of the web process when none is (the embedded set-up), and reports progress
with ``progress.report(percent, message)``.

Where progress lives. On the Job row, so every web process behind the load balancer
sees the same figure (a per-process LocMem cache would show each process its own, i.e.
nothing). A handler usually works inside its own transaction (an import is all or
nothing), which would hide row updates from every other connection until it commits;
so while a job runs, a heartbeat thread — which Django gives its own, autocommitting
database connection — writes the latest progress and ``heartbeat_at`` every second or
so. The heartbeat also tells the reaper (``jobs_reap_stale``) that the process is alive:
a job whose process was killed or whose machine rebooted stops beating and is failed
with a reason after ``FUCAI_JOB_STALE_MINUTES``, and its owner can re-run it.

SQLite (the embedded demo) has one writer: while an import's transaction holds the
lock the heartbeat's write waits and fails, so progress then also goes to the cache,
which that single-process set-up shares.

Dispatch goes by task name (``current_app.send_task``), so this module does not import
``core.tasks``; the task module imports this one.
"""

import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, roles
from .choices import AuditAction, JobStatus
from .models import Job

logger = logging.getLogger(__name__)

RUN_JOB_TASK = "fucai.core.run_job"
# Progress is flushed to the row at most this often (seconds) while a job runs.
FLUSH_SECONDS = 1.0
CACHE_TTL = 24 * 3600


@dataclass(frozen=True)
class JobKind:
    handler: Callable
    # Someone other than the owner may re-run a failed job with this permission.
    permission: str | None = None
    # Uploaded files the job reads: the storage directory, and the params naming them.
    upload_dir: str | None = None
    file_params: tuple[str, ...] = ()

    def files(self, params: dict) -> list[str]:
        return [params[name] for name in self.file_params if params.get(name)]


_KINDS: dict[str, JobKind] = {}


class JobNotRerunnable(Exception):
    """The job cannot be re-run; the message says why, for the user."""


def job_handler(
    kind: str,
    *,
    permission: str | None = None,
    upload_dir: str | None = None,
    file_params: tuple[str, ...] = (),
):
    """Register ``func(job, progress, **params) -> dict`` as the handler of ``kind``.

    ``upload_dir``/``file_params``: the uploaded files the job reads, which the reaper
    keeps while the job may still need them and removes once nothing does."""

    def register(func: Callable) -> Callable:
        _KINDS[kind] = JobKind(func, permission, upload_dir, tuple(file_params))
        return func

    return register


# --- progress and heartbeat ---------------------------------------------------------


class Progress:
    """A running job's progress, written to its row (see the module docstring)."""

    def __init__(self, job_id: int, *, beating: bool = False):
        self.job_id = job_id
        self.percent, self.message = 0, ""
        self.dirty = False
        # With a heartbeat thread the writes are left to it; without one (the caller
        # holds a transaction, as in tests) they go straight through this connection.
        self._beating = beating

    @property
    def cache_key(self) -> str:
        return f"fucai:job:{self.job_id}:progress"

    def report(self, percent: int, message: str = "") -> None:
        self.percent, self.message = max(0, min(100, int(percent))), str(message)[:200]
        self.dirty = True
        if not self._beating:
            self.flush()

    def flush(self) -> None:
        """Write progress and heartbeat through the current thread's connection."""
        self.dirty = False
        now = timezone.now()
        try:
            Job.objects.filter(pk=self.job_id).update(
                progress_percent=self.percent, progress_message=self.message, heartbeat_at=now
            )
        except DatabaseError:
            if connection.vendor != "sqlite":
                raise
            # SQLite's single writer is busy with the job's own transaction.
            cache.set(
                self.cache_key,
                {"percent": self.percent, "message": self.message, "at": now.timestamp()},
                CACHE_TTL,
            )


class _Heartbeat(threading.Thread):
    """Beats for a running job from its own database connection: the latest progress
    within a second, and ``heartbeat_at`` at least every FUCAI_JOB_HEARTBEAT_SECONDS."""

    def __init__(self, progress: Progress):
        super().__init__(name=f"job-{progress.job_id}-heartbeat", daemon=True)
        self.progress = progress
        self.interval = settings.FUCAI_JOB_HEARTBEAT_SECONDS
        self._stopping = threading.Event()

    def run(self) -> None:
        last = time.monotonic()
        try:
            if connection.vendor == "sqlite":
                # Fail fast, not after the 20 s busy timeout, while the job's own
                # transaction holds SQLite's write lock (progress then goes to the cache).
                connection.ensure_connection()
                connection.connection.execute("PRAGMA busy_timeout = 200")
            while not self._stopping.wait(FLUSH_SECONDS):
                if self.progress.dirty or time.monotonic() - last >= self.interval:
                    try:
                        self.progress.flush()
                        last = time.monotonic()
                    except DatabaseError as error:  # the next beat tries again
                        logger.warning("job %s heartbeat failed: %s", self.progress.job_id, error)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        self.join()


def progress_of(job: Job) -> dict:
    if job.status == JobStatus.SUCCEEDED:
        return {"percent": 100, "message": ""}
    current = {"percent": job.progress_percent, "message": job.progress_message}
    if job.status == JobStatus.RUNNING and connection.vendor == "sqlite":
        cached = cache.get(Progress(job.pk).cache_key)
        beat = job.heartbeat_at.timestamp() if job.heartbeat_at else 0
        if cached and cached["at"] > beat:
            current = {"percent": cached["percent"], "message": cached["message"]}
    return current


# --- starting and running -----------------------------------------------------------


def job_start(*, acting_user, kind: str, title: str, params: dict, **extra) -> Job:
    """Record the job and dispatch it once the surrounding transaction commits."""
    if kind not in _KINDS:
        raise KeyError(f"no job handler registered for {kind!r}")
    job = Job.objects.create(kind=kind, title=title[:200], user=acting_user, params=params, **extra)
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    mode = getattr(settings, "FUCAI_JOBS_MODE", "auto")
    if mode == "inline":
        run_job(job_id)
    elif mode == "thread" or (mode == "auto" and settings.CELERY_TASK_ALWAYS_EAGER):
        threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True).start()
    else:
        try:
            current_app.send_task(RUN_JOB_TASK, args=[job_id])
        except Exception as error:  # the broker is down: say so now, not after an hour
            logger.exception("job %s could not be queued", job_id)
            Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                error=_("The job could not be queued (%(error)s); please run it again later.")
                % {"error": error.__class__.__name__},
            )


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def run_job(job_id: int) -> None:
    """Run a job's handler and record its outcome. Never raises: failures are recorded."""
    now = timezone.now()
    updated = Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, worker=_worker_name()
    )
    if not updated:
        return  # already taken by another worker, or reaped
    job = Job.objects.get(pk=job_id)
    kind = _KINDS.get(job.kind)
    # A caller inside a transaction (tests) has a job row no other connection can see.
    heartbeat = None if connection.in_atomic_block else _Heartbeat(Progress(job_id, beating=True))
    progress = heartbeat.progress if heartbeat else Progress(job_id)
    if heartbeat:
        heartbeat.start()
    try:
        if kind is None:
            raise LookupError(_("Unknown job kind %(kind)s.") % {"kind": job.kind})
        result = kind.handler(job, progress, **job.params) or {}
    except Exception as error:  # a job's failure is data for the user, not a crash
        logger.warning("job %s (%s) failed: %s", job_id, job.kind, error)
        logger.debug("".join(traceback.format_exception(error)))
        outcome = {
            "status": JobStatus.FAILED,
            "error": str(error)[:2000] or error.__class__.__name__,
            "result": getattr(error, "job_result", {}) or {},
            "progress_percent": progress.percent,
            "progress_message": progress.message,
        }
    else:
        outcome = {
            "status": JobStatus.SUCCEEDED,
            "result": result,
            "progress_percent": 100,
            "progress_message": "",
        }
    finally:
        if heartbeat:
            heartbeat.stop()
    # Unconditional: if the reaper wrongly gave up on a slow job, what happened wins.
    finished = timezone.now()
    Job.objects.filter(pk=job_id).update(finished_at=finished, heartbeat_at=finished, **outcome)


# --- re-running a failed job -------------------------------------------------------


def job_can_rerun(user, job: Job) -> bool:
    """The owner, or anyone holding the permission the job's kind declares."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    kind = _KINDS.get(job.kind)
    if kind is None:
        return False
    if job.user_id is not None and job.user_id == user.pk:
        return True
    return bool(kind.permission) and roles.has_permission(user, kind.permission)


def job_is_rerunnable(job: Job) -> bool:
    """A failed job that was not re-run yet, whose uploaded files are still there."""
    kind = _KINDS.get(job.kind)
    if kind is None or job.status != JobStatus.FAILED or job.reruns.exists():
        return False
    return all(default_storage.exists(path) for path in kind.files(job.params))


@transaction.atomic
def job_rerun(*, acting_user, job: Job) -> Job:
    """Start a new job with the same kind, parameters and files as a failed one."""
    if not job_can_rerun(acting_user, job):
        raise PermissionDenied
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.status != JobStatus.FAILED:
        raise JobNotRerunnable(_("Only a failed job can be run again."))
    if locked.reruns.exists():
        raise JobNotRerunnable(_("This job has already been run again."))
    if not job_is_rerunnable(locked):
        raise JobNotRerunnable(_("The uploaded file of this job is gone; upload it again."))
    new = job_start(
        acting_user=acting_user,
        kind=locked.kind,
        title=locked.title,
        params=locked.params,
        attempt=locked.attempt + 1,
        rerun_of=locked,
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=new,
        changes={"rerun_of": [None, locked.pk], "attempt": [None, new.attempt]},
        comment=_("Re-run of failed job #%(id)s") % {"id": locked.pk},
    )
    return new


# --- the reaper ---------------------------------------------------------------------


def jobs_reap_stale(*, now=None) -> dict:
    """Fail jobs whose process is gone and remove uploads nothing needs any more.

    A running job with no heartbeat for FUCAI_JOB_STALE_MINUTES was killed (process
    killed, machine rebooted); a pending one older than FUCAI_JOB_PENDING_MINUTES was
    never picked up (no worker). Both are failed with a reason the owner can act on; the
    uploaded file stays FUCAI_JOB_RERUN_HOURS for a re-run. Files in a job kind's upload
    directory that no live or re-runnable job names are deleted once older than
    FUCAI_UPLOAD_ORPHAN_MINUTES (younger ones may belong to a job being created)."""
    now = now or timezone.now()
    stale_minutes = settings.FUCAI_JOB_STALE_MINUTES
    cutoff = now - timedelta(minutes=stale_minutes)
    silent = Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    # Written in the site's language (LANGUAGE_CODE, Chinese) as no request is active.
    reason = _(
        "The job was interrupted: its process stopped (no heartbeat for over "
        "%(minutes)s minutes). Please run it again."
    ) % {"minutes": stale_minutes}
    failed_running = _fail(silent, reason, now)

    pending_minutes = settings.FUCAI_JOB_PENDING_MINUTES
    waiting = Q(status=JobStatus.PENDING, created_at__lt=now - timedelta(minutes=pending_minutes))
    reason = _(
        "The job never started: it waited over %(minutes)s minutes for a background "
        "worker. Please run it again."
    ) % {"minutes": pending_minutes}
    failed_pending = _fail(waiting, reason, now)
    return {
        "running": failed_running,
        "pending": failed_pending,
        "files": _remove_orphans(now),
    }


def _fail(condition: Q, reason: str, now) -> int:
    ids = list(Job.objects.filter(condition).values_list("pk", flat=True)[:1000])
    if not ids:
        return 0
    count = Job.objects.filter(condition, pk__in=ids).update(
        status=JobStatus.FAILED, finished_at=now, error=reason
    )
    logger.warning("reaped %s stale jobs: %s", count, ids)
    return count


def _remove_orphans(now) -> int:
    kinds = {name: kind for name, kind in _KINDS.items() if kind.upload_dir}
    if not kinds:
        return 0
    needed: set[str] = set()
    keep = Q(status__in=[JobStatus.PENDING, JobStatus.RUNNING]) | Q(
        status=JobStatus.FAILED,
        finished_at__gte=now - timedelta(hours=settings.FUCAI_JOB_RERUN_HOURS),
    )
    for name, params in Job.objects.filter(keep, kind__in=kinds).values_list("kind", "params"):
        needed.update(kinds[name].files(params))
    grace = now - timedelta(minutes=settings.FUCAI_UPLOAD_ORPHAN_MINUTES)
    removed = 0
    for directory in sorted({kind.upload_dir for kind in kinds.values()}):
        try:
            _, names = default_storage.listdir(directory)
        except FileNotFoundError:
            continue
        for name in names:
            path = f"{directory}/{name}"
            if path in needed:
                continue
            try:
                if default_storage.get_modified_time(path) >= grace:
                    continue
                default_storage.delete(path)
            except FileNotFoundError:  # removed meanwhile by its job
                continue
            removed += 1
            logger.info("removed orphaned upload %s", path)
    return removed
