"""Inspection plans: the list, one plan with its inspections, the annual campaign,
routine plans, ad-hoc inspections and reassigning an inspection."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.tables import choice_labels

from ...choices import InspectionKind, InspectionStatus, PlanKind
from ...forms.planning import AdHocForm, CampaignForm, PlanFilterForm, ReassignForm, RoutinePlanForm
from ...models import Inspection, InspectionPlan
from ...services import planning as services

_DONE = Q(inspections__status=InspectionStatus.SUBMITTED)
_LIVE = ~Q(inspections__status=InspectionStatus.CANCELLED)


class PlanListView(ObjectListView):
    model = InspectionPlan
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = PlanFilterForm
    template_name = "governance/planning/plans.html"
    table_template_name = "governance/planning/_plan_table.html"
    sort_fields = {"year": ["year", "starts_on"], "due_on": "due_on", "name": "name"}
    default_sort = "-year"
    export_filename = "inspection-plans"
    export_columns = [
        (_("Name"), lambda p: p.name),
        (_("Plan kind"), lambda p: p.get_kind_display()),
        (_("Year"), lambda p: p.year),
        (_("Start date"), lambda p: p.starts_on),
        (_("Due date"), lambda p: p.due_on),
        (_("Planned"), lambda p: p.planned),
        (_("Done"), lambda p: p.done),
    ]

    def get_queryset(self):
        # The counts are of the inspections the user may see (their districts').
        visible = Inspection.objects.visible_to(self.request.user).values("pk")
        in_scope = Q(inspections__in=visible)
        return (
            super()
            .get_queryset()
            .annotate(
                planned=Count("inspections", filter=_LIVE & in_scope, distinct=True),
                done=Count("inspections", filter=_DONE & in_scope, distinct=True),
            )
        )


class PlanDetailView(ObjectListView):
    """One plan and its inspections (those of the user's districts)."""

    model = Inspection
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/planning/plan.html"
    table_template_name = "governance/planning/_inspection_table.html"
    filter_form_class = None
    sort_fields = {
        "station": "station__code",
        "inspector": "inspector__username",
        "planned_on": "planned_on",
        "status": "status",
    }
    default_sort = "planned_on"
    export_filename = "plan-inspections"
    export_columns = [
        (_("Station code"), lambda i: i.station.code),
        (_("Station name"), lambda i: i.station.name),
        (_("District"), lambda i: i.station.region.name),
        (_("Inspector"), lambda i: str(i.inspector)),
        (_("Planned date"), lambda i: i.planned_on),
        (_("Due date"), lambda i: i.due_on),
        (_("Status"), lambda i: i.get_status_display()),
        (_("Score"), lambda i: i.score),
        (_("Result"), lambda i: i.get_result_display()),
    ]

    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = (
                InspectionPlan.objects.visible_to(self.request.user)
                .filter(pk=self.kwargs["pk"])
                .select_related("template")
                .first()
            )
            if self._plan is None:
                raise Http404
        return self._plan

    def get_queryset(self):
        return (
            Inspection.objects.visible_to(self.request.user)
            .filter(plan=self.get_plan())
            .select_related("station__region", "inspector")
        )

    def get_filter_form(self):
        return PlanFilterForm(None)

    def get_rows(self, objects):
        statuses = choice_labels(InspectionStatus.choices)
        today = timezone.localdate()
        return [
            {
                "obj": i,
                "status": statuses.get(i.status, i.status),
                "overdue": i.status in services.OPEN_STATUSES and i.due_on and i.due_on < today,
                "can_reassign": i.status == InspectionStatus.PLANNED,
            }
            for i in objects
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        context["regions"] = ", ".join(r.label for r in context["plan"].regions.all())
        context["can_plan"] = roles.has_permission(self.request.user, roles.PLAN_INSPECTIONS)
        return context


class _PlanFormView(RolePermissionMixin, View):
    permission = roles.PLAN_INSPECTIONS
    template_name = "governance/planning/plan_form.html"
    form_class = None
    title = ""

    def initial(self) -> dict:
        return {}

    def render(self, form, status=200, **extra):
        context = {"form": form, "title": self.title, **extra}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class(initial=self.initial(), user=request.user))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                return self.perform(form)
            except ValidationError as error:
                add_validation_errors(form, error)
            except IntegrityError:
                # Two planners creating the year's campaign at once: one plan wins.
                form.add_error(None, _("Someone else is planning the same; try again."))
        return self.render(form, status=400)


class CampaignCreateView(_PlanFormView):
    form_class = CampaignForm
    title = _("Annual inspection campaign")
    template_name = "governance/planning/campaign_form.html"

    def initial(self):
        return CampaignForm.initial_for(timezone.localdate())

    def perform(self, form):
        data = form.cleaned_data
        result = services.campaign_plan(
            year=data["year"],
            starts_on=data["starts_on"],
            due_on=data["due_on"],
            regions=data["regions"] or None,
            template=data["template"],
            acting_user=self.request.user,
        )
        return render(
            self.request,
            "governance/planning/campaign_result.html",
            {
                "result": result,
                "unassigned_total": sum(result.unassigned.values()),
                "per_inspector": sorted(
                    result.per_inspector.items(), key=lambda pair: (-pair[1], str(pair[0]))
                ),
            },
        )


class RoutineCreateView(_PlanFormView):
    form_class = RoutinePlanForm
    title = _("New routine plan")

    def initial(self):
        today = timezone.localdate()
        return {"starts_on": today, "due_on": today.replace(day=28)}

    def perform(self, form):
        data = form.cleaned_data
        result = services.routine_plan(
            name=data["name"],
            stations=data["stations"],
            starts_on=data["starts_on"],
            due_on=data["due_on"],
            inspector=data["inspector"],
            acting_user=self.request.user,
        )
        messages.success(
            self.request,
            _("%(count)s inspections planned.") % {"count": result.created},
        )
        if result.unassigned:
            messages.warning(
                self.request,
                _("No inspector covers: %(regions)s.")
                % {"regions": ", ".join(str(r) for r in result.unassigned)},
            )
        return redirect("governance:plan", pk=result.plan.pk)


class AdHocCreateView(_PlanFormView):
    form_class = AdHocForm
    title = _("Ad-hoc inspection")

    def initial(self):
        return {"kind": InspectionKind.SPECIAL, "station": self.request.GET.get("station", "")}

    def perform(self, form):
        data = form.cleaned_data
        inspection = services.inspection_plan_ad_hoc(
            station=data["station"],
            kind=data["kind"],
            due_on=data["due_on"],
            inspector=data["inspector"],
            reason=data["reason"],
            acting_user=self.request.user,
        )
        messages.success(
            self.request,
            _("Inspection of %(station)s planned for %(inspector)s.")
            % {"station": inspection.station, "inspector": inspection.inspector},
        )
        return redirect(reverse("governance:plans"))


class ReassignView(ScopedObjectMixin, ModalActionView):
    model = Inspection
    permission = roles.PLAN_INSPECTIONS
    template_name = "governance/checklists/_modal_form.html"
    title = _("Reassign inspection")
    success_message = _("Inspection reassigned.")

    def get_queryset(self):
        return super().get_queryset().select_related("station", "inspector")

    def make_form(self, inspection, data=None, files=None):
        return ReassignForm(data, inspection=inspection)

    def get_context(self, inspection):
        return {
            "note": _("%(station)s, now with %(inspector)s")
            % {"station": inspection.station, "inspector": inspection.inspector}
        }

    def perform(self, inspection, data):
        services.inspection_reassign(
            inspection=inspection,
            inspector=data["inspector"],
            comment=data["comment"],
            acting_user=self.request.user,
        )
        if inspection.plan_id:
            return reverse("governance:plan", args=[inspection.plan_id])
        return reverse("governance:plans")


urlpatterns = [
    path("plans/", PlanListView.as_view(), name="plans"),
    path("plans/<int:pk>/", PlanDetailView.as_view(), name="plan"),
    path("plans/campaign/", CampaignCreateView.as_view(), name="campaign_create"),
    path("plans/routine/", RoutineCreateView.as_view(), name="routine_create"),
    path("plans/ad-hoc/", AdHocCreateView.as_view(), name="adhoc_create"),
    path(
        "plans/inspections/<int:pk>/reassign/",
        ReassignView.as_view(),
        name="inspection_reassign",
    ),
]

PLAN_KIND_LABELS = PlanKind
