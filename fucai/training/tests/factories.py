"""Factories of the training app: a course with a bank and an exam, a video material,
a learner (a seller with a login, working at a station)."""

import datetime
from pathlib import Path

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import region
from fucai.stations.models import SalesStaff
from fucai.stations.tests.factories import (
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
)

from ..choices import CourseKind, CourseTopic, MaterialKind, QuestionKind
from ..models import Course, Exam, LiveSession, Material, Question

SAMPLE_VIDEO = Path(__file__).resolve().parent.parent / "demo_media" / "sample.mp4"


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"课程{n}")
    topic = CourseTopic.COMPREHENSIVE
    kind = CourseKind.CERTIFICATION


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    course = factory.SubFactory(CourseFactory)
    key = factory.Sequence(lambda n: f"key-{n}")
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"题目{n}")
    options = factory.LazyFunction(lambda: ["甲", "乙", "丙", "丁"])
    answer = factory.LazyFunction(lambda: [1])


class ExamFactory(DjangoModelFactory):
    class Meta:
        model = Exam

    course = factory.SubFactory(CourseFactory)
    questions_drawn = 4
    time_limit_minutes = 30
    pass_mark = 75
    max_attempts = 3
    period_days = 30
    cooldown_minutes = 0


def exam_with_bank(kind: str = CourseKind.CERTIFICATION, questions: int = 4, **exam) -> Exam:
    course = CourseFactory(kind=kind)
    QuestionFactory.create_batch(questions, course=course)
    return ExamFactory(course=course, **exam)


def video_material(course: Course, data: bytes | None = None) -> Material:
    data = data if data is not None else SAMPLE_VIDEO.read_bytes()
    material = Material(
        course=course,
        title="示范视频",
        kind=MaterialKind.VIDEO,
        content_type="video/mp4",
        size=len(data),
        sha256="abc123",
    )
    material.file.save("sample.mp4", ContentFile(data), save=False)
    material.save()
    return material


def live_session(course: Course, **kwargs) -> LiveSession:
    now = timezone.now()
    values = {
        "title": "直播课",
        "starts_at": now - datetime.timedelta(minutes=10),
        "ends_at": now + datetime.timedelta(hours=1),
        "meeting_url": "https://meeting.example.org/room/1",
    }
    values.update(kwargs)
    return LiveSession.objects.create(course=course, **values)


def learner_for(user, region_code: str = "330302") -> SalesStaff:
    """``user``'s sales staff record (made, with an assignment at a station of
    ``region_code``, if there is none)."""
    existing = SalesStaff.objects.filter(user=user).first()
    if existing is not None:
        return existing
    staff = SalesStaffFactory(user=user)
    StaffAssignmentFactory(staff=staff, station=StationFactory(region=region(region_code)))
    return staff
