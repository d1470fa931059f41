"""Forms of the violation pages: the list's filters, recording one, the penalty table."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.models import Region
from fucai.core.money import yuan_to_fen
from fucai.core.scope import regions_visible
from fucai.stations.models import Station

from ..choices import Penalty, Severity, ViolationSource, ViolationType
from ..models import Inspection
from .rectifications import MultipleImageField


class ViolationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Station code or name")}),
    )
    violation_type = forms.ChoiceField(
        label=_("Violation type"),
        required=False,
        choices=[("", _("All types")), *ViolationType.choices],
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All sources")), *ViolationSource.choices],
    )
    penalty = forms.ChoiceField(
        label=_("Penalty"), required=False, choices=[("", _("All penalties")), *Penalty.choices]
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    date_from = SaneDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = SaneDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)

    def apply(self, queryset):
        data = self.cleaned_data
        for name in ("violation_type", "source", "penalty"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("region") is not None:
            queryset = queryset.filter(station__region=data["region"])
        if data.get("date_from"):
            queryset = queryset.filter(occurred_on__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(occurred_on__lte=data["date_to"])
        q = (data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(
                Q(station__code__startswith=q) | Q(station__name__icontains=q)
            )
        return queryset


class ViolationForm(forms.Form):
    station = forms.CharField(label=_("Station code"), max_length=8)
    violation_type = forms.ChoiceField(label=_("Violation type"), choices=ViolationType.choices)
    source = forms.ChoiceField(label=_("Source"), choices=ViolationSource.choices)
    inspection = forms.IntegerField(label=_("Inspection"), required=False, widget=forms.HiddenInput)
    source_reference = forms.CharField(
        label=_("Complaint or report reference"), max_length=50, required=False
    )
    occurred_on = SaneDateField(
        label=_("Occurred on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    evidence = MultipleImageField(label=_("Evidence (photos or PDF)"), required=False)
    rectification_requirement = forms.CharField(
        label=_("Rectification required (leave empty for none)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    rectification_severity = forms.ChoiceField(
        label=_("Rectification severity"), choices=Severity.choices, initial=Severity.MAJOR
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["evidence"].widget.attrs["accept"] = "image/jpeg,image/png,application/pdf"

    def clean_station(self):
        code = self.cleaned_data["station"].strip()
        station = Station.objects.visible_to(self.user).filter(code=code).first()
        if station is None:
            raise forms.ValidationError(_("No station with this code in your districts."))
        return station

    def clean_inspection(self):
        pk = self.cleaned_data.get("inspection")
        if not pk:
            return None
        inspection = Inspection.objects.visible_to(self.user).filter(pk=pk).first()
        if inspection is None:
            raise forms.ValidationError(_("No such inspection in your districts."))
        return inspection


class PenaltyRuleForm(forms.Form):
    penalty = forms.ChoiceField(label=_("Penalty"), choices=Penalty.choices)
    fine_yuan = forms.DecimalField(
        label=_("Fine (yuan)"),
        min_value=Decimal(0),
        max_value=Decimal(1_000_000),
        decimal_places=2,
        required=False,
    )
    suspension_days = forms.IntegerField(
        label=_("Suspension days"), min_value=0, max_value=365, required=False
    )

    def clean(self):
        data = super().clean()
        data["fine_fen"] = yuan_to_fen(data.get("fine_yuan") or Decimal(0))
        data["suspension_days"] = data.get("suspension_days") or 0
        return data


class PenaltyRuleAddForm(PenaltyRuleForm):
    violation_type = forms.ChoiceField(label=_("Violation type"), choices=ViolationType.choices)
