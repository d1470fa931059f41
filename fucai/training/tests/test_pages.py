"""The pages around the exam: the seller's home, live sessions and attendance, course
management, progress and results per person within the district scope, exports."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import SalesStaffFactory, StaffAssignmentFactory, StationFactory
from fucai.training.models import Attendance, Course, Exam, LiveSession, Material
from fucai.training.services import attempt_start, attempt_submit

from .factories import SAMPLE_VIDEO, CourseFactory, exam_with_bank, learner_for, live_session

pytestmark = pytest.mark.django_db


def test_a_seller_signing_in_lands_on_their_learning(client, cast):
    learner_for(cast["seller"])
    client.force_login(cast["seller"])
    response = client.get("/")
    assert response.status_code == 200
    assert b'data-testid="courses"' in response.content
    labels = [str(i["label"]) for i in response.context["nav_items"]]
    assert "我的学习" in labels and "培训考试" not in labels


def test_joining_a_live_session_records_attendance_once(client, cast):
    learner = learner_for(cast["seller"])
    session = live_session(CourseFactory())
    client.force_login(cast["seller"])
    url = reverse("training:session_join", args=[session.pk])
    for _ in range(2):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"] == session.meeting_url
    assert Attendance.objects.filter(session=session, learner=learner).count() == 1
    over = live_session(
        session.course,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=2),
    )
    response = client.post(reverse("training:session_join", args=[over.pk]))
    assert response["Location"] == reverse("training:course", args=[session.course_id])
    assert not Attendance.objects.filter(session=over).exists()


def test_staff_build_a_course_with_a_video_an_exam_and_a_session(client, cast):
    client.force_login(cast["stations"])
    response = client.post(
        reverse("training:course_create"),
        {
            "code": "new-rules",
            "title": "快乐8规则",
            "topic": "rules",
            "kind": "general",
            "position": 5,
            "active": "on",
        },
    )
    course = Course.objects.get(code="new-rules")
    assert response["Location"] == reverse("training:course_manage", args=[course.pk])
    response = client.post(
        reverse("training:material_create", args=[course.pk]),
        {
            "title": "规则讲解",
            "position": 1,
            "file": SimpleUploadedFile("a.mp4", SAMPLE_VIDEO.read_bytes()),
        },
    )
    assert response.status_code == 302
    assert Material.objects.get(course=course).kind == "video"
    response = client.post(
        reverse("training:material_create", args=[course.pk]),
        {"title": "坏文件", "position": 1, "file": SimpleUploadedFile("a.mp4", b"MZ\x90\x00exe")},
    )
    assert response.status_code == 400 and b"MP4" in response.content
    response = client.post(
        reverse("training:exam_edit", args=[course.pk]),
        {
            "questions_drawn": 5,
            "time_limit_minutes": 15,
            "pass_mark": 60,
            "max_attempts": 2,
            "period_days": 7,
            "cooldown_minutes": 10,
            "active": "on",
        },
    )
    assert response.status_code == 302 and Exam.objects.get(course=course).pass_mark == 60
    response = client.post(
        reverse("training:session_create", args=[course.pk]),
        {
            "title": "直播",
            "starts_at": "2026-12-10T19:00",
            "ends_at": "2026-12-10T18:00",
            "meeting_url": "https://m.example.org/1",
        },
    )
    assert response.status_code == 400
    response = client.post(
        reverse("training:session_create", args=[course.pk]),
        {
            "title": "直播",
            "starts_at": "2026-12-10T19:00",
            "ends_at": "2026-12-10T20:00",
            "meeting_url": "https://m.example.org/1",
        },
    )
    assert response.status_code == 302 and LiveSession.objects.filter(course=course).count() == 1
    assert client.get(reverse("training:course_manage", args=[course.pk])).status_code == 200


def _learner_at(code: str, name: str):
    staff = SalesStaffFactory(name=name)
    StaffAssignmentFactory(staff=staff, station=StationFactory(region=region(code)))
    return staff


def test_district_staff_see_the_progress_and_results_of_their_district_only(client, cast):
    learner_for(cast["seller"], "330302")
    _learner_at("330381", "瑞安销售员")
    exam = exam_with_bank()
    attempt = attempt_start(acting_user=cast["seller"], exam=exam)
    attempt_submit(acting_user=cast["seller"], attempt=attempt, answers={})
    seller_name = cast["seller"].sales_staff.name

    client.force_login(cast["lucheng"])
    page = client.get(reverse("training:learners")).content.decode()
    assert seller_name in page and "瑞安销售员" not in page
    assert seller_name in client.get(reverse("training:attempts")).content.decode()
    assert client.get(reverse("training:attempt_review", args=[attempt.pk])).status_code == 200

    client.force_login(cast["ruian"])
    page = client.get(reverse("training:learners")).content.decode()
    assert "瑞安销售员" in page and seller_name not in page
    assert seller_name not in client.get(reverse("training:attempts")).content.decode()
    assert client.get(reverse("training:attempt_review", args=[attempt.pk])).status_code == 404


def test_results_export_to_excel_within_the_scope(client, cast):
    learner_for(cast["seller"], "330302")
    exam = exam_with_bank()
    attempt = attempt_start(acting_user=cast["seller"], exam=exam)
    attempt = attempt_submit(
        acting_user=cast["seller"],
        attempt=attempt,
        answers={i.position: i.question.answer for i in attempt.items.all()},
    )
    client.force_login(cast["lucheng"])
    for name in ("training:attempts", "training:learners"):
        response = client.get(reverse(name), {"export": "xlsx"})
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 2 and cast["seller"].sales_staff.name in rows[1]
        assert attempt.certificate.number in rows[1]


def test_the_lists_cost_a_few_queries_whatever_their_length(
    client, cast, django_assert_max_num_queries
):
    for n in range(8):
        _learner_at("330302", f"销售员甲{n}")
    client.force_login(cast["lucheng"])
    with django_assert_max_num_queries(14):
        client.get(reverse("training:learners"))
    with django_assert_max_num_queries(14):
        client.get(reverse("training:attempts"))
