"""Fail background jobs whose process is gone and remove orphaned uploads.

Celery beat runs the same every few minutes (``fucai.core.reap_jobs``); this command is
for cron or for an operator after a crash."""

from django.core.management.base import BaseCommand

from fucai.core.jobs import jobs_reap_stale


class Command(BaseCommand):
    help = "Fail stale background jobs (no heartbeat) and delete orphaned uploaded files."

    def handle(self, *args, **options):
        counts = jobs_reap_stale()
        self.stdout.write(
            "failed {running} running and {pending} pending jobs; removed {files} files".format(
                **counts
            )
        )
