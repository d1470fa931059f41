"""Activity pages: the list by branch, kind and year, planning one, its page (minutes,
attendance, photos) and recording it as held."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)

from .. import services
from ..forms import ActivityFilterForm, ActivityForm, PhotoForm, RecordForm
from ..models import PartyActivity


class ActivityListView(ObjectListView):
    model = PartyActivity
    permission = roles.VIEW_PARTY
    filter_form_class = ActivityFilterForm
    template_name = "party/activity_list.html"
    table_template_name = "party/_activity_table.html"
    sort_fields = {"date": "planned_on", "kind": "kind", "branch": "branch__name"}
    default_sort = "-date"
    export_filename = "party-activities"
    export_columns = [
        (_("Date"), lambda a: a.held_on or a.planned_on),
        (_("Branch"), lambda a: a.branch.name),
        (_("Kind"), lambda a: a.get_kind_display()),
        (_("Title"), lambda a: a.title),
        (_("Status"), lambda a: a.get_status_display()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("branch")


class ActivityCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_PARTY
    template_name = "party/activity_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ActivityForm()})

    def post(self, request):
        form = ActivityForm(request.POST)
        if form.is_valid():
            try:
                activity = services.activity_plan(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Planned."))
                return redirect("party:activity", pk=activity.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ActivityDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = PartyActivity
    permission = roles.VIEW_PARTY
    template_name = "party/activity_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("branch")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.get_object()
        attendances = list(activity.attendances.select_related("member").order_by("member__name"))
        context.update(
            activity=activity,
            attendances=attendances,
            present=sum(1 for a in attendances if a.present),
            photos=list(activity.photos.all()),
            photo_form=PhotoForm(),
        )
        return context


class ActivityRecordView(RolePermissionMixin, ScopedObjectMixin, View):
    model = PartyActivity
    permission = roles.MANAGE_PARTY
    template_name = "party/activity_record.html"

    def render_form(self, activity, form, status=200):
        return render(
            self.request, self.template_name, {"activity": activity, "form": form}, status=status
        )

    def get(self, request, pk):
        activity = self.get_object()
        initial = {
            "held_on": activity.held_on or activity.planned_on,
            "minutes": activity.minutes,
            "present": [a.member_id for a in activity.attendances.filter(present=True)],
        }
        return self.render_form(activity, RecordForm(initial=initial, activity=activity))

    def post(self, request, pk):
        activity = self.get_object()
        form = RecordForm(request.POST, activity=activity)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.activity_record(
                    acting_user=request.user,
                    activity=activity,
                    held_on=data["held_on"],
                    minutes=data["minutes"],
                    present_ids=[m.pk for m in data["present"]],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Recorded as held."))
                return redirect("party:activity", pk=activity.pk)
        return self.render_form(activity, form, status=400)


urlpatterns = [
    path("activities/", ActivityListView.as_view(), name="activities"),
    path("activities/new/", ActivityCreateView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", ActivityDetailView.as_view(), name="activity"),
    path("activities/<int:pk>/record/", ActivityRecordView.as_view(), name="activity_record"),
]
