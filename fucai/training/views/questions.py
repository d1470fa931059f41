"""A course's question bank: the questions, the Excel import and its template."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.excel import excel_response
from fucai.core.generic import RolePermissionMixin, add_validation_errors
from fucai.core.tables import choice_labels

from ..choices import QuestionKind
from ..forms import QuestionImportForm
from ..models import Course
from ..services import questions_import
from ..services.questions import TEMPLATE_HEADERS, TEMPLATE_ROWS


class QuestionBankView(RolePermissionMixin, View):
    permission = roles.VIEW_TRAINING
    template_name = "training/manage/questions.html"

    def render_bank(self, course, form=None, result=None, status=200):
        kinds = choice_labels(QuestionKind.choices)
        questions = [
            {
                "text": q.text,
                "kind": kinds.get(q.kind, q.kind),
                "options": [f"{chr(65 + i)}. {text}" for i, text in enumerate(q.options)],
                "answer": q.answer_letters,
                "active": q.active,
            }
            for q in course.questions.order_by("id")
        ]
        context = {
            "course": course,
            "questions": questions,
            "form": form or QuestionImportForm(),
            "result": result,
            "can_manage": roles.has_permission(self.request.user, roles.MANAGE_TRAINING),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_bank(get_object_or_404(Course, pk=kwargs["pk"]))


class QuestionImportView(QuestionBankView):
    permission = roles.MANAGE_TRAINING

    def get(self, request, *args, **kwargs):
        return redirect("training:questions", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        course = get_object_or_404(Course, pk=kwargs["pk"])
        form = QuestionImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = questions_import(
                    acting_user=request.user, course=course, file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if not result.errors:
                    messages.success(
                        request,
                        _(
                            "Imported: %(created)d new, %(updated)d updated, "
                            "%(unchanged)d unchanged."
                        )
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect("training:questions", pk=course.pk)
                return self.render_bank(course, form, result, status=400)
        return self.render_bank(course, form, status=400)


class QuestionTemplateView(RolePermissionMixin, View):
    permission = roles.MANAGE_TRAINING

    def get(self, request, *args, **kwargs):
        return excel_response(
            "question-template", TEMPLATE_HEADERS, TEMPLATE_ROWS, title=_("Question bank")
        )


urlpatterns = [
    path("manage/courses/<int:pk>/questions/", QuestionBankView.as_view(), name="questions"),
    path(
        "manage/courses/<int:pk>/questions/import/",
        QuestionImportView.as_view(),
        name="question_import",
    ),
    path("manage/questions/template/", QuestionTemplateView.as_view(), name="question_template"),
]
