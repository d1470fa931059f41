"""The demo's training records follow the sales staff and certificates already loaded."""

import datetime

import pytest

from fucai.demo.training import flush_demo_training, load_demo_training
from fucai.stations.choices import CertificateSource
from fucai.stations.models import Certificate
from fucai.stations.tests.factories import CertificateFactory, SalesStaffFactory
from fucai.training.models import ExamAttempt, Material, MaterialProgress

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def test_without_sales_staff_it_creates_nothing():
    summary = load_demo_training(seed=1, today=TODAY)
    assert summary.attempts == 0 and not ExamAttempt.objects.exists()
    assert not Material.objects.exists()


def test_each_exam_certificate_gets_the_passed_attempt_that_earned_it():
    people = SalesStaffFactory.create_batch(12)
    for person in people[:8]:
        CertificateFactory(holder=person, source=CertificateSource.EXAM)
    renewed = CertificateFactory(
        holder=people[0],
        source=CertificateSource.RENEWAL,
        valid_from=datetime.date(2022, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
    )
    summary = load_demo_training(seed=7, today=TODAY)
    assert summary.learners == 12 and summary.passed == 9
    for certificate in Certificate.objects.all():
        attempt = ExamAttempt.objects.get(certificate=certificate)
        assert attempt.passed and attempt.score >= attempt.pass_mark
        assert certificate.source_ref == f"exam-attempt:{attempt.pk}"
        assert timezone_day(attempt.started_at) == certificate.valid_from
        assert attempt.items.filter(correct=True).count() == attempt.correct_count
    assert ExamAttempt.objects.get(certificate=renewed).exam.course.kind == "refresher"
    assert MaterialProgress.objects.filter(completed_at__isnull=False).exists()
    assert Material.objects.filter(kind="video").count() == 7
    flush_demo_training()
    assert not ExamAttempt.objects.exists() and not Material.objects.exists()


def timezone_day(moment):
    from django.utils import timezone

    return timezone.localdate(moment)


def test_the_rows_go_in_without_copy_on_other_databases(monkeypatch):
    from types import SimpleNamespace

    from fucai.demo import training as demo_training

    monkeypatch.setattr(demo_training, "connection", SimpleNamespace(vendor="sqlite"))
    people = SalesStaffFactory.create_batch(3)
    for person in people:
        CertificateFactory(holder=person, source=CertificateSource.EXAM)
    summary = load_demo_training(seed=3, today=TODAY)
    assert summary.passed == 3
    attempt = ExamAttempt.objects.filter(passed=True).first()
    assert attempt.items.count() == attempt.question_count
    assert all(isinstance(item.answer, list) for item in attempt.items.all())
