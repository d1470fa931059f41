"""Governance reads substantiated complaints: the grading's "complaints" metric and the
annual review's facts (only once complaints are recorded at all)."""

import datetime

import pytest
from django.utils import timezone

from fucai.governance.ratings.metrics import load_metrics
from fucai.governance.services.reviews import load_facts
from fucai.stations.tests.factories import StationFactory

from ..choices import ComplaintOutcome
from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2019, 6, 3, 10))


def test_grading_and_review_count_substantiated_complaints_of_the_year():
    station, clean = StationFactory(), StationFactory()
    assert load_metrics([station], 2019)[station.pk]["complaints"] is None
    for outcome in (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY, "unsubstantiated"):
        ComplaintFactory(station=station, received_at=AT, outcome=outcome)
    ComplaintFactory(
        station=station,
        received_at=AT.replace(year=2018),
        outcome=ComplaintOutcome.SUBSTANTIATED,
    )
    metrics = load_metrics([station, clean], 2019)
    assert metrics[station.pk]["complaints"] == 2
    assert metrics[clean.pk]["complaints"] == 0
    facts = load_facts([station, clean], 2019)
    assert facts[station.pk].substantiated_complaints == 2
    assert facts[clean.pk].substantiated_complaints == 0
