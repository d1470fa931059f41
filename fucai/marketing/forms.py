"""Forms of the marketing pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.forms import SaneDateField
from fucai.core.money import yuan_to_fen
from fucai.core.scope import regions_visible
from fucai.sales.choices import GameType
from fucai.sales.models import Game
from fucai.stations.choices import StationClass, StationKind
from fucai.stations.models import Station

from .choices import CampaignKind, CampaignStatus, MaterialKind, OrderStatus, RequestStatus
from .models import Campaign, Material


def _date(label):
    return SaneDateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class CampaignFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Campaign type"),
        required=False,
        choices=[("", _("All types")), *CampaignKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *CampaignStatus.choices],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("year"):
            queryset = queryset.filter(starts_on__year=data["year"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        return queryset


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Campaign name"), max_length=100)
    kind = forms.ChoiceField(label=_("Campaign type"), choices=CampaignKind.choices)
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"))
    regions = forms.ModelMultipleChoiceField(
        label=_("Districts"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    games = forms.ModelMultipleChoiceField(
        label=_("Games"), queryset=Game.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    budget = forms.DecimalField(
        label=_("Budget (yuan)"), min_value=Decimal("0"), max_digits=14, decimal_places=2
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Promotional materials"),
        queryset=Material.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user=None, campaign: Campaign | None = None, **kwargs):
        if campaign is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": campaign.name,
                    "kind": campaign.kind,
                    "starts_on": campaign.starts_on,
                    "ends_on": campaign.ends_on,
                    "regions": list(campaign.regions.all()),
                    "games": list(campaign.games.all()),
                    "budget": Decimal(campaign.budget_fen) / 100,
                    "materials": list(campaign.materials.all()),
                    "description": campaign.description,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions_visible(user).order_by("code")
        self.fields["games"].queryset = Game.objects.filter(active=True).order_by("sort_order")
        self.fields["materials"].queryset = Material.objects.filter(active=True)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "budget_fen": yuan_to_fen(data["budget"]),
            "regions": list(data["regions"]),
            "games": list(data["games"]),
            "materials": list(data["materials"]),
            "description": data["description"],
        }


class StationPickForm(forms.Form):
    """Pick participating stations in bulk: every active station of the campaign's
    districts matching the filters, and/or a list of station codes."""

    region = forms.ModelChoiceField(
        label=_("District"),
        queryset=None,
        required=False,
        empty_label=_("All the campaign's districts"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *StationKind.choices]
    )
    station_class = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("All classes")), *StationClass.choices]
    )
    share = forms.IntegerField(
        label=_("Share of matching stations (%)"),
        min_value=1,
        max_value=100,
        initial=100,
        required=False,
        help_text=_("Every n-th station by code, so that the others can serve as controls."),
    )
    codes = forms.CharField(
        label=_("Station codes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by spaces, commas or lines; used instead of the filters."),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["region"].queryset = campaign.regions.all()

    def stations(self, user) -> list[Station]:
        from fucai.stations.choices import StationStatus

        data = self.cleaned_data
        queryset = Station.objects.visible_to(user).filter(status=StationStatus.ACTIVE)
        if data.get("codes"):
            codes = {c for c in data["codes"].replace(",", " ").replace("，", " ").split() if c}
            found = list(queryset.filter(code__in=codes).order_by("code"))
            missing = codes - {s.code for s in found}
            if missing:
                raise forms.ValidationError(
                    _("Unknown or inactive stations: %(codes)s")
                    % {"codes": ", ".join(sorted(missing)[:20])}
                )
            return found
        queryset = queryset.filter(region__in=self.campaign.regions.all())
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("station_class"):
            queryset = queryset.filter(station_class=data["station_class"])
        stations = list(queryset.order_by("code").only("pk", "code", "region_id", "status"))
        share = data.get("share") or 100
        if share < 100:
            # Evenly spread: keep station i when floor(i·share/100) moves on.
            stations = [
                s for i, s in enumerate(stations) if (i * share) // 100 != ((i + 1) * share) // 100
            ]
        return stations


class MaterialForm(forms.Form):
    name = forms.CharField(label=_("Material name"), max_length=100)
    kind = forms.ChoiceField(label=_("Material type"), choices=MaterialKind.choices)
    unit = forms.CharField(label=_("Unit"), max_length=10, initial="件")


class StockForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=-100000, max_value=100000)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class MaterialRequestForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Betting station"), queryset=None)
    material = forms.ModelChoiceField(label=_("Material"), queryset=None)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10000)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.visible_to(user).order_by("code")
        self.fields["material"].queryset = Material.objects.visible_to(user).filter(active=True)


class TicketOrderForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Betting station"), queryset=None)
    game = forms.ModelChoiceField(label=_("Game"), queryset=None)
    books = forms.IntegerField(label=_("Books"), min_value=1, max_value=500)
    book_value = forms.DecimalField(
        label=_("Face value per book (yuan)"),
        min_value=Decimal("1"),
        max_digits=10,
        decimal_places=2,
        initial=Decimal("300"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.visible_to(user).order_by("code")
        self.fields["game"].queryset = Game.objects.filter(game_type=GameType.INSTANT, active=True)


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *RequestStatus.choices]
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def apply(self, queryset):
        if self.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset


class OrderFilterForm(RequestFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *OrderStatus.choices]
    )
