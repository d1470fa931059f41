"""Forms of the facilities pages. Amounts are typed in yuan and cleaned to fen."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import RegionChoiceField
from fucai.core.money import yuan_to_fen

from .choices import PROJECT_TRANSITIONS, ProjectStatus, ServiceKind, Tenure


class YuanField(forms.DecimalField):
    """An amount typed in yuan, cleaned to integer fen (at least one fen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else yuan_to_fen(amount)


class ServiceStationForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=200)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=100)
    phone = forms.CharField(label=_("Public phone"), max_length=30, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=-180,
        max_value=180,
    )
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=ServiceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opened_on = forms.DateField(
        label=_("Opened on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    head = forms.ModelChoiceField(label=_("Head"), queryset=None, required=False)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fucai.core.models import User

        self.fields["head"].queryset = staff if staff is not None else User.objects.none()
        self.fields["head"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return data


class ServiceStationCreateForm(ServiceStationForm):
    """Opening a service station: its name and district, then the public profile (the
    head is chosen once it has staff)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    region = RegionChoiceField(label=_("District"))
    field_order = ["name", "region"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["head"]
        self.fields["region"].limit_to(user)
        self.order_fields(self.field_order)


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    region = RegionChoiceField(label=_("District"))
    budget_fen = YuanField(label=_("Budget (yuan)"))
    started_on = forms.DateField(
        label=_("Started on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)


class PremisesForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    region = RegionChoiceField(label=_("District"))
    unit = forms.ModelChoiceField(label=_("Houses"), queryset=None, required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    floor_area_m2 = forms.DecimalField(
        label=_("Floor area (m²)"), max_digits=9, decimal_places=2, min_value=Decimal("0.01")
    )
    tenure = forms.ChoiceField(label=_("Tenure"), choices=Tenure.choices)
    lease_ends_on = forms.DateField(
        label=_("Lease ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    acquired_on = forms.DateField(
        label=_("Acquired on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fucai.core.models import OrgUnit

        from .models import ServiceStation

        self.fields["region"].limit_to(user)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            pk__in=ServiceStation.objects.visible_to(user).values("unit")
        )


class PaymentForm(forms.Form):
    amount_fen = YuanField(label=_("Amount (yuan)"))
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    payee = forms.CharField(label=_("Payee"), max_length=100)
    voucher_no = forms.CharField(label=_("Voucher number"), max_length=40)

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A payment cannot be dated in the future."))
        return day


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
    paid_on = forms.DateField(
        label=_("Reversed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=ProjectStatus.choices)
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)

    def __init__(self, *args, status=None, **kwargs):
        super().__init__(*args, **kwargs)
        if status is not None:
            allowed = PROJECT_TRANSITIONS.get(status, frozenset())
            self.fields["to"].choices = [c for c in ProjectStatus.choices if c[0] in allowed]
