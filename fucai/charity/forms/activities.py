"""Forms of the activities topic."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField, RegionChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.money import yuan_to_fen
from fucai.welfare.models import WelfareProject

from ..choices import ActivityStatus, BenefitKind, ParticipantKind
from ..models import ActivitySeries, CharityActivity


def year_field():
    return forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class ActivityFilterForm(forms.Form):
    year = year_field()
    series = ModelChoiceField(
        label=_("Series"),
        queryset=ActivitySeries.objects.none(),
        required=False,
        empty_label=_("All series"),
    )
    region = RegionChoiceField(
        label=_("District"), required=False, to_field_name="code", empty_label=_("All districts")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ActivityStatus.choices],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = ActivitySeries.objects.all()
        self.fields["region"].limit_to(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("year"):
            queryset = queryset.filter(held_on__year=data["year"])
        if data.get("series"):
            queryset = queryset.filter(series=data["series"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("q"):
            queryset = queryset.filter(title__icontains=data["q"])
        return queryset


class YuanField(forms.DecimalField):
    """An amount typed in yuan (two places), handed on in fen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_fen(self, value) -> int:
        return yuan_to_fen(value or 0)


class ActivityForm(forms.Form):
    series = ModelChoiceField(label=_("Series"), queryset=ActivitySeries.objects.none())
    project = ModelChoiceField(label=_("Project"), queryset=WelfareProject.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    held_on = SaneDateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    region = RegionChoiceField(label=_("District"))
    place = forms.CharField(label=_("Place"), max_length=100)
    organizers = forms.CharField(label=_("Organizers"), max_length=200)
    spending = YuanField(label=_("Spending (yuan)"), required=False)
    story = forms.CharField(
        label=_("Public story"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the portal. Never name a person helped without consent."),
    )

    def __init__(self, *args, user=None, activity: CharityActivity | None = None, **kwargs):
        if activity is not None:
            kwargs.setdefault(
                "initial",
                {
                    "series": activity.series_id,
                    "project": activity.project_id,
                    "title": activity.title,
                    "held_on": activity.held_on,
                    "region": activity.region_id,
                    "place": activity.place,
                    "organizers": activity.organizers,
                    "spending": Decimal(activity.spending_fen) / 100,
                    "story": activity.story,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = ActivitySeries.objects.all()
        self.fields["project"].queryset = WelfareProject.objects.visible_to(user).order_by("name")
        self.fields["region"].limit_to(user)
        if activity is not None and (activity.programme_id or activity.status != "planned"):
            self.fields["spending"].disabled = True

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {k: data[k] for k in ("series", "project", "title", "held_on", "region")}
        fields.update(place=data["place"], organizers=data["organizers"], story=data["story"])
        if not self.fields["spending"].disabled:
            fields["spending_fen"] = yuan_to_fen(data.get("spending") or 0)
        return fields


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Taking part as"), choices=ParticipantKind.choices)
    name = forms.CharField(label=_("Name"), max_length=50)
    capacity = forms.CharField(label=_("Capacity"), max_length=50, required=False)
    hours = forms.DecimalField(
        label=_("Volunteer hours"),
        min_value=0,
        max_value=24,
        decimal_places=1,
        max_digits=4,
        required=False,
    )


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)
    public = forms.BooleanField(
        label=_("Show on the portal (no identifiable person helped without consent)"),
        required=False,
    )


class BenefitForm(forms.Form):
    """One person helped at an activity: found by ID number or registered."""

    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    region = RegionChoiceField(label=_("District"))
    kind = forms.ChoiceField(label=_("Kind"), choices=BenefitKind.choices)
    amount = YuanField(label=_("Value (yuan)"), required=False)
    description = forms.CharField(label=_("What was given"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)
