"""The game catalogue: games with the split rate in force today, a game's dated rate
history, and (finance) adding a game or a new rate in an htmx modal."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import audit, roles
from fucai.core.generic import RolePermissionMixin

from ..forms_imports import GameForm, SplitRateForm
from ..models import Game, SalesMonth
from ..rates import RateBook
from ..services_games import game_create, split_rate_add


def _year_totals(year: int, game: Game | None = None) -> dict[int, dict]:
    """{game id: {sales_fen, welfare_fen}} of a year, from the monthly rollups."""
    months = SalesMonth.objects.filter(
        month__gte=datetime.date(year, 1, 1), month__lt=datetime.date(year + 1, 1, 1)
    )
    if game is not None:
        months = months.filter(game=game)
    rows = months.values("game_id").annotate(
        sales_fen=Sum("sales_fen"), welfare_fen=Sum("welfare_fen")
    )
    return {row["game_id"]: row for row in rows}


class GameListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_SALES
    template_name = "sales/games/game_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        games = list(Game.objects.all())
        book = RateBook.load()
        totals = _year_totals(today.year)
        empty = {"sales_fen": 0, "welfare_fen": 0}
        rows = [
            {"game": g, "rate": book.rate_on(g.pk, today), **totals.get(g.pk, empty)} for g in games
        ]
        context.update(
            rows=rows,
            year=today.year,
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
        year = _year_totals(today.year, game).get(game.pk, {})
        context.update(
            game=game,
            rates=rates,
            current=current,
            today=today,
            year=today.year,
            year_sales=year.get("sales_fen") or 0,
            year_welfare=year.get("welfare_fen") or 0,
            history=audit.history_for(game, *rates)[:50],
        )
        return context


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ModalFormView(RolePermissionMixin, View):
    """GET renders the form as the modal's body; POST calls ``perform`` (a service) and
    redirects (``HX-Redirect`` for htmx), or answers 400 with the errors."""

    permission = roles.MANAGE_GAMES
    template_name = "sales/games/_modal_form.html"
    form_class = None
    title = ""
    note = ""

    def respond(self, request, form, status=200):
        context = {"form": form, "title": self.title, "note": self.note, "action": request.path}
        return render(request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.setup_object()
        return self.respond(request, self.form_class())

    def setup_object(self) -> None:
        pass

    def post(self, request, *args, **kwargs):
        self.setup_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                url = self.perform(form)
            except ValidationError as error:
                _add_errors(form, error)
            except IntegrityError:
                form.add_error(None, _("Another game already uses this code or name."))
            else:
                if request.htmx:
                    response = render(request, "core/_empty.html")
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
        return self.respond(request, form, status=400)


class GameCreateView(ModalFormView):
    form_class = GameForm
    title = _("Add a game")

    def perform(self, form) -> str:
        data = form.cleaned_data
        game = game_create(
            acting_user=self.request.user,
            code=data["code"],
            name=data["name"],
            game_type=data["game_type"],
            sort_order=data["sort_order"],
            **form.rate_data(),
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

    def setup_object(self) -> None:
        self.game = self.get_game()

    def perform(self, form) -> str:
        rate = split_rate_add(acting_user=self.request.user, game=self.game, **form.rate_data())
        messages.success(
            self.request,
            _("Rate from %(date)s added; %(count)s monthly figures recomputed.")
            % {"date": rate.effective_from.isoformat(), "count": rate.recomputed_months},
        )
        return reverse("sales:game_detail", args=[self.game.code])
