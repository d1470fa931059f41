"""Pages of the star-rating round (星级评定): the applications of a year, opening and
publishing a round, an owner's application with the self-assessment and photos, an
application's page (breakdown, photos, steps) and one modal per step: district review,
city review with the site check, appeal and its decision, provincial nomination and
the province's decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.stations.models import Station

from ..forms.stars import (
    AppealDecideForm,
    AppealForm,
    CityReviewForm,
    DistrictReviewForm,
    EvidenceForm,
    NominateForm,
    ProvinceDecisionForm,
    RoundOpenForm,
    StarApplyForm,
    StarFilterForm,
)
from ..models import StarApplication, StarRound
from ..selectors.ratings import default_round_year
from ..services import stars as services


def _photo_response(field_file, content_type: str):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    # Type checked by content on upload; still never sniffed, never a document.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


class StarListView(ObjectListView):
    model = StarApplication
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = StarFilterForm
    template_name = "governance/stars/star_list.html"
    table_template_name = "governance/stars/_star_table.html"
    sort_fields = {
        "station": "station__code",
        "region": ["station__region__sort_order", "station__code"],
        "score": "score",
        "stars": "stars",
        "status": "status",
    }
    default_sort = "station"
    export_filename = "star-ratings"
    export_columns = [
        (_("Year"), lambda a: a.round.year),
        (_("Station code"), lambda a: a.station.code),
        (_("Station name"), lambda a: a.station.name),
        (_("District"), lambda a: a.station.region.name),
        (_("Stars applied for"), lambda a: a.stars_applied),
        (_("Computed score"), lambda a: a.score),
        (_("Computed stars"), lambda a: a.computed_stars),
        (_("Stars"), lambda a: a.stars),
        (_("Status"), lambda a: a.get_status_display()),
        (_("Provincial star"), lambda a: a.get_provincial_display()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("station__region", "round")

    def get_filter_form(self):
        self.year = default_round_year(timezone.localdate().year)
        return StarFilterForm(
            self.request.GET or None, user=self.request.user, default_year=self.year
        )

    def filtered_queryset(self):
        queryset, form = super().filtered_queryset()
        if not form.is_bound:
            queryset = queryset.filter(round__year=self.year)
        return queryset, form

    def page_queryset(self, queryset):
        return queryset.defer("breakdown", "self_assessment")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter_form"]
        year = (form.is_bound and form.cleaned_data.get("year")) or self.year
        context.update(year=year, round=StarRound.objects.filter(year=year).first())
        return context


class RoundOpenView(ModalActionView):
    permission = roles.MANAGE_RATINGS
    form_class = RoundOpenForm
    template_name = "governance/stars/_modal_form.html"
    title = _("Open a star-rating round")
    success_message = _("The round is open for applications.")

    def perform(self, obj, data):
        round_ = services.star_round_open(acting_user=self.request.user, **data)
        return reverse("governance:stars") + f"?year={round_.year}"


class RoundPublishView(RolePermissionMixin, View):
    permission = roles.MANAGE_RATINGS
    http_method_names = ["post"]

    def post(self, request, pk):
        round_ = get_object_or_404(StarRound, pk=pk)
        try:
            count = services.star_round_publish(acting_user=request.user, round=round_)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)s stations' stars published.") % {"count": count})
        return redirect(reverse("governance:stars") + f"?year={round_.year}")


class StarApplyView(RolePermissionMixin, View):
    """The owner's application: points and a note per criterion, the stars applied
    for, and photos per criterion."""

    permission = roles.APPLY_STARS
    template_name = "governance/stars/apply.html"

    def setup_objects(self):
        self.round = get_object_or_404(
            StarRound.objects.select_related("scheme"), pk=self.kwargs["pk"]
        )
        station = Station.objects.visible_to(self.request.user).filter(code=self.kwargs["code"])
        self.station = station.first()
        if self.station is None:
            raise Http404

    def form(self, data=None):
        return StarApplyForm(data, criteria=self.round.scheme.criteria)

    def respond(self, form, status=200):
        context = {"round": self.round, "station": self.station, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk, code):
        self.setup_objects()
        return self.respond(self.form())

    def post(self, request, pk, code):
        self.setup_objects()
        form = self.form(request.POST)
        if form.is_valid():
            photos = [
                (c["code"], file)
                for c in self.round.scheme.criteria
                for file in request.FILES.getlist(f"photos_{c['code']}")
            ]
            try:
                application = services.star_apply(
                    acting_user=request.user,
                    round=self.round,
                    station=self.station,
                    self_assessment=form.assessment(),
                    stars_applied=form.cleaned_data["stars_applied"],
                    photos=photos,
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Application submitted."))
                return redirect("governance:star_detail", application.pk)
        return self.respond(form, status=400)


class StarMixin(ScopedObjectMixin):
    model = StarApplication

    def get_queryset(self):
        return super().get_queryset().select_related("station__region", "round__scheme")


class StarDetailView(RolePermissionMixin, StarMixin, TemplateView):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/stars/star_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_object()
        photos: dict[str, list] = {}
        for photo in application.evidence.all():
            photos.setdefault(photo.criterion, []).append(photo)
        rows = [
            {
                **item,
                "self": application.self_assessment.get(item["criterion"], {}),
                "photos": photos.get(item["criterion"], []),
            }
            for item in application.breakdown
        ]
        today = timezone.localdate()
        round_ = application.round
        # The owner adds photos, and removes their own, until the district reviews.
        photos_open = application.status == "submitted" and roles.has_permission(
            self.request.user, roles.APPLY_STARS
        )
        if photos_open:
            context["evidence_form"] = EvidenceForm(criteria=round_.scheme.criteria)
        context.update(
            application=application,
            rows=rows,
            events=list(application.events.select_related("actor")),
            photos_open=photos_open,
            appeal_open=round_.published_on is not None
            and round_.published_on <= today <= round_.appeal_until
            and not application.appeal_reason
            and application.status in ("published", "rejected"),
        )
        return context


class StarPhotoView(RolePermissionMixin, StarMixin, View):
    permission = roles.VIEW_GOVERNANCE

    def get(self, request, pk, photo):
        application = self.get_object()
        evidence = get_object_or_404(application.evidence, pk=photo)
        return _photo_response(evidence.file, evidence.content_type)


class _StepView(StarMixin, ModalActionView):
    template_name = "governance/stars/_modal_form.html"

    def get_context(self, application) -> dict:
        return {"application": application}

    def done(self, application):
        return reverse("governance:star_detail", args=[application.pk])


class DistrictReviewView(_StepView):
    permission = roles.REVIEW_STARS_DISTRICT
    form_class = DistrictReviewForm
    title = _("District review")
    success_message = _("District review recorded.")

    def make_form(self, application, data=None, files=None):
        return DistrictReviewForm(data, initial={"stars": application.computed_stars})

    def perform(self, application, data):
        services.star_district_review(
            acting_user=self.request.user,
            application=application,
            approve=data["decision"] == "pass",
            stars=data["stars"],
            comment=data["comment"],
        )
        return self.done(application)


class CityReviewView(_StepView):
    permission = roles.MANAGE_RATINGS
    form_class = CityReviewForm
    title = _("City review and site check")
    success_message = _("City review recorded.")

    def make_form(self, application, data=None, files=None):
        initial = {
            "stars": application.district_stars or application.computed_stars,
            "site_checked_on": timezone.localdate(),
        }
        return CityReviewForm(data, initial=initial)

    def perform(self, application, data):
        services.star_city_review(acting_user=self.request.user, application=application, **data)
        return self.done(application)


class AppealView(_StepView):
    permission = roles.APPLY_STARS
    form_class = AppealForm
    title = _("Appeal the decision")
    success_message = _("Appeal submitted.")

    def perform(self, application, data):
        services.star_appeal(
            acting_user=self.request.user, application=application, reason=data["reason"]
        )
        return self.done(application)


class AppealDecideView(_StepView):
    permission = roles.MANAGE_RATINGS
    form_class = AppealDecideForm
    title = _("Decide the appeal")
    success_message = _("Appeal decided.")

    def perform(self, application, data):
        services.star_appeal_decide(
            acting_user=self.request.user,
            application=application,
            grant=data["decision"] == "grant",
            stars=data["stars"],
            decision=data["reasons"],
        )
        return self.done(application)


class NominateView(_StepView):
    permission = roles.MANAGE_RATINGS
    form_class = NominateForm
    title = _("Nominate as a provincial star station")
    success_message = _("Nominated to the province.")

    def perform(self, application, data):
        services.star_nominate(
            acting_user=self.request.user, application=application, comment=data["comment"]
        )
        return self.done(application)


class ProvinceDecisionView(_StepView):
    permission = roles.MANAGE_RATINGS
    form_class = ProvinceDecisionForm
    title = _("Record the province's decision")
    success_message = _("The province's decision is recorded.")

    def make_form(self, application, data=None, files=None):
        return ProvinceDecisionForm(data, initial={"decided_on": timezone.localdate()})

    def perform(self, application, data):
        services.star_province_decide(
            acting_user=self.request.user,
            application=application,
            approved=data["decision"] == "approve",
            comment=data["comment"],
            decided_on=data["decided_on"],
        )
        return self.done(application)


urlpatterns = [
    path("stars/", StarListView.as_view(), name="stars"),
    path("stars/rounds/open/", RoundOpenView.as_view(), name="star_round_open"),
    path("stars/rounds/<int:pk>/publish/", RoundPublishView.as_view(), name="star_round_publish"),
    path("stars/rounds/<int:pk>/apply/<str:code>/", StarApplyView.as_view(), name="star_apply"),
    path("stars/<int:pk>/", StarDetailView.as_view(), name="star_detail"),
    path("stars/<int:pk>/photos/<int:photo>/", StarPhotoView.as_view(), name="star_photo"),
    path("stars/<int:pk>/district/", DistrictReviewView.as_view(), name="star_district"),
    path("stars/<int:pk>/city/", CityReviewView.as_view(), name="star_city"),
    path("stars/<int:pk>/appeal/", AppealView.as_view(), name="star_appeal"),
    path("stars/<int:pk>/appeal/decide/", AppealDecideView.as_view(), name="star_appeal_decide"),
    path("stars/<int:pk>/nominate/", NominateView.as_view(), name="star_nominate"),
    path("stars/<int:pk>/province/", ProvinceDecisionView.as_view(), name="star_province"),
]
