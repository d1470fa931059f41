"""The migration that moved recruitment's notifications to core keeps existing rows —
their ids, application (as the generic target, with a link) and read state — both ways,
and new rows continue after the copied ids."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fucai.core.models import Notification
from fucai.recruitment.tests.factories import ApplicationFactory

BEFORE = [("recruitment", "0004_drop_national_calendar_copies")]


def _migrate(targets=None):
    """To ``targets``, or forward to every app's latest migration: the test must leave
    the schema as it found it (stopping at 0005 would unapply recruitment's later
    migrations for every test that runs after it in this process)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_survive_the_move_both_ways(cast):
    if connection.vendor != "postgresql":
        pytest.skip("schema changes inside SQLite's shared test database are not reliable")
    application = ApplicationFactory(applicant=cast["applicant"])
    read = Notification.objects.create(
        recipient=cast["applicant"], subject="s1", body="b1", target=application
    )
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    plain = Notification.objects.create(recipient=cast["lucheng"], subject="s2", body="b2")
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, application_id, read_at IS NOT NULL FROM recruitment_notification "
                "ORDER BY id"
            )
            assert cursor.fetchall() == [(read.pk, application.pk, True), (plain.pk, None, False)]
    finally:
        _migrate()
    moved = list(Notification.objects.order_by("pk"))
    assert [(n.pk, n.subject, n.target_id) for n in moved] == [
        (read.pk, "s1", application.pk),
        (plain.pk, "s2", None),
    ]
    assert moved[0].read_at is not None and moved[0].target == application
    assert moved[0].url == f"/recruitment/applications/{application.tracking_code}/"
    assert list(Notification.objects.filter(application=application)) == [moved[0]]
    new = Notification.objects.create(recipient=cast["lucheng"], subject="s3", body="b3")
    assert new.pk > plain.pk
