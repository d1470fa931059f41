"""Forms of the visits topic."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.models import OrgUnit, Region
from fucai.core.scope import regions_visible
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ..choices import VisitGroup
from ..models import VisitPurpose
from ..selectors.visits import VISITING_KINDS, plan_units

FOLLOW_UP_ROWS = 3
_month_label = lazy(lambda m: _("Month %(m)s") % {"m": m}, str)
MONTH_CHOICES = [(m, _month_label(m)) for m in range(1, 13)]


def year_field(required=False):
    return forms.IntegerField(label=_("Year"), required=required, min_value=2000, max_value=2100)


class VisitFilterForm(forms.Form):
    year = year_field()
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All months")), *MONTH_CHOICES],
    )
    org_unit = ModelChoiceField(
        label=_("Department"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    station = forms.CharField(label=_("Station code"), required=False, max_length=20)
    purpose = ModelChoiceField(
        label=_("Purpose"),
        queryset=VisitPurpose.objects.none(),
        required=False,
        empty_label=_("All purposes"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(kind__in=VISITING_KINDS).order_by(
            "kind", "name"
        )
        self.fields["region"].queryset = regions_visible(user)
        self.fields["purpose"].queryset = VisitPurpose.objects.all()

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("year"):
            queryset = queryset.filter(visited_on__year=data["year"])
        if data.get("month"):
            queryset = queryset.filter(visited_on__month=data["month"])
        if data.get("org_unit"):
            queryset = queryset.filter(org_unit=data["org_unit"])
        if data.get("region"):
            queryset = queryset.filter(station__region=data["region"])
        if data.get("station"):
            queryset = queryset.filter(station__code=data["station"].strip())
        if data.get("purpose"):
            queryset = queryset.filter(purposes=data["purpose"])
        return queryset


class PurposeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class VisitForm(forms.Form):
    """Log a visit: the station (by code, within the user's scope), the date, purposes,
    what was found and what help was given, and up to three follow-ups."""

    station = forms.CharField(
        label=_("Station code"),
        max_length=20,
        widget=forms.TextInput(attrs={"list": "station-codes", "autocomplete": "off"}),
    )
    visited_on = SaneDateField(
        label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    purposes = PurposeChoiceField(
        label=_("Purposes"),
        queryset=VisitPurpose.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(
        label=_("Found on the visit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    help_given = forms.CharField(
        label=_("Help given"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["purposes"].queryset = VisitPurpose.objects.filter(active=True)
        for i in range(FOLLOW_UP_ROWS):
            self.fields[f"follow_up_{i}"] = forms.CharField(
                label=_("Follow-up"), required=False, max_length=200
            )
            self.fields[f"follow_up_{i}_due"] = SaneDateField(
                label=_("Due date"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
        self.initial.setdefault("visited_on", timezone.localdate())

    def stations(self):
        """The operating stations the user may visit, for the code picker."""
        return (
            Station.objects.visible_to(self.user)
            .filter(
                status__in=(StationStatus.ACTIVE, StationStatus.RECTIFYING, StationStatus.SUSPENDED)
            )
            .order_by("code")
            .values_list("code", "name")
        )

    def clean_station(self):
        code = self.cleaned_data["station"].strip()
        station = Station.objects.visible_to(self.user).filter(code=code).first()
        if station is None:
            raise forms.ValidationError(_("No station with this code in your scope."))
        return station

    def clean(self):
        data = super().clean()
        follow_ups = []
        for i in range(FOLLOW_UP_ROWS):
            text, due = data.get(f"follow_up_{i}", ""), data.get(f"follow_up_{i}_due")
            if text and not due:
                self.add_error(f"follow_up_{i}_due", _("Give the follow-up a due date."))
            elif due and not text:
                self.add_error(f"follow_up_{i}", _("Describe the follow-up."))
            elif text:
                follow_ups.append((text, due))
        data["follow_ups"] = follow_ups
        return data

    def follow_up_rows(self):
        return [(self[f"follow_up_{i}"], self[f"follow_up_{i}_due"]) for i in range(FOLLOW_UP_ROWS)]


class FollowUpDoneForm(forms.Form):
    done_note = forms.CharField(label=_("Result"), required=False, max_length=200)


class PurposeCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    group = forms.ChoiceField(label=_("Group"), choices=VisitGroup.choices)


class PurposeEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    active = forms.BooleanField(label=_("In use"), required=False)


class VisitPlanForm(forms.Form):
    """A department's planned visits for one month, or every month of the year."""

    org_unit = ModelChoiceField(label=_("Department"), queryset=OrgUnit.objects.none())
    year = year_field(required=True)
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Every month of the year")), *MONTH_CHOICES],
    )
    planned_visits = forms.IntegerField(label=_("Planned visits"), min_value=0, max_value=10000)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = plan_units(user).order_by("kind", "name")

    def months(self) -> list[int]:
        month = self.cleaned_data.get("month")
        return [month] if month else list(range(1, 13))


class PlanYearForm(forms.Form):
    year = year_field()
