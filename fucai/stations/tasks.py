from celery import shared_task

from .cover import insurance_cover_refresh


@shared_task(name="fucai.stations.refresh_insurance_cover", ignore_result=True)
def refresh_insurance_cover() -> int:
    """Nightly: every station's insurance cover dates derived again as of the new day
    (cover.py says why the dates alone stay right in between, nearly always)."""
    return insurance_cover_refresh()
