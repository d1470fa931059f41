"""The alert pages: the list (filters: status, kind, severity, district; scoped), an
alert's page with its figures and explanation, acknowledge and resolve, and the rules'
settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.audit import history_for
from fucai.core.generic import (
    ObjectActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.roles import has_permission

from ..forms.alerts import AcknowledgeForm, AlertFilterForm, AlertRuleForm, ResolveForm
from ..models import Alert, AlertRule
from ..services import alert_acknowledge, alert_resolve, alert_rule_update
from ..services.alerts import ALLOWED
from ..services.rules import ensure_rules

SEVERITY_COLORS = {"info": "azure", "warning": "orange", "critical": "red"}
STATUS_COLORS = {"open": "red", "acknowledged": "yellow", "resolved": "green"}


class AlertListView(ObjectListView):
    model = Alert
    permission = roles.VIEW_ALERTS
    filter_form_class = AlertFilterForm
    template_name = "monitoring/alert_list.html"
    table_template_name = "monitoring/_alert_table.html"
    sort_fields = {"raised": "raised_at", "day": "day", "severity": "severity", "kind": "kind"}
    default_sort = "-raised"
    export_filename = "alerts"
    export_columns = [
        (_("Raised at"), lambda a: timezone.localtime(a.raised_at).replace(tzinfo=None)),
        (_("Kind"), lambda a: a.get_kind_display()),
        (_("Severity"), lambda a: a.get_severity_display()),
        (_("Status"), lambda a: a.get_status_display()),
        (_("District"), lambda a: a.region.name),
        (_("Station code"), lambda a: a.station.code if a.station_id else ""),
        (_("Date"), lambda a: a.day),
        (_("Title"), lambda a: a.title),
        (_("Detail"), lambda a: a.detail),
        (_("Resolution"), lambda a: a.resolution),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(severity_colors=SEVERITY_COLORS, status_colors=STATUS_COLORS)
        return context


class AlertMixin(RolePermissionMixin, ScopedObjectMixin):
    model = Alert
    permission = roles.VIEW_ALERTS

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("station", "region", "acknowledged_by", "resolved_by")
        )


class AlertDetailView(AlertMixin, TemplateView):
    template_name = "monitoring/alert_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alert = kwargs.get("alert") or self.get_object()
        can_handle = has_permission(self.request.user, roles.HANDLE_ALERTS)
        context.update(
            alert=alert,
            figures=_figures(alert),
            history=history_for(alert)[:20],
            can_acknowledge=can_handle and alert.status in ALLOWED["acknowledge"],
            can_resolve=can_handle and alert.status in ALLOWED["resolve"],
            acknowledge_form=kwargs.get("acknowledge_form") or AcknowledgeForm(),
            resolve_form=kwargs.get("resolve_form") or ResolveForm(),
            severity_color=SEVERITY_COLORS.get(alert.severity, "secondary"),
            status_color=STATUS_COLORS.get(alert.status, "secondary"),
        )
        return context


FIGURE_LABELS = {
    "sales_fen": (_("Sales of the day or week"), "fen"),
    "median_fen": (_("Median of the history"), "fen"),
    "mad_fen": (_("Median absolute deviation"), "fen"),
    "z": (_("Robust z-score"), "num"),
    "history_days": (_("Days of history"), "num"),
    "history_weeks": (_("Weeks of history"), "num"),
    "window_days": (_("History window (days)"), "num"),
    "district_z": (_("Robust z-score against the district"), "num"),
    "district_ratio": (_("District's typical ratio to own median"), "num"),
    "district_stations": (_("Stations compared in the district"), "num"),
    "days": (_("Days with sales"), "num"),
    "first_day": (_("First day"), "text"),
    "last_day": (_("Last day"), "text"),
    "target_fen": (_("Target"), "fen"),
    "actual_fen": (_("Sales so far"), "fen"),
    "expected_fen": (_("Pro-rata share of the target"), "fen"),
    "elapsed": (_("Share of the period passed"), "pct"),
    "insured_until": (_("Insured until"), "text"),
    "valid_to": (_("Valid until"), "text"),
    "days_left": (_("Days left"), "num"),
    "certificate": (_("Certificate number"), "text"),
}


def _figures(alert) -> list[tuple[str, str]]:
    rows = []
    for key, (label, unit) in FIGURE_LABELS.items():
        value = (alert.data or {}).get(key)
        if value is None:
            continue
        if unit == "fen":
            shown = f"¥{value / 100:,.2f}"
        elif unit == "pct":
            shown = f"{value:.0%}"
        else:
            shown = str(value)
        rows.append((label, shown))
    return rows


class _AlertActionView(AlertMixin, ObjectActionView):
    permission = roles.HANDLE_ALERTS
    detail_view = AlertDetailView
    object_name = "alert"
    success_url_name = "monitoring:alert_detail"


class AlertAcknowledgeView(_AlertActionView):
    form_class = AcknowledgeForm
    form_name = "acknowledge_form"
    success_message = _("Alert acknowledged.")

    def perform(self, alert, data):
        alert_acknowledge(alert=alert, acting_user=self.request.user, note=data["note"])


class AlertResolveView(_AlertActionView):
    form_class = ResolveForm
    form_name = "resolve_form"
    success_message = _("Alert resolved.")

    def perform(self, alert, data):
        alert_resolve(alert=alert, acting_user=self.request.user, resolution=data["resolution"])


class AlertRulesView(RolePermissionMixin, TemplateView):
    """Every rule with its switch, severity and thresholds; one form per rule."""

    permission = roles.MANAGE_ALERT_RULES
    template_name = "monitoring/rules.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bound = kwargs.get("bound")
        ensure_rules()
        forms = [
            bound if bound is not None and bound.rule.pk == rule.pk else AlertRuleForm(rule=rule)
            for rule in AlertRule.objects.all()
        ]
        context.update(forms=forms)
        return context

    def post(self, request, *args, **kwargs):
        try:
            rule = AlertRule.objects.get(pk=request.POST.get("rule"))
        except (AlertRule.DoesNotExist, ValueError):
            return render(request, self.template_name, self.get_context_data(), status=400)
        form = AlertRuleForm(request.POST, rule=rule)
        if form.is_valid():
            try:
                alert_rule_update(
                    rule=rule,
                    acting_user=request.user,
                    enabled=form.cleaned_data["enabled"],
                    severity=form.cleaned_data["severity"],
                    params=form.params(),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Rule saved."))
                return redirect("monitoring:rules")
        return render(request, self.template_name, self.get_context_data(bound=form), status=400)


__all__ = [
    "AlertAcknowledgeView",
    "AlertDetailView",
    "AlertListView",
    "AlertResolveView",
    "AlertRulesView",
]
