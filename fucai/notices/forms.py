from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core import scope
from fucai.core.choices import Role
from fucai.core.models import Region
from fucai.stations.choices import StationClass, StationKind

from .choices import Audience
from .services import STAFF_ROLES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (their content is checked by the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


# Ticked boxes drawn as Bootstrap checks (a bare input put its label on the next line).
TICKS = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
    audience = forms.ChoiceField(
        label=_("Send to"), choices=Audience.choices, initial=Audience.STATIONS
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Districts"),
        queryset=Region.objects.none(),
        required=False,
        widget=TICKS,
        help_text=_("None ticked: every district you cover."),
    )
    station_kinds = forms.MultipleChoiceField(
        label=_("Station kinds"),
        choices=StationKind.choices,
        required=False,
        widget=TICKS,
    )
    station_classes = forms.MultipleChoiceField(
        label=_("Station classes"),
        choices=StationClass.choices,
        required=False,
        widget=TICKS,
    )
    staff_roles = forms.MultipleChoiceField(
        label=_("Staff roles"),
        choices=[(role, Role(role).label) for role in STAFF_ROLES],
        required=False,
        widget=TICKS,
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = scope.regions_visible(user)


class RecipientFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Read"),
        required=False,
        choices=[("", _("All")), ("unread", _("Not read")), ("read", _("Read"))],
    )
