"""Celery tasks of core. This module imports ``core.jobs``, never the reverse: jobs are
dispatched by task name (``jobs.RUN_JOB_TASK``)."""

from celery import shared_task

from .jobs import RUN_JOB_TASK, jobs_reap_stale, run_job


@shared_task(name=RUN_JOB_TASK, ignore_result=True)
def run_job_task(job_id: int) -> None:
    run_job(job_id)


@shared_task(name="fucai.core.reap_jobs", ignore_result=True)
def reap_jobs_task() -> dict:
    return jobs_reap_stale()


@shared_task(name="fucai.core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Sent by beat, run by the worker: /healthz reads its age (core.health)."""
    from .health import heartbeat_write

    heartbeat_write("beat")
