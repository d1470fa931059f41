"""Staff forms of the recruitment back office: queue filters, the action modals, calls
and the school import."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.choices import Role
from fucai.core.models import Region, User
from fucai.core.roles import has_permission
from fucai.core.scope import regions_visible

from .. import constants as c
from ..choices import ApplicationStatus, CallStatus, DocumentKind, ReviewDecision
from ..models import Application, RecruitmentCall
from .applicant import DateInput


class QueueFilterForm(forms.Form):
    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=RecruitmentCall.objects.none(),
        required=False,
        empty_label=_("All calls"),
    )
    region = forms.ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    status = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *ApplicationStatus.choices],
    )
    q = forms.CharField(label=_("Tracking code"), required=False, max_length=16)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = RecruitmentCall.objects.exclude(
            status=CallStatus.DRAFT
        ).order_by("-opens_on")
        self.fields["region"].queryset = regions_visible(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("call"):
            queryset = queryset.filter(call=data["call"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("q"):
            queryset = queryset.filter(tracking_code__startswith=data["q"].strip().upper())
        if data.get("overdue"):
            queryset = queryset.filter(due_on__lt=timezone.localdate())
        return queryset


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        label=_("What the applicant must correct"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Be specific: the applicant reads this as written."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def inspectors_for(application: Application):
    """Active inspectors whose scope covers the application's district."""
    candidates = User.objects.filter(role=Role.INSPECTOR, is_active=True).select_related("org_unit")
    ids = [
        u.pk
        for u in candidates
        if has_permission(u, c.SURVEY)
        and Application.objects.visible_to(u).filter(pk=application.pk).exists()
    ]
    return User.objects.filter(pk__in=ids).order_by("display_name", "username")


class AssignSurveyForm(CommentForm):
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=User.objects.none())
    field_order = ["inspector", "comment"]

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors_for(application)


class SurveyForm(forms.Form):
    findings = forms.CharField(
        label=_("Findings on site"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    latitude = forms.DecimalField(
        label=_("Latitude measured on site"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude measured on site"), max_digits=9, decimal_places=6, required=False
    )
    area = forms.DecimalField(
        label=_("Area measured (m²)"), max_digits=7, decimal_places=2, min_value=1, required=False
    )
    photos = forms.FileField(
        label=_("Photos"),
        required=False,
        help_text=_("JPEG or PNG, up to 10 MB each."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class ReviewForm(CommentForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices)
    field_order = ["decision", "comment"]


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label=_("Notice starts on"), widget=DateInput(), required=False)


class ObjectionRecordForm(forms.Form):
    raised_by = forms.CharField(label=_("Raised by"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Objection"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), required=False)


class ObjectionResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("0", _("Not upheld: the notice continues")), ("1", _("Upheld: reject"))],
        coerce=lambda v: v == "1",
    )
    resolution = forms.CharField(
        label=_("Resolution"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScheduleForm(forms.Form):
    appointment_at = forms.DateTimeField(
        label=_("Appointment"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200)


class SignForm(CommentForm):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput(), required=False)
    field_order = ["signed_on", "comment"]


class StationCreateForm(forms.Form):
    code = forms.CharField(label=_("Station code"), max_length=20)
    contract_number = forms.CharField(label=_("Contract number"), max_length=40)
    name = forms.CharField(label=_("Station name"), max_length=100, required=False)
    contract_starts_on = forms.DateField(
        label=_("Contract starts on"), widget=DateInput(), required=False
    )


class DrawForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Call"), queryset=RecruitmentCall.objects.none())
    region = forms.ModelChoiceField(
        label=_("District"), queryset=Region.objects.none(), to_field_name="code"
    )
    seed = forms.CharField(
        label=_("Seed"),
        max_length=200,
        help_text=_("Announced before the draw, e.g. the closing figures of a public lottery."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = RecruitmentCall.objects.exclude(status=CallStatus.DRAFT)
        self.fields["region"].queryset = regions_visible(user)


class CallForm(forms.ModelForm):
    """A call's conditions; quotas as one number per district, SLA overrides as JSON."""

    required_documents = forms.MultipleChoiceField(
        label=_("Required documents"),
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sla_days = forms.CharField(
        label=_("Step deadlines (working days)"),
        required=False,
        help_text=_(
            "One state per line with its working days, e.g. “%(example)s: 3”. "
            "Empty for the defaults."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = RecruitmentCall
        fields = list(c.CALL_FIELDS)
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = list(Region.objects.filter(level="county").order_by("sort_order", "code"))
        quotas = {}
        if self.instance.pk:
            quotas = dict(self.instance.quotas.values_list("region__code", "quota"))
        # Shown as "state: days" lines, not as the stored JSON (see clean_sla_days).
        labels = dict(ApplicationStatus.choices)
        self.initial["sla_days"] = "\n".join(
            f"{labels.get(state, state)}: {days}"
            for state, days in (self.instance.sla_days or {}).items()
        )
        self.fields["sla_days"].help_text = self.fields["sla_days"].help_text % {
            "example": ApplicationStatus.SUBMITTED.label
        }
        for region in self.regions:
            self.fields[f"quota_{region.code}"] = forms.IntegerField(
                label=region.label,
                min_value=0,
                max_value=10_000,
                required=False,
                initial=quotas.get(region.code),
            )
        self.published = self.instance.pk and self.instance.status == CallStatus.PUBLISHED
        if self.published:
            for name, field in self.fields.items():
                if name not in c.CALL_FIELDS_PUBLISHED:
                    field.disabled = True

    def quota_fields(self):
        return [self[f"quota_{r.code}"] for r in self.regions]

    def clean_sla_days(self):
        """``状态: 天数`` lines, states by their label (or code); JSON is still read."""
        raw = (self.cleaned_data.get("sla_days") or "").strip()
        if not raw:
            return {}
        if raw.startswith("{"):
            try:
                value = json.loads(raw)
            except ValueError:
                raise ValidationError(_("Enter valid JSON.")) from None
        else:
            value = {}
            for line in raw.splitlines():
                if not line.strip():
                    continue
                state, sep, days = line.replace("：", ":").rpartition(":")
                if not sep:
                    raise ValidationError(_("Write each line as “state: working days”."))
                value[state.strip()] = days.strip()
        states = {str(label): code for code, label in ApplicationStatus.choices}
        states.update({code: code for code in ApplicationStatus.values})
        result = {}
        for state, days in value.items() if isinstance(value, dict) else ():
            if state not in states:
                raise ValidationError(_("Unknown state: %(state)s.") % {"state": state})
            try:
                result[states[state]] = int(days)
            except (TypeError, ValueError):
                raise ValidationError(
                    _("Working days must be a whole number: %(state)s.") % {"state": state}
                ) from None
            if not 0 < result[states[state]] <= 365:
                raise ValidationError(
                    _("Working days must be a whole number: %(state)s.") % {"state": state}
                )
        if not isinstance(value, dict):
            raise ValidationError(_("Write each line as “state: working days”."))
        return result

    def call_fields(self) -> dict:
        names = c.CALL_FIELDS_PUBLISHED if self.published else c.CALL_FIELDS
        return {name: self.cleaned_data[name] for name in names}

    def quotas(self) -> dict | None:
        if self.published:
            return None
        return {
            r.code: self.cleaned_data[f"quota_{r.code}"]
            for r in self.regions
            if self.cleaned_data.get(f"quota_{r.code}")
        }


class SchoolImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: 名称, 区县代码, 纬度, 经度 (UTF-8 or GBK)."),
    )
