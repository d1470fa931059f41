"""Pages of the provincial step of the star round (省级星级站点): pick stations from the
city-starred list (filtered, many or all ticked) and nominate them to the province in
one go; then record the province's reply for the round's nominations, the approved
ticked, the others rejected or left awaiting. Both call the bulk services, which lock
the rows, log a step per station and audit each."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, add_validation_errors, keep_valid_filters
from fucai.stations.models import Station

from ..choices import ProvincialStatus, StarStatus
from ..constants import PROVINCIAL_MIN_STARS
from ..forms.stars_provincial import CandidateFilterForm, NominateManyForm, ProvinceReplyForm
from ..models import StarApplication, StarRound
from ..services import stars as services

# The columns both lists show: read as named tuples, no model instances per row.
COLUMNS = (
    *("station_id", "station__code", "station__name", "station__region__name"),
    *("score", "stars", "provincial", "provincial_decided_on"),
)


class _RoundView(RolePermissionMixin, View):
    permission = roles.MANAGE_RATINGS
    template_name = ""

    def setup_round(self, pk) -> StarRound:
        self.round = get_object_or_404(StarRound, pk=pk)
        return self.round

    def applications(self):
        return StarApplication.objects.visible_to(self.request.user).filter(round=self.round)

    def stations(self, ids) -> list[Station]:
        """The ticked stations, within the user's scope; a forged id outside it is not
        found, so the service sees a shorter list and refuses it as a whole."""
        found = list(Station.objects.visible_to(self.request.user).filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise ValidationError(_("Some ticked stations are not in your list."), code="list")
        return found

    def back(self):
        return redirect(reverse("governance:stars") + f"?year={self.round.year}")


class NominateManyView(_RoundView):
    """The city-starred stations not yet nominated, with filters; tick many (or all
    shown) and nominate them to the province."""

    template_name = "governance/stars/nominate_many.html"

    def candidates(self):
        queryset = self.applications().filter(
            status=StarStatus.PUBLISHED, stars__gte=PROVINCIAL_MIN_STARS, provincial=""
        )
        form = CandidateFilterForm(self.request.GET or None, user=self.request.user)
        if form.is_bound:
            if not form.is_valid():
                keep_valid_filters(form)
            queryset = form.apply(queryset)
        return queryset, form

    def respond(self, form, status=200):
        queryset, filter_form = self.candidates()
        rows = list(
            queryset.order_by("-stars", "-score", "station__code").values_list(*COLUMNS, named=True)
        )
        counts = dict.fromkeys(ProvincialStatus.values, 0)
        for value in (
            self.applications().exclude(provincial="").values_list("provincial", flat=True)
        ):
            counts[value] += 1
        context = {
            "round": self.round,
            "rows": rows,
            "filter_form": filter_form,
            "form": form,
            "counts": counts,
            "min_stars": PROVINCIAL_MIN_STARS,
            "querystring": self.request.GET.urlencode(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        self.setup_round(pk)
        return self.respond(NominateManyForm())

    def post(self, request, pk):
        self.setup_round(pk)
        form = NominateManyForm(request.POST)
        if form.is_valid():
            try:
                count = services.star_nominate_many(
                    acting_user=request.user,
                    round=self.round,
                    stations=self.stations(form.cleaned_data["station"]),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s stations nominated to the province.") % {"count": count},
                )
                return redirect(reverse("governance:star_province_reply", args=[self.round.pk]))
        return self.respond(form, status=400)


class ProvinceReplyView(_RoundView):
    """The round's nominations awaiting the province: tick the ones it approved, give
    the day of its reply; the others are rejected or keep awaiting."""

    template_name = "governance/stars/province_reply.html"

    def respond(self, form, status=200):
        awaiting = self.applications().filter(provincial=ProvincialStatus.NOMINATED)
        decided = self.applications().filter(
            provincial__in=(ProvincialStatus.APPROVED, ProvincialStatus.REJECTED)
        )
        context = {
            "round": self.round,
            "rows": list(awaiting.order_by("station__code").values_list(*COLUMNS, named=True)),
            "decided": list(
                decided.order_by("provincial", "station__code").values_list(*COLUMNS, named=True)
            ),
            "approved_count": sum(
                1 for d in decided.values_list("provincial", flat=True) if d == "approved"
            ),
            "form": form,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        self.setup_round(pk)
        return self.respond(ProvinceReplyForm(initial={"decided_on": timezone.localdate()}))

    def post(self, request, pk):
        self.setup_round(pk)
        form = ProvinceReplyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                count = services.star_province_decide_many(
                    acting_user=request.user,
                    round=self.round,
                    approved_stations=self.stations(data["station"]),
                    comment_approved=data["comment_approved"],
                    comment_rejected=data["comment_rejected"],
                    decided_on=data["decided_on"],
                    reject_others=data["others"] == "reject",
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The province's reply is recorded: %(count)s provincial star stations.")
                    % {"count": count},
                )
                return redirect(reverse("governance:star_province_reply", args=[self.round.pk]))
        return self.respond(form, status=400)


urlpatterns = [
    path(
        "stars/rounds/<int:pk>/nominate/",
        NominateManyView.as_view(),
        name="star_nominate_many",
    ),
    path(
        "stars/rounds/<int:pk>/province/",
        ProvinceReplyView.as_view(),
        name="star_province_reply",
    ),
]
