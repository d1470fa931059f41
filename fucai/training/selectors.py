"""Reads of the training app, each through the user's data scope."""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from fucai.stations.choices import CertificateStatus
from fucai.stations.models import Certificate, SalesStaff

from .choices import AttemptStatus
from .models import Course, ExamAttempt, LiveSession, Material, MaterialProgress


def learner_courses(learner: SalesStaff | None) -> list[dict]:
    """The active courses with the learner's progress: materials completed of the
    course's active materials, and their best exam result."""
    courses = list(
        Course.objects.filter(active=True)
        .select_related("exam")
        .annotate(material_count=Count("materials", filter=Q(materials__active=True)))
        .order_by("position", "id")  # Meta.ordering is dropped by the GROUP BY
    )
    done: dict[int, int] = {}
    best: dict[int, dict] = {}
    if learner is not None:
        for row in (
            MaterialProgress.objects.filter(
                learner=learner, completed_at__isnull=False, material__active=True
            )
            .values("material__course_id")
            .annotate(n=Count("id"))
            .order_by()
        ):
            done[row["material__course_id"]] = row["n"]
        for row in (
            ExamAttempt.objects.filter(learner=learner, status=AttemptStatus.SCORED)
            .values("exam__course_id")
            .annotate(score=Max("score"), passed=Count("id", filter=Q(passed=True)))
            .order_by()
        ):
            best[row["exam__course_id"]] = row
    rows = []
    for course in courses:
        completed = done.get(course.pk, 0)
        total = course.material_count
        rows.append(
            {
                "course": course,
                "completed": completed,
                "total": total,
                "percent": completed * 100 // total if total else 0,
                "best": best.get(course.pk),
            }
        )
    return rows


def course_materials(course: Course, learner: SalesStaff | None) -> list[dict]:
    materials = list(course.materials.filter(active=True))
    progress = {}
    if learner is not None:
        progress = {
            p.material_id: p
            for p in MaterialProgress.objects.filter(learner=learner, material__in=materials)
        }
    return [{"material": m, "progress": progress.get(m.pk)} for m in materials]


def upcoming_sessions(courses=None, now: datetime.datetime | None = None):
    """Live sessions that have not ended, soonest first."""
    now = now or timezone.now()
    sessions = LiveSession.objects.filter(ends_at__gte=now, course__active=True)
    if courses is not None:
        sessions = sessions.filter(course__in=courses)
    return sessions.select_related("course").order_by("starts_at")


def own_attempts(user, learner: SalesStaff | None):
    if learner is None:
        return ExamAttempt.objects.none()
    return (
        ExamAttempt.objects.visible_to(user)
        .filter(learner=learner)
        .select_related("exam__course", "certificate")
    )


def own_certificates(user, learner: SalesStaff | None):
    if learner is None:
        return Certificate.objects.none()
    return (
        Certificate.objects.visible_to(user)
        .filter(holder=learner)
        .with_status()
        .select_related("holder")
    )


def with_status_labels(certificates) -> list:
    """The certificates (annotated ``status_now``) with ``status_label`` set."""
    labels = dict(CertificateStatus.choices)
    rows = list(certificates)
    for certificate in rows:
        certificate.status_label = str(labels.get(certificate.status_now, ""))
    return rows


def staff_learners(user):
    """The sales staff in ``user``'s scope, with their training: materials completed,
    attempts, best score, whether they passed an exam."""
    attempts = ExamAttempt.objects.filter(learner=OuterRef("pk"), passed=True)
    return (
        SalesStaff.objects.visible_to(user)
        .annotate(
            completed=Count(
                "material_progress",
                filter=Q(material_progress__completed_at__isnull=False),
                distinct=True,
            ),
            attempt_count=Count("exam_attempts", distinct=True),
            best_score=Max("exam_attempts__score"),
            has_passed=Exists(attempts),
        )
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.with_status().order_by("-valid_to"),
                to_attr="certificates_now",
            )
        )
    )


def material_count() -> int:
    return Material.objects.filter(active=True, course__active=True).count()
