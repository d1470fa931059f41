"""Forms of the alert pages: the list's filters, acknowledge and resolve, a rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible

from ..choices import AlertKind, AlertSeverity, AlertStatus


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("unresolved", _("Not resolved")), *AlertStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AlertKind.choices]
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("All severities")), *AlertSeverity.choices],
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)

    def apply(self, queryset):
        return apply_alert_filters(queryset, **self.cleaned_data)


def apply_alert_filters(queryset, *, status="", kind="", severity="", region=None, **_unused):
    """The list's filters, shared by the page, its export and the API."""
    if status == "unresolved":
        queryset = queryset.unresolved()
    elif status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if severity:
        queryset = queryset.filter(severity=severity)
    if region is not None:
        queryset = queryset.filter(region=region)
    return queryset


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was found or done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AlertRuleForm(forms.Form):
    """``enabled``, ``severity`` and one number field per parameter of the rule's kind."""

    enabled = forms.BooleanField(
        label=_("Enabled"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=AlertSeverity.choices)

    def __init__(self, *args, rule=None, **kwargs):
        from ..defaults import DEFAULT_PARAMS
        from ..rules import params_of

        initial = {"enabled": rule.enabled, "severity": rule.severity}
        params = params_of(rule)
        initial.update({f"p_{name}": value for name, value in params.items()})
        super().__init__(*args, initial=initial, prefix=f"r{rule.pk}", **kwargs)
        self.rule = rule
        for name, default in DEFAULT_PARAMS.get(rule.kind, {}).items():
            field_class = forms.IntegerField if isinstance(default, int) else forms.FloatField
            self.fields[f"p_{name}"] = field_class(label=PARAM_LABELS.get(name, name), min_value=0)

    def params(self) -> dict:
        return {
            name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("p_")
        }


PARAM_LABELS = {
    "z": _("Robust z-score threshold"),
    "window_days": _("History window (days)"),
    "min_history": _("Fewest days of history"),
    "min_peers": _("Fewest stations in the district"),
    "max_days": _("Days judged per run"),
    "min_sales_yuan": _("Smallest daily sales considered (yuan)"),
    "weeks": _("Weeks compared in the weekly check (0: off)"),
    "tolerance": _("Tolerance below pro rata"),
    "min_elapsed": _("Share of the period passed before judging"),
    "lookback_days": _("Days looked back"),
    "history_days": _("Days of history required"),
    "days": _("Days ahead"),
}
