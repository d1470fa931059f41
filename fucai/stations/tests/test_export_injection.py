"""The station list export cannot carry a formula: hostile text is quoted, numbers stay
numbers."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_a_hostile_station_name_and_address_export_as_text(client, cast):
    StationFactory(
        region=region("330302"),
        name='=HYPERLINK("http://x","y")',
        address="@SUM(1+1)",
        premises_area=Decimal("25.50"),
    )
    client.force_login(cast["leader"])
    response = client.get(reverse("stations:list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows())
    by_header = {h.value: cell for h, cell in zip(header, row, strict=True)}
    name, address = row[1], row[6]
    assert (name.value, name.data_type) == ('\'=HYPERLINK("http://x","y")', "s")
    assert (address.value, address.data_type) == ("'@SUM(1+1)", "s")
    assert row[7].value == 25.5 and row[7].data_type == "n"  # premises area
    assert "f" not in {cell.data_type for cell in by_header.values()}
