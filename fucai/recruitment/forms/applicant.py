"""The applicant's online form (portal) and the document upload form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ProtectedValueField, protect
from fucai.core.masking import mask_phone
from fucai.core.models import Region
from fucai.core.validators import age_on, id_number_birth_date, validate_id_number, validate_mobile

from ..choices import DocumentKind, Education, IntendedClass, Tenure
from ..constants import APPLICATION_FIELDS
from ..models import Application, RecruitmentCall


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# Sections of the form, in order, for the template: (title, hint, field names).
SECTIONS = [
    (
        _("About you"),
        _("As written on your resident ID card."),
        ["name", "id_number", "education", "resides_in_region"],
    ),
    (_("How we reach you"), _("We send every progress update here."), ["phone", "email"]),
    (
        _("The premises"),
        _("Where the station would be. Tap the map to mark the exact spot."),
        ["region", "address", "area", "tenure", "lease_ends_on"],
    ),
    (_("Your station"), "", ["intended_class", "experience"]),
]


class ApplicationForm(forms.Form):
    """Every field of an application. On a saved application the ID number and the
    phone are shown masked and kept when left unchanged (they are never sent back)."""

    name = forms.CharField(label=_("Full name"), max_length=50)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=24,
        help_text=_("18 characters; your age is worked out from it."),
    )
    education = forms.ChoiceField(label=_("Highest education"), choices=Education.choices)
    resides_in_region = forms.BooleanField(
        label=_("I live in the district of the premises"), required=False
    )
    phone = ProtectedValueField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        validate=validate_mobile,
        mask=mask_phone,
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    region = forms.ModelChoiceField(
        label=_("District"), queryset=Region.objects.none(), to_field_name="code"
    )
    address = forms.CharField(
        label=_("Address of the premises"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    latitude = forms.DecimalField(
        max_digits=9, decimal_places=6, widget=forms.HiddenInput, required=False
    )
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, widget=forms.HiddenInput, required=False
    )
    area = forms.DecimalField(
        label=_("Floor area (m²)"),
        min_value=1,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    tenure = forms.ChoiceField(
        label=_("The premises are"), choices=Tenure.choices, widget=forms.RadioSelect
    )
    lease_ends_on = forms.DateField(label=_("Lease ends on"), required=False, widget=DateInput())
    intended_class = forms.ChoiceField(
        label=_("Kind of station"),
        choices=IntendedClass.choices,
        widget=forms.RadioSelect,
        help_text=_("Dedicated: lottery only. Combined: alongside your existing shop."),
    )
    experience = forms.CharField(
        label=_("Experience (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Retail or lottery experience, in a few lines."),
    )

    def __init__(self, *args, call: RecruitmentCall, application: Application | None = None, **kw):
        super().__init__(*args, **kw)
        self.call = call
        self.application = application
        self.fields["region"].queryset = Region.objects.filter(
            pk__in=call.quotas.filter(quota__gt=0).values("region")
        ).order_by("sort_order", "code")
        if application is not None:
            for name in APPLICATION_FIELDS:
                if name not in {"id_number", "phone", "region"}:  # protected, or a code
                    self.fields[name].initial = getattr(application, name)
            self.fields["region"].initial = application.region.code
            self.fields["id_number"].required = False
            self.fields["id_number"].widget.attrs["placeholder"] = application.id_number_masked
            self.fields["id_number"].help_text = _("Leave blank to keep the number on file.")
            protect(self, "phone", application.phone)

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip()
        if not value and self.application is not None:
            value = self.application.id_number
        value = validate_id_number(value)
        age = age_on(id_number_birth_date(value), timezone.localdate())
        if not self.call.min_age <= age <= self.call.max_age:
            raise ValidationError(
                _("Applicants must be %(min)d to %(max)d years old; you are %(age)d.")
                % {"min": self.call.min_age, "max": self.call.max_age, "age": age},
                code="age",
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("latitude") is None or data.get("longitude") is None:
            self.add_error(None, _("Mark the premises on the map (tap the spot) before saving."))
        if data.get("tenure") == Tenure.LEASED:
            ends = data.get("lease_ends_on")
            if ends is None:
                self.add_error("lease_ends_on", _("Enter when the lease ends."))
            elif ends <= timezone.localdate():
                self.add_error("lease_ends_on", _("The lease has already ended."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data.get(name) for name in APPLICATION_FIELDS}
        if data["tenure"] != Tenure.LEASED:
            fields["lease_ends_on"] = None
        return fields


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A photo (JPEG or PNG) or a PDF scan, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
