import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ..choices import InspectionKind
from ..models import ChecklistTemplate, InspectionProposal
from ..services.planning import inspector_choices
from ..services.risk import RULE_LABELS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _Districts(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    regions = _Districts(
        label=_("Districts"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every district you plan for."),
    )
    template = ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.none(), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions_visible(user)
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(
            kind=InspectionKind.ANNUAL, is_current=True
        )

    def clean(self):
        data = super().clean()
        year, starts_on = data.get("year"), data.get("starts_on")
        if year and starts_on and starts_on.year != year:
            self.add_error("starts_on", _("The plan must start in its year."))
        if starts_on and data.get("due_on") and data["due_on"] < starts_on:
            self.add_error("due_on", _("The due date is before the start date."))
        return data

    @classmethod
    def initial_for(cls, today: datetime.date) -> dict:
        return {
            "year": today.year,
            "starts_on": today,
            "due_on": datetime.date(today.year, 11, 30)
            if today < datetime.date(today.year, 11, 1)
            else datetime.date(today.year, 12, 31),
        }


class InspectorChoiceField(forms.ChoiceField):
    """Inspectors as (id, "name · unit"), built from a list of users."""

    def __init__(self, *, empty_label=None, **kwargs):
        self.users = {}
        self.empty_label = empty_label
        super().__init__(**kwargs)

    def set_users(self, users):
        self.users = {str(u.pk): u for u in users}
        choices = [(str(u.pk), f"{u} · {u.org_unit or ''}".rstrip(" ·")) for u in users]
        if self.empty_label is not None:
            choices = [("", self.empty_label), *choices]
        self.choices = choices

    def clean(self, value):
        value = super().clean(value)
        return self.users.get(value) if value else None


class RoutinePlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Stations listed below"),
        help_text=_("Every active station of the district, unless codes are listed below."),
    )
    codes = forms.CharField(
        label=_("Station codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line (or separated by spaces or commas)."),
    )
    inspector = InspectorChoiceField(
        label=_("Inspector"),
        required=False,
        empty_label=_("Balanced among the district's inspectors"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = regions_visible(user)
        self.fields["inspector"].set_users(
            inspector_choices(regions_visible(user).values_list("pk", flat=True), every=False)
        )

    def clean(self):
        data = super().clean()
        codes = [c for c in (data.get("codes") or "").replace(",", " ").split() if c]
        stations = Station.objects.visible_to(self.user).filter(status=StationStatus.ACTIVE)
        if codes:
            found = list(stations.filter(code__in=codes).select_related("region"))
            missing = sorted(set(codes) - {s.code for s in found})
            if missing:
                self.add_error(
                    "codes",
                    _("Not an active station in your scope: %(codes)s")
                    % {"codes": ", ".join(missing[:10])},
                )
        elif data.get("region") is not None:
            found = list(stations.filter(region=data["region"]).select_related("region"))
        else:
            found = []
            self.add_error("codes", _("Choose a district or list station codes."))
        if not found and not self.errors:
            self.add_error("region", _("No active station to inspect."))
        data["stations"] = found
        if data.get("starts_on") and data.get("due_on") and data["due_on"] < data["starts_on"]:
            self.add_error("due_on", _("The due date is before the start date."))
        return data


class AdHocForm(forms.Form):
    station = forms.CharField(label=_("Station code"), max_length=12)
    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)
    inspector = InspectorChoiceField(
        label=_("Inspector"),
        required=False,
        empty_label=_("Least loaded inspector of the district"),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["inspector"].set_users(
            inspector_choices(regions_visible(user).values_list("pk", flat=True), every=False)
        )

    def clean_station(self):
        code = self.cleaned_data["station"].strip()
        station = Station.objects.visible_to(self.user).filter(code=code).first()
        if station is None:
            raise ValidationError(_("No station with this code in your scope."))
        return station


class ReassignForm(forms.Form):
    inspector = InspectorChoiceField(label=_("New inspector"))
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].set_users(
            [
                u
                for u in inspector_choices([inspection.station.region_id])
                if u.pk != inspection.inspector_id
            ]
        )


class AcceptForm(forms.Form):
    inspector = InspectorChoiceField(
        label=_("Inspector"),
        required=False,
        empty_label=_("Least loaded inspector of the district"),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].set_users(inspector_choices([proposal.station.region_id]))
        self.fields["due_on"].initial = timezone.localdate() + datetime.timedelta(days=30)


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *InspectionProposal.Status.choices],
    )
    rule = forms.ChoiceField(
        label=_("Rule"), required=False, choices=[("", _("All rules")), *RULE_LABELS.items()]
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("rule"):
            queryset = queryset.filter(rule=data["rule"])
        if data.get("region") is not None:
            queryset = queryset.filter(station__region=data["region"])
        return queryset


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def apply(self, queryset):
        if self.cleaned_data.get("year"):
            queryset = queryset.filter(year=self.cleaned_data["year"])
        return queryset
