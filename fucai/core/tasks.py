from celery import shared_task

from .jobs import run_job


@shared_task(name="fucai.core.run_job", ignore_result=True)
def run_job_task(job_id: int) -> None:
    run_job(job_id)


@shared_task(name="fucai.core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Sent by beat, run by the worker: /healthz reads its age (core.health)."""
    from .health import heartbeat_write

    heartbeat_write("beat")
