import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fucai.sales.choices import GameType
from fucai.sales.models import Game, SplitRate
from fucai.sales.rates import RateBook, rate_on
from fucai.sales.tests.factories import SplitRateFactory, game

pytestmark = pytest.mark.django_db


def test_the_default_games_and_rates_are_loaded():
    codes = set(Game.objects.values_list("code", flat=True))
    assert {"SSQ", "QLC", "3D", "KL8", "GGL", "ZFZX", "K3", "DF61"} <= codes
    ssq = rate_on(game("SSQ"), datetime.date(2019, 1, 1))
    assert (ssq.prize_pct, ssq.issuance_pct, ssq.welfare_pct) == (51, 13, 36)
    assert ssq.commission_pct == 7
    assert game("GGL").game_type == GameType.INSTANT
    assert rate_on(game("GGL"), datetime.date(2019, 1, 1)).commission_pct == 8
    assert rate_on(game("ZFZX"), datetime.date(2019, 1, 1)).commission_pct == 8
    for rate in SplitRate.objects.all():
        assert rate.prize_pct + rate.issuance_pct + rate.welfare_pct == 100


def test_the_rate_in_force_is_the_latest_one_not_after_the_date():
    new = SplitRateFactory(game=game("SSQ"), effective_from=datetime.date(2019, 6, 16))
    assert rate_on(game("SSQ"), datetime.date(2019, 6, 15)).effective_from == datetime.date(
        2000, 1, 1
    )
    assert rate_on(game("SSQ"), datetime.date(2019, 6, 16)) == new
    assert rate_on(game("SSQ"), datetime.date(1999, 12, 31)) is None


def test_a_rate_book_answers_many_dates_with_one_query(django_assert_num_queries):
    SplitRateFactory(game=game("SSQ"), effective_from=datetime.date(2019, 6, 16))
    ssq, kl8 = game("SSQ"), game("KL8")
    pairs = [
        (g.pk, datetime.date(2019, 6, 1) + datetime.timedelta(days=d))
        for g in (ssq, kl8)
        for d in range(30)
    ]
    with django_assert_num_queries(1):
        found = RateBook.load().rates_for(pairs)
    assert found[(ssq.pk, datetime.date(2019, 6, 15))].welfare_pct == 36
    assert found[(ssq.pk, datetime.date(2019, 6, 16))].welfare_pct == 37
    assert found[(kl8.pk, datetime.date(2019, 6, 30))].welfare_pct == 30


def test_shares_must_add_up_to_exactly_100():
    rate = SplitRate(
        game=game("SSQ"),
        effective_from=datetime.date(2020, 1, 1),
        prize_pct=Decimal("51.00"),
        issuance_pct=Decimal("13.00"),
        welfare_pct=Decimal("35.99"),
        commission_pct=Decimal("7.00"),
    )
    with pytest.raises(ValidationError, match="100"):
        rate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        rate.save()


def test_fractional_shares_adding_up_to_100_are_accepted_by_the_database():
    SplitRateFactory(
        game=game("SSQ"),
        effective_from=datetime.date(2021, 1, 1),
        prize_pct=Decimal("65.55"),
        issuance_pct=Decimal("12.45"),
        welfare_pct=Decimal("22.00"),
        commission_pct=Decimal("7.15"),
    ).full_clean()


def test_the_commission_cannot_exceed_the_issuance_fee():
    rate = SplitRate(
        game=game("SSQ"),
        effective_from=datetime.date(2020, 1, 1),
        prize_pct=Decimal(51),
        issuance_pct=Decimal(13),
        welfare_pct=Decimal(36),
        commission_pct=Decimal("13.01"),
    )
    with pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert "commission_pct" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        rate.save()


def test_one_rate_per_game_and_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        SplitRateFactory(game=game("SSQ"), effective_from=datetime.date(2000, 1, 1))
