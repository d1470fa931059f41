"""Forms of the beneficiary registry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import RegionChoiceField
from fucai.core.forms import SaneDateField
from fucai.welfare.choices import FundCategory


class BeneficiaryFilterForm(forms.Form):
    region = RegionChoiceField(
        label=_("District"), required=False, to_field_name="code", empty_label=_("All districts")
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *FundCategory.choices],
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("q"):
            queryset = queryset.filter(name__startswith=data["q"])
        return queryset


class BeneficiaryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    phone = forms.CharField(label=_("Phone"), max_length=11, required=False)
    region = RegionChoiceField(label=_("District"))
    category = forms.ChoiceField(label=_("Category"), choices=FundCategory.choices)
    situation = forms.CharField(
        label=_("Situation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_to_publish = forms.BooleanField(label=_("Consents to publication"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(label=_("Consents to publication"), required=False)
    recorded_on = SaneDateField(
        label=_("Consent recorded on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("Number of the duplicate record"), min_value=1, max_value=2**63 - 1
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
