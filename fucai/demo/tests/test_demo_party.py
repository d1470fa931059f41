"""The party demo: a branch of 40 with a full 2019 of 三会一课 and monthly 主题党日,
political birthdays in every month, volunteers read back from charity, and a retired
members' branch the compliance view finds behind."""

import datetime
from decimal import Decimal

import pytest

from fucai.charity.models import Participant
from fucai.charity.tests.factories import ActivityFactory as CharityActivityFactory
from fucai.demo.party import MAIN, RETIRED, flush_demo_party, load_demo_party
from fucai.party import selectors
from fucai.party.choices import ActivityKind, MemberStatus
from fucai.party.models import PartyBranch, PartyMember
from fucai.party.tests.factories import ensure_frequency_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(cast):
    ensure_frequency_rules()
    activity = CharityActivityFactory(created_by=cast["charity"], held_on=datetime.date(2019, 5, 8))
    Participant.objects.create(
        activity=activity, kind="volunteer", name="孙志愿", hours=Decimal("3.5")
    )
    Participant.objects.create(
        activity=activity, kind="volunteer", name="某某", user=cast["party"], hours=Decimal("2")
    )
    return load_demo_party(seed=2019)


def test_the_branch_has_forty_members_with_birthdays_in_every_month(demo):
    main = PartyBranch.objects.get(name=MAIN)
    members = PartyMember.objects.filter(branch=main)
    assert members.count() == 40
    assert {m.joined_on.month for m in members} == set(range(1, 13))
    assert members.filter(status=MemberStatus.PROBATIONARY).count() == 2
    assert all("*" in m.id_number_masked for m in members)


def test_2019_is_complete_for_the_branch_and_behind_for_the_retired(demo, cast):
    rows = {
        r.branch.name: r for r in selectors.compliance(cast["party"], 2019, datetime.date.today())
    }
    assert rows[MAIN].behind == []
    behind = {cell.kind for cell in rows[RETIRED].behind}
    assert behind == {
        ActivityKind.COMMITTEE,
        ActivityKind.GROUP,
        ActivityKind.LECTURE,
        ActivityKind.EVALUATION,
    }
    theme_days = next(c for c in rows[MAIN].cells if c.kind == ActivityKind.THEME_DAY)
    assert theme_days.held == 12


def test_volunteers_are_read_back_from_charity(demo, cast):
    assert demo.volunteers == 2
    named = PartyMember.objects.get(name="孙志愿")
    assert selectors.member_volunteer_hours(named, 2019) == Decimal("3.5")
    clerk = PartyMember.objects.get(user=cast["party"])
    assert selectors.member_volunteer_hours(clerk, 2019) == Decimal("2")


def test_flush_removes_every_party_row(demo):
    flush_demo_party()
    assert not PartyMember.objects.exists()
    assert not PartyBranch.objects.exists()


def test_build_demo_loads_and_flushes_the_party_step(db):
    from fucai.core.tests.factories import ensure_regions
    from fucai.demo.builder import _county_regions, build_demo, flush_demo

    ensure_regions()
    result = build_demo(
        stations=5, sales=False, recruitment=False, governance=False, welfare=False, charity=False
    )
    assert result.party.members == 48
    from fucai.demo.report import render

    assert "Party building 2019: 2 branches, 48 members" in render(result)
    assert PartyMember.objects.get(post="secretary", branch__name=MAIN).user.username == "party"
    flush_demo(_county_regions())
    assert not PartyMember.objects.exists()
