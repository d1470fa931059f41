"""Pages of the commendations topic (表彰): the rounds, opening a year's round (its
nominations come from the data), a round's nominations with their figures and the
decisions, publishing, and each award's printable certificate (PDF)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, ScopedObjectMixin
from fucai.core.pdf import pdf_response, render_pdf
from fucai.core.roles import has_permission
from fucai.core.services import ConcurrentUpdate

from ..choices import AwardRoundStatus, NominationStatus
from ..models import AwardKind, AwardRound, Nomination
from ..services import commendations as services


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(NominationStatus.ACCEPTED, _("Accept")), (NominationStatus.REJECTED, _("Reject"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    version = forms.IntegerField(required=False, min_value=1)


class RoundListView(RolePermissionMixin, View):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/commendations/list.html"

    def render_page(self, request, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "rounds": AwardRound.objects.all(),
                "kinds": AwardKind.objects.filter(active=True),
                "form": form,
                "can_manage": has_permission(request.user, roles.MANAGE_AWARDS),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(request, OpenRoundForm(initial={"year": timezone.now().year - 1}))


class RoundOpenView(RolePermissionMixin, View):
    permission = roles.MANAGE_AWARDS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = OpenRoundForm(request.POST)
        if form.is_valid():
            try:
                award_round = services.award_round_open(
                    acting_user=request.user, year=form.cleaned_data["year"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("year", message)
            else:
                messages.success(
                    request, _("The round of %(year)d is open.") % {"year": award_round.year}
                )
                return redirect("governance:commendation_round", year=award_round.year)
        return RoundListView(request=request).render_page(request, form, status=400)


def _round(year: int) -> AwardRound:
    award_round = AwardRound.objects.filter(year=year).first()
    if award_round is None:
        raise Http404
    return award_round


class RoundDetailView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_GOVERNANCE
    template_name = "governance/commendations/round.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award_round = _round(self.kwargs["year"])
        nominations = (
            Nomination.objects.visible_to(self.request.user)
            .filter(round=award_round)
            .select_related("kind", "station__region", "staff", "decided_by")
            .order_by("kind__sort_order", "rank", "pk")
        )
        groups: dict = {}
        for nomination in nominations:
            groups.setdefault(nomination.kind, []).append(nomination)
        counts = dict.fromkeys(NominationStatus.values, 0)
        for nomination in nominations:
            counts[nomination.status] += 1
        context.update(
            award_round=award_round,
            groups=list(groups.items()),
            counts=counts,
            deciding=award_round.status == AwardRoundStatus.DECIDING,
            can_manage=has_permission(self.request.user, roles.MANAGE_AWARDS),
        )
        return context


class NominationDecideView(RolePermissionMixin, ScopedObjectMixin, View):
    model = Nomination
    permission = roles.MANAGE_AWARDS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        nomination = self.get_object()
        form = DecideForm(request.POST)
        url = reverse("governance:commendation_round", args=[nomination.round.year])
        if not form.is_valid():
            messages.error(request, _("The decision was not understood."))
            return redirect(f"{url}#n{nomination.pk}")
        try:
            services.nomination_decide(
                acting_user=request.user,
                nomination=nomination,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ConcurrentUpdate:
            messages.error(request, _("Someone else decided this nomination meanwhile."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect(f"{url}#n{nomination.pk}")


class RoundPublishView(RolePermissionMixin, View):
    permission = roles.MANAGE_AWARDS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        award_round = _round(self.kwargs["year"])
        try:
            services.award_round_publish(acting_user=request.user, award_round=award_round)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The awards are published."))
        return redirect("governance:commendation_round", year=award_round.year)


class CertificateView(RolePermissionMixin, ScopedObjectMixin, View):
    """The printable certificate (荣誉证书) of a published award, as a PDF."""

    model = Nomination
    permission = roles.VIEW_GOVERNANCE

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(status=NominationStatus.ACCEPTED, round__status=AwardRoundStatus.PUBLISHED)
            .select_related("round", "kind", "station", "staff")
        )

    def get(self, request, *args, **kwargs):
        award = self.get_object()
        content = render_pdf(
            "governance/commendations/certificate_pdf.html",
            {"award": award, "printed_on": timezone.localdate()},
            request,
        )
        return pdf_response(f"award-{award.certificate_number}", content)


urlpatterns = [
    path("commendations/", RoundListView.as_view(), name="commendations"),
    path("commendations/open/", RoundOpenView.as_view(), name="commendation_open"),
    path("commendations/<int:year>/", RoundDetailView.as_view(), name="commendation_round"),
    path(
        "commendations/<int:year>/publish/",
        RoundPublishView.as_view(),
        name="commendation_publish",
    ),
    path(
        "commendations/nominations/<int:pk>/decide/",
        NominationDecideView.as_view(),
        name="nomination_decide",
    ),
    path(
        "commendations/awards/<int:pk>/certificate.pdf",
        CertificateView.as_view(),
        name="commendation_certificate",
    ),
]
