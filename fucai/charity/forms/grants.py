"""Forms of grant programmes: the student's application (portal), staff review steps,
objections, the bank's return file."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import RegionChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.models import Region
from fucai.core.money import yuan_to_fen
from fucai.welfare.models import WelfareProject

from ..choices import GrantDocumentKind, HardshipKind
from .activities import YuanField


class GrantApplicationForm(forms.Form):
    """What the student fills in on a phone."""

    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"), max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label=_("Mobile number"), max_length=11, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    school = forms.CharField(label=_("University"), max_length=100)
    admission_year = forms.IntegerField(
        label=_("Year of admission"), min_value=2000, max_value=2100
    )
    household_region = RegionChoiceField(label=_("Household registration"))
    hardship = forms.ChoiceField(label=_("Hardship certificate"), choices=HardshipKind.choices)
    situation = forms.CharField(
        label=_("Family situation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bank_account = forms.CharField(
        label=_("Bank card number (in your own name)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, application=None, **kwargs):
        if application is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": application.name,
                    "id_number": application.id_number,
                    "phone": application.phone,
                    "school": application.school,
                    "admission_year": application.admission_year,
                    "household_region": application.household_region_id,
                    "hardship": application.hardship,
                    "situation": application.situation,
                    "bank_account": application.bank_account,
                },
            )
        super().__init__(*args, **kwargs)
        # Any county: the conditions decide, not the applicant's staff scope.
        self.fields["household_region"].queryset = Region.objects.filter(level="county")

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class GrantDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=GrantDocumentKind.choices)
    file = forms.FileField(label=_("File (photo or PDF)"))


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Programme"), max_length=100, initial="助圆大学梦")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    project = forms.ModelChoiceField(label=_("Project"), queryset=WelfareProject.objects.none())
    quota = forms.IntegerField(label=_("Number of grants"), min_value=1, max_value=100_000)
    amount = YuanField(label=_("Grant per person (yuan)"))
    opens_on = SaneDateField(
        label=_("Applications open"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    closes_on = SaneDateField(
        label=_("Applications close"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    objection_days = forms.IntegerField(
        label=_("Objection window (days)"), min_value=1, max_value=60, initial=7
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rule_region_prefix = forms.CharField(
        label=_("Household registered under (region code prefix)"),
        max_length=6,
        initial="3303",
        required=False,
    )
    rule_hardship = forms.MultipleChoiceField(
        label=_("Qualifying hardship certificates"),
        choices=HardshipKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = WelfareProject.objects.visible_to(user).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Applications must close after they open."))
        return data

    def rules(self) -> list[tuple[str, dict, str]]:
        data = self.cleaned_data
        rules = [
            (
                "admission_year",
                {"year": data["year"]},
                str(_("Admitted to university in %(year)s")) % {"year": data["year"]},
            )
        ]
        if data.get("rule_region_prefix"):
            rules.append(
                (
                    "household_region",
                    {"region_prefix": data["rule_region_prefix"]},
                    str(_("Household registered in the area")),
                )
            )
        if data.get("rule_hardship"):
            labels = "、".join(str(HardshipKind(k).label) for k in data["rule_hardship"])
            rules.append(
                (
                    "hardship",
                    {"kinds": list(data["rule_hardship"])},
                    str(_("Holds one of: %(kinds)s")) % {"kinds": labels},
                )
            )
        return rules

    def amount_fen(self) -> int:
        return yuan_to_fen(self.cleaned_data["amount"])


class VerifyForm(forms.Form):
    score = forms.DecimalField(
        label=_("Score"),
        min_value=0,
        max_value=1000,
        decimal_places=2,
        max_digits=6,
        required=False,
    )
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ObjectionForm(forms.Form):
    rank = forms.IntegerField(label=_("Number on the list (optional)"), min_value=1, required=False)
    text = forms.CharField(
        label=_("Objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.CharField(label=_("Contact (optional)"), max_length=50, required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), max_length=2000)
    upheld = forms.BooleanField(label=_("Objection upheld: not granted"), required=False)


class ReturnFileForm(forms.Form):
    file = forms.FileField(label=_("The bank's return file (.xlsx)"))
    paid_on = SaneDateField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=datetime.date.today,
    )
