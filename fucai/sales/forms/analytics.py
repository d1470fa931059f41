"""Filter and edit forms of the sales analytics, finance and targets pages."""

import datetime
import functools
from decimal import Decimal

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField, RegionChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.models import Region
from fucai.core.scope import regions_visible
from fucai.stations.choices import StationKind
from fucai.stations.forms import DateInput
from fucai.stations.models import Station

from ..models import Game, SalesTarget
from ..selectors import RANKING_ORDERS, Filters, Period, game_options, month_span


def month_choices() -> list[tuple[int, str]]:
    """Month labels in the request's language (a callable: evaluated per form, not once
    at import time in whatever language was active then; translated once per language,
    the selects of every page ask for them several times)."""
    return list(_month_labels(get_language()))


@functools.lru_cache(maxsize=32)
def _month_labels(language: str | None) -> tuple[tuple[int, str], ...]:
    return tuple((m, str(_("Month %(m)d") % {"m": m})) for m in range(1, 13))


class MonthChoices(BaseChoiceIterator):
    """An empty choice labelled ``first`` and the months in the request's language, as
    ``[("", first), *month_choices()]`` given as a callable would be, without Django
    normalizing the list again each time a select or a validation reads it."""

    def __init__(self, first):
        self.first = first

    def __iter__(self):
        yield ("", self.first)
        yield from _month_labels(get_language())


def data_span(user) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last month with sales in the user's scope (cached, see selectors)."""
    return month_span(user)


class _UserForm(forms.Form):
    """Takes the user (for scope); its selects submit the page when changed."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["data-autosubmit"] = ""

    def valid_data(self) -> dict:
        """The values of the fields that are valid: one bad value (a district outside
        the user's scope, a month "13") is reported on its field and ignored, while the
        other filters still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


class PeriodForm(_UserForm):
    """Year and an optional month range; unbound or invalid it falls back to the latest
    year with data, up to its latest month, so YoY compares the same months."""

    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None, choices=()
    )
    month_from = forms.TypedChoiceField(
        label=_("From month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=MonthChoices(_("January")),
    )
    month_to = forms.TypedChoiceField(
        label=_("To month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=MonthChoices(_("Latest")),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        self.user = user
        first, last = data_span(user)
        today = datetime.date.today()
        self.latest = last
        low = first.year if first else today.year
        high = max(last.year if last else today.year, low)
        self.fields["year"].choices = [(y, str(y)) for y in range(high, low - 1, -1)]
        self.fields["year"].initial = high

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start and end and start > end:
            self.add_error("month_to", _("The end month is before the start month."))
        return data

    def period(self) -> Period:
        data = self.valid_data()
        year = data.get("year") or self.fields["year"].initial
        month_from = data.get("month_from") or 1
        month_to = data.get("month_to")
        if not month_to:
            # A year in progress stops at its latest month with data.
            latest = self.latest
            month_to = latest.month if latest and latest.year == year else 12
        return Period(year, month_from, max(month_from, month_to))


class ScopeFilterForm(_UserForm):
    """District (only the user's), station kind and game."""

    region = RegionChoiceField(
        label=_("District"),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    kind = forms.ChoiceField(
        label=_("Station kind"),
        required=False,
        choices=[("", _("All kinds")), *StationKind.choices],
    )
    game = ModelChoiceField(
        label=_("Game"),
        queryset=Game.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All games"),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        # Only the user's districts: another district's code is an invalid choice.
        self.fields["region"].limit_to(user)
        # The games' options from the cache (a submitted code is still looked up).
        self.fields["game"].options = game_options(user)

    def filters(self) -> Filters:
        data = self.valid_data()
        return Filters(
            region=data.get("region"), kind=data.get("kind") or "", game=data.get("game")
        )


class AnalyticsFilterForm(PeriodForm, ScopeFilterForm):
    field_order = ["year", "month_from", "month_to", "region", "kind", "game"]


class RankingForm(AnalyticsFilterForm):
    order = forms.ChoiceField(label=_("Ranking"), required=False, choices=RANKING_ORDERS.items())
    limit = forms.TypedChoiceField(
        label=_("Stations"),
        coerce=int,
        required=False,
        empty_value=20,
        choices=[(n, str(n)) for n in (10, 20, 50, 100)],
    )

    def ranking_args(self) -> tuple[str, int]:
        data = self.valid_data()
        return data.get("order") or "top", data.get("limit") or 20


class DailyForm(ScopeFilterForm):
    """A range of days; without one, the last 30 days with data in the user's scope."""

    start = SaneDateField(label=_("From"), required=False, widget=DateInput())
    end = SaneDateField(label=_("To"), required=False, widget=DateInput())

    field_order = ["start", "end", "region", "kind", "game"]


class TargetFilterForm(PeriodForm):
    """Targets are read for a year, or for one month of it."""

    month_to = None

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        self.fields["month_from"].label = _("Month")
        self.fields["month_from"].choices = [("", _("Whole year")), *month_choices()]
        # Targets are set ahead of the sales: offer this year, next year and every year
        # that has targets, besides the years with data.
        next_year = datetime.date.today().year + 1
        years = {year for year, _label in self.fields["year"].choices}
        years |= set(range(min(years | {next_year}), next_year + 1))
        years |= set(SalesTarget.objects.values_list("year", flat=True).distinct())
        self.fields["year"].choices = [(y, str(y)) for y in sorted(years, reverse=True)]

    def target_period(self) -> tuple[int, int | None]:
        data = self.valid_data()
        return data.get("year") or self.fields["year"].initial, data.get("month_from")


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=lambda: [("", _("Whole year")), *month_choices()],
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("— a station instead —"),
    )
    station = forms.CharField(
        label=_("Station code"), required=False, max_length=12, help_text=_("Or a district.")
    )
    amount = forms.DecimalField(
        label=_("Target (10,000 yuan)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["region"].queryset = regions_visible(user)

    def clean_station(self):
        code = (self.cleaned_data.get("station") or "").strip()
        if not code:
            return None
        station = Station.objects.visible_to(self.user).filter(code=code).first()
        if station is None:
            raise forms.ValidationError(_("No station with this code in your scope."))
        return station

    def clean(self):
        data = super().clean()
        if bool(data.get("region")) == bool(data.get("station")):
            raise forms.ValidationError(_("Choose either a district or a station."))
        return data

    @property
    def amount_fen(self) -> int:
        # 万元 → fen: × 10,000 yuan × 100 fen.
        return int(self.cleaned_data["amount"] * 1_000_000)
