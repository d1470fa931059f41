from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible

from ..choices import InspectionKind, InspectionResult, InspectionStatus
from ..models import Inspection


class InspectionFilterForm(forms.Form):
    """The filters of the inspection list (and of its Excel export)."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Inspection kind"),
        required=False,
        choices=[("", _("All kinds")), *InspectionKind.choices],
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    station = forms.CharField(
        label=_("Station"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Code or name")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *InspectionStatus.choices],
    )
    inspector = ModelChoiceField(
        label=_("Inspector"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("All inspectors"),
    )
    result = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", _("All results")), *InspectionResult.choices],
    )

    def __init__(self, *args, user=None, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = queryset if queryset is not None else Inspection.objects.visible_to(user)
        years = sorted(set(visible.values_list("year", flat=True).distinct()), reverse=True)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["region"].queryset = regions_visible(user)
        self.fields["inspector"].queryset = (
            get_user_model().objects.filter(pk__in=visible.values("inspector")).order_by("username")
        )

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("region") is not None:
            queryset = queryset.filter(station__region=data["region"])
        station = (data.get("station") or "").strip()
        if station:
            queryset = queryset.filter(
                Q(station__code__startswith=station) | Q(station__name__icontains=station)
            )
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("inspector") is not None:
            queryset = queryset.filter(inspector=data["inspector"])
        if data.get("result"):
            queryset = queryset.filter(result=data["result"])
        return queryset


class InspectionCancelForm(forms.Form):
    cancel_reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )
