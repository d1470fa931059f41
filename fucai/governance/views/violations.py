"""Pages of the violations topic: the list (+ Excel), a violation's page with its
evidence and orders, recording one, applying a suspension or termination to the station
(through the registry's status service) and the penalty table."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.excel import yuan
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.roles import has_permission
from fucai.stations.choices import StationStatus

from ..choices import Penalty, ViolationSource, ViolationType
from ..forms.violations import (
    PenaltyRuleAddForm,
    PenaltyRuleForm,
    ViolationFilterForm,
    ViolationForm,
)
from ..models import PenaltyRule, Violation, ViolationEvidence
from ..services import violations as services


class ViolationListView(ObjectListView):
    model = Violation
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = ViolationFilterForm
    template_name = "governance/violations/list.html"
    table_template_name = "governance/violations/_table.html"
    sort_fields = {
        "date": "occurred_on",
        "station": "station__code",
        "type": "violation_type",
        "penalty": "penalty",
    }
    default_sort = "-date"
    export_filename = "violations"
    export_columns = [
        (_("Occurred on"), lambda v: v.occurred_on),
        (_("Station code"), lambda v: v.station.code),
        (_("Station name"), lambda v: v.station.name),
        (_("District"), lambda v: v.station.region.name),
        (_("Violation type"), lambda v: v.get_violation_type_display()),
        (_("Source"), lambda v: v.get_source_display()),
        (_("Source reference"), lambda v: v.source_reference),
        (_("Occurrence"), lambda v: v.occurrence),
        (_("Penalty"), lambda v: v.get_penalty_display()),
        (_("Fine (yuan)"), lambda v: yuan.from_fen(v.fine_fen)),
        (_("Suspension days"), lambda v: v.suspension_days),
        (_("Description"), lambda v: v.description),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station__region")


class ViolationDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Violation
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/violations/detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("station__region", "station__owner", "inspection", "recorded_by")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        violation = self.get_object()
        to_status = services.STATION_STATUS_FOR_PENALTY.get(violation.penalty)
        context.update(
            violation=violation,
            evidence=violation.evidence.all(),
            orders=violation.rectification_orders.all(),
            can_apply=to_status is not None
            and violation.station.status != to_status
            and violation.station.status != StationStatus.CLOSED
            and has_permission(self.request.user, roles.CHANGE_STATION),
        )
        return context


class ViolationCreateView(RolePermissionMixin, View):
    permission = roles.RECORD_VIOLATION
    template_name = "governance/violations/form.html"

    def get(self, request, *args, **kwargs):
        initial = {}
        if request.GET.get("station"):
            initial["station"] = request.GET["station"][:8]
        if request.GET.get("inspection", "").isdigit():
            initial["inspection"] = int(request.GET["inspection"])
            initial["source"] = ViolationSource.INSPECTION
        if request.GET.get("type") in ViolationType.values:
            initial["violation_type"] = request.GET["type"]
        if request.GET.get("complaint"):  # "record a violation" on a substantiated complaint
            initial["source"] = ViolationSource.COMPLAINT
            initial["source_reference"] = request.GET["complaint"][:50]
        form = ViolationForm(initial=initial, user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request, *args, **kwargs):
        form = ViolationForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                violation = services.violation_record(
                    station=data["station"],
                    violation_type=data["violation_type"],
                    source=data["source"],
                    occurred_on=data["occurred_on"],
                    description=data["description"],
                    inspection=data["inspection"],
                    source_reference=data["source_reference"],
                    evidence=data["evidence"],
                    rectification_requirement=data["rectification_requirement"],
                    rectification_severity=data["rectification_severity"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Violation recorded: %(penalty)s (occurrence %(n)d).")
                    % {"penalty": violation.get_penalty_display(), "n": violation.occurrence},
                )
                return redirect("governance:violation_detail", pk=violation.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ViolationApplyPenaltyView(RolePermissionMixin, ScopedObjectMixin, View):
    model = Violation
    permission = roles.CHANGE_STATION

    def post(self, request, *args, **kwargs):
        violation = self.get_object()
        try:
            station = services.violation_apply_penalty(
                violation=violation, acting_user=request.user
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("Station %(code)s is now “%(status)s”.")
                % {"code": station.code, "status": station.get_status_display()},
            )
        return redirect("governance:violation_detail", pk=violation.pk)


class ViolationEvidenceView(RolePermissionMixin, View):
    permission = roles.VIEW_GOVERNANCE

    def get(self, request, *args, **kwargs):
        item = (
            ViolationEvidence.objects.filter(
                pk=kwargs["pk"], violation__in=Violation.objects.visible_to(request.user)
            )
            .only("file", "content_type")
            .first()
        )
        if item is None:
            raise Http404
        try:
            handle = item.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        allowed = ("image/jpeg", "image/png", "application/pdf")
        response = FileResponse(
            handle,
            content_type=item.content_type
            if item.content_type in allowed
            else "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class PenaltyTableView(RolePermissionMixin, TemplateView):
    """The penalty table: everyone in supervision reads it; the station management
    department (and the administrator) edits it."""

    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/violations/penalties.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rules = list(PenaltyRule.objects.all())
        labels = dict(ViolationType.choices)
        groups: dict[str, list] = {}
        for rule in rules:
            rule.fine_yuan = f"{Decimal(rule.fine_fen) / 100:.2f}"
            groups.setdefault(rule.violation_type, []).append(rule)
        context.update(
            groups=[(labels.get(k, k), v) for k, v in groups.items()],
            can_edit=has_permission(self.request.user, roles.MANAGE_CHECKLISTS),
            penalties=Penalty.choices,
            add_form=kwargs.get("add_form") or PenaltyRuleAddForm(),
            edit_errors=kwargs.get("edit_errors"),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not has_permission(request.user, roles.MANAGE_CHECKLISTS):
            raise PermissionDenied
        if "rule" in request.POST:
            pk = request.POST["rule"]
            rule = PenaltyRule.objects.filter(pk=pk).first() if pk.isdigit() else None
            if rule is None:
                raise Http404
            form = PenaltyRuleForm(request.POST)
            if form.is_valid():
                try:
                    services.penalty_rule_update(
                        rule=rule,
                        penalty=form.cleaned_data["penalty"],
                        fine_fen=form.cleaned_data["fine_fen"],
                        suspension_days=form.cleaned_data["suspension_days"],
                        acting_user=request.user,
                    )
                except ValidationError as error:
                    add_validation_errors(form, error)
                else:
                    messages.success(request, _("Penalty table saved."))
                    return redirect("governance:penalties")
            context = self.get_context_data(edit_errors=form.errors)
            return render(request, self.template_name, context, status=400)
        form = PenaltyRuleAddForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.penalty_rule_add(
                    violation_type=data["violation_type"],
                    penalty=data["penalty"],
                    fine_fen=data["fine_fen"],
                    suspension_days=data["suspension_days"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Penalty table saved."))
                return redirect("governance:penalties")
        return render(request, self.template_name, self.get_context_data(add_form=form), status=400)


urlpatterns = [
    path("violations/", ViolationListView.as_view(), name="violations"),
    path("violations/new/", ViolationCreateView.as_view(), name="violation_create"),
    path("violations/<int:pk>/", ViolationDetailView.as_view(), name="violation_detail"),
    path(
        "violations/<int:pk>/apply-penalty/",
        ViolationApplyPenaltyView.as_view(),
        name="violation_apply_penalty",
    ),
    path(
        "violation-evidence/<int:pk>/", ViolationEvidenceView.as_view(), name="violation_evidence"
    ),
    path("penalties/", PenaltyTableView.as_view(), name="penalties"),
]
