"""The demo's training records: the default courses with a sample video each, two live
sessions, and — for the sales staff the demo already holds (``fucai.demo.staff``) —
watched progress, live-session attendance and exam attempts that match their
certificates (a passed certification exam on the day each exam certificate starts, a
passed refresher on the day each renewal starts, some failed attempts before them).

Run after the staff demo. Without sales staff it creates nothing. Bulk-written
(``bulk_create``) like the rest of the demo: a load is not a series of business edits.

The sample video (``fucai/training/demo_media/sample.mp4``, 10 s, 320×180, ~80 KB) was
made with ffmpeg's test pattern (``testsrc2``, H.264 baseline, ``+faststart`` so that the
player can seek before it has the whole file); it is stored once and shared by the
courses' materials."""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from fucai.stations.choices import CertificateSource
from fucai.stations.models import Certificate, SalesStaff
from fucai.training.choices import AttemptStatus, AttendanceSource, CourseKind, MaterialKind
from fucai.training.defaults import load_default_courses
from fucai.training.models import (
    AttemptQuestion,
    Attendance,
    Course,
    Exam,
    ExamAttempt,
    LiveSession,
    Material,
    MaterialProgress,
    Question,
)

SAMPLE_VIDEO = Path(__file__).resolve().parent.parent / "training" / "demo_media" / "sample.mp4"
SAMPLE_NAME = "training/materials/demo/sample.mp4"
SAMPLE_SECONDS = 10
BATCH_SIZE = 2000
MEETING_URL = "https://meeting.example.org/fucai/{}"


@dataclass
class TrainingSummary:
    learners: int = 0
    progress: int = 0
    attempts: int = 0
    passed: int = 0
    attendances: int = 0


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def _sample_material(courses: list[Course]) -> list[Material]:
    data = SAMPLE_VIDEO.read_bytes()
    if not default_storage.exists(SAMPLE_NAME):
        default_storage.save(SAMPLE_NAME, ContentFile(data))
    digest = hashlib.sha256(data).hexdigest()
    materials = []
    for course in courses:
        material = course.materials.filter(file=SAMPLE_NAME).first()
        if material is None:
            material = Material.objects.create(
                course=course,
                title=f"{course.title}（视频）",
                kind=MaterialKind.VIDEO,
                file=SAMPLE_NAME,
                content_type="video/mp4",
                size=len(data),
                sha256=digest,
                position=1,
            )
        materials.append(material)
    return materials


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Write many rows: ``COPY`` on PostgreSQL (tens of thousands of drawn questions,
    DESIGN.md: bulk data goes through COPY), ``bulk_create`` elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        names = ", ".join(model._meta.get_field(c).column for c in columns)
        json_columns = {
            i
            for i, c in enumerate(columns)
            if model._meta.get_field(c).get_internal_type() == "JSONField"
        }
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(
                    [
                        json.dumps(v) if i in json_columns and v is not None else v
                        for i, v in enumerate(row)
                    ]
                )
        return
    attnames = [model._meta.get_field(c).attname for c in columns]
    model.objects.bulk_create(
        (model(**dict(zip(attnames, row, strict=True))) for row in rows), batch_size=BATCH_SIZE
    )


def load_demo_training(*, seed: int, today: datetime.date) -> TrainingSummary:
    summary = TrainingSummary()
    staff_ids = list(SalesStaff.objects.order_by("pk").values_list("pk", flat=True))
    if not staff_ids:
        return summary
    rng = random.Random(f"{seed}:training")
    with transaction.atomic():
        load_default_courses(Course, Exam, Question)
        courses = list(Course.objects.filter(active=True).order_by("position", "pk"))
        materials = _sample_material(courses)
        by_kind = {c.kind: c for c in courses if hasattr(c, "exam")}
        certification = by_kind.get(CourseKind.CERTIFICATION)
        refresher = by_kind.get(CourseKind.REFRESHER)
        past = LiveSession.objects.create(
            course=courses[0],
            title="责任彩票专题直播",
            starts_at=_aware(today - datetime.timedelta(days=14), 19),
            ends_at=_aware(today - datetime.timedelta(days=14), 20),
            meeting_url=MEETING_URL.format("past"),
        )
        LiveSession.objects.create(
            course=certification or courses[0],
            title="上岗资格考前辅导",
            starts_at=_aware(today + datetime.timedelta(days=7), 19),
            ends_at=_aware(today + datetime.timedelta(days=7), 20, 30),
            meeting_url=MEETING_URL.format("next"),
            notes="请提前 10 分钟进入会议室",
        )

        certificates = list(
            Certificate.objects.filter(holder_id__in=staff_ids).values(
                "pk", "holder_id", "valid_from", "source"
            )
        )
        by_holder: dict[int, list[dict]] = {}
        for cert in certificates:
            by_holder.setdefault(cert["holder_id"], []).append(cert)
        banks = {
            course.pk: list(
                Question.objects.filter(course=course, active=True).values(
                    "pk", "answer", "options"
                )
            )
            for course in (certification, refresher)
            if course is not None
        }

        progress, attendances, attempts = [], [], []
        for staff_id in staff_ids:
            held = by_holder.get(staff_id, [])
            first_day = min(
                (c["valid_from"] for c in held),
                default=today - datetime.timedelta(days=rng.randint(5, 200)),
            )
            for material in materials:
                certified_course = material.course_id == getattr(certification, "pk", None)
                if not (held and certified_course) and rng.random() > 0.6:
                    continue
                watched = SAMPLE_SECONDS if (held or rng.random() < 0.5) else rng.randint(1, 8)
                moment = _aware(first_day - datetime.timedelta(days=rng.randint(1, 20)), 20)
                progress.append(
                    (
                        staff_id,
                        material.pk,
                        watched,
                        SAMPLE_SECONDS,
                        moment if watched >= 0.9 * SAMPLE_SECONDS else None,
                        moment,
                        moment,
                    )
                )
            if rng.random() < 0.1:
                attendances.append(
                    Attendance(
                        session=past,
                        learner_id=staff_id,
                        source=AttendanceSource.JOINED,
                        joined_at=past.starts_at + datetime.timedelta(minutes=rng.randint(0, 15)),
                    )
                )
            for cert in held:
                course = refresher if cert["source"] == CertificateSource.RENEWAL else certification
                if course is None or cert["source"] == CertificateSource.IMPORTED:
                    continue
                day = cert["valid_from"]
                if course == certification and rng.random() < 0.25:
                    attempts.append(
                        (staff_id, course, day - datetime.timedelta(days=3), False, None)
                    )
                attempts.append((staff_id, course, day, True, cert["pk"]))
            if not held and certification is not None and rng.random() < 0.3:
                attempts.append(
                    (
                        staff_id,
                        certification,
                        today - datetime.timedelta(days=rng.randint(1, 60)),
                        False,
                        None,
                    )
                )

        rows, drawn_for = [], []
        for staff_id, course, day, passed, cert_pk in attempts:
            exam = course.exam
            bank = banks.get(course.pk, [])
            if not bank:
                continue
            drawn = rng.sample(bank, min(exam.questions_drawn, len(bank)))
            need = -(-exam.pass_mark * len(drawn) // 100)  # right answers to pass
            right = rng.randint(need, len(drawn)) if passed else rng.randint(0, max(0, need - 1))
            started = _aware(day, 9, rng.randint(0, 50))
            finished = started + datetime.timedelta(
                minutes=rng.randint(8, exam.time_limit_minutes - 1)
            )
            rows.append(
                ExamAttempt(
                    exam=exam,
                    learner_id=staff_id,
                    status=AttemptStatus.SCORED,
                    started_at=started,
                    deadline=started + datetime.timedelta(minutes=exam.time_limit_minutes),
                    finished_at=finished,
                    question_count=len(drawn),
                    correct_count=right,
                    score=round(100 * right / len(drawn)),
                    pass_mark=exam.pass_mark,
                    passed=passed,
                    certificate_id=cert_pk,
                )
            )
            drawn_for.append((drawn, right, finished))
        ExamAttempt.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        items = []
        for attempt, (drawn, right, finished) in zip(rows, drawn_for, strict=True):
            for position, question in enumerate(drawn, start=1):
                correct = position <= right
                answer = (
                    question["answer"]
                    if correct
                    else [(question["answer"][0] + 1) % len(question["options"])]
                )
                items.append((attempt.pk, question["pk"], position, answer, finished, correct))
        _insert(
            AttemptQuestion,
            ["attempt", "question", "position", "answer", "answered_at", "correct"],
            items,
        )
        _insert(
            MaterialProgress,
            [
                "learner",
                "material",
                "furthest_seconds",
                "duration_seconds",
                "completed_at",
                "started_at",
                "updated_at",
            ],
            progress,
        )
        Attendance.objects.bulk_create(attendances, batch_size=BATCH_SIZE)
        # The certificates name the attempt that earned them, as certificate_issue does:
        # one UPDATE from the attempts.
        earned = ExamAttempt.objects.filter(certificate=OuterRef("pk")).values("pk")[:1]
        Certificate.objects.filter(Exists(earned)).update(
            source_ref=Concat(Value("exam-attempt:"), Cast(Subquery(earned), CharField()))
        )

    summary.learners = len(staff_ids)
    summary.progress = len(progress)
    summary.attempts = len(rows)
    summary.passed = sum(1 for row in rows if row.passed)
    summary.attendances = len(attendances)
    return summary


def flush_demo_training() -> dict[str, int]:
    """Delete the training records (before the sales staff they refer to) and the
    sessions and materials the demo added; the default courses and banks stay."""
    deleted = {
        str(ExamAttempt._meta.verbose_name_plural): ExamAttempt.objects.all().delete()[0],
        str(MaterialProgress._meta.verbose_name_plural): MaterialProgress.objects.all().delete()[0],
        str(Attendance._meta.verbose_name_plural): Attendance.objects.all().delete()[0],
    }
    LiveSession.objects.filter(meeting_url__startswith=MEETING_URL.format("")).delete()
    Material.objects.filter(file=SAMPLE_NAME).delete()
    return deleted
