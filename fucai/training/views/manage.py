"""Staff pages of training: the courses, a course with its materials, exam and live
sessions; creating and editing them; a session's attendance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, add_validation_errors

from ..forms import CourseForm, ExamForm, MaterialForm, SessionForm
from ..models import Attendance, Course, Exam, LiveSession, Material
from ..services import course_save, exam_configure, material_add, material_set_active
from ..services import session_create as create_session


class CourseListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_TRAINING
    template_name = "training/manage/courses.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = (
            Course.objects.select_related("exam")
            .annotate(
                material_count=Count("materials", filter=Q(materials__active=True), distinct=True),
                question_count=Count("questions", filter=Q(questions__active=True), distinct=True),
                session_count=Count("sessions", distinct=True),
            )
            .order_by("position", "id")
        )
        context["can_manage"] = roles.has_permission(self.request.user, roles.MANAGE_TRAINING)
        return context


class CourseManageView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_TRAINING
    template_name = "training/manage/course.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = get_object_or_404(Course.objects.select_related("exam"), pk=kwargs["pk"])
        context.update(
            course=course,
            exam=getattr(course, "exam", None),
            materials=course.materials.all(),
            sessions=course.sessions.annotate(attended=Count("attendances")),
            question_count=course.questions.filter(active=True).count(),
            can_manage=roles.has_permission(self.request.user, roles.MANAGE_TRAINING),
        )
        return context


class CourseEditView(RolePermissionMixin, View):
    permission = roles.MANAGE_TRAINING
    template_name = "training/manage/form.html"

    def course(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(Course, pk=pk) if pk else None

    def respond(self, form, course, status=200):
        title = _("Edit course") if course else _("New course")
        return render(
            self.request,
            self.template_name,
            {"form": form, "title": title, "course": course},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        course = self.course()
        return self.respond(CourseForm(instance=course), course)

    def post(self, request, *args, **kwargs):
        course = self.course()
        form = CourseForm(request.POST, instance=course)
        if form.is_valid():
            try:
                saved = course_save(acting_user=request.user, course=course, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            except IntegrityError:
                form.add_error("code", _("Another course already uses this code."))
            else:
                messages.success(request, _("Course saved."))
                return redirect(saved.get_absolute_url())
        return self.respond(form, course, status=400)


class _CourseFormView(RolePermissionMixin, View):
    """A form about one course (a material, its exam, a live session)."""

    permission = roles.MANAGE_TRAINING
    template_name = "training/manage/form.html"
    title = ""
    multipart = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.course = get_object_or_404(Course, pk=kwargs["pk"])

    def make_form(self, data=None, files=None):
        raise NotImplementedError

    def perform(self, data):
        raise NotImplementedError

    def respond(self, form, status=200):
        context = {
            "form": form,
            "title": self.title,
            "course": self.course,
            "multipart": self.multipart,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.respond(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.perform(form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.course.get_absolute_url())
        return self.respond(form, status=400)


class MaterialCreateView(_CourseFormView):
    title = _("Upload a material")
    multipart = True

    def make_form(self, data=None, files=None):
        return MaterialForm(data, files)

    def perform(self, data):
        material_add(
            acting_user=self.request.user,
            course=self.course,
            title=data["title"],
            file=data["file"],
            position=data["position"] or 0,
        )


class ExamEditView(_CourseFormView):
    title = _("Exam settings")

    def make_form(self, data=None, files=None):
        exam = Exam.objects.filter(course=self.course).first()
        return ExamForm(data, instance=exam or Exam(course=self.course))

    def perform(self, data):
        exam_configure(acting_user=self.request.user, course=self.course, **data)


class SessionCreateView(_CourseFormView):
    title = _("Schedule a live session")

    def make_form(self, data=None, files=None):
        return SessionForm(data)

    def perform(self, data):
        create_session(acting_user=self.request.user, course=self.course, **data)


class MaterialToggleView(RolePermissionMixin, View):
    permission = roles.MANAGE_TRAINING

    def post(self, request, *args, **kwargs):
        material = get_object_or_404(Material, pk=kwargs["pk"])
        material_set_active(acting_user=request.user, material=material, active=not material.active)
        messages.success(request, _("Saved."))
        return redirect(material.course.get_absolute_url())


class SessionManageView(RolePermissionMixin, TemplateView):
    """A live session and who attended it (the attendees in the user's scope)."""

    permission = roles.VIEW_TRAINING
    template_name = "training/manage/session.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = get_object_or_404(LiveSession.objects.select_related("course"), pk=kwargs["pk"])
        context.update(
            session=session,
            attendances=Attendance.objects.visible_to(self.request.user)
            .filter(session=session)
            .select_related("learner")
            .order_by("joined_at"),
        )
        return context


urlpatterns = [
    path("manage/", CourseListView.as_view(), name="courses"),
    path("manage/courses/new/", CourseEditView.as_view(), name="course_create"),
    path("manage/courses/<int:pk>/", CourseManageView.as_view(), name="course_manage"),
    path("manage/courses/<int:pk>/edit/", CourseEditView.as_view(), name="course_edit"),
    path(
        "manage/courses/<int:pk>/materials/new/",
        MaterialCreateView.as_view(),
        name="material_create",
    ),
    path("manage/courses/<int:pk>/exam/", ExamEditView.as_view(), name="exam_edit"),
    path(
        "manage/courses/<int:pk>/sessions/new/", SessionCreateView.as_view(), name="session_create"
    ),
    path("manage/materials/<int:pk>/toggle/", MaterialToggleView.as_view(), name="material_toggle"),
    path("manage/sessions/<int:pk>/", SessionManageView.as_view(), name="session_manage"),
]
