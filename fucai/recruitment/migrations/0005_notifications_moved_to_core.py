"""Notifications move to core (one service for every app): the rows of
recruitment_notification are copied to core_notification with their ids, the
application becomes the generic target and its staff page the link, then the old
table goes."""

from django.db import migrations
from django.urls import NoReverseMatch, reverse


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("recruitment", "Notification")
    New = apps.get_model("core", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    application_type, _ = ContentType.objects.get_or_create(
        app_label="recruitment", model="application"
    )
    rows = []
    for old in Old.objects.select_related("application").order_by("pk").iterator(2000):
        url = ""
        if old.application_id and old.application.tracking_code:
            try:
                url = reverse(
                    "recruitment:application_detail", args=[old.application.tracking_code]
                )
            except NoReverseMatch:
                url = ""
        rows.append(
            New(
                pk=old.pk,
                recipient_id=old.recipient_id,
                channel=old.channel,
                subject=old.subject,
                body=old.body,
                url=url,
                target_type=application_type if old.application_id else None,
                target_id=old.application_id,
                status="sent",
                sent_at=old.created_at,
                created_at=old.created_at,
                read_at=old.read_at,
            )
        )
        if len(rows) >= 2000:
            New.objects.bulk_create(rows)
            rows = []
    New.objects.bulk_create(rows)
    # The ids were copied: the sequence must continue after the highest one.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(_NoStyle(), [New]):
        schema_editor.execute(sql)


def copy_back(apps, schema_editor):
    Old = apps.get_model("recruitment", "Notification")
    New = apps.get_model("core", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    application_type = ContentType.objects.filter(
        app_label="recruitment", model="application"
    ).first()
    Old.objects.bulk_create(
        Old(
            pk=new.pk,
            recipient_id=new.recipient_id,
            channel=new.channel,
            subject=new.subject,
            body=new.body,
            application_id=new.target_id
            if application_type and new.target_type_id == application_type.pk
            else None,
            created_at=new.created_at,
            read_at=new.read_at,
        )
        for new in New.objects.order_by("pk").iterator(2000)
    )
    New.objects.all().delete()


class _NoStyle:
    """sequence_reset_sql wants a style; plain SQL needs none."""

    def __getattr__(self, name):
        return lambda text: text


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0004_drop_national_calendar_copies"),
        ("core", "0005_notifications_and_branch_head"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="Notification"),
    ]
