"""SalesDay's primary key becomes its natural key (date, station, game), without the
surrogate id, and the import-batch column loses its index (each batch keeps its own
totals by game instead). Django cannot change a table's primary key in place, so the
rows move to a new table, which then takes the old one's name."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Sum

_COLUMNS = "date, station_id, game_id, sales_fen, tickets, payout_fen, import_batch_id"


def batch_totals(apps, schema_editor):
    """Each batch's totals by game, from the rows it last wrote."""
    SalesDay = apps.get_model("sales", "SalesDay")
    SalesImport = apps.get_model("sales", "SalesImport")
    totals: dict[int, list] = {}
    rows = (
        SalesDay.objects.filter(import_batch__isnull=False)
        .values("import_batch", "game")
        .annotate(rows=Count("id"), sales_fen=Sum("sales_fen"), tickets=Sum("tickets"))
        .order_by("import_batch", "game")
    )
    for row in rows:
        totals.setdefault(row["import_batch"], []).append(
            {k: row[k] for k in ("game", "rows", "sales_fen", "tickets")}
        )
    for batch_id, by_game in totals.items():
        SalesImport.objects.filter(pk=batch_id).update(by_game=by_game)


def _fk(to, **kwargs):
    return models.ForeignKey(
        db_constraint=False,
        db_index=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to=to,
        **kwargs,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0004_summary_rollups"),
        ("stations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="salesimport",
            name="by_game",
            field=models.JSONField(blank=True, default=list, verbose_name="totals by game"),
        ),
        migrations.RunPython(batch_totals, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SalesDayByKey",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "date",
                        "station",
                        "game",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("station", _fk("stations.station", verbose_name="station")),
                ("game", _fk("sales.game", verbose_name="game")),
                (
                    "sales_fen",
                    models.BigIntegerField(
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="sales",
                    ),
                ),
                ("tickets", models.PositiveIntegerField(default=0, verbose_name="tickets")),
                (
                    "payout_fen",
                    models.BigIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="prizes paid",
                    ),
                ),
                (
                    "import_batch",
                    _fk("sales.salesimport", blank=True, null=True, verbose_name="import batch"),
                ),
            ],
            options={
                "verbose_name": "daily sales",
                "verbose_name_plural": "daily sales",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(sales_fen__gte=0), name="salesday_sales_gte_0"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(payout_fen__isnull=True)
                        | models.Q(payout_fen__gte=0),
                        name="salesday_payout_gte_0",
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            f"INSERT INTO sales_salesdaybykey ({_COLUMNS}) "
            f"SELECT {_COLUMNS} FROM sales_salesday ORDER BY date, station_id, game_id",
            migrations.RunSQL.noop,
        ),
        migrations.DeleteModel(name="SalesDay"),
        migrations.RenameModel(old_name="SalesDayByKey", new_name="SalesDay"),
        migrations.AlterField(
            model_name="salesday",
            name="station",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sales_days",
                to="stations.station",
                verbose_name="station",
            ),
        ),
        migrations.AlterField(
            model_name="salesday",
            name="game",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sales_days",
                to="sales.game",
                verbose_name="game",
            ),
        ),
        migrations.AlterField(
            model_name="salesday",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sales_days",
                to="sales.salesimport",
                verbose_name="import batch",
            ),
        ),
    ]
