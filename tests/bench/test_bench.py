"""The benchmark's own logic: its baseline table must be shaped like the sales fact
table (or the import's ratio to it is not fair), its two files must hold the same rows,
its percentiles must be what they say, and it drops only bench databases."""

import datetime
import random

import pytest
from django.db import connection

from bench import files, shape
from bench.queries import percentiles
from bench.run import bench_name

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the baseline table is a PostgreSQL table"
)


def test_differences_name_every_aspect_that_differs():
    product = {"columns": [("date", "date")], "indexes": [("UNIQUE USING btree (date)", ())]}
    assert shape.differences(product, dict(product)) == []
    found = shape.differences(product, {"columns": [("date", "text")], "indexes": []})
    assert [line.split(":")[0] for line in found] == ["columns", "indexes"]


@needs_postgresql
@pytest.mark.django_db
def test_the_baseline_table_has_the_fact_tables_shape():
    with connection.cursor() as cursor:
        shape.create_baseline(cursor)
        baseline = shape.describe(cursor, shape.BASELINE_TABLE)
        assert baseline == shape.describe(cursor, shape.PRODUCT_TABLE)
    keys = [definition for kind, definition, *_ in baseline["constraints"] if kind == "p"]
    assert keys == ["PRIMARY KEY (date, station_id, game_id)"]
    assert len(baseline["columns"]) == 7


@needs_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, aspect",
    [
        ("CREATE INDEX ON {t} (game_id)", "indexes"),
        ("ALTER TABLE {t} DROP CONSTRAINT {t}_pkey", "constraints"),
        ("ALTER TABLE {t} ALTER COLUMN tickets TYPE bigint", "columns"),
        ("ALTER TABLE {t} DROP COLUMN import_batch_id", "columns"),
        ("ALTER TABLE {t} SET UNLOGGED", "relation"),
        ("ALTER TABLE {t} SET (fillfactor = 50)", "relation"),
    ],
)
def test_a_baseline_table_of_another_shape_is_refused(change, aspect):
    with connection.cursor() as cursor:
        shape.create_baseline(cursor)
        cursor.execute(change.format(t=shape.BASELINE_TABLE))
        with pytest.raises(shape.ShapeMismatch) as refused:
            shape.assert_same_shape(cursor)
    assert f"\n{aspect}: product" in str(refused.value)


@needs_postgresql
@pytest.mark.django_db
def test_the_old_bare_baseline_table_is_refused():
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {shape.BASELINE_TABLE} (station text, game text, date date, "
            "sales numeric(14, 2), tickets integer, UNIQUE (date, station, game))"
        )
        with pytest.raises(shape.ShapeMismatch):
            shape.assert_same_shape(cursor)


def test_the_terminal_file_and_the_fact_rows_hold_the_same_sales():
    day = datetime.date(2019, 12, 31)
    terminal, typed = files.day_frames(
        day, ["A1", "B2"], [10, 20], [("SSQ", 1), ("3D", 3)], random.Random(1)
    )
    assert terminal.height == typed.height == 4
    ids = {"A1": 10, "B2": 20}
    games = {"SSQ": 1, "3D": 3}
    for text, fact in zip(terminal.iter_rows(), typed.iter_rows(named=True), strict=True):
        code, game, date, yuan, tickets = text
        assert (ids[code], games[game]) == (fact["station_id"], fact["game_id"])
        assert (date, tickets) == (fact["date"].isoformat(), fact["tickets"])
        assert yuan == f"{fact['sales_fen'] // 100}.00"
        assert fact["sales_fen"] == tickets * 200
    assert [row[:2] for row in terminal.iter_rows()] == [
        ("A1", "SSQ"),
        ("A1", "3D"),
        ("B2", "SSQ"),
        ("B2", "3D"),
    ]
    assert typed["import_batch_id"].to_list() == [files.BASELINE_BATCH_ID] * 4
    assert typed["payout_fen"].null_count() == 4


def test_percentiles_by_nearest_rank():
    samples = [float(n) for n in range(200, 0, -1)]  # 200 samples, 1..200 ms
    assert percentiles(samples) == {"n": 200, "p50_ms": 100.0, "p95_ms": 190.0, "p99_ms": 198.0}
    assert percentiles([7.0]) == {"n": 1, "p50_ms": 7.0, "p95_ms": 7.0, "p99_ms": 7.0}


@pytest.mark.parametrize("name", ["fucai_bench", "fucai_bench_1y", "h_bench_city", "bench"])
def test_bench_databases_may_be_dropped(name):
    assert bench_name(f"postgres:///{name}") == name


@pytest.mark.parametrize("name", ["fucai", "h_shape", "benchmarks", "fucaibench"])
def test_other_databases_are_not_dropped(name):
    with pytest.raises(SystemExit):
        bench_name(f"postgres:///{name}")
