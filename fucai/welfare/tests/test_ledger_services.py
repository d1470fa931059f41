"""Booking the ledger: balanced entries, numbering, closed periods, reversals, the
monthly accrual from sales (idempotent), opening balances and the year's summary."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fucai.sales.tests.test_selectors import build_world
from fucai.welfare import selectors, services
from fucai.welfare.choices import EntryKind, LedgerAccount
from fucai.welfare.models import JournalEntry, RetentionRate
from fucai.welfare.services import Line

from .factories import WelfareProjectFactory, funded_project

pytestmark = pytest.mark.django_db
A = LedgerAccount
WELFARE_2019_01 = 54_000 + 10_000 + 86_400
WELFARE_2019_02 = 72_000
TODAY = datetime.date(2020, 1, 10)


def test_an_unbalanced_entry_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.entry_post(
            acting_user=cast["finance"],
            booked_on=datetime.date(2019, 1, 5),
            memo="错账",
            lines=[Line(A.RETAINED, 100), Line(A.RAISED, -99)],
        )
    assert error.value.code == "unbalanced"
    with pytest.raises(PermissionDenied):
        services.entry_post(
            acting_user=cast["charity"],
            booked_on=datetime.date(2019, 1, 5),
            memo="x",
            lines=[Line(A.RETAINED, 100), Line(A.RAISED, -100)],
        )
    assert not JournalEntry.objects.exists()


def test_entries_are_numbered_in_order(cast):
    for day in (1, 2, 3):
        services.entry_post(
            acting_user=cast["finance"],
            booked_on=datetime.date(2019, 1, day),
            memo="x",
            lines=[Line(A.RETAINED, 100), Line(A.RAISED, -100)],
        )
    assert sorted(JournalEntry.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_a_closed_period_takes_no_entry_and_a_reversal_goes_into_an_open_one(cast):
    entry = services.entry_post(
        acting_user=cast["finance"],
        booked_on=datetime.date(2019, 1, 5),
        memo="x",
        lines=[Line(A.RETAINED, 100), Line(A.RAISED, -100)],
    )
    with pytest.raises(ValidationError):  # January has not ended on 2019-01-20
        services.period_close(
            acting_user=cast["finance"], period=entry.period, today=datetime.date(2019, 1, 20)
        )
    services.period_close(acting_user=cast["finance"], period=entry.period)
    with pytest.raises(ValidationError) as error:
        services.entry_post(
            acting_user=cast["finance"],
            booked_on=datetime.date(2019, 1, 6),
            memo="x",
            lines=[Line(A.RETAINED, 1), Line(A.RAISED, -1)],
        )
    assert error.value.code == "period_closed"
    reversal = services.entry_reverse(
        acting_user=cast["finance"], entry=entry, booked_on=datetime.date(2019, 2, 1)
    )
    assert reversal.kind == EntryKind.REVERSAL and reversal.reverses == entry
    assert reversal.period.month == 2
    assert selectors.account_balance(A.RETAINED) == 0
    with pytest.raises(ValidationError):
        services.entry_reverse(acting_user=cast["finance"], entry=entry)
    with pytest.raises(ValidationError):
        services.entry_reverse(acting_user=cast["finance"], entry=reversal)


def test_the_accrual_splits_the_fund_raised_and_books_only_differences(cast):
    build_world(cast)
    entries = services.accrual_book_year(acting_user=cast["finance"], year=2019, until=TODAY)
    assert [e.period.month for e in entries] == [1, 2]
    january = entries[0]
    amounts = dict(january.postings.values_list("account", "amount_fen"))
    assert amounts == {
        A.RAISED: -WELFARE_2019_01,
        A.RETAINED: WELFARE_2019_01 // 2,
        A.REMITTED: WELFARE_2019_01 - WELFARE_2019_01 // 2,
    }
    # Re-running books nothing new.
    assert services.accrual_book_year(acting_user=cast["finance"], year=2019, until=TODAY) == []
    # A new rate from February: only February's difference is booked, as a new entry.
    RetentionRate.objects.create(effective_from=datetime.date(2019, 2, 1), retained_pct=60)
    again = services.accrual_book_year(acting_user=cast["finance"], year=2019, until=TODAY)
    assert len(again) == 1 and again[0].period.month == 2
    assert dict(again[0].postings.values_list("account", "amount_fen")) == {
        A.RETAINED: 7_200,
        A.REMITTED: -7_200,
    }
    assert JournalEntry.objects.get(pk=january.pk).memo == january.memo  # never edited


def test_the_summary_equals_the_sales_summary(client, cast):
    build_world(cast)
    services.accrual_book_year(acting_user=cast["finance"], year=2019, until=TODAY)
    project = funded_project(cast, allocate_fen=50_000)
    services.disbursement_record_approved(
        acting_user=cast["charity"],
        project=project,
        amount_fen=20_000,
        payee="x",
        paid_on=datetime.date(2019, 2, 3),
        purpose="y",
    )
    summary = selectors.fund_summary(cast["finance"], 2019)
    client.force_login(cast["leader"])
    sales = client.get("/api/sales/summary", {"year": 2019}).json()
    assert summary["raised_fen"] == sales["welfare_fund_fen"] == WELFARE_2019_01 + WELFARE_2019_02
    assert summary["unbooked_fen"] == 0
    assert summary["retained_fen"] + summary["remitted_fen"] == summary["raised_fen"]
    assert summary["allocated_fen"] == 50_000
    assert summary["spent_fen"] == 20_000
    assert summary["by_category"][project.category] == {
        "allocated_fen": 50_000,
        "spent_fen": 20_000,
    }
    assert summary["by_category"]["orphans"] == {"allocated_fen": 0, "spent_fen": 0}


def test_an_opening_balance_is_refused_for_a_year_with_sales(cast):
    build_world(cast)
    with pytest.raises(ValidationError) as error:
        services.opening_balance_post(acting_user=cast["finance"], year=2019, raised_fen=100)
    assert error.value.code == "has_sales"
    entry = services.opening_balance_post(acting_user=cast["finance"], year=2015, raised_fen=101)
    assert dict(entry.postings.values_list("account", "amount_fen")) == {
        A.RAISED: -101,
        A.RETAINED: 51,
        A.REMITTED: 50,
    }
    with pytest.raises(ValidationError):
        services.opening_balance_post(acting_user=cast["finance"], year=2015, raised_fen=5)


def test_split_rounds_half_up_and_adds_up():
    assert services.ledger.split_raised(3, Decimal("50")) == (2, 1)
    assert services.ledger.split_raised(-3, Decimal("50")) == (-2, -1)
    assert sum(services.ledger.split_raised(999_999, Decimal("33.33"))) == 999_999


def test_the_default_reference_data_is_loaded():
    rate = RetentionRate.objects.get(effective_from=datetime.date(2009, 1, 1))
    assert (rate.retained_pct, rate.confidence) == (Decimal("50.00"), "secondary")
    rule = services.movement_checks.rule_for("disbursement", 50_000_000)
    assert rule.steps == ["charity", "finance", "leadership"]
    assert services.movement_checks.rule_for("allocation", 0).steps == ["charity", "finance"]


def test_a_branch_user_sees_only_projects_in_scope(cast):
    funded_project(cast, region=None)
    summary = selectors.fund_summary(cast["lucheng"], 2019)
    assert summary["raised_fen"] == 0 and summary["allocated_fen"] == 0
    assert WelfareProjectFactory  # factories import used elsewhere


def test_the_monthly_task_accrues_as_the_system(cast):
    build_world(cast)
    booked = services.ledger.accruals_run(today=datetime.date(2019, 3, 4))
    assert booked == 2  # January and February 2019
    assert JournalEntry.objects.filter(created_by__isnull=True).count() == 2
    assert services.ledger.accruals_run(today=datetime.date(2019, 3, 5)) == 0
