"""Exams: questions drawn per attempt, the server's deadline, scoring, retake rules, and
the certificate a pass issues or renews."""

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fucai.stations.choices import CertificateSource
from fucai.stations.models import Certificate
from fucai.stations.tests.factories import CertificateFactory
from fucai.training.choices import AttemptStatus, CourseKind, QuestionKind
from fucai.training.models import AttemptQuestion, ExamAttempt
from fucai.training.services import (
    attempt_answer,
    attempt_start,
    attempt_submit,
    attempts_close_expired,
    is_correct,
)

from .factories import QuestionFactory, exam_with_bank, learner_for

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0))


def _right(attempt) -> dict:
    return {item.position: item.question.answer for item in attempt.items.all()}


def _wrong(attempt) -> dict:
    return {
        item.position: [(item.question.answer[0] + 1) % len(item.question.options)]
        for item in attempt.items.all()
    }


def test_an_attempt_draws_its_questions_at_random_and_keeps_them(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank(questions=12, questions_drawn=5)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW, rng=random.Random(1))
    items = list(attempt.items.order_by("position"))
    assert [i.position for i in items] == [1, 2, 3, 4, 5]
    assert len({i.question_id for i in items}) == 5
    assert attempt.deadline == NOW + datetime.timedelta(minutes=30)
    # Another learner's draw differs (another random stream).
    learner_for(cast["owner"])
    other = attempt_start(acting_user=cast["owner"], exam=exam, now=NOW, rng=random.Random(2))
    assert {i.question_id for i in other.items.all()} != {i.question_id for i in items}
    # Starting again while it runs returns the same attempt, not a new draw.
    again = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    assert again.pk == attempt.pk


def test_scoring_is_all_or_nothing_per_question():
    single = QuestionFactory.build(kind=QuestionKind.SINGLE, answer=[1])
    multiple = QuestionFactory.build(kind=QuestionKind.MULTIPLE, answer=[0, 2])
    true_false = QuestionFactory.build(
        kind=QuestionKind.TRUE_FALSE, options=["正确", "错误"], answer=[1]
    )
    assert is_correct(single, [1]) and not is_correct(single, [2]) and not is_correct(single, [])
    assert is_correct(multiple, [2, 0])
    assert not is_correct(multiple, [0]) and not is_correct(multiple, [0, 1, 2])
    assert is_correct(true_false, [1]) and not is_correct(true_false, [0])


def test_a_pass_is_scored_and_issues_a_certificate(cast):
    learner = learner_for(cast["seller"])
    exam = exam_with_bank(questions=4, questions_drawn=4, pass_mark=75)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    answers = _right(attempt)
    answers[4] = _wrong(attempt)[4]  # 3 of 4 right: 75
    attempt = attempt_submit(
        acting_user=cast["seller"],
        attempt=attempt,
        answers=answers,
        now=NOW + datetime.timedelta(minutes=5),
    )
    assert (attempt.correct_count, attempt.score, attempt.passed) == (3, 75, True)
    certificate = attempt.certificate
    assert certificate is not None and certificate.holder == learner
    assert certificate.source == CertificateSource.EXAM
    assert certificate.source_ref == f"exam-attempt:{attempt.pk}"
    assert certificate.valid_from == timezone.localdate(NOW)
    assert certificate.number.startswith("ZJFC2026")


def test_a_fail_issues_nothing(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank()
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    attempt = attempt_submit(
        acting_user=cast["seller"], attempt=attempt, answers=_wrong(attempt), now=NOW
    )
    assert (attempt.score, attempt.passed, attempt.certificate) == (0, False, None)
    assert not Certificate.objects.exists()


def test_answers_after_the_time_limit_do_not_count(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank(questions=4, questions_drawn=4, time_limit_minutes=10)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    right = _right(attempt)
    in_time = NOW + datetime.timedelta(minutes=9)
    attempt_answer(
        acting_user=cast["seller"], attempt=attempt, answers={1: right[1], 2: right[2]}, now=in_time
    )
    late = NOW + datetime.timedelta(minutes=10, seconds=1)
    with pytest.raises(ValidationError):
        attempt_answer(acting_user=cast["seller"], attempt=attempt, answers={3: right[3]}, now=late)
    # The late answer closed the attempt: scored on the two answers saved in time.
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SCORED
    assert (attempt.correct_count, attempt.score) == (2, 50)
    assert attempt.finished_at == attempt.deadline


def test_a_late_submit_is_scored_on_what_was_saved_in_time(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank(questions=4, questions_drawn=4, time_limit_minutes=10)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    right = _right(attempt)
    attempt_answer(acting_user=cast["seller"], attempt=attempt, answers={1: right[1]}, now=NOW)
    attempt = attempt_submit(
        acting_user=cast["seller"],
        attempt=attempt,
        answers=right,
        now=NOW + datetime.timedelta(minutes=11),
    )
    assert (attempt.correct_count, attempt.score, attempt.passed) == (1, 25, False)
    assert AttemptQuestion.objects.filter(attempt=attempt, answer__isnull=False).count() == 1


def test_an_abandoned_attempt_is_closed_at_its_deadline(cast):
    learner = learner_for(cast["seller"])
    exam = exam_with_bank(time_limit_minutes=10)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    assert attempts_close_expired(learner=learner, now=NOW + datetime.timedelta(minutes=5)) == 0
    assert attempts_close_expired(learner=learner, now=NOW + datetime.timedelta(hours=1)) == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SCORED and attempt.score == 0


def test_a_double_submit_is_scored_once(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank(questions=4, questions_drawn=4)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    right = _right(attempt)
    first = attempt_submit(acting_user=cast["seller"], attempt=attempt, answers=right, now=NOW)
    second = attempt_submit(
        acting_user=cast["seller"], attempt=attempt, answers=_wrong(attempt), now=NOW
    )
    assert first.certificate_id == second.certificate_id and second.score == 100
    assert Certificate.objects.count() == 1


def test_retakes_are_limited_per_period_with_a_pause_between_them(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank(max_attempts=2, period_days=30, cooldown_minutes=60)
    seller = cast["seller"]
    first = attempt_start(acting_user=seller, exam=exam, now=NOW)
    attempt_submit(acting_user=seller, attempt=first, answers=_wrong(first), now=NOW)
    with pytest.raises(ValidationError, match=r"15:00|休息|break"):
        attempt_start(acting_user=seller, exam=exam, now=NOW + datetime.timedelta(minutes=30))
    later = NOW + datetime.timedelta(hours=2)
    second = attempt_start(acting_user=seller, exam=exam, now=later)
    attempt_submit(acting_user=seller, attempt=second, answers=_wrong(second), now=later)
    with pytest.raises(ValidationError, match="2"):
        attempt_start(acting_user=seller, exam=exam, now=NOW + datetime.timedelta(days=3))
    # Once the first attempt is older than the period, one more is allowed.
    third = attempt_start(
        acting_user=seller, exam=exam, now=NOW + datetime.timedelta(days=30, minutes=1)
    )
    assert third.pk not in (first.pk, second.pk)


def test_a_certified_seller_cannot_sit_the_certification_exam_again(cast):
    learner = learner_for(cast["seller"])
    CertificateFactory(
        holder=learner, valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2028, 12, 31)
    )
    exam = exam_with_bank()
    with pytest.raises(ValidationError):
        attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)


def test_a_refresher_pass_renews_a_certificate_expiring_within_60_days(cast):
    learner = learner_for(cast["seller"])
    old = CertificateFactory(
        holder=learner, valid_from=datetime.date(2023, 7, 1), valid_to=datetime.date(2026, 6, 30)
    )
    exam = exam_with_bank(kind=CourseKind.REFRESHER)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    attempt = attempt_submit(
        acting_user=cast["seller"], attempt=attempt, answers=_right(attempt), now=NOW
    )
    renewal = attempt.certificate
    assert renewal.renewed_from == old
    assert renewal.source == CertificateSource.RENEWAL
    assert renewal.valid_from == datetime.date(2026, 7, 1)  # continues the old one
    assert renewal.valid_to == datetime.date(2029, 6, 30)
    assert renewal.source_ref == f"exam-attempt:{attempt.pk}"


def test_a_refresher_pass_without_an_expiring_certificate_renews_nothing(cast):
    learner = learner_for(cast["seller"])
    CertificateFactory(
        holder=learner, valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2028, 12, 31)
    )
    exam = exam_with_bank(kind=CourseKind.REFRESHER)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    attempt = attempt_submit(
        acting_user=cast["seller"], attempt=attempt, answers=_right(attempt), now=NOW
    )
    assert attempt.passed and attempt.certificate is None
    assert Certificate.objects.count() == 1


def test_only_the_learner_answers_their_attempt(cast):
    learner_for(cast["seller"])
    learner_for(cast["owner"])
    exam = exam_with_bank()
    attempt = attempt_start(acting_user=cast["seller"], exam=exam, now=NOW)
    with pytest.raises(PermissionDenied):
        attempt_submit(acting_user=cast["owner"], attempt=attempt, answers={}, now=NOW)
    with pytest.raises(PermissionDenied):
        attempt_start(acting_user=cast["leader"], exam=exam, now=NOW)


def test_bad_answers_are_refused_with_a_message(client, cast):
    learner_for(cast["seller"])
    exam = exam_with_bank()
    attempt = attempt_start(acting_user=cast["seller"], exam=exam)
    client.force_login(cast["seller"])
    url = reverse("training:attempt_answer", args=[attempt.pk])
    for body in ({"answers": {"1": [9]}}, {"answers": {"99": [0]}}, {"answers": {"1": [0, 1]}}):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 409 and response.json()["detail"]
    assert client.post(url, {"x": 1}, content_type="application/json").status_code == 400
    ok = client.post(url, {"answers": {"1": [0]}}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["saved"] == 1


def test_the_pages_take_an_exam_from_start_to_result(client, cast):
    learner_for(cast["seller"])
    exam = exam_with_bank(questions=4, questions_drawn=4)
    client.force_login(cast["seller"])
    course_page = client.get(reverse("training:course", args=[exam.course_id]))
    assert b'data-testid="start-exam"' in course_page.content
    response = client.post(reverse("training:exam_start", args=[exam.pk]))
    attempt = ExamAttempt.objects.get()
    assert response["Location"] == reverse("training:attempt", args=[attempt.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.content.count(b'data-testid="question"') == 4
    form = {f"q{p}": [str(i) for i in answer] for p, answer in _right(attempt).items()}
    response = client.post(reverse("training:attempt_submit", args=[attempt.pk]), form)
    result = client.get(response["Location"])
    assert b'data-testid="certificate-issued"' in result.content
    certificates = client.get(reverse("stations:certificate_mine"))
    assert Certificate.objects.get().number.encode() in certificates.content


def test_the_periodic_task_scores_every_abandoned_attempt(cast):
    from fucai.training.tasks import close_expired_attempts

    learner_for(cast["seller"])
    learner_for(cast["owner"])
    running = attempt_start(acting_user=cast["seller"], exam=exam_with_bank())
    exam = exam_with_bank(time_limit_minutes=1)
    past = timezone.now() - datetime.timedelta(hours=1)
    for user in (cast["seller"], cast["owner"]):
        attempt_start(acting_user=user, exam=exam, now=past)
    assert close_expired_attempts() == 2
    assert ExamAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS).get() == running
