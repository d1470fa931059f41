"""Pages of the visits topic (走访, 三服务三助力): the list (+ Excel), logging a visit on
a phone, a visit's page with its follow-ups, the purposes and the departments' monthly
plans against the visits logged. governance/urls.py gathers the routes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.excel import excel_response
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.roles import has_permission

from ..forms.visits import (
    FollowUpDoneForm,
    PlanYearForm,
    PurposeCreateForm,
    PurposeEditForm,
    VisitFilterForm,
    VisitForm,
    VisitPlanForm,
)
from ..models import Visit, VisitFollowUp, VisitPurpose
from ..selectors.visits import plan_units, visit_plan_table, visit_years
from ..services import visits as services


def _purposes(visit) -> str:
    return "、".join(p.name for p in visit.purposes.all())


class VisitListView(ObjectListView):
    model = Visit
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = VisitFilterForm
    template_name = "governance/visits/visit_list.html"
    table_template_name = "governance/visits/_visit_table.html"
    sort_fields = {
        "date": "visited_on",
        "station": "station__code",
        "unit": "org_unit__name",
    }
    default_sort = "-date"
    export_filename = "visits"
    export_columns = [
        (_("Visit date"), lambda v: v.visited_on),
        (_("Station code"), lambda v: v.station.code),
        (_("Station name"), lambda v: v.station.name),
        (_("District"), lambda v: v.station.region.name),
        (_("Department"), lambda v: v.org_unit.name),
        (_("Visitor"), lambda v: str(v.visitor)),
        (_("Purposes"), _purposes),
        (_("Findings"), lambda v: v.findings),
        (_("Help given"), lambda v: v.help_given),
        (_("Open follow-ups"), lambda v: sum(f.status == "open" for f in v.follow_ups.all())),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("station__region", "org_unit", "visitor")
            .prefetch_related("purposes", "follow_ups")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Station owners read their stations' visits but have no department plan.
        context["reads_visit_plan"] = plan_units(self.request.user).exists()
        return context


class VisitCreateView(RolePermissionMixin, View):
    permission = roles.LOG_VISIT
    template_name = "governance/visits/visit_form.html"

    def get(self, request):
        initial = {"station": request.GET.get("station", "")[:20]}
        form = VisitForm(initial=initial, user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = VisitForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.visit_log(
                    acting_user=request.user,
                    station=data["station"],
                    visited_on=data["visited_on"],
                    purposes=data["purposes"],
                    findings=data["findings"],
                    help_given=data["help_given"],
                    follow_ups=data["follow_ups"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "follow_ups" in error.error_dict:
                    error.error_dict["follow_up_0"] = error.error_dict.pop("follow_ups")
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Visit logged."))
                return redirect("governance:visit_detail", pk=visit.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class VisitDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Visit
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/visits/visit_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("station__region", "org_unit", "visitor")
            .prefetch_related(
                "purposes", Prefetch("follow_ups", queryset=VisitFollowUp.objects.all())
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(visit=self.get_object(), today=timezone.localdate())
        return context


class FollowUpDoneView(ScopedObjectMixin, ModalActionView):
    model = VisitFollowUp
    permission = roles.LOG_VISIT
    form_class = FollowUpDoneForm
    template_name = "governance/visits/_modal_form.html"
    title = _("Follow-up done")
    success_message = _("Follow-up marked done.")

    def perform(self, follow_up, data):
        services.visit_follow_up_done(
            acting_user=self.request.user, follow_up=follow_up, note=data["done_note"]
        )
        return reverse("governance:visit_detail", args=[follow_up.visit_id])


class PurposeListView(RolePermissionMixin, View):
    """The purposes offered when logging a visit: add one, rename, retire or restore."""

    permission = roles.MANAGE_CHECKLISTS
    template_name = "governance/visits/purposes.html"

    def render_page(self, request, form=None, status=200, errors=None):
        purposes = list(VisitPurpose.objects.all())
        return render(
            request,
            self.template_name,
            {
                "purposes": purposes,
                "form": form or PurposeCreateForm(),
                "row_errors": errors or {},
            },
            status=status,
        )

    def get(self, request):
        return self.render_page(request)

    def post(self, request):
        form = PurposeCreateForm(request.POST)
        if form.is_valid():
            try:
                services.visit_purpose_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Purpose added."))
                return redirect("governance:visit_purposes")
        return self.render_page(request, form, status=400)


class PurposeEditView(RolePermissionMixin, ScopedObjectMixin, View):
    model = VisitPurpose
    permission = roles.MANAGE_CHECKLISTS
    http_method_names = ["post"]

    def get_queryset(self):
        return VisitPurpose.objects.all()  # reference data, the same for every region

    def post(self, request, pk):
        purpose = self.get_object()
        form = PurposeEditForm(request.POST)
        if form.is_valid():
            try:
                services.visit_purpose_update(
                    acting_user=request.user, purpose=purpose, **form.cleaned_data
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Purpose saved."))
                return redirect("governance:visit_purposes")
        errors = {purpose.pk: [e for errs in form.errors.values() for e in errs]}
        return PurposeListView().render_page(request, status=400, errors=errors)


class VisitPlanView(RolePermissionMixin, TemplateView):
    """Planned visits against visits logged, per department and month of a year."""

    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/visits/visit_plan.html"

    def year(self) -> int:
        form = PlanYearForm(self.request.GET or None)
        if form.is_bound and form.is_valid() and form.cleaned_data["year"]:
            return form.cleaned_data["year"]
        years = visit_years(self.request.user)
        return years[0] if years else timezone.localdate().year

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        year = self.year()
        table = visit_plan_table(self.request.user, year)
        headers = [str(_("Department"))]
        for month in table["months"]:
            headers += [
                str(_("%(m)s planned") % {"m": month}),
                str(_("%(m)s done") % {"m": month}),
            ]
        headers += [str(_("Planned")), str(_("Done")), str(_("Completion (%)"))]
        rows = []
        for row in table["rows"]:
            cells = [row["unit"].name]
            for m in row["months"]:
                cells += [m["planned"], m["done"]]
            cells += [row["planned"], row["done"], row["percent"]]
            rows.append(cells)
        return excel_response(
            f"visit-plan-{year}", headers, rows, title=_("Visit plan %(year)s") % {"year": year}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        user = self.request.user
        context.update(
            year=year,
            years=sorted(set(visit_years(user)) | {year, timezone.localdate().year}, reverse=True),
            table=visit_plan_table(user, year),
            can_plan=has_permission(user, roles.PLAN_VISITS) and plan_units(user).exists(),
        )
        return context


class VisitPlanSetView(ModalActionView):
    permission = roles.PLAN_VISITS
    template_name = "governance/visits/_modal_form.html"
    title = _("Set the visit plan")
    success_message = _("Visit plan saved.")

    def make_form(self, obj, data=None, files=None):
        initial = {"year": self.request.GET.get("year") or timezone.localdate().year}
        return VisitPlanForm(data, user=self.request.user, initial=initial)

    def perform(self, obj, data):
        services.visit_plan_set(
            acting_user=self.request.user,
            org_unit=data["org_unit"],
            year=data["year"],
            months=self.form.months(),
            planned_visits=data["planned_visits"],
            note=data["note"],
        )
        return reverse("governance:visit_plan") + f"?year={data['year']}"


urlpatterns = [
    path("visits/", VisitListView.as_view(), name="visits"),
    path("visits/new/", VisitCreateView.as_view(), name="visit_create"),
    path("visits/<int:pk>/", VisitDetailView.as_view(), name="visit_detail"),
    path(
        "visits/follow-ups/<int:pk>/done/",
        FollowUpDoneView.as_view(),
        name="visit_follow_up_done",
    ),
    path("visits/purposes/", PurposeListView.as_view(), name="visit_purposes"),
    path("visits/purposes/<int:pk>/", PurposeEditView.as_view(), name="visit_purpose_edit"),
    path("visits/plan/", VisitPlanView.as_view(), name="visit_plan"),
    path("visits/plan/set/", VisitPlanSetView.as_view(), name="visit_plan_set"),
]
