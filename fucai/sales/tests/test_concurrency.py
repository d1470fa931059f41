import datetime
import threading

import pytest
from django.db import connection, connections

from fucai.sales.choices import ImportStatus
from fucai.sales.models import SalesDay, SalesMonth
from fucai.sales.services import sales_import
from fucai.sales.tests.factories import csv_file, game
from fucai.stations.tests.factories import StationFactory


@pytest.mark.django_db(transaction=True)
def test_overlapping_imports_serialize_without_duplicates_or_lost_rows(importer):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite's shared in-memory test database raises 'table is locked' instead of "
            "waiting; IMMEDIATE transactions serialize file databases"
        )
    stations = [StationFactory(code=f"3303{n:04d}") for n in range(20)]
    days = [datetime.date(2019, 3, 1) + datetime.timedelta(days=d) for d in range(20)]

    def rows(first_day, last_day, amount):
        return [
            (s.code, "SSQ", day.isoformat(), amount, "1")
            for s in stations
            for day in days[first_day:last_day]
        ]

    files = [csv_file(rows(0, 12, "10")), csv_file(rows(8, 20, "20"))]  # days 8..11 overlap
    results, failures = [None, None], []
    barrier = threading.Barrier(2)

    def run(i):
        try:
            barrier.wait()
            results[i] = sales_import(
                acting_user=importer, file=files[i], filename=f"f{i}.csv", replace=True
            )
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    assert all(r.status == ImportStatus.SUCCEEDED for r in results), [r.errors for r in results]
    assert SalesDay.objects.count() == 20 * 20
    assert sorted(r.replaced for r in results) == [0, 20 * 4]
    overlap = SalesDay.objects.filter(date__in=days[8:12])
    assert len({d.sales_fen for d in overlap}) == 1  # one file won each overlapping row
    march = SalesMonth.objects.filter(game=game("SSQ"), month="2019-03-01")
    assert march.count() == 20
    assert sum(m.sales_fen for m in march) == sum(
        SalesDay.objects.values_list("sales_fen", flat=True)
    )
