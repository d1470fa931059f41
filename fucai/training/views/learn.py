"""The learner's pages (我的学习), made for a phone: courses with progress, a course with
its materials, sessions and exam, the material viewer (which reports progress), joining
a live session, and the learner's own certificates."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin

from .. import selectors
from ..choices import AttemptStatus
from ..models import Course, LiveSession, Material
from ..ranges import ranged_file_response
from ..services import NOT_A_LEARNER, attempts_close_expired, attendance_join, progress_record
from ..services.exams import renewable_certificate, retake_block
from .common import AnyPermissionMixin, LearnerMixin


class LearnerHomeView(RolePermissionMixin, LearnerMixin, TemplateView):
    permission = roles.LEARN
    template_name = "training/learn/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, learner = self.request.user, self.learner
        if learner is not None:
            attempts_close_expired(learner=learner)
        certificates = selectors.with_status_labels(selectors.own_certificates(user, learner)[:3])
        context.update(
            learner=learner,
            not_a_learner=NOT_A_LEARNER,
            courses=selectors.learner_courses(learner),
            sessions=list(selectors.upcoming_sessions()[:5]),
            running=selectors.own_attempts(user, learner)
            .filter(status=AttemptStatus.IN_PROGRESS)
            .first(),
            certificates=certificates,
        )
        return context


class CourseView(RolePermissionMixin, LearnerMixin, TemplateView):
    permission = roles.LEARN
    template_name = "training/learn/course.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = get_object_or_404(
            Course.objects.filter(active=True).select_related("exam"), pk=kwargs["pk"]
        )
        learner = self.learner
        exam = getattr(course, "exam", None)
        attempts = []
        blocked = None
        now = timezone.now()
        if learner is not None and exam is not None:
            attempts_close_expired(learner=learner, now=now)
            attempts = list(
                selectors.own_attempts(self.request.user, learner).filter(exam=exam)[:10]
            )
            if not any(a.status == AttemptStatus.IN_PROGRESS for a in attempts):
                blocked = retake_block(exam, learner, now)
        context.update(
            course=course,
            learner=learner,
            not_a_learner=NOT_A_LEARNER,
            materials=selectors.course_materials(course, learner),
            sessions=list(selectors.upcoming_sessions([course], now)),
            exam=exam if exam is not None and exam.active else None,
            attempts=attempts,
            running=next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None),
            blocked=blocked,
            renewable=renewable_certificate(learner, timezone.localdate())
            if learner is not None and course.kind == "refresher"
            else None,
        )
        return context


class MaterialView(RolePermissionMixin, LearnerMixin, TemplateView):
    permission = roles.LEARN
    template_name = "training/learn/material.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        material = get_object_or_404(
            Material.objects.filter(active=True, course__active=True).select_related("course"),
            pk=kwargs["pk"],
        )
        progress = None
        if self.learner is not None:
            progress = material.progress.filter(learner=self.learner).first()
        context.update(
            material=material,
            progress=progress,
            learner=self.learner,
            js_messages={
                "watched": str(_("Watched {percent}%")),
                "completed": str(_("Completed")),
            },
        )
        return context


class MaterialFileView(AnyPermissionMixin, View):
    """The material's bytes, with range requests (the video player seeks). Learners get
    active materials; training staff any (to check an upload)."""

    permissions = (roles.LEARN, roles.VIEW_TRAINING)

    def get(self, request, *args, **kwargs):
        materials = Material.objects.all()
        if not roles.has_permission(request.user, roles.VIEW_TRAINING):
            materials = materials.filter(active=True, course__active=True)
        material = materials.filter(pk=kwargs["pk"]).first()
        if material is None or not material.file:
            raise Http404
        try:
            size = material.file.size
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = ranged_file_response(
            request,
            material.file,
            size=size,
            content_type=material.content_type,
            etag=material.sha256,
        )
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class ProgressView(RolePermissionMixin, View):
    """``POST {"position": seconds, "duration": seconds}`` from the player (JSON or a
    form); a document's viewer posts once when it opens."""

    permission = roles.LEARN

    def post(self, request, *args, **kwargs):
        material = get_object_or_404(Material.objects.select_related("course"), pk=kwargs["pk"])
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return JsonResponse(
                    {"detail": str(_("The request is not valid JSON."))}, status=400
                )
            if not isinstance(data, dict):
                data = {}
        else:
            data = request.POST
        try:
            progress = progress_record(
                acting_user=request.user,
                material=material,
                position=data.get("position", 0),
                duration=data.get("duration"),
            )
        except ValidationError as error:
            return JsonResponse({"detail": " ".join(error.messages)}, status=400)
        except PermissionDenied as error:
            return JsonResponse({"detail": str(error) or str(NOT_A_LEARNER)}, status=403)
        return JsonResponse(
            {
                "furthest": progress.furthest_seconds,
                "duration": progress.duration_seconds,
                "percent": progress.percent,
                "completed": progress.completed_at is not None,
            }
        )


class SessionJoinView(RolePermissionMixin, View):
    permission = roles.LEARN

    def post(self, request, *args, **kwargs):
        session = get_object_or_404(
            LiveSession.objects.filter(course__active=True), pk=kwargs["pk"]
        )
        try:
            attendance_join(acting_user=request.user, session=session)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("training:course", pk=session.course_id)
        except PermissionDenied:
            messages.error(request, NOT_A_LEARNER)
            return redirect("training:course", pk=session.course_id)
        # An external link by design: the session's conference room.
        return HttpResponseRedirect(session.meeting_url)


urlpatterns = [
    path("", LearnerHomeView.as_view(), name="home"),
    path("courses/<int:pk>/", CourseView.as_view(), name="course"),
    path("materials/<int:pk>/", MaterialView.as_view(), name="material"),
    path("materials/<int:pk>/file/", MaterialFileView.as_view(), name="material_file"),
    path("materials/<int:pk>/progress/", ProgressView.as_view(), name="material_progress"),
    path("sessions/<int:pk>/join/", SessionJoinView.as_view(), name="session_join"),
]
