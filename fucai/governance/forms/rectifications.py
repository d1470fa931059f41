"""Forms of the rectification pages: the list's filters, the owner's reply and the
inspector's decisions."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.forms import SaneDateField
from fucai.core.models import Region
from fucai.core.scope import regions_visible

from ..choices import RectificationStatus, Severity


class RectificationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Order number, station code or name")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *RectificationStatus.choices],
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("All severities")), *Severity.choices]
    )
    deadline_from = SaneDateField(
        label=_("Deadline from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline_to = SaneDateField(
        label=_("Deadline to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)

    def apply(self, queryset):
        return apply_rectification_filters(queryset, **self.cleaned_data)


def apply_rectification_filters(
    queryset,
    *,
    q="",
    status="",
    region=None,
    severity="",
    deadline_from=None,
    deadline_to=None,
    station=None,
    **_unused,
):
    """The list's filters, shared by the page, its Excel export (and the API)."""
    if status:
        queryset = queryset.filter(status=status)
    if region is not None:
        queryset = queryset.filter(station__region=region)
    if severity:
        queryset = queryset.filter(severity=severity)
    if deadline_from:
        queryset = queryset.filter(deadline_on__gte=deadline_from)
    if deadline_to:
        queryset = queryset.filter(deadline_on__lte=deadline_to)
    if station is not None:
        queryset = queryset.filter(station=station)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(number__startswith=q.upper())
            | Q(station__code__startswith=q)
            | Q(station__name__icontains=q)
        )
    return queryset


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one input (the content is checked by the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleImageField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("What was fixed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    photos = MultipleImageField(label=_("Photos"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shrunk in the browser before sending, like the inspector's photos (photos.js).
        self.fields["photos"].widget.attrs["data-compress-photos"] = ""


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("verify", _("Verify")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
