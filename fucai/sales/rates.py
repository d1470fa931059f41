"""Which split rate is in force for a game on a date."""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable

from .models import Game, SplitRate


def rate_on(game: Game | int, date: datetime.date) -> SplitRate | None:
    """The rate of ``game`` in force on ``date`` (one query); None before the first."""
    game_id = game.pk if isinstance(game, Game) else game
    return (
        SplitRate.objects.filter(game_id=game_id, effective_from__lte=date)
        .order_by("-effective_from")
        .first()
    )


class RateBook:
    """Every game's rates in memory, for looking up thousands of (game, date) pairs with
    one query instead of one per row."""

    def __init__(self, rates: Iterable[SplitRate]):
        by_game: dict[int, list[SplitRate]] = defaultdict(list)
        for rate in rates:
            by_game[rate.game_id].append(rate)
        self._dates: dict[int, list[datetime.date]] = {}
        self._rates: dict[int, list[SplitRate]] = {}
        for game_id, game_rates in by_game.items():
            game_rates.sort(key=lambda r: r.effective_from)
            self._dates[game_id] = [r.effective_from for r in game_rates]
            self._rates[game_id] = game_rates

    @classmethod
    def load(cls, game_ids: Iterable[int] | None = None) -> "RateBook":
        rates = SplitRate.objects.all()
        if game_ids is not None:
            rates = rates.filter(game_id__in=list(game_ids))
        return cls(rates)

    def rate_on(self, game_id: int, date: datetime.date) -> SplitRate | None:
        dates = self._dates.get(game_id)
        if not dates:
            return None
        index = bisect.bisect_right(dates, date) - 1
        return self._rates[game_id][index] if index >= 0 else None

    def rates_for(self, pairs: Iterable[tuple[int, datetime.date]]) -> dict:
        """{(game_id, date): rate or None} for every pair."""
        return {(game_id, date): self.rate_on(game_id, date) for game_id, date in pairs}
