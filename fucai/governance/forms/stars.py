"""Forms of the star-rating round (星级评定)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible

from ..choices import ProvincialStatus, SiteCheckResult, StarStatus
from .visits import year_field

STAR_CHOICES = [(n, "★" * n) for n in range(1, 6)]


# A browser date field reads and writes ISO dates only.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class StarFilterForm(forms.Form):
    year = year_field()
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *StarStatus.choices]
    )
    provincial = forms.ChoiceField(
        label=_("Provincial star"),
        required=False,
        choices=[("", _("All")), *ProvincialStatus.choices],
    )
    q = forms.CharField(label=_("Station code"), required=False, max_length=20)

    def __init__(self, *args, user=None, default_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)
        self.default_year = default_year

    def apply(self, queryset):
        data = self.cleaned_data
        year = data.get("year") or self.default_year
        if year:
            queryset = queryset.filter(round__year=year)
        if data.get("region"):
            queryset = queryset.filter(station__region=data["region"])
        for name in ("status", "provincial"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("q"):
            queryset = queryset.filter(station__code__startswith=data["q"].strip())
        return queryset


class RoundOpenForm(forms.Form):
    year = year_field(required=True)
    apply_from = forms.DateField(label=_("Applications from"), widget=DATE)
    apply_until = forms.DateField(label=_("Applications until"), widget=DATE)
    appeal_days = forms.IntegerField(
        label=_("Days to appeal after publication"), min_value=1, max_value=90, initial=15
    )


class StarApplyForm(forms.Form):
    """The self-assessment: points and a note per criterion of the round's scheme, the
    stars applied for and evidence photos (per criterion)."""

    stars_applied = forms.TypedChoiceField(
        label=_("Stars applied for"), choices=STAR_CHOICES, coerce=int
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"points_{c['code']}"] = forms.IntegerField(
                label=c["label"], min_value=0, max_value=100, required=False
            )
            self.fields[f"note_{c['code']}"] = forms.CharField(
                label=_("Note"), max_length=500, required=False
            )

    def rows(self):
        return [(c, self[f"points_{c['code']}"], self[f"note_{c['code']}"]) for c in self.criteria]

    def assessment(self) -> dict:
        data = self.cleaned_data
        return {
            c["code"]: {"points": data[f"points_{c['code']}"], "note": data[f"note_{c['code']}"]}
            for c in self.criteria
            if data.get(f"points_{c['code']}") is not None
        }


class DistrictReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("pass", _("Pass on to the city")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    stars = forms.TypedChoiceField(
        label=_("Stars proposed"), choices=STAR_CHOICES, coerce=int, required=False
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CityReviewForm(forms.Form):
    site_checked_on = forms.DateField(label=_("Site checked on"), widget=DATE)
    site_check = forms.ChoiceField(label=_("Site check"), choices=SiteCheckResult.choices)
    site_check_notes = forms.CharField(
        label=_("Site check notes"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    stars = forms.TypedChoiceField(
        label=_("Stars"), choices=STAR_CHOICES, coerce=int, required=False
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the stars differ from the computed ones."),
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for appealing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant the appeal")), ("dismiss", _("Dismiss the appeal"))],
        widget=forms.RadioSelect,
    )
    stars = forms.TypedChoiceField(
        label=_("Stars"), choices=STAR_CHOICES, coerce=int, required=False
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominateForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProvinceDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The province's decision"),
        choices=[("approve", _("Approved")), ("reject", _("Rejected"))],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EvidenceForm(forms.Form):
    """A photo added to a criterion of a submitted self-assessment."""

    criterion = forms.ChoiceField(label=_("Criterion"))
    photo = forms.FileField(
        label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c["code"], c["label"]) for c in criteria]
