"""Forms of the sales staff registry and of certificates."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import crypto
from fucai.core.form_fields import RegionChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.validators import normalize_id_number, validate_id_number, validate_mobile

from .. import selectors
from ..choices import AssignmentEnd, CertificateStatus, StaffRole, StationStatus
from ..models import StaffAssignment, Station
from .registry import DateInput

CERTIFICATE_FILTER_CHOICES = [
    ("", _("Any certificate status")),
    (CertificateStatus.VALID, _("Valid")),
    (CertificateStatus.EXPIRING, _("Expiring soon")),
    (CertificateStatus.EXPIRED, _("Expired")),
    (selectors.NO_CERTIFICATE, _("No certificate")),
]


class StaffFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("Name or ID number")}),
    )
    region = RegionChoiceField(
        label=_("District"), required=False, to_field_name="code", empty_label=_("All districts")
    )
    station = forms.CharField(
        label=_("Station code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    certificate = forms.ChoiceField(
        label=_("Certificate"), required=False, choices=CERTIFICATE_FILTER_CHOICES
    )
    duty = forms.ChoiceField(
        label=_("On duty"),
        required=False,
        choices=[("", _("On duty today")), ("all", _("Everyone, former staff included"))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)

    def apply(self, queryset):
        data = self.cleaned_data
        today = timezone.localdate()
        current = StaffAssignment.objects.current(today).filter(staff=OuterRef("pk"))
        at = (
            current
            if data.get("duty") != "all"
            else StaffAssignment.objects.filter(staff=OuterRef("pk"))
        )
        if data.get("region") is not None:
            at = at.filter(station__region=data["region"])
        if data.get("station"):
            at = at.filter(station__code=data["station"].strip())
        queryset = queryset.filter(Exists(at))
        if data.get("certificate"):
            queryset = selectors.filter_certificate_status(queryset, data["certificate"], today)
        q = (data.get("q") or "").strip()
        if q:
            condition = Q(name__icontains=q)
            normalized = normalize_id_number(q)
            if len(normalized) == 18:
                condition |= Q(id_number_digest=crypto.blind_index(normalized))
            queryset = queryset.filter(condition)
        return queryset


def _stations_for_register(user):
    return (
        Station.objects.visible_to(user)
        .exclude(status=StationStatus.CLOSED)
        .only("id", "code", "name")
        .order_by("code")
    )


class StationCodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class StaffRegisterForm(forms.Form):
    """Register a person at a station: phone-sized, one column."""

    station = StationCodeChoiceField(
        label=_("Works at station"), queryset=Station.objects.none(), to_field_name="code"
    )
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices, initial=StaffRole.SELLER)
    name = forms.CharField(label=_("Full name"), max_length=50)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=24,
        help_text=_("18 characters; checked against the national standard."),
    )
    phone = forms.CharField(
        label=_("Mobile"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    starts_on = SaneDateField(label=_("Works there since"), widget=DateInput())
    invite = forms.BooleanField(
        label=_("Create a login and send an invitation by SMS"), required=False, initial=True
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = _stations_for_register(user)
        self.fields["starts_on"].initial = timezone.localdate()

    def clean_id_number(self):
        return validate_id_number(self.cleaned_data["id_number"])

    def clean_phone(self):
        return validate_mobile(self.cleaned_data["phone"])


class TransferForm(forms.Form):
    to_station = forms.CharField(
        label=_("To station (code)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    on = SaneDateField(label=_("Works there from"), widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["on"].initial = timezone.localdate()

    def clean_to_station(self):
        code = self.cleaned_data["to_station"].strip()
        station = Station.objects.visible_to(self.user).filter(code=code).first()
        if station is None:
            raise forms.ValidationError(
                _("No station with code %(code)s in your data scope.") % {"code": code}
            )
        return station


class AssignmentEndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (AssignmentEnd.LEFT, AssignmentEnd.LEFT.label),
            (AssignmentEnd.STATION_CLOSED, AssignmentEnd.STATION_CLOSED.label),
        ],
    )
    ends_on = SaneDateField(label=_("Last working day"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate()


class CertificateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("Certificate number or holder")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *CertificateStatus.choices],
    )
    region = RegionChoiceField(
        label=_("District"), required=False, to_field_name="code", empty_label=_("All districts")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.status(data["status"])
        if data.get("region") is not None:
            today = timezone.localdate()
            queryset = queryset.filter(
                Exists(
                    StaffAssignment.objects.current(today).filter(
                        staff=OuterRef("holder"), station__region=data["region"]
                    )
                )
            )
        q = (data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(Q(number__iexact=q) | Q(holder__name__icontains=q))
        return queryset


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )
