from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("sales", "SalesDataVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ("sales", "0007_region_totals"),
    ]

    operations = [
        migrations.CreateModel(
            name="SalesDataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveBigIntegerField(default=0, verbose_name="version")),
            ],
            options={
                "verbose_name": "sales data version",
                "verbose_name_plural": "sales data versions",
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
