from django.core.management.base import BaseCommand

from fucai.recruitment.reminders import deadline_reminders_send


class Command(BaseCommand):
    help = "Remind staff of recruitment steps due by the next working day or overdue."

    def handle(self, *args, **options) -> None:
        sent = deadline_reminders_send()
        self.stdout.write(f"{sent} reminders sent.")
