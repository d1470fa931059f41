"""Taking an exam on a phone: start an attempt, answer (each answer saved as it is
given), hand in, see the result. The countdown is the browser's; the deadline is the
server's."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin

from ..choices import AttemptStatus, QuestionKind
from ..models import Exam, ExamAttempt
from ..services import NOT_A_LEARNER, attempt_answer, attempt_start, attempt_submit
from .common import LearnerMixin


def attempt_items(attempt: ExamAttempt, *, reveal: bool) -> list[dict]:
    """The attempt's questions for the page: options with what was chosen and, once
    scored, which were right."""
    rows = []
    for item in attempt.items.select_related("question"):
        question = item.question
        chosen = set(item.answer or [])
        rows.append(
            {
                "item": item,
                "question": question,
                "multiple": question.kind == QuestionKind.MULTIPLE,
                "options": [
                    {
                        "index": index,
                        "letter": chr(65 + index),
                        "text": text,
                        "chosen": index in chosen,
                        "right": reveal and index in question.answer,
                    }
                    for index, text in enumerate(question.options)
                ],
            }
        )
    return rows


class ExamStartView(RolePermissionMixin, View):
    permission = roles.LEARN

    def post(self, request, *args, **kwargs):
        exam = get_object_or_404(
            Exam.objects.select_related("course").filter(course__active=True), pk=kwargs["pk"]
        )
        try:
            attempt = attempt_start(acting_user=request.user, exam=exam)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("training:course", pk=exam.course_id)
        except PermissionDenied:
            messages.error(request, NOT_A_LEARNER)
            return redirect("training:course", pk=exam.course_id)
        return redirect("training:attempt", pk=attempt.pk)


class _OwnAttemptMixin(LearnerMixin):
    def get_attempt(self) -> ExamAttempt:
        if self.learner is None:
            raise Http404
        attempt = (
            ExamAttempt.objects.visible_to(self.request.user)
            .filter(learner=self.learner, pk=self.kwargs["pk"])
            .select_related("exam__course", "certificate")
            .first()
        )
        if attempt is None:
            raise Http404
        return attempt


class AttemptView(RolePermissionMixin, _OwnAttemptMixin, TemplateView):
    """The exam while it runs (questions, countdown), its result once scored."""

    permission = roles.LEARN

    def get_template_names(self):
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        now = timezone.now()
        if attempt.status == AttemptStatus.IN_PROGRESS and now > attempt.deadline:
            attempt = attempt_submit(acting_user=request.user, attempt=attempt, now=now)
        running = attempt.status == AttemptStatus.IN_PROGRESS
        self.template_name = (
            "training/learn/attempt.html" if running else "training/learn/result.html"
        )
        context = self.get_context_data(
            attempt=attempt,
            items=attempt_items(attempt, reveal=not running),
            seconds_left=attempt.seconds_left(now),
            running=running,
            js_messages={
                "saved": str(_("Answers saved")),
                "saving": str(_("Saving…")),
                "offline": str(_("Not saved: check the connection")),
                "timeUp": str(_("Time is up: handing in")),
            },
        )
        return self.render_to_response(context)


class AttemptAnswerView(RolePermissionMixin, _OwnAttemptMixin, View):
    """``POST {"answers": {"<position>": [option, ...]}}``: saved at once, so that a
    late hand-in still counts what was answered in time."""

    permission = roles.LEARN

    def post(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"detail": str(_("The request is not valid JSON."))}, status=400)
        answers = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(answers, dict):
            return JsonResponse({"detail": str(_("Send the answers to save."))}, status=400)
        try:
            saved = attempt_answer(acting_user=request.user, attempt=attempt, answers=answers)
        except ValidationError as error:
            return JsonResponse({"detail": " ".join(error.messages)}, status=409)
        return JsonResponse({"saved": saved, "seconds_left": attempt.seconds_left()})


class AttemptSubmitView(RolePermissionMixin, _OwnAttemptMixin, View):
    permission = roles.LEARN

    def post(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        answers = {}
        for item in attempt.items.only("position"):
            values = request.POST.getlist(f"q{item.position}")
            if values:
                answers[item.position] = values
        try:
            attempt = attempt_submit(acting_user=request.user, attempt=attempt, answers=answers)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect("training:attempt", pk=attempt.pk)


urlpatterns = [
    path("exams/<int:pk>/start/", ExamStartView.as_view(), name="exam_start"),
    path("attempts/<int:pk>/", AttemptView.as_view(), name="attempt"),
    path("attempts/<int:pk>/answer/", AttemptAnswerView.as_view(), name="attempt_answer"),
    path("attempts/<int:pk>/submit/", AttemptSubmitView.as_view(), name="attempt_submit"),
]
