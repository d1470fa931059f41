"""The PostgreSQL fast path accepts exactly what the row-by-row path accepts, with the
same result; anything else goes down the row-by-row path, which reports it."""

import datetime
import io

import pytest
from django.db import ProgrammingError, connection

from fucai.sales import fastpath
from fucai.sales.choices import ImportStatus
from fucai.sales.models import SalesDay, SalesImport, SalesMonth
from fucai.sales.services import sales_import
from fucai.sales.tests.factories import assert_rollups_match_days, csv_file, game
from fucai.stations.tests.factories import StationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the fast path is PostgreSQL's"),
]

CLEAN = [
    ("33030001", "SSQ", "2019-03-01", "1234.50", "617"),
    ("33030001", "双色球", "2019-03-02", "200", ""),
    ("33030002", "GGL", "2019/3/2", "50.5", "5"),
    ("33030002", "刮刮乐", "20190303", "0", "0"),
]


@pytest.fixture
def stations(importer):
    return [
        StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1)),
        StationFactory(code="33030002", opened_on=datetime.date(2015, 3, 1)),
    ]


@pytest.fixture
def path_taken(monkeypatch):
    """Records which path each import took."""
    taken = []
    original = fastpath.try_fast_load

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        taken.append("fast" if result is not None else "rows")
        return result

    monkeypatch.setattr(fastpath, "try_fast_load", spy)
    return taken


def _import(user, rows, **kwargs):
    replace = kwargs.pop("replace", False)
    return sales_import(
        acting_user=user, file=csv_file(rows, **kwargs), filename="s.csv", replace=replace
    )


def _facts():
    days = sorted(
        SalesDay.objects.values_list("station__code", "game__code", "date", "sales_fen", "tickets")
    )
    months = sorted(
        SalesMonth.objects.values_list(
            "station__code", "game__code", "month", "sales_fen", "welfare_fen", "days"
        )
    )
    return days, months


def test_a_clean_file_takes_the_fast_path_with_the_same_result(
    importer, stations, path_taken, monkeypatch
):
    batch = _import(importer, CLEAN)
    assert path_taken == ["fast"]
    assert batch.status == ImportStatus.SUCCEEDED
    assert (batch.rows, batch.inserted, batch.date_from, batch.date_to) == (
        4,
        4,
        datetime.date(2019, 3, 1),
        datetime.date(2019, 3, 3),
    )
    fast = _facts()
    # the same file through the row-by-row path gives the same rows and rollups
    SalesMonth.objects.all().delete()
    SalesDay.objects.all().delete()
    monkeypatch.setattr(fastpath, "try_fast_load", lambda *a, **k: None)
    _import(importer, CLEAN, delimiter=";")
    assert _facts() == fast
    assert fast[0][0] == ("33030001", "SSQ", datetime.date(2019, 3, 1), 123450, 617)
    slow = SalesImport.objects.latest("pk")
    assert (
        slow.by_game
        == batch.by_game
        == [
            {"game": game("SSQ").pk, "rows": 2, "sales_fen": 143450, "tickets": 617},
            {"game": game("GGL").pk, "rows": 2, "sales_fen": 5050, "tickets": 5},
        ]
    )


def test_gbk_and_tab_files_take_the_fast_path(importer, stations, path_taken):
    batch = _import(importer, CLEAN, encoding="gb18030", delimiter="\t")
    assert path_taken == ["fast"] and batch.status == ImportStatus.SUCCEEDED


@pytest.mark.parametrize(
    "row",
    [
        ("33030001", "SSQ", "2019-03-05", "1,234.50", "1"),  # thousands separator
        ("33030001", "SSQ", "2019-03-05", "１２", "1"),  # full-width digits
        ("33030001", "SSQ", "2019-03-05", "¥12", "1"),
        ("33030001", "SSQ", "2019-03-05", " 12", " 1"),  # spaces
    ],
)
def test_unusual_forms_go_row_by_row_and_still_import(importer, stations, path_taken, row):
    batch = _import(importer, [*CLEAN, row], delimiter=";")
    assert path_taken == ["rows"]
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors


def test_leading_zeros_read_the_same_on_both_paths(importer, stations, path_taken, monkeypatch):
    row = ("33030001", "SSQ", "2019-03-05", "0012.5", "007")
    _import(importer, [*CLEAN, row])
    fast = _facts()
    SalesMonth.objects.all().delete()
    SalesDay.objects.all().delete()
    monkeypatch.setattr(fastpath, "try_fast_load", lambda *a, **k: None)
    _import(importer, [*CLEAN, row], delimiter=";")
    assert path_taken == ["fast"] and _facts() == fast
    assert ("33030001", "SSQ", datetime.date(2019, 3, 5), 1250, 7) in fast[0]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (("33039999", "SSQ", "2019-03-05", "1", "1"), "站点编号"),
        (("33030001", "XYZ", "2019-03-05", "1", "1"), "游戏"),
        (("33030001", "SSQ", "2019-02-30", "1", "1"), "日期"),
        (("33030001", "SSQ", "2014-03-05", "1", "1"), "日期"),  # before the station opened
        (("33030001", "SSQ", "2019-03-01", "1", "1"), "日期"),  # duplicate of row 2
        (("33030001", "SSQ", "2019-03-05", "-1", "1"), "销售额"),
        (("33030001", "SSQ", "2019-03-05", "-0", "1"), "销售额"),
        (("33030001", "SSQ", "2019-03-05", "+5", "1"), "销售额"),
        (("33030001", "SSQ", "2019-03-05", "1e3", "1"), "销售额"),
        (("33030001", "SSQ", "2019-03-05", "12.345", "1"), "销售额"),
        (("33030001", "SSQ", "2019-03-05", "NaN", "1"), "销售额"),
        (("33030001", "SSQ", "2019-03-05", "1", "-2"), "票数"),
        (("33030001", "SSQ", "2099-01-01", "1", "1"), "日期"),  # in the future
        (("33030001", "SSQ", "9999-12-31", "1", "1"), "日期"),
        (("33030001", "SSQ", "2019-03-05", "10000000.01", "1"), "销售额"),  # over the limit
        (("33030001", "SSQ", "2019-03-05", "99999999999999999999", "1"), "销售额"),
    ],
)
def test_a_bad_row_is_reported_by_the_row_by_row_path(importer, stations, path_taken, row, column):
    batch = _import(importer, [*CLEAN, row])
    assert path_taken == ["rows"]
    assert batch.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(6, column)]
    assert not SalesDay.objects.exists()


def test_a_ragged_file_goes_row_by_row(importer, stations, path_taken):
    batch = _import(importer, [*CLEAN, ("33030001", "SSQ", "2019-03-09", "1", "1", "extra")])
    assert path_taken == ["rows"] and batch.status == ImportStatus.FAILED


def test_replace_mode_on_the_fast_path(importer, stations, path_taken):
    _import(importer, CLEAN)
    changed = [("33030001", "SSQ", "2019-03-01", "99", "9")]
    batch = _import(importer, changed, replace=True)
    assert path_taken == ["fast", "fast"]
    assert (batch.inserted, batch.replaced) == (0, 1)
    day = SalesDay.objects.get(station__code="33030001", game__code="SSQ", date="2019-03-01")
    assert day.sales_fen == 9900
    month = SalesMonth.objects.get(station__code="33030001", game__code="SSQ")
    assert month.sales_fen == 9900 + 20000


def test_insert_mode_conflicts_are_reported_row_by_row(importer, stations, path_taken):
    _import(importer, CLEAN)
    batch = _import(importer, [("33030001", "SSQ", "2019-03-01", "99", "9")])
    assert path_taken == ["fast", "rows"]
    assert batch.status == ImportStatus.FAILED and batch.errors[0]["row"] == 2


def test_a_refused_fast_path_leaves_no_temp_tables(importer, stations, path_taken):
    _import(importer, [*CLEAN, ("33039999", "SSQ", "2019-03-05", "1", "1")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'sales_import_%%'")
        assert cursor.fetchone()[0] == 0


def test_a_file_into_a_month_that_has_days_already_rolls_up_all_its_days(
    importer, stations, path_taken
):
    _import(importer, CLEAN)
    later = [
        ("33030001", "SSQ", "2019-03-09", "77.77", "7"),  # March holds days already
        ("33030001", "SSQ", "2019-04-01", "10", "1"),  # April is new
    ]
    batch = _import(importer, later)
    assert path_taken == ["fast", "fast"] and batch.status == ImportStatus.SUCCEEDED
    march = SalesMonth.objects.get(station__code="33030001", game__code="SSQ", month="2019-03-01")
    assert (march.sales_fen, march.days) == (123450 + 20000 + 7777, 3)
    assert_rollups_match_days()


def test_a_stale_rollup_of_a_month_without_days_is_replaced_by_the_files(
    importer, stations, path_taken
):
    stale = SalesMonth.objects.create(
        station=stations[1], game=game("GGL"), month=datetime.date(2019, 3, 1), sales_fen=5
    )
    _import(importer, CLEAN)
    assert path_taken == ["fast"]
    assert not SalesMonth.objects.filter(pk=stale.pk).exists()
    assert_rollups_match_days()


def test_replace_mode_keeps_every_rollup_equal_to_its_days(importer, stations, path_taken):
    _import(importer, CLEAN)
    _import(importer, [*CLEAN[:2], ("33030002", "GGL", "2019-04-02", "3", "1")], replace=True)
    assert path_taken == ["fast", "fast"]
    assert_rollups_match_days()


def test_a_station_not_yet_opened_is_reported_row_by_row(importer, stations, path_taken):
    StationFactory(code="33030003", opened_on=None)
    batch = _import(importer, [*CLEAN, ("33030003", "SSQ", "2019-03-05", "1", "1")])
    assert path_taken == ["rows"] and batch.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(6, "站点编号")]


@pytest.mark.parametrize(
    "content",
    [
        # a blank line between rows, and quoted cells with the delimiter inside a name
        "站点编号,游戏,日期,销售额,票数\r\n33030001,SSQ,2019-03-01,1.00,1\r\n\r\n"
        '33030001,"双色球",2019-03-02,"2.50",2\r\n',
        # no line break after the last row
        "站点编号,游戏,日期,销售额,票数\n33030001,SSQ,2019-03-01,1.00,1\n"
        "33030002,GGL,2019-03-02,3,",
    ],
)
def test_odd_but_valid_layouts_give_the_same_result_on_both_paths(
    importer, stations, path_taken, monkeypatch, content
):
    first = sales_import(acting_user=importer, file=io.BytesIO(content.encode()), filename="a.csv")
    assert first.status == ImportStatus.SUCCEEDED, first.errors
    fast = _facts()
    SalesMonth.objects.all().delete()
    SalesDay.objects.all().delete()
    monkeypatch.setattr(fastpath, "try_fast_load", lambda *a, **k: None)
    second = sales_import(
        acting_user=importer, file=io.BytesIO(content.encode() + b"\n"), filename="b.csv"
    )
    assert second.status == ImportStatus.SUCCEEDED, second.errors
    assert _facts() == fast and first.rows == second.rows


def test_a_file_larger_than_one_chunk_is_read_whole(importer, stations, path_taken, monkeypatch):
    monkeypatch.setattr(fastpath.chunks, "CHUNK_BYTES", 64)  # a few rows a chunk
    rows = [
        ("33030001" if day % 2 else "33030002", "SSQ", f"2019-04-{day:02d}", f"{day}.5", str(day))
        for day in range(1, 31)
    ]
    batch = _import(importer, rows)
    assert path_taken == ["fast"] and batch.rows == 30
    assert SalesDay.objects.count() == 30
    assert_rollups_match_days()


def test_a_stray_quote_sends_the_file_row_by_row(importer, stations, path_taken, monkeypatch):
    monkeypatch.setattr(fastpath.chunks, "CHUNK_BYTES", 64)
    rows = [("33030001", "SSQ", "2019-03-01", '"12', "1")] + [
        ("33030002", "SSQ", f"2019-04-{day:02d}", "1", "1") for day in range(1, 20)
    ]
    content = "站点编号,游戏,日期,销售额,票数\n" + "".join(",".join(r) + "\n" for r in rows)
    batch = sales_import(acting_user=importer, file=io.BytesIO(content.encode()), filename="q.csv")
    assert path_taken == ["rows"]
    assert batch.status == ImportStatus.FAILED and not SalesDay.objects.exists()


def test_an_error_in_the_fast_paths_own_sql_is_raised_not_hidden(
    importer, stations, path_taken, monkeypatch
):
    monkeypatch.setattr(fastpath.load, "_MONTH_SUMS", "sum(no_such_column)")
    with pytest.raises(ProgrammingError):
        _import(importer, CLEAN)
    assert not SalesDay.objects.exists()
    batch = SalesImport.objects.get()
    assert batch.status == ImportStatus.FAILED and batch.errors[0]["reason"].startswith("Internal")
