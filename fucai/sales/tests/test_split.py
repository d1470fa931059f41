import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fucai.sales.models import SplitRate
from fucai.sales.rates import RateBook
from fucai.sales.split import percent_of, split_sales

pct = st.integers(min_value=0, max_value=10_000).map(lambda h: Decimal(h) / 100)


@st.composite
def rates(draw):
    welfare = draw(pct)
    issuance = draw(pct.filter(lambda p: p <= 100 - welfare))
    commission = draw(pct.filter(lambda p: p <= issuance))
    return Rate(
        prize_pct=100 - welfare - issuance,
        issuance_pct=issuance,
        welfare_pct=welfare,
        commission_pct=commission,
    )


@dataclass
class Rate:
    """A split rate without the database (hypothesis prints it on failure)."""

    prize_pct: Decimal
    issuance_pct: Decimal
    welfare_pct: Decimal
    commission_pct: Decimal
    game_id: int = 1
    effective_from: datetime.date | None = None


sales = st.integers(min_value=0, max_value=10**13)  # up to 1000 亿 yuan in fen


@given(sales, rates())
def test_the_parts_always_add_up_to_the_sales(sales_fen, rate):
    part = split_sales(sales_fen, rate)
    assert part.prize_fen + part.issuance_fen + part.welfare_fen == sales_fen


@given(sales, rates())
def test_no_part_is_negative_and_commission_is_within_the_issuance_fee(sales_fen, rate):
    part = split_sales(sales_fen, rate)
    assert min(part.prize_fen, part.issuance_fen, part.welfare_fen, part.commission_fen) >= 0
    assert part.commission_fen <= part.issuance_fen


@given(sales, rates())
def test_each_part_is_within_a_fen_of_the_exact_value(sales_fen, rate):
    part = split_sales(sales_fen, rate)
    exact = {
        "welfare_fen": Decimal(sales_fen) * rate.welfare_pct / 100,
        "issuance_fen": Decimal(sales_fen) * rate.issuance_pct / 100,
        "prize_fen": Decimal(sales_fen) * rate.prize_pct / 100,
        "commission_fen": Decimal(sales_fen) * rate.commission_pct / 100,
    }
    for name, value in exact.items():
        assert abs(getattr(part, name) - value) <= 1, name
    # the two rounded shares are rounded to nearest, not merely within a fen
    assert abs(part.welfare_fen - exact["welfare_fen"]) <= Decimal("0.5")
    assert abs(part.issuance_fen - exact["issuance_fen"]) <= Decimal("0.5")


def test_halves_round_up():
    rate = SplitRate(
        prize_pct=Decimal(50),
        issuance_pct=Decimal(14),
        welfare_pct=Decimal(36),
        commission_pct=Decimal(7),
    )
    part = split_sales(25, rate)  # welfare 9.0, issuance 3.5 -> 4, commission 1.75 -> 2
    assert (part.welfare_fen, part.issuance_fen, part.prize_fen, part.commission_fen) == (
        9,
        4,
        12,
        2,
    )
    assert split_sales(72 * 2 + 0, rate).welfare_fen == 52  # 144 × 36% = 51.84


def test_a_two_yuan_ssq_ticket_raises_72_fen_of_welfare_fund():
    rate = SplitRate(
        prize_pct=Decimal(51),
        issuance_pct=Decimal(13),
        welfare_pct=Decimal(36),
        commission_pct=Decimal(7),
    )
    assert split_sales(200, rate).welfare_fen == 72


def test_it_refuses_negative_sales_and_sub_hundredth_rates():
    with pytest.raises(ValueError):
        percent_of(-1, Decimal(10))
    with pytest.raises(ValueError):
        percent_of(100, Decimal("10.005"))


JUNE = [datetime.date(2019, 6, day) for day in range(1, 31)]


@given(
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=30, max_size=30),
    rates(),
    rates(),
    st.sampled_from(JUNE[1:]),
)
def test_a_mid_month_rate_change_applies_from_its_day(daily_sales, old, new, change_on):
    old.effective_from = datetime.date(2000, 1, 1)
    new.effective_from = change_on
    book = RateBook([new, old])
    welfare = sum(
        split_sales(fen, book.rate_on(1, day)).welfare_fen
        for fen, day in zip(daily_sales, JUNE, strict=True)
    )
    expected = sum(
        split_sales(fen, new if day >= change_on else old).welfare_fen
        for fen, day in zip(daily_sales, JUNE, strict=True)
    )
    assert welfare == expected
    assert book.rate_on(1, change_on) is new
    assert book.rate_on(1, change_on - datetime.timedelta(days=1)) is old
    assert book.rate_on(1, datetime.date(1999, 12, 31)) is None
