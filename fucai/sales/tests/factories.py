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
