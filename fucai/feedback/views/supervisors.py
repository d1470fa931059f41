"""Staff pages of the conduct supervisors (行风监督员): the register, one supervisor's
invitations and feedback, answering it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.fields import defer_encrypted
from fucai.core.generic import RolePermissionMixin
from fucai.core.roles import has_permission

from ..forms import AnswerForm, InvitationForm, SupervisorFeedbackForm, SupervisorForm
from ..models import Supervisor, SupervisorFeedback
from ..services import evaluation as services


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class SupervisorListView(RolePermissionMixin, TemplateView):
    """The register (leadership reads it); registering one takes the evaluation's
    managers."""

    permission = roles.VIEW_EVALUATION
    template_name = "feedback/supervisor_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["supervisors"] = defer_encrypted(Supervisor.objects.all())
        context["form"] = kwargs.get("form") or SupervisorForm()
        context["today"] = timezone.localdate()
        return context

    def post(self, request):
        if not has_permission(request.user, roles.MANAGE_EVALUATION):
            raise PermissionDenied
        form = SupervisorForm(request.POST)
        if form.is_valid():
            try:
                supervisor = services.supervisor_register(
                    acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Supervisor registered."))
                return redirect("feedback:supervisor", pk=supervisor.pk)
        return render(request, self.template_name, self.get_context_data(form=form), status=400)


class SupervisorDetailView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_EVALUATION
    template_name = "feedback/supervisor_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supervisor = get_object_or_404(
            defer_encrypted(Supervisor.objects.all()), pk=self.kwargs["pk"]
        )
        feedback = list(supervisor.feedback.select_related("answered_by"))
        for item in feedback:
            # One answer form per remark, each with ids of its own.
            item.answer_form = AnswerForm(auto_id=f"answer{item.pk}_%s")
        context.update(
            supervisor=supervisor,
            invitations=supervisor.invitations.all(),
            feedback=feedback,
            invitation_form=InvitationForm(),
            feedback_form=SupervisorFeedbackForm(initial={"received_on": timezone.localdate()}),
        )
        return context


class SupervisorInviteView(RolePermissionMixin, View):
    permission = roles.MANAGE_EVALUATION

    def post(self, request, pk):
        supervisor = get_object_or_404(Supervisor, pk=pk)
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                services.supervisor_invite(
                    supervisor=supervisor, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Invitation recorded."))
        else:
            messages.error(request, _("Give the event and its date."))
        return redirect("feedback:supervisor", pk=pk)


class SupervisorFeedbackView(RolePermissionMixin, View):
    permission = roles.MANAGE_EVALUATION

    def post(self, request, pk):
        supervisor = get_object_or_404(Supervisor, pk=pk)
        form = SupervisorFeedbackForm(request.POST)
        if form.is_valid():
            services.supervisor_feedback_record(
                supervisor=supervisor, acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Feedback recorded."))
        else:
            messages.error(request, _("Give the date and the feedback."))
        return redirect("feedback:supervisor", pk=pk)


class FeedbackAnswerView(RolePermissionMixin, View):
    permission = roles.MANAGE_EVALUATION

    def post(self, request, pk):
        feedback = get_object_or_404(SupervisorFeedback, pk=pk)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.supervisor_feedback_answer(
                    feedback=feedback, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Answer recorded."))
        else:
            messages.error(request, _("Write the answer."))
        return redirect("feedback:supervisor", pk=feedback.supervisor_id)


urlpatterns = [
    path("supervisors/", SupervisorListView.as_view(), name="supervisors"),
    path("supervisors/<int:pk>/", SupervisorDetailView.as_view(), name="supervisor"),
    path("supervisors/<int:pk>/invite/", SupervisorInviteView.as_view(), name="supervisor_invite"),
    path(
        "supervisors/<int:pk>/feedback/",
        SupervisorFeedbackView.as_view(),
        name="supervisor_feedback",
    ),
    path(
        "supervisors/feedback/<int:pk>/answer/",
        FeedbackAnswerView.as_view(),
        name="supervisor_answer",
    ),
]
