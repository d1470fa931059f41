"""The buttons on an application's page: each opens a small form in the htmx modal
and calls one workflow service. One registry (ACTIONS) feeds the URLs, the buttons and
the permission matrix."""

from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fucai.core.generic import ModalActionView, RolePermissionMixin, ScopedObjectMixin

from .. import constants as c
from .. import forms, services
from ..choices import ApplicationStatus as S
from ..models import Application, Objection


class ApplicationMixin(RolePermissionMixin, ScopedObjectMixin):
    model = Application
    lookup_field = "tracking_code"
    lookup_url_kwarg = "code"

    def get_queryset(self):
        return super().get_queryset().select_related("call", "region")


class ActionView(ApplicationMixin, ModalActionView):
    """GET: the form (a modal body); POST: the service, then back to the page."""

    form_class = forms.CommentForm
    template_name = "recruitment/_action_form.html"
    success_message = _("Done.")
    multipart = False

    def get_context(self, application) -> dict:
        return {"application": application, "multipart": self.multipart}

    def success_url(self, application, result) -> str:
        return reverse("recruitment:application_detail", args=[application.tracking_code])


class ReturnView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.ReasonsForm
    title = _("Return for correction")
    success_message = _("Returned to the applicant for correction.")

    def perform(self, application, data):
        services.application_return_for_correction(
            acting_user=self.request.user, application=application, reasons=data["reasons"]
        )


class AcceptView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    title = _("Accept: the documents are complete")
    success_message = _("Accepted.")

    def perform(self, application, data):
        services.application_accept(
            acting_user=self.request.user, application=application, comment=data["comment"]
        )


class AssignSurveyView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    title = _("Assign the site survey")
    success_message = _("Site survey assigned.")

    def make_form(self, application, data=None, files=None):
        return forms.AssignSurveyForm(data, application=application)

    def perform(self, application, data):
        services.application_assign_survey(
            acting_user=self.request.user,
            application=application,
            inspector=data["inspector"],
            comment=data["comment"],
        )


class RecordSurveyView(ActionView):
    permission = c.SURVEY
    form_class = forms.SurveyForm
    title = _("Record the site survey")
    success_message = _("Survey recorded; the conditions were checked.")
    multipart = True

    def make_form(self, application, data=None, files=None):
        return forms.SurveyForm(data, files)

    def perform(self, application, data):
        user = self.request.user
        with transaction.atomic():  # the photos and the survey, or nothing
            self._record(user, application, data)

    def _record(self, user, application, data):
        for photo in self.request.FILES.getlist("photos"):
            services.survey_photo_add(acting_user=user, application=application, file=photo)
        services.application_record_survey(
            acting_user=user,
            application=application,
            findings=data["findings"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            area=data.get("area"),
        )


class ReviewView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.ReviewForm
    title = _("Review decision")
    success_message = _("Decision recorded.")

    def perform(self, application, data):
        services.application_review(
            acting_user=self.request.user,
            application=application,
            decision=data["decision"],
            comment=data["comment"],
        )


class StartNoticeView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.NoticeForm
    title = _("Start the public notice")
    success_message = _("The application is in public notice.")

    def perform(self, application, data):
        services.application_start_notice(
            acting_user=self.request.user, application=application, starts_on=data["starts_on"]
        )


class ObjectionRecordView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.ObjectionRecordForm
    title = _("Record an objection")
    success_message = _("Objection recorded.")

    def perform(self, application, data):
        services.objection_record(
            acting_user=self.request.user,
            application=application,
            content=data["content"],
            raised_by=data["raised_by"],
            received_on=data["received_on"],
        )


class ObjectionResolveView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.ObjectionResolveForm
    title = _("Resolve the objection")
    success_message = _("Objection resolved.")

    def perform(self, application, data):
        objection = get_object_or_404(
            Objection, pk=self.kwargs["objection"], application=application
        )
        services.objection_resolve(
            acting_user=self.request.user,
            objection=objection,
            upheld=data["upheld"],
            resolution=data["resolution"],
        )


class PassNoticeView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    title = _("Close the public notice")
    success_message = _("The public notice has passed.")

    def perform(self, application, data):
        services.application_pass_notice(
            acting_user=self.request.user, application=application, comment=data["comment"]
        )


class ApproveView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    title = _("Approve")
    success_message = _("Approved.")

    def perform(self, application, data):
        services.application_approve(
            acting_user=self.request.user, application=application, comment=data["comment"]
        )


class RejectView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.ReasonForm
    title = _("Reject")
    success_message = _("Rejected.")

    def perform(self, application, data):
        services.application_reject(
            acting_user=self.request.user, application=application, reason=data["reason"]
        )


class ScheduleView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.ScheduleForm
    title = _("Schedule the contract signing")
    success_message = _("Signing scheduled; the applicant is told.")

    def perform(self, application, data):
        services.contract_schedule(
            acting_user=self.request.user,
            application=application,
            appointment_at=data["appointment_at"],
            place=data["place"],
        )


class SignView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.SignForm
    title = _("Contract signed (in person)")
    success_message = _("Contract signing recorded.")

    def perform(self, application, data):
        services.contract_sign(
            acting_user=self.request.user,
            application=application,
            signed_on=data["signed_on"],
            comment=data["comment"],
        )


class StationCreateView(ActionView):
    permission = c.REVIEW_APPLICATIONS
    form_class = forms.StationCreateForm
    title = _("Register the station")
    success_message = _("Station registered; it is preparing to open.")

    def perform(self, application, data):
        return services.station_create_from_application(
            acting_user=self.request.user,
            application=application,
            code=data["code"],
            contract_number=data["contract_number"],
            name=data["name"],
            contract_starts_on=data["contract_starts_on"],
        )

    def success_url(self, application, result) -> str:
        return result.get_absolute_url()


@dataclass(frozen=True)
class Action:
    name: str  # URL name suffix and path segment
    view: type[ActionView]
    label: str
    statuses: frozenset
    style: str = ""
    icon: str = "ti-check"


def _s(*statuses) -> frozenset:
    return frozenset(statuses)


ACTIONS: list[Action] = [
    Action(
        "return", ReturnView, _("Return for correction"), _s(S.SUBMITTED), "", "ti-arrow-back-up"
    ),
    Action("accept", AcceptView, _("Accept"), _s(S.SUBMITTED), "btn-primary"),
    Action(
        "assign_survey",
        AssignSurveyView,
        _("Assign survey"),
        _s(S.ACCEPTED),
        "btn-primary",
        "ti-map-pin",
    ),
    Action(
        "record_survey",
        RecordSurveyView,
        _("Record survey"),
        _s(S.SURVEY_ASSIGNED),
        "btn-primary",
        "ti-clipboard-check",
    ),
    Action("review", ReviewView, _("Review decision"), _s(S.SURVEYED), "btn-primary", "ti-gavel"),
    Action(
        "start_notice",
        StartNoticeView,
        _("Start public notice"),
        _s(S.APPROVED_FOR_NOTICE),
        "btn-primary",
        "ti-speakerphone",
    ),
    Action(
        "objection",
        ObjectionRecordView,
        _("Record objection"),
        _s(S.IN_NOTICE),
        "",
        "ti-message-report",
    ),
    Action(
        "pass_notice", PassNoticeView, _("Pass notice"), _s(S.IN_NOTICE), "btn-primary", "ti-flag"
    ),
    Action(
        "approve",
        ApproveView,
        _("Approve"),
        _s(S.NOTICE_PASSED, S.DRAWN_WINNER, S.DRAWN_WAITLIST),
        "btn-primary",
        "ti-circle-check",
    ),
    Action(
        "schedule",
        ScheduleView,
        _("Schedule signing"),
        _s(S.APPROVED, S.CONTRACT_SCHEDULED),
        "btn-primary",
        "ti-calendar",
    ),
    Action(
        "sign",
        SignView,
        _("Contract signed"),
        _s(S.CONTRACT_SCHEDULED),
        "btn-primary",
        "ti-signature",
    ),
    Action(
        "station",
        StationCreateView,
        _("Create station"),
        _s(S.CONTRACT_SIGNED),
        "btn-primary",
        "ti-building-store",
    ),
    Action(
        "reject",
        RejectView,
        _("Reject"),
        _s(
            S.SUBMITTED,
            S.ACCEPTED,
            S.IN_NOTICE,
            S.NOTICE_PASSED,
            S.DRAWN_WINNER,
            S.DRAWN_WAITLIST,
            S.APPROVED,
            S.CONTRACT_SCHEDULED,
        ),
        "btn-outline-danger",
        "ti-x",
    ),
]
