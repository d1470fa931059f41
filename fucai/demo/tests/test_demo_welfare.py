"""The demo's welfare fund: accruals equal the sales, every entry sums to zero, the
elderly home's 178万元 over 2009–2019, the projects allocated, 2018's disclosure
published and 2019's awaiting approval."""

import pytest
from django.db import transaction
from django.db.models import Sum

from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.demo.welfare import ELDERLY_HOME, GRANT_PROJECT, SERIES_PROJECTS
from fucai.sales.models import SalesRegionTotal
from fucai.welfare.choices import DisclosureState, LedgerAccount
from fucai.welfare.models import Disbursement, Disclosure, JournalEntry, Posting, WelfareProject
from fucai.welfare.selectors import fund_summary, project_money

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(stations=40, flush=True, recruitment=False, governance=False, charity=False)
        yield
        with transaction.atomic():
            flush_demo(_county_regions())


def test_every_entry_sums_to_zero_and_numbers_have_no_gaps(demo):
    unbalanced = Posting.objects.values("entry").annotate(total=Sum("amount_fen")).exclude(total=0)
    assert not unbalanced.exists()
    numbers = sorted(JournalEntry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_fund_raised_equals_the_sales_rollups(demo, cast):
    for year in (2018, 2019):
        sales = SalesRegionTotal.objects.filter(month__year=year).aggregate(
            total=Sum("welfare_fen")
        )["total"]
        summary = fund_summary(cast["finance"], year)
        assert summary["raised_fen"] == sales and summary["unbooked_fen"] == 0
        assert summary["retained_fen"] + summary["remitted_fen"] == sales


def test_the_elderly_home_got_178_wan_over_eleven_years(demo):
    home = WelfareProject.objects.get(name=ELDERLY_HOME)
    assert project_money(home)["spent_fen"] == 1_780_000 * 100
    years = Disbursement.objects.filter(project=home).values_list("paid_on__year", flat=True)
    assert sorted(years) == list(range(2009, 2020))


def test_the_projects_are_allocated(demo):
    grant = WelfareProject.objects.get(name=GRANT_PROJECT)
    assert project_money(grant)["unpaid_fen"] == 300 * 8_000 * 100
    for name, _category, budget in SERIES_PROJECTS.values():
        assert project_money(WelfareProject.objects.get(name=name))["allocated_fen"] == budget


def test_2018_is_published_and_2019_awaits_approval(demo):
    published = Disclosure.objects.get(year=2018)
    assert published.state == DisclosureState.PUBLISHED and published.pdf
    assert published.figures["spent_fen"] == 150_000 * 100
    pending = Disclosure.objects.get(year=2019)
    assert pending.state == DisclosureState.IN_REVIEW
    spent = Posting.objects.filter(entry__period__year=2019, account=LedgerAccount.SPENT).balance()
    assert pending.figures["spent_fen"] == spent
