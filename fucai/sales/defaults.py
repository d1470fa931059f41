"""The games and split rates a new center starts with (domain/lottery-rules.md).

Most figures there are not official, so they are data with a sensible default — loaded
by a data migration and edited afterwards as rates change — never constants in code.
"""

import datetime
from decimal import Decimal

from .choices import GameType

DEFAULT_EFFECTIVE_FROM = datetime.date(2000, 1, 1)

# Station commission (代销费) is paid out of the issuance fee: ~7% of sales for computer
# games [weak], 8% for instant tickets [secondary]; video halls default to 8% as well.
COMMISSION_COMPUTER = Decimal("7.00")
COMMISSION_INSTANT = Decimal("8.00")
COMMISSION_VIDEO = Decimal("8.00")

# code, name, type, prize %, issuance %, welfare %, commission %
DEFAULT_GAMES: tuple[tuple[str, str, str, int, int, int, Decimal], ...] = (
    ("SSQ", "双色球", GameType.LOTTO, 51, 13, 36, COMMISSION_COMPUTER),
    ("QLC", "七乐彩", GameType.LOTTO, 50, 15, 35, COMMISSION_COMPUTER),
    ("3D", "福彩3D", GameType.DIGIT, 53, 13, 34, COMMISSION_COMPUTER),
    ("KL8", "快乐8", GameType.KENO, 58, 12, 30, COMMISSION_COMPUTER),
    ("GGL", "刮刮乐", GameType.INSTANT, 65, 15, 20, COMMISSION_INSTANT),
    ("ZFZX", "中福在线", GameType.VIDEO, 65, 15, 20, COMMISSION_VIDEO),
    ("K3", "快3", GameType.DIGIT, 59, 13, 28, COMMISSION_COMPUTER),
    ("DF61", "东方6+1", GameType.LOTTO, 50, 15, 35, COMMISSION_COMPUTER),
)


def load_default_games(game_model, rate_model) -> None:
    """Create the default games and their first split rate (idempotent).

    Takes the model classes so the data migration can pass its historical models.
    """
    for order, (code, name, game_type, prize, issuance, welfare, commission) in enumerate(
        DEFAULT_GAMES
    ):
        game, _ = game_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "game_type": game_type, "sort_order": order * 10},
        )
        rate_model.objects.get_or_create(
            game=game,
            effective_from=DEFAULT_EFFECTIVE_FROM,
            defaults={
                "prize_pct": Decimal(prize),
                "issuance_pct": Decimal(issuance),
                "welfare_pct": Decimal(welfare),
                "commission_pct": commission,
            },
        )
