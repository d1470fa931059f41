"""Sales exports and the import-error downloads cannot carry a formula: hostile text
(station, game and district names, uploaded values) is quoted, numbers stay numbers."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fucai.core.models import Region
from fucai.sales.models import Game, SalesImport
from fucai.sales.services import target_set
from fucai.sales.tests.factories import csv_bytes
from fucai.stations.tests.factories import StationFactory

from .test_selectors import build_world

pytestmark = pytest.mark.django_db

STATION = '=HYPERLINK("http://x","y")'
GAME = "@SUM(A1:A9)"
DISTRICT = "+1+cmd|' /C calc'!A0"
VALUE = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(cast):
    world = build_world(cast)
    world["l1"].name = STATION
    world["l1"].save()
    Game.objects.filter(code="SSQ").update(name=GAME)
    Region.objects.filter(code="330302").update(name=DISTRICT)
    return world


def _cells(response):
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows())
    assert "f" not in {cell.data_type for row in rows for cell in row}  # no formula at all
    return [[cell.value for cell in row] for row in rows]


def _export(client, user, name, **params):
    client.force_login(user)
    return _cells(client.get(reverse(name), {"year": 2019, **params}))


@pytest.mark.parametrize(
    ("name", "table", "text"),
    [
        ("sales:overview", "game", GAME),
        ("sales:overview", "region", DISTRICT),
        ("sales:welfare", "game", GAME),
        ("sales:welfare", "region", DISTRICT),
    ],
)
def test_analytics_exports_quote_hostile_names(client, cast, hostile, name, table, text):
    rows = _export(client, cast["leader"], name, export=table)
    row = next(row for row in rows if row[0] == "'" + text)
    assert all(isinstance(value, int | float) for value in row[1:3])  # amounts in yuan


def test_the_ranking_export_quotes_a_hostile_station_name(client, cast, hostile):
    rows = _export(client, cast["leader"], "sales:ranking", export="ranking")
    assert rows[1][:4] == [1, "33030001", "'" + STATION, "'" + DISTRICT]
    assert rows[1][4] == 3500  # 350,000 fen of 2019, still a number
    assert rows[2][6] == -0.2  # a YoY fall is a number (shown as -20.0%), not quoted text


def test_the_targets_export_keeps_its_label_and_numbers(client, cast, hostile):
    target_set(
        acting_user=cast["finance"], year=2019, month=None, station=hostile["l1"], amount_fen=1
    )
    rows = _export(client, cast["leader"], "sales:targets", export="region")
    row = next(row for row in rows if str(row[0]).startswith("330302"))
    assert row[0] == "330302 " + DISTRICT and isinstance(row[2], int | float)


@pytest.fixture
def rejected_batch(client, importer):
    StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))
    client.force_login(importer)
    rows = [("33030001", VALUE, "2024-05-01", "10", "1"), ("33030001", "SSQ", "-1+2", "10", "")]
    data = {"file": SimpleUploadedFile("sales.csv", csv_bytes(rows))}
    client.post(reverse("sales:import_upload"), data)
    batch = SalesImport.objects.get()
    values = {error.get("value") for error in batch.errors}
    assert {VALUE, "-1+2"} <= values, batch.errors
    return batch


def test_the_import_error_csv_quotes_uploaded_formulas(client, rejected_batch):
    response = client.get(reverse("sales:import_errors_csv", args=[rejected_batch.pk]))
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    values = {line[2] for line in lines[1:]}
    assert {"'" + VALUE, "'-1+2"} <= values
    assert not any(cell.startswith(("=", "+", "@")) for line in lines for cell in line)


def test_the_import_error_workbook_quotes_uploaded_formulas(client, rejected_batch):
    rows = _cells(client.get(reverse("sales:import_errors_xlsx", args=[rejected_batch.pk])))
    assert {"'" + VALUE, "'-1+2"} <= {row[2] for row in rows[1:]}
    assert {row[0] for row in rows[1:]} == {2, 3}  # row numbers stay numbers
