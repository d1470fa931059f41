"""Two submits of one attempt at the same moment (a double tap, two tabs): the attempt
row is locked, so it is scored once and issues one certificate."""

import threading

import pytest
from django.db import close_old_connections

from fucai.stations.models import Certificate
from fucai.training.models import ExamAttempt
from fucai.training.services import attempt_start, attempt_submit

from .factories import exam_with_bank, learner_for


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_score_once_and_issue_one_certificate(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank(questions=4, questions_drawn=4)
    attempt = attempt_start(acting_user=cast["seller"], exam=exam)
    answers = {item.position: item.question.answer for item in attempt.items.all()}
    barrier = threading.Barrier(3)
    errors: list[Exception] = []

    def submit():
        try:
            barrier.wait()
            attempt_submit(acting_user=cast["seller"], attempt=attempt, answers=answers)
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=submit) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Certificate.objects.count() == 1
    attempt = ExamAttempt.objects.get()
    assert attempt.passed and attempt.certificate == Certificate.objects.get()


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_make_one_attempt(cast):
    learner_for(cast["seller"])
    exam = exam_with_bank()
    barrier = threading.Barrier(3)
    started: list[int] = []

    def start():
        try:
            barrier.wait()
            started.append(attempt_start(acting_user=cast["seller"], exam=exam).pk)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(started)) == 1 and ExamAttempt.objects.count() == 1
