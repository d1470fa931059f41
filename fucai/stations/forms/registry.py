from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fucai.core import crypto
from fucai.core.form_fields import (
    ProtectedValueField,
    RegionChoiceField,
    protect,
)
from fucai.core.masking import mask_phone
from fucai.core.scope import regions_visible
from fucai.core.validators import (
    normalize_id_number,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

from .. import numbering
from ..choices import ALLOWED_TRANSITIONS, OwnerKind, StationClass, StationKind, StationStatus
from ..models import Station
from ..selectors.staff import stations_without_certified_seller

# The grading scheme's bands are data (governance); the registry offers the letters the
# center grades with, without a query per page for the distinct values.
GRADE_FILTER_CHOICES = [
    ("", _("All grades")),
    *[(g, g) for g in "ABCD"],
    ("none", _("Not graded")),
]
STAR_FILTER_CHOICES = [
    ("", _("Any stars")),
    *[(str(n), "★" * n) for n in range(1, 6)],
    ("rated", _("Star-rated")),
    ("none", _("Not star-rated")),
    ("provincial", _("Provincial star station")),
]


class StationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Code, name, address or owner")}),
    )
    region = RegionChoiceField(
        label=_("District"),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *StationKind.choices]
    )
    station_class = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("All classes")), *StationClass.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *StationStatus.choices],
    )

    # 持证上岗: active stations with no certified seller on duty (selectors/staff.py).
    staffing = forms.ChoiceField(
        label=_("Sales staff"),
        required=False,
        choices=[("", _("Any staffing")), ("uncertified", _("No certified seller on duty"))],
    )

    # The latest published judgements stored on the station (分类分级 · 星级评定).
    grade = forms.ChoiceField(label=_("Grade"), required=False, choices=GRADE_FILTER_CHOICES)
    stars = forms.ChoiceField(label=_("Stars"), required=False, choices=STAR_FILTER_CHOICES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)

    def apply(self, queryset):
        return apply_station_filters(queryset, **self.cleaned_data)


def apply_station_filters(
    queryset,
    *,
    q="",
    region=None,
    kind="",
    station_class="",
    status="",
    staffing="",
    grade="",
    stars="",
    **_unused,
):
    """The station list filters, shared by the staff list, its export and the API."""
    if grade == "none":
        queryset = queryset.filter(grade="")
    elif grade:
        queryset = queryset.filter(grade=grade)
    if stars == "provincial":
        queryset = queryset.filter(provincial_star_year__isnull=False)
    elif stars == "rated":
        queryset = queryset.filter(stars__gt=0)
    elif stars == "none":
        queryset = queryset.filter(stars=0)
    elif stars:
        queryset = queryset.filter(stars=int(stars))
    if staffing == "uncertified":
        queryset = stations_without_certified_seller(queryset)
    if region is not None:
        queryset = queryset.filter(region=region)
    if kind:
        queryset = queryset.filter(kind=kind)
    if station_class:
        queryset = queryset.filter(station_class=station_class)
    if status:
        queryset = queryset.filter(status=status)
    q = (q or "").strip()
    if q:
        condition = (
            Q(code__startswith=q)
            | Q(name__icontains=q)
            | Q(address__icontains=q)
            | Q(owner__name__icontains=q)
        )
        # An owner's ID number is encrypted; it is searchable by its keyed hash.
        normalized = normalize_id_number(q)
        if len(normalized) == 18:
            condition |= Q(owner__id_number_digest=crypto.blind_index(normalized))
        queryset = queryset.filter(condition)
    return queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StationForm(forms.ModelForm):
    """Station fields plus the owner's identity. On edit the owner's ID number may be
    left blank to keep the one on file (it is never sent back to the browser)."""

    owner_kind = forms.ChoiceField(label=_("Owner type"), choices=OwnerKind.choices)
    owner_name = forms.CharField(label=_("Owner name"), max_length=100)
    owner_id_number = forms.CharField(
        label=_("ID number / credit code"),
        max_length=24,
        required=False,
        help_text=_("18 characters; checked against the national standard."),
    )
    # Personal values are shown masked; the mask submitted unchanged keeps the stored one.
    owner_phone = ProtectedValueField(
        label=_("Owner mobile"), max_length=20, validate=validate_mobile, mask=mask_phone
    )
    contact_phone = ProtectedValueField(
        label=_("Contact phone"),
        max_length=20,
        required=False,
        validate=validate_mobile,
        mask=mask_phone,
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )

    class Meta:
        model = Station
        fields = [
            "code",
            "name",
            "kind",
            "station_class",
            "region",
            "address",
            "latitude",
            "longitude",
            "premises_area",
            "contact_phone",
            "terminal_count",
            "opened_on",
        ]
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)
        owner = self.instance.owner if self.instance.pk else None
        if owner is not None:
            self.fields["owner_kind"].initial = owner.kind
            self.fields["owner_name"].initial = owner.name
            protect(self, "owner_phone", owner.phone)
            # The ID number is never sent back, not even masked in the value: blank keeps it.
            self.fields["owner_id_number"].widget.attrs["placeholder"] = owner.id_number_masked
            self.fields["owner_id_number"].help_text = _(
                "Leave blank to keep the ID number on file."
            )
            self.fields["version"].initial = self.instance.version
            protect(self, "contact_phone", self.instance.contact_phone)
        else:
            self.fields["owner_id_number"].required = True
            self._suggest_code(user)

    def _suggest_code(self, user) -> None:
        """A new station: the code is suggested by the district's numbering rule (and
        refilled by the page when the district changes)."""
        self.fields["code"].help_text = _("Suggested from the district's numbering; check it.")
        if self.is_bound:
            return
        regions = list(self.fields["region"].queryset[:2])
        region = self.initial.get("region") or (regions[0] if len(regions) == 1 else None)
        if region is not None:
            self.initial.setdefault("region", region)
            self.initial.setdefault("code", numbering.next_code(region) or "")

    def clean_owner_id_number(self):
        value = self.cleaned_data["owner_id_number"].strip()
        if not value:
            return ""
        if self.data.get(self.add_prefix("owner_kind")) == OwnerKind.COMPANY:
            return validate_credit_code(value)
        return validate_id_number(value)

    def owner_data(self) -> dict | None:
        data = self.cleaned_data
        owner = self.instance.owner if self.instance.pk else None
        id_number = data["owner_id_number"] or (owner.id_number if owner else "")
        if owner is not None and (
            owner.id_number == id_number
            and owner.name == data["owner_name"]
            and owner.phone == data["owner_phone"]
            and owner.kind == data["owner_kind"]
        ):
            return None
        return {
            "kind": data["owner_kind"],
            "name": data["owner_name"],
            "id_number": id_number,
            "phone": data["owner_phone"],
        }

    def station_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    effective_on = forms.DateField(label=_("Effective date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, station: Station, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS.get(station.status, frozenset())
        self.fields["to_status"].choices = [
            (value, label) for value, label in StationStatus.choices if value in allowed
        ]


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=40)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput())
    deposit = forms.DecimalField(
        label=_("Deposit (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )


class InsuranceForm(forms.Form):
    insurer = forms.CharField(label=_("Insurer"), max_length=100)
    policy_number = forms.CharField(label=_("Policy number"), max_length=50)
    coverage = forms.DecimalField(
        label=_("Coverage (yuan)"), min_value=0, max_digits=14, decimal_places=2
    )
    premium = forms.DecimalField(
        label=_("Premium (yuan)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput())
