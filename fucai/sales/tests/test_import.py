import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.sales import loading, rollups
from fucai.sales.choices import ImportMode, ImportStatus
from fucai.sales.models import Game, SalesDay, SalesImport, SalesMonth
from fucai.sales.rates import RateBook
from fucai.sales.services import sales_import
from fucai.sales.split import split_sales
from fucai.sales.tests.factories import (
    HEADER,
    SalesDayFactory,
    SplitRateFactory,
    assert_rollups_match_days,
    csv_file,
    game,
)
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(importer):
    return StationFactory(code="33030001", opened_on=datetime.date(2015, 3, 1))


def _import(user, rows, *, replace=False, name="sales.csv", **kwargs):
    return sales_import(
        acting_user=user, file=csv_file(rows, **kwargs), filename=name, replace=replace
    )


def _errors(batch):
    return [(e["row"], e["column"], e["value"], e["reason"]) for e in batch.errors]


def test_it_imports_a_file_and_audits_the_batch(importer, station):
    batch = _import(
        importer,
        [
            ("33030001", "双色球", "2019-03-01", "1,234.50", "617"),
            ("33030001", "SSQ", "2019/3/2", "¥２００", "100"),
            ("33030001", "刮刮乐", "2019年3月2日", "50", "5"),
        ],
        delimiter=";",
    )
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.rows, batch.inserted, batch.replaced) == (3, 3, 0)
    assert (batch.date_from, batch.date_to) == (
        datetime.date(2019, 3, 1),
        datetime.date(2019, 3, 2),
    )
    assert batch.created_by == importer and batch.mode == ImportMode.INSERT
    assert len(batch.checksum) == 64
    day = SalesDay.objects.get(game=game("SSQ"), date=datetime.date(2019, 3, 1))
    assert (day.sales_fen, day.tickets, day.import_batch) == (123450, 617, batch)
    entry = audit.history_for(batch).get()
    assert entry.action == AuditAction.IMPORT and entry.actor == importer
    assert entry.changes["inserted"]["new"] == 3
    assert entry.changes["date_to"]["new"] == "2019-03-02"


def test_it_needs_the_import_permission(cast, station):
    with pytest.raises(PermissionDenied):
        _import(cast["leader"], [("33030001", "SSQ", "2019-03-01", "1", "1")])
    assert not SalesImport.objects.exists()


def test_it_reports_every_bad_row_with_its_row_and_column(importer, station):
    StationFactory(code="33030002", opened_on=datetime.date(2019, 3, 10))
    StationFactory(
        code="33030003", opened_on=datetime.date(2015, 1, 1), closed_on=datetime.date(2019, 2, 28)
    )
    StationFactory(code="33030004", opened_on=None, status="preparing")
    later = Game.objects.create(code="NEW", name="新玩法", game_type="lotto")
    SplitRateFactory(game=later, effective_from=datetime.date(2019, 6, 1))
    batch = _import(
        importer,
        [
            ("33030001", "SSQ", "2019-03-01", "100", "1"),  # row 2: fine
            ("99999999", "SSQ", "2019-03-01", "100", "1"),  # 3
            ("33030001", "大乐透", "2019-03-01", "100", "1"),  # 4
            ("33030001", "SSQ", "2019-02-30", "100", "1"),  # 5
            ("33030001", "KL8", "2019-03-01", "-100", "1"),  # 6
            ("33030001", "3D", "2019-03-01", "1.2.3", "1"),  # 7
            ("33030001", "SSQ", "2019-03-01", "100", "1"),  # 8: duplicate of row 2
            ("33030002", "SSQ", "2019-03-01", "100", "1"),  # 9: before opening
            ("33030003", "SSQ", "2019-03-01", "100", "1"),  # 10: after closing
            ("33030004", "SSQ", "2019-03-01", "100", "1"),  # 11: never opened
            ("33030001", "新玩法", "2019-03-01", "100", "1"),  # 12: before its first rate
            ("33030001", "QLC", "2019-03-01", "100", "x"),  # 13
        ],
    )
    assert batch.status == ImportStatus.FAILED
    assert _errors(batch) == [
        (3, "站点编号", "99999999", "unknown station"),
        (4, "游戏", "大乐透", "unknown game"),
        (5, "日期", "2019-02-30", "not a valid date"),
        (6, "销售额", "-100", "amount is negative"),
        (7, "销售额", "1.2.3", "not an amount"),
        (8, "日期", "33030001 SSQ 2019-03-01", "duplicate of row 2"),
        (9, "日期", "2019-03-01", "before the station opened on 2019-03-10"),
        (10, "日期", "2019-03-01", "after the station closed on 2019-02-28"),
        (11, "站点编号", "33030004", "the station has not opened"),
        (12, "日期", "2019-03-01", "no split rate in force for this game"),
        (13, "票数", "x", "not a whole number"),
    ]
    assert batch.rows == 12
    assert not SalesDay.objects.exists() and not SalesMonth.objects.exists()
    assert audit.history_for(batch).get().comment == "Rejected with 11 errors"


def test_future_dates_and_amounts_beyond_the_daily_limit_are_row_errors(
    importer, station, settings
):
    """A 2099 sale, 9999-12-31 (which overflows date arithmetic) and amounts beyond the
    limit (one beyond PostgreSQL's bigint) are each refused with row and column; before,
    they were accepted or crashed the import with a 500."""
    settings.FUCAI_MAX_DAILY_SALES_YUAN = 10_000_000
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    batch = _import(
        importer,
        [
            ("33030001", "SSQ", "2019-03-01", "10000000.00", "1", "10000000"),  # 2: the limit
            ("33030001", "SSQ", "2099-01-01", "100", "1", ""),  # 3
            ("33030001", "QLC", "9999-12-31", "100", "1", ""),  # 4
            ("33030001", "3D", tomorrow.isoformat(), "100", "1", ""),  # 5
            ("33030001", "KL8", "2019-03-01", "10000000.01", "1", ""),  # 6
            ("33030001", "GGL", "2019-03-01", "99999999999999999999", "1", ""),  # 7
            ("33030001", "K3", "2019-03-01", "100", "1", "10000001"),  # 8
        ],
        header=(*HEADER, "兑奖金额"),
    )
    assert batch.status == ImportStatus.FAILED
    limit = "amount exceeds the daily limit of 10,000,000 yuan"
    assert _errors(batch) == [
        (3, "日期", "2099-01-01", "the date is in the future"),
        (4, "日期", "9999-12-31", "the date is in the future"),
        (5, "日期", tomorrow.isoformat(), "the date is in the future"),
        (6, "销售额", "10000000.01", limit),
        (7, "销售额", "99999999999999999999", limit),
        (8, "兑奖金额", "10000001", limit),
    ]
    assert not SalesDay.objects.exists()


def test_today_is_a_valid_sales_date(importer, station):
    today = timezone.localdate().isoformat()
    batch = _import(importer, [("33030001", "SSQ", today, "100", "1")])
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors


def test_a_file_with_a_bad_last_row_writes_nothing(importer, station):
    # More rows than a batch, each a distinct past (station, game, day).
    rows = [
        (
            "33030001",
            ("SSQ", "QLC", "3D", "KL8")[i // 1500],
            (datetime.date(2019, 1, 1) + datetime.timedelta(days=i % 1500)).isoformat(),
            "1",
            "1",
        )
        for i in range(loading.BATCH + 10)
    ]
    rows.append(("33030001", "SSQ", "not a date", "1", "1"))
    batch = _import(importer, rows)
    assert batch.status == ImportStatus.FAILED
    assert _errors(batch) == [(len(rows) + 1, "日期", "not a date", "not a valid date")]
    assert not SalesDay.objects.exists()


def test_an_unquoted_thousands_separator_is_not_misread(importer, station):
    batch = _import(importer, [("33030001", "SSQ", "2019-03-01", "1,234.50")], header=HEADER[:4])
    assert _errors(batch)[0][:3] == (2, "", "234.50")
    assert "not in quotes" in _errors(batch)[0][3]


def test_a_file_missing_a_column_is_rejected(importer, station):
    batch = _import(importer, [("33030001", "SSQ", "2019-03-01")], header=("站号", "玩法", "日期"))
    assert batch.status == ImportStatus.FAILED
    assert batch.errors[0]["row"] == 1 and batch.errors[0]["column"] == "销售额"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_gbk_and_bom_files_import_the_same(importer, station, encoding):
    batch = _import(
        importer, [("33030001", "福彩3D", "2019-03-01", "１，０００．００", "1")], encoding=encoding
    )
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert SalesDay.objects.get().game == game("3D")


def test_an_xlsx_file_imports(importer, station):
    from fucai.sales.tests.factories import xlsx_file

    rows = [
        (33030001, "快乐8", datetime.datetime(2019, 3, 1), 99.9, 50),
        ("33030001", "KL8", "2019-03-02", "１，０００", None),
    ]
    batch = sales_import(acting_user=importer, file=xlsx_file(rows), filename="s.xlsx")
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert sorted(SalesDay.objects.values_list("sales_fen", "tickets")) == [(9990, 50), (100000, 0)]


def test_the_same_file_twice_changes_nothing(importer, station):
    rows = [("33030001", "SSQ", "2019-03-01", "100", "1")]
    first = _import(importer, rows)
    again = _import(importer, rows, name="renamed.csv", replace=True)
    assert again.pk == first.pk and again.duplicate and not first.duplicate
    assert SalesImport.objects.count() == 1 and SalesDay.objects.count() == 1


def test_a_failed_file_may_be_retried(importer, station):
    rows = [("33030001", "SSQ", "2019-03-01", "100", "1")]
    StationFactory(code="33030009")
    SalesDayFactory(station=station, game=game("SSQ"), date=datetime.date(2019, 3, 1))
    assert _import(importer, rows).status == ImportStatus.FAILED
    retry = _import(importer, rows, replace=True)
    assert retry.status == ImportStatus.SUCCEEDED and retry.replaced == 1


def test_insert_mode_refuses_rows_already_imported(importer, station):
    SalesDayFactory(station=station, game=game("SSQ"), date=datetime.date(2019, 3, 1))
    batch = _import(
        importer,
        [
            ("33030001", "SSQ", "2019-03-02", "100", "1"),
            ("33030001", "SSQ", "2019-03-01", "100", "1"),
        ],
    )
    assert batch.status == ImportStatus.FAILED
    assert _errors(batch) == [
        (3, "日期", "33030001 SSQ 2019-03-01", "already imported; use replace mode to overwrite")
    ]
    assert SalesDay.objects.count() == 1


def test_replace_mode_swaps_exactly_the_rows_the_file_covers(importer, station):
    other = StationFactory(code="33030002")
    keep = [
        SalesDayFactory(station=station, game=game("SSQ"), date=datetime.date(2019, 3, 2)),
        SalesDayFactory(station=station, game=game("KL8"), date=datetime.date(2019, 3, 1)),
        SalesDayFactory(station=other, game=game("SSQ"), date=datetime.date(2019, 3, 1)),
    ]
    SalesDayFactory(station=station, game=game("SSQ"), date=datetime.date(2019, 3, 1))
    batch = _import(
        importer,
        [
            ("33030001", "SSQ", "2019-03-01", "7.77", "3"),
            ("33030001", "SSQ", "2019-03-03", "1", "1"),
        ],
        replace=True,
    )
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.inserted, batch.replaced, batch.mode) == (1, 1, ImportMode.REPLACE)
    swapped = SalesDay.objects.get(station=station, game=game("SSQ"), date="2019-03-01")
    assert (swapped.sales_fen, swapped.tickets, swapped.import_batch) == (777, 3, batch)
    for row in keep:
        assert SalesDay.objects.get(pk=row.pk).sales_fen == row.sales_fen
    assert SalesDay.objects.count() == 5


def _expected_month(station, game_, month):
    rates = RateBook.load()
    days = SalesDay.objects.filter(
        station=station, game=game_, date__year=month.year, date__month=month.month
    )
    totals = [0] * 6
    for day in days:
        part = split_sales(day.sales_fen, rates.rate_on(day.game_id, day.date))
        for i, value in enumerate(
            (
                day.sales_fen,
                day.tickets,
                part.prize_fen,
                part.issuance_fen,
                part.welfare_fen,
                part.commission_fen,
            )
        ):
            totals[i] += value
    return totals, days.count()


def _month_values(row):
    return [
        row.sales_fen,
        row.tickets,
        row.prize_fen,
        row.issuance_fen,
        row.welfare_fen,
        row.commission_fen,
    ]


def test_rollups_sum_the_days_at_each_days_rate(importer, station):
    SplitRateFactory(game=game("SSQ"), effective_from=datetime.date(2019, 6, 16))  # 36 → 37 %
    SalesDayFactory(
        station=station, game=game("SSQ"), date=datetime.date(2019, 6, 1), sales_fen=333
    )
    rows = [
        ("33030001", "SSQ", f"2019-06-{day:02d}", f"{day * 1000 + 0.37 * day:.2f}", str(day))
        for day in range(2, 31)
    ] + [("33030001", "SSQ", "2019-07-01", "10.01", "1")]
    batch = _import(importer, rows)
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    june = SalesMonth.objects.get(station=station, game=game("SSQ"), month="2019-06-01")
    totals, days = _expected_month(station, game("SSQ"), datetime.date(2019, 6, 1))
    assert _month_values(june) == totals and june.days == days == 30
    assert june.prize_fen + june.issuance_fen + june.welfare_fen == june.sales_fen
    # not the month total × one rate
    assert (
        june.welfare_fen
        != split_sales(
            june.sales_fen, RateBook.load().rate_on(game("SSQ").pk, datetime.date(2019, 6, 30))
        ).welfare_fen
    )
    july = SalesMonth.objects.get(station=station, game=game("SSQ"), month="2019-07-01")
    assert (july.sales_fen, july.welfare_fen, july.days) == (1001, 370, 1)
    assert_rollups_match_days()


def test_replacing_a_day_recomputes_its_month(importer, station):
    _import(
        importer,
        [
            ("33030001", "SSQ", "2019-03-01", "100", "1"),
            ("33030001", "SSQ", "2019-03-02", "100", "1"),
        ],
    )
    _import(importer, [("33030001", "SSQ", "2019-03-02", "300", "1")], replace=True)
    march = SalesMonth.objects.get()
    assert (march.sales_fen, march.days, march.welfare_fen) == (40000, 2, 14400)
    assert_rollups_match_days()


def test_the_sql_and_the_portable_rollups_agree(importer, station):
    SplitRateFactory(
        game=game("GGL"),
        effective_from=datetime.date(2019, 3, 10),
        prize_pct=65,
        issuance_pct=14,
        welfare_pct=21,
        commission_pct="7.5",
    )
    # a share of a fen for the prize fund: both round-ups would overshoot without the cap
    edge = Game.objects.create(code="EDGE", name="边界", game_type="lotto")
    SplitRateFactory(
        game=edge,
        effective_from=datetime.date(2000, 1, 1),
        prize_pct=0,
        issuance_pct=50,
        welfare_pct=50,
        commission_pct=50,
    )
    rows = [
        ("33030001", code, f"2019-03-{day:02d}", f"{(day * 7919) % 100000 / 100:.2f}", "1")
        for day in range(1, 32)
        for code in ("SSQ", "GGL", "K3")
    ] + [
        ("33030001", "EDGE", "2019-03-01", "0.01", "1"),
        ("33030001", "EDGE", "2019-03-02", "0.03", "1"),
    ]
    assert _import(importer, rows).status == ImportStatus.SUCCEEDED
    by_import = {(m.game_id, m.month): _month_values(m) for m in SalesMonth.objects.all()}
    SalesMonth.objects.all().delete()
    rollups.recompute_months({(station.pk, g, datetime.date(2019, 3, 1)) for g, _m in by_import})
    assert {(m.game_id, m.month): _month_values(m) for m in SalesMonth.objects.all()} == by_import
    assert by_import[(edge.pk, datetime.date(2019, 3, 1))] == [4, 2, 0, 1, 3, 1]


def test_a_crash_mid_import_leaves_no_partial_data(importer, station, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rollups, "recompute_from_staging", explode)
    monkeypatch.setattr(rollups, "recompute_months", explode)
    monkeypatch.setattr(rollups, "refresh_summaries", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        _import(importer, [("33030001", "SSQ", "2019-03-01", "100", "1")])
    assert not SalesDay.objects.exists() and not SalesMonth.objects.exists()
    batch = SalesImport.objects.get()
    assert batch.status == ImportStatus.FAILED and batch.errors[0]["reason"].startswith("Internal")


def test_sales_rows_are_scoped_to_the_users_district_and_station(cast, station):
    SalesDayFactory(station=station)
    rollups.recompute_months({(station.pk, game("SSQ").pk, datetime.date(2019, 3, 1))})
    for model in (SalesDay, SalesMonth):
        assert model.objects.visible_to(cast["lucheng"]).count() == 1
        assert model.objects.visible_to(cast["ruian"]).count() == 0
        assert model.objects.visible_to(cast["leader"]).count() == 1
        assert model.objects.visible_to(cast["owner"]).count() == 0
    station.owner.user = cast["owner"]
    station.owner.save()
    assert SalesMonth.objects.visible_to(cast["owner"]).count() == 1
