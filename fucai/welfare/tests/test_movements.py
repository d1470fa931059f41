"""Allocations, payments and returns: requests, the approval chain by amount, booking,
the budget checks (the contract charity relies on)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fucai.core.choices import Role
from fucai.core.models import AuditEntry
from fucai.core.tests.factories import UserFactory
from fucai.welfare import selectors, services
from fucai.welfare.choices import ApprovalState, EntryKind, LedgerAccount
from fucai.welfare.models import Disbursement, JournalEntry, Posting

from .factories import funded_project

pytestmark = pytest.mark.django_db
PAID_ON = datetime.date(2019, 3, 10)


def _request(cast, project, amount=1_000_000, **kwargs):
    return services.disbursement_request(
        acting_user=cast["charity"],
        project=project,
        amount_fen=amount,
        payee="平阳怀溪晓坑慈善敬老院",
        paid_on=PAID_ON,
        purpose="食堂改造",
        **kwargs,
    )


def test_a_payment_goes_through_charity_then_finance_and_is_booked(cast):
    project = funded_project(cast)
    other_charity = UserFactory(role=Role.CHARITY)
    payment = _request(cast, project, source="activity:7")
    assert payment.state == ApprovalState.PENDING and payment.entry is None
    payment = services.movement_decide(acting_user=other_charity, movement=payment, approve=True)
    assert payment.state == ApprovalState.PENDING
    payment = services.movement_decide(acting_user=cast["finance"], movement=payment, approve=True)
    assert payment.state == ApprovalState.APPROVED
    entry = payment.entry
    assert entry.kind == EntryKind.DISBURSEMENT and entry.booked_on == PAID_ON
    assert entry.source == f"disbursement:{payment.pk}"
    assert entry.postings.balance() == 0
    assert Disbursement.objects.get(pk=payment.pk).source == "activity:7"
    money = selectors.project_money(project)
    assert (money["spent_fen"], money["unpaid_fen"]) == (1_000_000, 4_000_000)
    steps = list(payment.steps.values_list("position", "role", "decision"))
    assert steps == [(1, "charity", "approved"), (2, "finance", "approved")]
    assert AuditEntry.objects.filter(object_id=str(payment.pk), action="transition").exists()


def test_the_requester_cannot_approve_and_the_role_must_be_the_steps(cast):
    project = funded_project(cast)
    payment = _request(cast, project)
    with pytest.raises(PermissionDenied):
        services.movement_decide(acting_user=cast["charity"], movement=payment, approve=True)
    with pytest.raises(PermissionDenied):  # step 1 is the department's (charity)
        services.movement_decide(acting_user=cast["finance"], movement=payment, approve=True)
    with pytest.raises(PermissionDenied):  # no approval right at all
        services.movement_decide(acting_user=cast["marketing"], movement=payment, approve=True)


def test_large_amounts_need_the_leadership(cast):
    project = funded_project(
        cast, retained_fen=100_000_000, allocate_fen=60_000_000, budget_fen=100_000_000
    )
    payment = _request(cast, project, amount=50_000_000)
    for user in (UserFactory(role=Role.CHARITY), cast["finance"]):
        payment = services.movement_decide(acting_user=user, movement=payment, approve=True)
    assert payment.state == ApprovalState.PENDING
    payment = services.movement_decide(acting_user=cast["leader"], movement=payment, approve=True)
    assert payment.state == ApprovalState.APPROVED


def test_a_rejection_needs_a_reason_and_books_nothing(cast):
    project = funded_project(cast)
    payment = _request(cast, project)
    checker = UserFactory(role=Role.CHARITY)
    with pytest.raises(ValidationError):
        services.movement_decide(acting_user=checker, movement=payment, approve=False)
    payment = services.movement_decide(
        acting_user=checker, movement=payment, approve=False, comment="缺少发票"
    )
    assert payment.state == ApprovalState.REJECTED and payment.entry is None
    with pytest.raises(ValidationError):
        services.movement_decide(acting_user=cast["finance"], movement=payment, approve=True)


def test_over_budget_and_beyond_the_allocated_money_are_refused(cast):
    project = funded_project(cast, allocate_fen=5_000_000, budget_fen=6_000_000)
    with pytest.raises(ValidationError) as error:
        _request(cast, project, amount=5_000_001)
    assert error.value.code == "over_allocated"
    _request(cast, project, amount=3_000_000)
    with pytest.raises(ValidationError):  # the pending payment holds its money
        _request(cast, project, amount=2_500_000)
    with pytest.raises(ValidationError) as error:
        services.disbursement_record_approved(
            acting_user=cast["charity"],
            project=project,
            amount_fen=7_000_000,
            payee="x",
            paid_on=PAID_ON,
            purpose="y",
        )
    assert error.value.code == "over_budget"


def test_a_payment_approved_on_paper_is_booked_at_once(cast):
    project = funded_project(cast)
    payment = services.disbursement_record_approved(
        acting_user=cast["charity"],
        project=project,
        amount_fen=800_000,
        payee="张*",
        paid_on=PAID_ON,
        purpose="助圆大学梦",
        source="grant-payment:3",
    )
    assert payment.state == ApprovalState.APPROVED
    assert payment.entry.postings.balance() == 0
    assert selectors.project_money(project)["spent_fen"] == 800_000


def test_payments_into_a_closed_period_are_refused(cast):
    project = funded_project(cast)
    period = services.ledger.period_for(PAID_ON, lock=False)
    services.period_close(acting_user=cast["finance"], period=period)
    with pytest.raises(ValidationError) as error:
        _request(cast, project)
    assert error.value.code == "period_closed"


def test_allocations_stay_within_the_category_budget(cast):
    project = funded_project(cast, retained_fen=10_000_000, allocate_fen=6_000_000)
    with pytest.raises(ValidationError) as error:
        services.allocation_request(
            acting_user=cast["charity"], project=project, amount_fen=4_000_001, year=2019
        )
    assert error.value.code == "over_category_budget"
    allocation = services.allocation_request(
        acting_user=cast["charity"], project=project, amount_fen=4_000_000, year=2019
    )
    for user in (UserFactory(role=Role.CHARITY), cast["finance"]):
        allocation = services.movement_decide(acting_user=user, movement=allocation, approve=True)
    assert allocation.state == ApprovalState.APPROVED
    assert selectors.project_money(project)["allocated_fen"] == 10_000_000
    assert selectors.retained_available() == 0


def test_a_return_gives_unspent_money_back(cast):
    project = funded_project(cast)
    fund_return = services.fund_return_request(
        acting_user=cast["charity"],
        project=project,
        amount_fen=1_000_000,
        returned_on=datetime.date(2019, 12, 31),
    )
    for user in (UserFactory(role=Role.CHARITY), cast["finance"]):
        fund_return = services.movement_decide(acting_user=user, movement=fund_return, approve=True)
    assert fund_return.entry.kind == EntryKind.RETURN
    assert selectors.project_money(project)["unpaid_fen"] == 4_000_000
    assert selectors.retained_available() == 5_000_000 + 1_000_000


def test_the_requester_withdraws(cast):
    project = funded_project(cast)
    payment = _request(cast, project)
    with pytest.raises(PermissionDenied):
        services.movement_withdraw(acting_user=cast["finance"], movement=payment)
    payment = services.movement_withdraw(acting_user=cast["charity"], movement=payment)
    assert payment.state == ApprovalState.WITHDRAWN


def test_every_entry_sums_to_zero(cast):
    funded_project(cast)
    for entry in JournalEntry.objects.all():
        assert entry.postings.balance() == 0
    assert Posting.objects.balance() == 0
    assert Posting.objects.filter(account=LedgerAccount.SPENT).balance() == 0
