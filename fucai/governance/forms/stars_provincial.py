"""Forms of the provincial step of the star round (省级星级站点): the filters of the
city-starred list to nominate from, the nomination of the stations picked, and the
province's reply (per station or for the whole list)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible

from ..constants import PROVINCIAL_MIN_STARS
from .stars import DATE

MIN_STAR_CHOICES = [
    ("", _("Any stars")),
    *[(n, "★" * n) for n in range(PROVINCIAL_MIN_STARS, 6)],
]


class StationPickField(forms.TypedMultipleChoiceField):
    """The stations ticked in a list: station ids, checked against the list shown by
    the service (a station outside it fails the whole submission)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class CandidateFilterForm(forms.Form):
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    stars = forms.TypedChoiceField(
        label=_("City stars"), required=False, choices=MIN_STAR_CHOICES, coerce=int
    )
    min_score = forms.DecimalField(
        label=_("Score at least"), required=False, min_value=0, max_value=100, decimal_places=1
    )
    q = forms.CharField(label=_("Station code"), required=False, max_length=20)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("region"):
            queryset = queryset.filter(station__region=data["region"])
        if data.get("stars"):
            queryset = queryset.filter(stars=data["stars"])
        if data.get("min_score") is not None:
            queryset = queryset.filter(score__gte=data["min_score"])
        if (data.get("q") or "").strip():
            queryset = queryset.filter(station__code__startswith=data["q"].strip())
        return queryset


class NominateManyForm(forms.Form):
    station = StationPickField(
        label=_("Stations"),
        error_messages={"required": _("Tick at least one station to nominate.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class ProvinceReplyForm(forms.Form):
    """The province's reply: the stations it approved (ticked), the day of its reply,
    and what becomes of the nominations not ticked."""

    station = StationPickField(label=_("Approved stations"), required=False)
    decided_on = forms.DateField(label=_("The province replied on"), widget=DATE)
    others = forms.ChoiceField(
        label=_("The stations not ticked"),
        choices=[
            ("reject", _("Rejected by the province")),
            ("wait", _("Still awaiting the province")),
        ],
        initial="reject",
        widget=forms.RadioSelect,
    )
    comment_approved = forms.CharField(
        label=_("Comment on the approved"), required=False, max_length=1000
    )
    comment_rejected = forms.CharField(
        label=_("Comment on the rejected"), required=False, max_length=1000
    )

    def clean(self):
        data = super().clean()
        if data.get("others") == "wait" and not data.get("station"):
            self.add_error("station", _("Tick the stations the province approved."))
        return data
