"""The game catalogue: games with the split rate in force today, a game's dated rate
history, and (finance) adding a game or a new rate in an htmx modal."""

import datetime

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fucai.core import audit, roles
from fucai.core.generic import ModalActionView, RolePermissionMixin

from .. import kpis
from ..forms import GameForm, SplitRateForm
from ..models import Game, SalesRegionMonth
from ..rates import RateBook
from ..services import game_create, split_rate_add


def _year_totals(user, year: int, game: Game | None = None) -> dict[int, dict]:
    """{game id: {sales_fen, welfare_fen}} of a year in the user's scope, from the
    district rollup."""
    months = SalesRegionMonth.objects.visible_to(user).filter(
        month__gte=datetime.date(year, 1, 1), month__lt=datetime.date(year + 1, 1, 1)
    )
    if game is not None:
        months = months.filter(game=game)
    rows = months.values("game_id").annotate(
        sales_fen=Sum("sales_fen"), welfare_fen=Sum("welfare_fen")
    )
    return {row["game_id"]: row for row in rows}


def latest_year(user) -> tuple[int, datetime.date | None]:
    """The latest year with sales in the user's scope (the calendar year without any),
    and the last day with data: the catalogue shows figures, not a year of zeros."""
    until = kpis.data_until(user)
    return (until.year if until else timezone.localdate().year), until


class GameListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_SALES
    template_name = "sales/games/game_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        games = list(Game.objects.all())
        book = RateBook.load()
        year, until = latest_year(self.request.user)
        totals = _year_totals(self.request.user, year)
        empty = {"sales_fen": 0, "welfare_fen": 0}
        rows = [
            {"game": g, "rate": book.rate_on(g.pk, today), **totals.get(g.pk, empty)} for g in games
        ]
        context.update(
            rows=rows,
            year=year,
            data_until=until,
            total_sales=sum(r["sales_fen"] or 0 for r in rows),
            total_welfare=sum(r["welfare_fen"] or 0 for r in rows),
        )
        return context


class GameMixin(RolePermissionMixin):
    def get_game(self) -> Game:
        try:
            return Game.objects.get(code=self.kwargs["code"])
        except Game.DoesNotExist:
            raise Http404 from None


class GameDetailView(GameMixin, TemplateView):
    permission = roles.VIEW_SALES
    template_name = "sales/games/game_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        game = self.get_game()
        today = timezone.localdate()
        rates = list(game.split_rates.order_by("-effective_from"))
        current = next((r for r in rates if r.effective_from <= today), None)
        year_shown, until = latest_year(self.request.user)
        year = _year_totals(self.request.user, year_shown, game).get(game.pk, {})
        context.update(
            game=game,
            rates=rates,
            current=current,
            today=today,
            year=year_shown,
            data_until=until,
            year_sales=year.get("sales_fen") or 0,
            year_welfare=year.get("welfare_fen") or 0,
            history=audit.history_for(game, *rates)[:50],
        )
        return context


class ModalFormView(ModalActionView):
    """The game catalogue's modal forms (finance only)."""

    permission = roles.MANAGE_GAMES
    template_name = "sales/games/_modal_form.html"
    note = ""
    integrity_message = _("Another game already uses this code or name.")

    def get_context(self, obj) -> dict:
        return {"note": self.note}


class GameCreateView(ModalFormView):
    form_class = GameForm
    title = _("Add a game")

    def perform(self, obj, data) -> str:
        game = game_create(
            acting_user=self.request.user,
            code=data["code"],
            name=data["name"],
            game_type=data["game_type"],
            sort_order=data["sort_order"],
            **self.form.rate_data(),
        )
        messages.success(self.request, _("Game %(name)s added.") % {"name": game.name})
        return reverse("sales:game_detail", args=[game.code])


class RateAddView(GameMixin, ModalFormView):
    form_class = SplitRateForm
    title = _("Add a split rate")
    note = _(
        "A new rate applies to sales from its date on. The monthly figures of months "
        "already imported from that month on are recomputed when you save."
    )

    def get_object(self):
        return self.get_game()

    def perform(self, game, data) -> str:
        rate = split_rate_add(acting_user=self.request.user, game=game, **self.form.rate_data())
        messages.success(
            self.request,
            _("Rate from %(date)s added; %(count)s monthly figures recomputed.")
            % {"date": rate.effective_from.isoformat(), "count": rate.recomputed_months},
        )
        return reverse("sales:game_detail", args=[game.code])
