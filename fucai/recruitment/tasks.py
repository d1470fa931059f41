from celery import shared_task

from .reminders import deadline_reminders_send


@shared_task(name="fucai.recruitment.send_deadline_reminders")
def send_deadline_reminders() -> int:
    return deadline_reminders_send()
