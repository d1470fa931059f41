"""Writes to the game catalogue: adding a game and adding a dated split rate.

A new rate applies to sales from its date on, so the monthly rollups of months already
imported from that month on are recomputed in the same transaction: the welfare fund
shown everywhere is always sales × the rate of the day.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.roles import MANAGE_GAMES
from fucai.core.services import require

from .. import rollups
from ..models import Game, SalesMonth, SplitRate
from .imports import serialize_imports


def _recompute_from(game: Game, month: datetime.date) -> int:
    """Recompute the rollups of ``game`` for every imported month from ``month`` on."""
    if connection.vendor == "postgresql":
        # The set-based statement reads (station_id, game_id, date) from a table: fill
        # a temporary one with the months already rolled up.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sales_rate_months")
            cursor.execute(
                "CREATE TEMP TABLE sales_rate_months ON COMMIT DROP AS "
                "SELECT station_id, game_id, month AS date FROM sales_salesmonth "
                "WHERE game_id = %s AND month >= %s",
                [game.pk, month],
            )
        written = rollups.recompute_from_staging("sales_rate_months")
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sales_rate_months")
        return written
    keys = SalesMonth.objects.filter(game=game, month__gte=month).values_list(
        "station_id", "game_id", "month"
    )
    return rollups.recompute_months(list(keys))


@transaction.atomic
def split_rate_add(
    *,
    acting_user,
    game: Game,
    effective_from: datetime.date,
    prize_pct: Decimal,
    issuance_pct: Decimal,
    welfare_pct: Decimal,
    commission_pct: Decimal,
) -> SplitRate:
    """Add a split rate to ``game`` in force from ``effective_from`` and recompute the
    monthly rollups it changes. Shares must add up to 100 and the commission must fit
    inside the issuance fee (checked by ``SplitRate.clean``); one rate per date."""
    require(acting_user, MANAGE_GAMES)
    # An import running at the same time would roll its months up at the old rate.
    serialize_imports()
    if SplitRate.objects.filter(game=game, effective_from=effective_from).exists():
        raise ValidationError(
            {"effective_from": _("This game already has a split rate from this date.")},
            code="duplicate_date",
        )
    rate = SplitRate(
        game=game,
        effective_from=effective_from,
        prize_pct=prize_pct,
        issuance_pct=issuance_pct,
        welfare_pct=welfare_pct,
        commission_pct=commission_pct,
    )
    rate.full_clean()
    rate.save()
    months = _recompute_from(game, effective_from.replace(day=1))
    comment = str(_("Monthly rollups recomputed: %(count)s")) % {"count": months}
    audit.record_create(actor=acting_user, obj=rate, comment=comment)
    rate.recomputed_months = months
    return rate


@transaction.atomic
def game_create(
    *,
    acting_user,
    code: str,
    name: str,
    game_type: str,
    sort_order: int = 0,
    effective_from: datetime.date,
    prize_pct: Decimal,
    issuance_pct: Decimal,
    welfare_pct: Decimal,
    commission_pct: Decimal,
) -> Game:
    """Add a game with its first split rate: without a rate no sales can be imported."""
    require(acting_user, MANAGE_GAMES)
    game = Game(code=code.strip().upper(), name=name.strip(), game_type=game_type)
    game.sort_order = sort_order
    game.full_clean()
    game.save()
    audit.record_create(actor=acting_user, obj=game)
    split_rate_add(
        acting_user=acting_user,
        game=game,
        effective_from=effective_from,
        prize_pct=prize_pct,
        issuance_pct=issuance_pct,
        welfare_pct=welfare_pct,
        commission_pct=commission_pct,
    )
    return game
