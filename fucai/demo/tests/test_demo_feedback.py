"""The demo's complaints, public evaluation and supervisors of 2019: complaints in every
state with their handling computed from the records, a year of monthly evaluation
results with the published ranks (top three for the last five months, per the seed)."""

import pytest
from django.db import transaction

from fucai.core.models import AuditEntry
from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.demo.feedback import load_demo_feedback
from fucai.demo.report import feedback_line
from fucai.feedback.choices import ComplaintState
from fucai.feedback.models import Complaint, ComplaintEvent, PublishedRank, Supervisor, Survey
from fucai.feedback.selectors import public_statistics, survey_results

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        build_demo(
            stations=40,
            flush=True,
            recruitment=False,
            governance=False,
            sales=False,
            welfare=False,
            charity=False,
        )
        summary = load_demo_feedback()
        yield summary
        with transaction.atomic():
            flush_demo(_county_regions())
            AuditEntry.objects.filter(pk__gt=first_entry or 0).delete()


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_about_150_complaints_in_every_state(demo):
    assert Complaint.objects.filter(received_at__year=2019).count() == 150
    states = set(Complaint.objects.values_list("state", flat=True))
    assert states == set(ComplaintState.values)
    assert Complaint.objects.filter(escalated_at__isnull=False).exists()
    stats = public_statistics(2019)
    assert stats["total"] == 150 and stats["rating"] is not None
    assert stats["handling_days"] is not None
    # Every step happened in 2019, taking one on too (not on the day the demo loads).
    steps = ComplaintEvent.objects.filter(kind__in=["received", "assigned", "accepted"])
    assert steps.filter(kind="accepted").exists()
    assert not steps.exclude(at__year=2019).exists()


def test_a_year_of_results_with_the_ranks_top_three_five_months_running(demo):
    survey = Survey.objects.get()
    months = survey_results(survey)["months"]
    assert len(months) == 12 and all(m["responses"] > 0 for m in months)
    ranks = list(PublishedRank.objects.order_by("month").values_list("rank", flat=True))
    assert all(rank <= 3 for rank in ranks[-5:]) and ranks[-6] > 3


def test_supervisors_invited_to_the_elderly_home_visit(demo):
    assert Supervisor.objects.count() == 6
    assert Supervisor.objects.filter(invitations__held_on="2019-12-13").count() == 6


def test_the_demo_report_counts_them(demo):
    text = feedback_line(demo)
    assert "closed" in text and "handling" in text and "6 conduct supervisors" in text


def test_loading_twice_changes_nothing(demo):
    again = load_demo_feedback()
    assert again.responses == 0
    assert Complaint.objects.count() == 150
