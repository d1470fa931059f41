import datetime

import factory
from factory.django import DjangoModelFactory

from fucai.marketing.choices import CampaignKind, MaterialKind
from fucai.marketing.models import Campaign, InstantTicketOrder, Material, MaterialRequest
from fucai.sales.tests.factories import game
from fucai.stations.tests.factories import StationFactory


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material

    name = factory.Sequence(lambda n: f"双色球海报{n}")
    kind = MaterialKind.POSTER
    unit = "张"
    stock = 0


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"双色球派奖{n}")
    kind = CampaignKind.JACKPOT_BONUS
    starts_on = datetime.date(2019, 9, 2)
    ends_on = datetime.date(2019, 9, 29)
    budget_fen = 10_000_000


class MaterialRequestFactory(DjangoModelFactory):
    class Meta:
        model = MaterialRequest

    station = factory.SubFactory(StationFactory)
    material = factory.SubFactory(MaterialFactory)
    quantity = 5


class TicketOrderFactory(DjangoModelFactory):
    class Meta:
        model = InstantTicketOrder

    station = factory.SubFactory(StationFactory)
    game = factory.LazyFunction(lambda: game("GGL"))
    books = 4
    book_value_fen = 30_000
    amount_fen = factory.LazyAttribute(lambda o: o.books * o.book_value_fen)
