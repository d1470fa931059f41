import datetime
import io
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from fucai.sales.defaults import load_default_games
from fucai.sales.models import Game, SalesDay, SplitRate


def ensure_games() -> None:
    """Games come from a data migration; transactional tests flush them, so reload."""
    if not Game.objects.exists():
        load_default_games(Game, SplitRate)


def game(code: str) -> Game:
    ensure_games()
    return Game.objects.get(code=code)


class SplitRateFactory(DjangoModelFactory):
    class Meta:
        model = SplitRate

    game = factory.LazyFunction(lambda: game("SSQ"))
    effective_from = datetime.date(2019, 6, 16)
    prize_pct = Decimal("50.00")
    issuance_pct = Decimal("13.00")
    welfare_pct = Decimal("37.00")
    commission_pct = Decimal("7.00")


class SalesDayFactory(DjangoModelFactory):
    class Meta:
        model = SalesDay

    station = factory.SubFactory("fucai.stations.tests.factories.StationFactory")
    game = factory.LazyFunction(lambda: game("SSQ"))
    date = datetime.date(2019, 3, 1)
    sales_fen = 430_000
    tickets = 215


HEADER = ("站点编号", "游戏", "日期", "销售额", "票数")


def csv_bytes(rows, header=HEADER, *, encoding="utf-8", delimiter=",") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def csv_file(rows, header=HEADER, **kwargs) -> io.BytesIO:
    return io.BytesIO(csv_bytes(rows, header, **kwargs))


def xlsx_file(rows, header=HEADER) -> io.BytesIO:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def rollups_from_days() -> dict:
    """{(station, game, month): [sales, tickets, days, prize, issuance, welfare,
    commission]} computed in Python from every stored day — what SalesMonth must hold."""
    from fucai.sales.rates import RateBook
    from fucai.sales.split import split_sales

    rates = RateBook.load()
    expected: dict = {}
    for day in SalesDay.objects.all():
        part = split_sales(day.sales_fen, rates.rate_on(day.game_id, day.date))
        key = (day.station_id, day.game_id, day.date.replace(day=1))
        total = expected.setdefault(key, [0] * 7)
        values = (day.sales_fen, day.tickets, 1, part.prize_fen, part.issuance_fen)
        for i, value in enumerate((*values, part.welfare_fen, part.commission_fen)):
            total[i] += value
    return expected


_AMOUNTS = ("sales_fen", "tickets", "prize_fen", "issuance_fen", "welfare_fen", "commission_fen")


def assert_rollups_match_days() -> None:
    """SalesMonth is the split of every stored day, and both summaries are SalesMonth
    summed under each station's current district and kind."""
    from fucai.sales.models import SalesMonth

    stored = {
        (m.station_id, m.game_id, m.month): [
            m.sales_fen,
            m.tickets,
            m.days,
            m.prize_fen,
            m.issuance_fen,
            m.welfare_fen,
            m.commission_fen,
        ]
        for m in SalesMonth.objects.all()
    }
    assert stored == rollups_from_days()
    assert_summaries_match_months()


def assert_summaries_match_months() -> None:
    """Both summaries are SalesMonth summed under each station's district and kind."""
    from django.db.models import Sum

    from fucai.sales.models import (
        SalesMonth,
        SalesRegionMonth,
        SalesRegionTotal,
        SalesStationMonth,
        SalesStationYear,
    )

    sums = {name: Sum(name) for name in _AMOUNTS}
    by_region = SalesMonth.objects.values("month", "station__region", "station__kind", "game")
    expected = {
        (r["month"], r["station__region"], r["station__kind"], r["game"]): [
            r[f"total_{name}"] for name in _AMOUNTS
        ]
        for r in by_region.annotate(**{f"total_{n}": s for n, s in sums.items()}).order_by()
    }
    assert {
        (r.month, r.region_id, r.kind, r.game_id): [getattr(r, name) for name in _AMOUNTS]
        for r in SalesRegionMonth.objects.all()
    } == expected
    by_station = SalesMonth.objects.values("month", "station", "station__region", "station__kind")
    expected = {
        (r["month"], r["station"], r["station__region"], r["station__kind"]): [
            r[f"total_{name}"] for name in _AMOUNTS
        ]
        for r in by_station.annotate(**{f"total_{n}": s for n, s in sums.items()}).order_by()
    }
    assert {
        (r.month, r.station_id, r.region_id, r.kind): [getattr(r, name) for name in _AMOUNTS]
        for r in SalesStationMonth.objects.all()
    } == expected
    by_year: dict = {}
    for r in SalesStationMonth.objects.all():
        total = by_year.setdefault((r.month.year, r.station_id, r.region_id, r.kind), [0] * 6)
        for i, name in enumerate(_AMOUNTS):
            total[i] += getattr(r, name)
    assert {
        (r.year, r.station_id, r.region_id, r.kind): [getattr(r, name) for name in _AMOUNTS]
        for r in SalesStationYear.objects.all()
    } == by_year
    totals: dict = {}
    for r in SalesRegionMonth.objects.all():
        total = totals.setdefault((r.month, r.region_id), [0] * 6)
        for i, name in enumerate(_AMOUNTS):
            total[i] += getattr(r, name)
    assert {
        (r.month, r.region_id): [getattr(r, name) for name in _AMOUNTS]
        for r in SalesRegionTotal.objects.all()
    } == totals


REPORT_TITLE = "温州市福利彩票销售日报表"


def report_xlsx(*, total="4,234.50", subtotal="3,234.50") -> io.BytesIO:
    """A daily-sales report as a terminal system exports it: title rows, a two-row
    header with merged cells, blank spacer rows, amounts as text with separators (half-
    and full-width), station codes merged down their group, 小计 per station, a 合计.
    Data rows 7, 8, 11, 12 (4,234.50 yuan in all); total rows 9, 13, 14."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = REPORT_TITLE
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "统计日期：2019-12-01 至 2019-12-31"
    sheet.merge_cells("A2:G2")
    sheet["G3"] = "单位：元"
    # Two header rows: "销量" spans 销售额 | 兑奖额; the other headers span both rows.
    for column, name in zip("ABCDG", ("站点编号", "站点名称", "游戏", "日期", "票数"), strict=True):
        sheet[f"{column}4"] = name
        sheet.merge_cells(f"{column}4:{column}5")
    sheet["E4"] = "销量"
    sheet.merge_cells("E4:F4")
    sheet["E5"], sheet["F5"] = "销售额", "兑奖额"
    # row 6: a blank spacer row
    # Station 33030001: its code merged down its two rows; amounts written as text.
    sheet["A7"] = "33030001"
    sheet.merge_cells("A7:A8")
    rows = {
        7: (None, "一站", "双色球", datetime.datetime(2019, 12, 1), "1,234.50", "100.00", "123"),
        8: (None, "鹿城一站", "刮刮乐", "2019-12-01", "2,000.00", None, "２００"),
        9: ("小计", None, None, None, subtotal, "100.00", "323"),
        # row 10: a blank spacer row
        11: ("33030002", "鹿城二站", "双色球", "2019年12月2日", "１，０００．００", None, 50),
        12: (None, "鹿城二站", "快乐8", "2019-12-02", 0, None, 0),
        13: (None, None, None, "小　计", "1,000.00", None, None),
        14: ("合　计", None, None, None, total, "100.00", 373),
    }
    for number, values in rows.items():
        for column, value in zip("ABCDEFG", values, strict=True):
            if value is not None:
                sheet[f"{column}{number}"] = value
    sheet.merge_cells("A9:D9")
    sheet.merge_cells("A11:A13")  # the code spans the group's subtotal row too
    sheet.merge_cells("A14:D14")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
