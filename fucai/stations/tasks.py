from celery import shared_task

from .cover import insurance_cover_refresh
from .services.insurance import insurance_reminders_send


@shared_task(name="fucai.stations.refresh_insurance_cover", ignore_result=True)
def refresh_insurance_cover() -> int:
    """Nightly: every station's insurance cover dates derived again as of the new day
    (cover.py says why the dates alone stay right in between, nearly always)."""
    return insurance_cover_refresh()


@shared_task(name="fucai.stations.insurance_reminders", ignore_result=True)
def insurance_reminders() -> dict[int, int]:
    """Daily: remind owners and branches of policies ending in 60, 30 and 7 days
    (services/insurance.py), each reminder once."""
    return insurance_reminders_send()
