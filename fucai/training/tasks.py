"""Celery tasks of the training app; Celery's autodiscovery imports this module."""

from celery import shared_task

from .services import attempts_close_all_expired


@shared_task(name="fucai.training.close_expired_attempts")
def close_expired_attempts() -> int:
    """Every few minutes: score the attempts whose time ran out without a hand-in."""
    return attempts_close_all_expired()
