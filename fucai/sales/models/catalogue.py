"""The game catalogue: games and their dated split rates (prize fund, issuance fee,
welfare fund, station commission)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Round
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from ..choices import GameType

_PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Game(models.Model):
    """A welfare-lottery game (玩法) sold at stations, e.g. 双色球 or 刮刮乐. Its sales are
    split into prize fund, issuance fee and welfare fund by the game's split rates."""

    code = models.CharField(_("game code"), max_length=10, unique=True)
    name = models.CharField(_("game name"), max_length=50, unique=True)
    game_type = models.CharField(_("game type"), max_length=10, choices=GameType.choices)
    active = models.BooleanField(_("on sale"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("game")
        verbose_name_plural = _("games")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class SplitRate(models.Model):
    """How a game's sales are split (返奖 / 发行费 / 公益金 比例) from a given date on, in
    percent of sales. The station commission (代销费) is paid out of the issuance fee, so
    it is not a fourth share. A rate stays in force until the next one of the game."""

    game = models.ForeignKey(
        Game, verbose_name=_("game"), on_delete=models.PROTECT, related_name="split_rates"
    )
    effective_from = models.DateField(_("effective from"))
    prize_pct = models.DecimalField(
        _("prize fund %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )
    issuance_pct = models.DecimalField(
        _("issuance fee %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )
    welfare_pct = models.DecimalField(
        _("welfare fund %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )
    commission_pct = models.DecimalField(
        _("station commission %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )

    class Meta:
        verbose_name = _("split rate")
        verbose_name_plural = _("split rates")
        ordering = ["game", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "effective_from"], name="splitrate_one_per_game_and_date"
            ),
            # Round() because SQLite evaluates decimals as floats, where 65.55 + 12.45 +
            # 22 need not be exactly 100.
            models.CheckConstraint(
                condition=Exact(
                    Round(F("prize_pct") + F("issuance_pct") + F("welfare_pct"), 2),
                    Value(Decimal(100)),
                ),
                name="splitrate_shares_sum_to_100",
            ),
            models.CheckConstraint(
                condition=Q(commission_pct__lte=F("issuance_pct")),
                name="splitrate_commission_within_issuance",
            ),
            models.CheckConstraint(
                condition=Q(prize_pct__gte=0)
                & Q(issuance_pct__gte=0)
                & Q(welfare_pct__gte=0)
                & Q(commission_pct__gte=0),
                name="splitrate_non_negative",
            ),
        ]

    def __str__(self) -> str:
        shares = f"{self.prize_pct}/{self.issuance_pct}/{self.welfare_pct}"
        return f"{self.game} {self.effective_from}: {shares}"

    def clean(self) -> None:
        shares = (self.prize_pct, self.issuance_pct, self.welfare_pct)
        if all(share is not None for share in shares) and sum(shares) != 100:
            raise ValidationError(
                _("Prize fund, issuance fee and welfare fund must add up to exactly 100%."),
                code="split_sum",
            )
        if (
            self.commission_pct is not None
            and self.issuance_pct is not None
            and self.commission_pct > self.issuance_pct
        ):
            raise ValidationError(
                {
                    "commission_pct": _(
                        "The station commission is paid out of the issuance fee and cannot "
                        "exceed it."
                    )
                },
                code="commission_exceeds_issuance",
            )
