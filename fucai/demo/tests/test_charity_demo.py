"""The demo's charity year reproduces the seed: 48 activities, 3,263 distinct people and
743.9万元 spent in 2019, read back through the API from the records."""

import datetime

import pytest
from django.db import transaction

from fucai.charity.choices import GrantApplicationState, ParticipantKind
from fucai.charity.models import CharityActivity, GrantApplication
from fucai.core.models import AuditEntry, User
from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.demo.charity import load_demo_charity
from fucai.welfare.models import Disbursement, Disclosure

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The whole chain, as `make run` loads it: stations, sales, the welfare fund (its
    projects allocated), then charity; flushed at the end."""
    with django_db_blocker.unblock():
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        result = build_demo(stations=40, flush=True, recruitment=False, governance=False)
        yield result.charity
        with transaction.atomic():
            flush_demo(_county_regions())
            # The load's audit entries would outlive it in a reused test database.
            AuditEntry.objects.filter(pk__gt=first_entry or 0).delete()


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_2019_charity_summary_reads_the_seeds_figures(demo, client):
    client.force_login(User.objects.get(username="leader"))
    response = client.get("/api/charity/summary", {"year": 2019})
    assert response.status_code == 200
    assert response.json() == {
        "year": 2019,
        "activities": 48,
        "beneficiaries": 3263,
        "spent_fen": 743_900_000,
    }
    assert (demo.activities, demo.beneficiaries, demo.spent_fen) == (48, 3263, 743_900_000)


def test_every_yuan_went_through_the_welfare_ledger(demo):
    paid = Disbursement.objects.filter(source__regex=r"^(activity|grant-payment):")
    assert sum(paid.values_list("amount_fen", flat=True)) == 743_900_000
    assert paid.filter(source__startswith="grant-payment:").count() == 300
    assert all(d.entry_id for d in paid)


def test_the_grant_programme_paid_300_and_rejected_the_rest_with_reasons(demo):
    applications = GrantApplication.objects.filter(programme__year=2019)
    assert applications.filter(state=GrantApplicationState.PAID).count() == 300
    rejected = applications.filter(state=GrantApplicationState.REJECTED)
    assert rejected.count() > 0
    assert not rejected.filter(decision_reason="").exists()
    assert rejected.filter(decision_reason__contains="超出资助名额").exists()
    ceremony = CharityActivity.objects.get(programme__year=2019)
    assert ceremony.spending_fen == 300 * 800_000


def test_the_elderly_home_visit_of_13_december(demo):
    visit = CharityActivity.objects.get(held_on=datetime.date(2019, 12, 13), place__contains="晓坑")
    assert visit.participants.count() >= 40
    capacities = set(
        visit.participants.filter(kind=ParticipantKind.GUEST).values_list("capacity", flat=True)
    )
    assert {"市人大代表", "市政协委员", "行风监督员"} <= capacities


def test_the_2019_disclosure_counts_the_people_reached(demo):
    disclosure = Disclosure.objects.get(year=2019)
    assert disclosure.figures["spent_fen"] >= 743_900_000
    assert disclosure.figures["people"] == 3263
    assert disclosure.figures["activities"] == 48


def test_loading_twice_changes_nothing(demo):
    again = load_demo_charity(seed=2019)
    assert again.totals == {"skipped": 1}
    assert CharityActivity.objects.filter(held_on__year=2019).count() == 48


def test_the_charity_department_has_someone_to_approve_a_colleagues_request():
    from fucai.core.choices import Role
    from fucai.demo.orgs import DEMO_USERS

    officers = [u.username for u in DEMO_USERS if u.role == Role.CHARITY]
    assert len(officers) >= 2  # nobody decides their own request's step
