"""The buttons on an application's page: each opens a small form in the htmx modal
and calls one workflow service. One declarative table (ACTIONS) feeds the URLs, the
buttons and the permission matrix; one generic view (ApplicationActionView) serves every
row of it.

A row names the service and the form fields passed to it as keyword arguments (same
names), next to ``acting_user`` and ``application``. The two steps that do more than
one call (recording a survey with its photos, resolving one objection) give a
``perform`` function instead.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True)
class Action:
    """One step of the workflow as data: its URL (``name``), its button (``label``,
    ``statuses`` it is offered in, ``style``, ``icon``), its modal (``title``,
    ``form_class``) and what POST does (``service`` called with ``fields`` of the form,
    or ``perform(view, application, data)``)."""

    name: str  # URL name suffix and path segment
    label: str
    title: str
    success_message: str
    service: Callable[..., Any] | None = None
    fields: tuple[str, ...] = ("comment",)
    form_class: type = forms.CommentForm
    permission: str = c.REVIEW_APPLICATIONS
    statuses: frozenset = frozenset()
    style: str = "btn-primary"
    icon: str = "ti-check"
    #: The form takes the application (``form_class(data, application=...)``).
    form_needs_application: bool = False
    #: The form has file fields: it is bound to request.FILES, the modal is multipart.
    multipart: bool = False
    perform: Callable[..., Any] | None = None
    #: Go to the page of what the service returned instead of the application's.
    to_result: bool = False
    view: type = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        view = type(
            "".join(part.title() for part in self.name.split("_")) + "ActionView",
            (ApplicationActionView,),
            {"action": self, "permission": self.permission, "__module__": __name__},
        )
        object.__setattr__(self, "view", view)


class ApplicationActionView(ApplicationMixin, ModalActionView):
    """GET: the action's form (a modal body); POST: its service, then back to the page.
    Built once per :class:`Action` (``Action.view``)."""

    action: Action
    template_name = "recruitment/_action_form.html"

    @property
    def title(self):
        return self.action.title

    @property
    def success_message(self):
        return self.action.success_message

    def make_form(self, application, data=None, files=None):
        action = self.action
        if action.form_needs_application:
            return action.form_class(data, application=application)
        if action.multipart:
            return action.form_class(data, files)
        return action.form_class(data)

    def get_context(self, application) -> dict:
        return {"application": application, "multipart": self.action.multipart}

    def perform(self, application, data):
        action = self.action
        if action.perform is not None:
            return action.perform(self, application, data)
        arguments = {name: data[name] for name in action.fields}
        return action.service(acting_user=self.request.user, application=application, **arguments)

    def success_url(self, application, result) -> str:
        if self.action.to_result:
            return result.get_absolute_url()
        return reverse("recruitment:application_detail", args=[application.tracking_code])


def _record_survey(view, application, data):
    user = view.request.user
    with transaction.atomic():  # the photos and the survey, or nothing
        for photo in view.request.FILES.getlist("photos"):
            services.survey_photo_add(acting_user=user, application=application, file=photo)
        services.application_record_survey(
            acting_user=user,
            application=application,
            findings=data["findings"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            area=data.get("area"),
        )


def _resolve_objection(view, application, data):
    objection = get_object_or_404(Objection, pk=view.kwargs["objection"], application=application)
    services.objection_resolve(
        acting_user=view.request.user,
        objection=objection,
        upheld=data["upheld"],
        resolution=data["resolution"],
    )


def _s(*statuses) -> frozenset:
    return frozenset(statuses)


ACTIONS: list[Action] = [
    Action(
        "return",
        label=_("Return for correction"),
        title=_("Return for correction"),
        success_message=_("Returned to the applicant for correction."),
        service=services.application_return_for_correction,
        fields=("reasons",),
        form_class=forms.ReasonsForm,
        statuses=_s(S.SUBMITTED),
        style="",
        icon="ti-arrow-back-up",
    ),
    Action(
        "accept",
        label=_("Accept"),
        title=_("Accept: the documents are complete"),
        success_message=_("Accepted."),
        service=services.application_accept,
        statuses=_s(S.SUBMITTED),
    ),
    Action(
        "assign_survey",
        label=_("Assign survey"),
        title=_("Assign the site survey"),
        success_message=_("Site survey assigned."),
        service=services.application_assign_survey,
        fields=("inspector", "comment"),
        form_class=forms.AssignSurveyForm,
        form_needs_application=True,
        statuses=_s(S.ACCEPTED),
        icon="ti-map-pin",
    ),
    Action(
        "record_survey",
        label=_("Record survey"),
        title=_("Record the site survey"),
        success_message=_("Survey recorded; the conditions were checked."),
        perform=_record_survey,
        form_class=forms.SurveyForm,
        multipart=True,
        permission=c.SURVEY,
        statuses=_s(S.SURVEY_ASSIGNED),
        icon="ti-clipboard-check",
    ),
    Action(
        "review",
        label=_("Review decision"),
        title=_("Review decision"),
        success_message=_("Decision recorded."),
        service=services.application_review,
        fields=("decision", "comment"),
        form_class=forms.ReviewForm,
        statuses=_s(S.SURVEYED),
        icon="ti-gavel",
    ),
    Action(
        "start_notice",
        label=_("Start public notice"),
        title=_("Start the public notice"),
        success_message=_("The application is in public notice."),
        service=services.application_start_notice,
        fields=("starts_on",),
        form_class=forms.NoticeForm,
        statuses=_s(S.APPROVED_FOR_NOTICE),
        icon="ti-speakerphone",
    ),
    Action(
        "objection",
        label=_("Record objection"),
        title=_("Record an objection"),
        success_message=_("Objection recorded."),
        service=services.objection_record,
        fields=("content", "raised_by", "received_on"),
        form_class=forms.ObjectionRecordForm,
        statuses=_s(S.IN_NOTICE),
        style="",
        icon="ti-message-report",
    ),
    Action(
        "pass_notice",
        label=_("Pass notice"),
        title=_("Close the public notice"),
        success_message=_("The public notice has passed."),
        service=services.application_pass_notice,
        statuses=_s(S.IN_NOTICE),
        icon="ti-flag",
    ),
    Action(
        "approve",
        label=_("Approve"),
        title=_("Approve"),
        success_message=_("Approved."),
        service=services.application_approve,
        statuses=_s(S.NOTICE_PASSED, S.DRAWN_WINNER, S.DRAWN_WAITLIST),
        icon="ti-circle-check",
    ),
    Action(
        "schedule",
        label=_("Schedule signing"),
        title=_("Schedule the contract signing"),
        success_message=_("Signing scheduled; the applicant is told."),
        service=services.contract_schedule,
        fields=("appointment_at", "place"),
        form_class=forms.ScheduleForm,
        statuses=_s(S.APPROVED, S.CONTRACT_SCHEDULED),
        icon="ti-calendar",
    ),
    Action(
        "sign",
        label=_("Contract signed"),
        title=_("Contract signed (in person)"),
        success_message=_("Contract signing recorded."),
        service=services.contract_sign,
        fields=("signed_on", "comment"),
        form_class=forms.SignForm,
        statuses=_s(S.CONTRACT_SCHEDULED),
        icon="ti-signature",
    ),
    Action(
        "station",
        label=_("Create station"),
        title=_("Register the station"),
        success_message=_("Station registered; it is preparing to open."),
        service=services.station_create_from_application,
        fields=("code", "contract_number", "name", "contract_starts_on"),
        form_class=forms.StationCreateForm,
        to_result=True,
        statuses=_s(S.CONTRACT_SIGNED),
        icon="ti-building-store",
    ),
    Action(
        "reject",
        label=_("Reject"),
        title=_("Reject"),
        success_message=_("Rejected."),
        service=services.application_reject,
        fields=("reason",),
        form_class=forms.ReasonForm,
        statuses=_s(
            S.SUBMITTED,
            S.ACCEPTED,
            S.IN_NOTICE,
            S.NOTICE_PASSED,
            S.DRAWN_WINNER,
            S.DRAWN_WAITLIST,
            S.APPROVED,
            S.CONTRACT_SCHEDULED,
        ),
        style="btn-outline-danger",
        icon="ti-x",
    ),
]

#: Resolving one objection: a button on the objection, not on the application, with
#: its own URL (``objection_resolve``), so it is not in ACTIONS.
OBJECTION_RESOLVE = Action(
    "objection_resolve",
    label=_("Resolve the objection"),
    title=_("Resolve the objection"),
    success_message=_("Objection resolved."),
    perform=_resolve_objection,
    form_class=forms.ObjectionResolveForm,
)
ObjectionResolveView = OBJECTION_RESOLVE.view
