from celery import shared_task

from .services.complaints import complaints_escalate_overdue


@shared_task(name="fucai.feedback.escalate_overdue_complaints")
def escalate_overdue_complaints() -> int:
    return complaints_escalate_overdue()
