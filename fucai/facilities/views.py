"""Staff pages of the facilities app: the service stations (list with their map,
detail, edit) and the premises with their purchase projects (list with budget against
paid, project detail with its payments, record a payment, reverse one, move a project).

Every page starts from the scoped querysets of ``selectors``; a handful of queries each,
whatever the number of rows.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import audit, roles
from fucai.core.generic import RolePermissionMixin, ScopedObjectMixin, add_validation_errors
from fucai.core.models import User

from . import selectors, services
from .choices import ProjectStatus
from .forms import (
    PaymentForm,
    PremisesForm,
    ProjectForm,
    ReversalForm,
    ServiceStationCreateForm,
    ServiceStationForm,
    TransitionForm,
)
from .models import Premises, PurchasePayment, PurchaseProject, ServiceStation


def station_points(stations) -> list[dict]:
    """Map points of service stations: geometry and public labels only."""
    return [
        {
            "name": s.unit.name,
            "value": [float(s.longitude), float(s.latitude)],  # map geometry, not money
            "kind": str(_("Service station")),
            "stars": 0,
        }
        for s in stations
        if s.latitude is not None and s.longitude is not None
    ]


class ServiceStationListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_FACILITIES
    template_name = "facilities/service_station_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        stations = list(
            selectors.service_stations_for(user).annotate(staff_count=Count("unit__members"))
        )
        context.update(
            stations=stations,
            points={"points": [], "service_points": station_points(stations)},
            totals=selectors.project_totals(PurchaseProject.objects.visible_to(user)),
        )
        return context


class ServiceStationDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = ServiceStation
    permission = roles.VIEW_FACILITIES
    template_name = "facilities/service_station_detail.html"

    def get_queryset(self):
        return selectors.service_stations_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station = self.get_object()
        context.update(
            station=station,
            staff=selectors.station_staff(station),
            premises=list(Premises.objects.visible_to(self.request.user).filter(unit=station.unit)),
        )
        return context


class ServiceStationCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_SERVICE_STATIONS
    template_name = "facilities/service_station_form.html"

    def get(self, request):
        form = ServiceStationCreateForm(user=request.user)
        return render(request, self.template_name, {"form": form, "station": None})

    def post(self, request):
        form = ServiceStationCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                station = services.service_station_create(
                    acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("facilities:service_station", pk=station.pk)
        context = {"form": form, "station": None}
        return render(request, self.template_name, context, status=400)


class ServiceStationEditView(RolePermissionMixin, ScopedObjectMixin, View):
    model = ServiceStation
    permission = roles.MANAGE_SERVICE_STATIONS
    template_name = "facilities/service_station_form.html"

    def get_queryset(self):
        return selectors.service_stations_for(self.request.user)

    def _staff(self, station):
        return User.objects.filter(org_unit=station.unit, is_active=True).order_by("username")

    def get(self, request, pk):
        station = self.get_object()
        initial = {name: getattr(station, name) for name in services.PROFILE_FIELDS}
        initial["head"] = station.unit.head_id
        form = ServiceStationForm(initial=initial, staff=self._staff(station))
        return render(request, self.template_name, {"form": form, "station": station})

    def post(self, request, pk):
        station = self.get_object()
        form = ServiceStationForm(request.POST, staff=self._staff(station))
        if form.is_valid():
            data = dict(form.cleaned_data)
            head = data.pop("head")
            try:
                services.service_station_update(
                    acting_user=request.user, station=station, head=head, **data
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("facilities:service_station", pk=station.pk)
        context = {"form": form, "station": station}
        return render(request, self.template_name, context, status=400)


class PremisesListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_FACILITIES
    template_name = "facilities/premises_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        projects = list(selectors.projects_for(user))
        for project in projects:
            project.percent = selectors.percent(project.paid_fen, project.budget_fen)
        totals = selectors.project_totals(PurchaseProject.objects.visible_to(user))
        totals["percent"] = selectors.percent(totals["paid_fen"], totals["budget_fen"])
        context.update(
            premises=list(selectors.premises_for(user)),
            projects=projects,
            totals=totals,
        )
        return context


class PremisesCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_PREMISES
    template_name = "facilities/premises_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PremisesForm(user=request.user)})

    def post(self, request):
        form = PremisesForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.premises_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("facilities:premises")
        return render(request, self.template_name, {"form": form}, status=400)


class ProjectCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_PREMISES
    template_name = "facilities/project_form.html"

    def get(self, request):
        form = ProjectForm(user=request.user, initial={"started_on": timezone.localdate()})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = ProjectForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                project = services.project_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("facilities:project", pk=project.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ProjectDetailView(RolePermissionMixin, ScopedObjectMixin, View):
    """A project with its payments and the forms to pay, reverse and move it on. The
    record-payment form posts here; a refused payment shows the form with its error."""

    model = PurchaseProject
    permission = roles.VIEW_FACILITIES
    template_name = "facilities/project_detail.html"

    def get_queryset(self):
        return selectors.projects_for(self.request.user)

    def render_page(self, request, project, payment_form=None, status=200):
        payments = list(
            PurchasePayment.objects.filter(project=project)
            .select_related("recorded_by", "reverses")
            .order_by("paid_on", "pk")
        )
        reversed_ids = {p.reverses_id for p in payments if p.reverses_id}
        today = timezone.localdate()
        for payment in payments:
            payment.is_reversed = payment.pk in reversed_ids
            # One form per row, with its own ids.
            payment.reversal_form = ReversalForm(
                auto_id=f"rev{payment.pk}_%s", initial={"paid_on": today}
            )
        paid = sum(p.amount_fen for p in payments)
        context = {
            "project": project,
            "payments": payments,
            "paid_fen": paid,
            "left_fen": project.budget_fen - paid,
            "percent": selectors.percent(paid, project.budget_fen),
            "payment_form": payment_form or PaymentForm(initial={"paid_on": timezone.localdate()}),
            "transition_form": TransitionForm(status=project.status),
            "payable": project.status in (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS),
            # Who created, moved and paid it: the project's and its payments' entries.
            "history": list(audit.history_for(project, *payments)[:30]),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(request, self.get_object())

    def post(self, request, pk):
        """Record a payment (RECORD_PREMISES_PAYMENT)."""
        if not roles.has_permission(request.user, roles.RECORD_PREMISES_PAYMENT):
            return self.handle_forbidden()
        project = self.get_object()
        form = PaymentForm(request.POST)
        if form.is_valid():
            try:
                services.payment_record(
                    acting_user=request.user, project=project, **form.cleaned_data
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Payment recorded."))
                return redirect("facilities:project", pk=project.pk)
        return self.render_page(request, project, payment_form=form, status=400)

    def handle_forbidden(self):
        raise PermissionDenied


class _ProjectStepView(RolePermissionMixin, ScopedObjectMixin, View):
    model = PurchaseProject
    form_class = None
    success = ""

    def get_queryset(self):
        return PurchaseProject.objects.visible_to(self.request.user)

    def act(self, project, data):
        raise NotImplementedError

    def form_kwargs(self, project) -> dict:
        return {}

    def post(self, request, pk, **kwargs):
        project = self.get_object()
        form = self.form_class(request.POST, **self.form_kwargs(project))
        if form.is_valid():
            try:
                self.act(project, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, self.success)
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        return redirect("facilities:project", pk=project.pk)


class PaymentReverseView(_ProjectStepView):
    permission = roles.RECORD_PREMISES_PAYMENT
    form_class = ReversalForm
    success = _("Payment reversed.")

    def act(self, project, data):
        payment = PurchasePayment.objects.filter(project=project, pk=self.kwargs["payment_pk"])
        payment = payment.first()
        if payment is None:
            raise ValidationError(_("No such payment on this project."))
        services.payment_reverse(acting_user=self.request.user, payment=payment, **data)


class ProjectTransitionView(_ProjectStepView):
    permission = roles.MANAGE_PREMISES
    form_class = TransitionForm
    success = _("Status changed.")

    def form_kwargs(self, project):
        return {"status": project.status}

    def act(self, project, data):
        services.project_transition(acting_user=self.request.user, project=project, **data)
