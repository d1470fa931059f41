"""Pages of the activities topic: the list (+ Excel), record and edit an activity, its
page with participants, photos, people helped and payments; held and publish steps;
the year's figures."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.roles import has_permission

from ..choices import ParticipantKind
from ..forms.activities import (
    ActivityFilterForm,
    ActivityForm,
    BenefitForm,
    ParticipantForm,
    PhotoForm,
)
from ..models import ActivityPhoto, CharityActivity, Participant
from ..selectors import activities as selectors
from ..services import activities as services
from ..services import beneficiaries as people
from ..services import funding
from ._helpers import run_action, staff_permission_required


class ActivityListView(ObjectListView):
    model = CharityActivity
    permission = roles.VIEW_CHARITY
    filter_form_class = ActivityFilterForm
    template_name = "charity/activity_list.html"
    table_template_name = "charity/_activity_table.html"
    sort_fields = {"date": "held_on", "series": "series__sort_order", "spending": "spending_fen"}
    default_sort = "-date"
    export_filename = "charity-activities"
    export_columns = [
        (_("Date"), lambda a: a.held_on),
        (_("Series"), lambda a: a.series.name),
        (_("Title"), lambda a: a.title),
        (_("District"), lambda a: a.region.name),
        (_("Place"), lambda a: a.place),
        (_("Organizers"), lambda a: a.organizers),
        (_("Spending (yuan)"), lambda a: Decimal(a.spending_fen) / 100),
        (_("Status"), lambda a: a.get_status_display()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("series", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reached = selectors.reached_counts(a.pk for a in context["object_list"])
        context["reached"] = reached
        for activity in context["object_list"]:
            activity.reached = reached.get(activity.pk, 0)
        return context


class ActivityCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_CHARITY
    template_name = "charity/activity_form.html"

    def get(self, request):
        form = ActivityForm(user=request.user, initial={"held_on": timezone.localdate()})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = ActivityForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                activity = services.activity_create(
                    acting_user=request.user, **form.service_fields()
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Activity recorded."))
                return redirect("charity:activity", pk=activity.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ActivityEditView(RolePermissionMixin, ScopedObjectMixin, View):
    model = CharityActivity
    permission = roles.MANAGE_CHARITY
    template_name = "charity/activity_form.html"

    def get(self, request, pk):
        activity = self.get_object()
        form = ActivityForm(user=request.user, activity=activity)
        return render(request, self.template_name, {"form": form, "activity": activity})

    def post(self, request, pk):
        activity = self.get_object()
        form = ActivityForm(request.POST, user=request.user, activity=activity)
        if form.is_valid():
            try:
                services.activity_update(
                    acting_user=request.user, activity=activity, **form.service_fields()
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("charity:activity", pk=activity.pk)
        context = {"form": form, "activity": activity}
        return render(request, self.template_name, context, status=400)


class ActivityDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = CharityActivity
    permission = roles.VIEW_CHARITY
    template_name = "charity/activity_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("series", "project", "region", "programme")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.get_object()
        participants = list(activity.participants.all())
        user = self.request.user
        benefits = []
        if has_permission(user, roles.VIEW_BENEFICIARIES):
            benefits = list(
                activity.benefits.select_related("beneficiary__region").order_by("pk")[:200]
            )
        context.update(
            activity=activity,
            participants=participants,
            hours=sum((p.hours for p in participants), Decimal(0)),
            guests=sum(p.kind == ParticipantKind.GUEST for p in participants),
            photos=list(activity.photos.all()),
            benefits=benefits,
            reached=selectors.reached_counts([activity.pk]).get(activity.pk, 0),
            payments=list(funding.payments_for(funding.activity_source(activity.pk))),
            participant_form=ParticipantForm(),
            photo_form=PhotoForm(),
            benefit_form=BenefitForm(user=user),
        )
        return context


def _activity(request, pk) -> CharityActivity:
    if not has_permission(request.user, roles.MANAGE_CHARITY):
        raise PermissionDenied
    return get_object_or_404(CharityActivity.objects.visible_to(request.user), pk=pk)


def _back(pk, anchor=""):
    return reverse("charity:activity", args=[pk]) + anchor


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def activity_held(request, pk):
    activity = _activity(request, pk)
    return run_action(
        request,
        lambda: services.activity_mark_held(acting_user=request.user, activity=activity),
        _("Marked as held; the spending was sent for payment approval."),
        _back(pk),
    )


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def activity_publish(request, pk):
    activity = _activity(request, pk)
    return run_action(
        request,
        lambda: services.activity_publish(acting_user=request.user, activity=activity),
        _("Published on the portal."),
        _back(pk),
    )


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def activity_unpublish(request, pk):
    activity = _activity(request, pk)
    return run_action(
        request,
        lambda: services.activity_unpublish(acting_user=request.user, activity=activity),
        _("Withdrawn from the portal."),
        _back(pk),
    )


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def participant_add(request, pk):
    activity = _activity(request, pk)
    form = ParticipantForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(pk, "#participants"))
    data = form.cleaned_data
    return run_action(
        request,
        lambda: services.participant_add(
            acting_user=request.user,
            activity=activity,
            kind=data["kind"],
            name=data["name"],
            capacity=data["capacity"],
            hours=data["hours"] or Decimal(0),
        ),
        _("Participant added."),
        _back(pk, "#participants"),
    )


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def participant_remove(request, pk, participant_pk):
    activity = _activity(request, pk)
    participant = get_object_or_404(Participant, pk=participant_pk, activity=activity)
    return run_action(
        request,
        lambda: services.participant_remove(acting_user=request.user, participant=participant),
        _("Participant removed."),
        _back(pk, "#participants"),
    )


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def photo_add(request, pk):
    activity = _activity(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo to upload."))
        return redirect(_back(pk, "#photos"))
    data = form.cleaned_data
    return run_action(
        request,
        lambda: services.photo_add(
            acting_user=request.user,
            activity=activity,
            file=data["file"],
            caption=data["caption"],
            public=data["public"],
        ),
        _("Photo added."),
        _back(pk, "#photos"),
    )


@staff_permission_required(roles.VIEW_CHARITY)
def photo_file(request, pk, photo_pk):
    """A photo of an activity, for staff who read charity (public ones are served by the
    portal)."""
    if not has_permission(request.user, roles.VIEW_CHARITY):
        raise PermissionDenied
    activity = get_object_or_404(CharityActivity.objects.visible_to(request.user), pk=pk)
    photo = get_object_or_404(ActivityPhoto, pk=photo_pk, activity=activity)
    try:
        return FileResponse(photo.file.open("rb"))
    except FileNotFoundError:
        raise Http404 from None


@staff_permission_required(roles.MANAGE_CHARITY)
@require_POST
def benefit_add(request, pk):
    """Record a person helped: found by ID number (the same person is one record) or
    registered."""
    activity = _activity(request, pk)
    if not has_permission(request.user, roles.VIEW_BENEFICIARIES):
        raise PermissionDenied
    form = BenefitForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(pk, "#benefits"))
    data = form.cleaned_data

    def record():
        with transaction.atomic():
            person, _created = people.beneficiary_register(
                acting_user=request.user,
                name=data["name"],
                id_number=data["id_number"],
                region=data["region"],
                category=activity.project.category,
            )
            services.benefit_record(
                acting_user=request.user,
                activity=activity,
                beneficiary=person,
                kind=data["kind"],
                amount_fen=form.fields["amount"].to_fen(data["amount"]),
                description=data["description"],
            )

    return run_action(request, record, _("Benefit recorded."), _back(pk, "#benefits"))


class CharityYearView(RolePermissionMixin, TemplateView):
    """The year's figures: activities, distinct people helped, spending, by series."""

    permission = roles.VIEW_CHARITY
    template_name = "charity/year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        years = selectors.activity_years(user)
        try:
            year = int(self.request.GET.get("year") or (years[0] if years else timezone.now().year))
        except ValueError:
            year = timezone.now().year
        year = min(max(year, 2000), 2100)
        series = selectors.by_series(user, year)
        context.update(
            year=year,
            years=years,
            summary=selectors.charity_summary(user, year),
            series=series,
            series_total=sum(row["spent_fen"] or 0 for row in series),
        )
        return context


urlpatterns = [
    path("", CharityYearView.as_view(), name="index"),
    path("activities/", ActivityListView.as_view(), name="activities"),
    path("activities/new/", ActivityCreateView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", ActivityDetailView.as_view(), name="activity"),
    path("activities/<int:pk>/edit/", ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/held/", activity_held, name="activity_held"),
    path("activities/<int:pk>/publish/", activity_publish, name="activity_publish"),
    path("activities/<int:pk>/unpublish/", activity_unpublish, name="activity_unpublish"),
    path("activities/<int:pk>/participants/", participant_add, name="participant_add"),
    path(
        "activities/<int:pk>/participants/<int:participant_pk>/remove/",
        participant_remove,
        name="participant_remove",
    ),
    path("activities/<int:pk>/photos/", photo_add, name="photo_add"),
    path("activities/<int:pk>/photos/<int:photo_pk>/", photo_file, name="photo"),
    path("activities/<int:pk>/benefits/", benefit_add, name="benefit_add"),
]
