"""The approval chain is frozen at request: a request keeps the steps (and the threshold
of the rule) it was submitted under, whatever the rules say later; new requests follow
the new rules."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fucai.core.choices import Role
from fucai.core.tests.factories import UserFactory
from fucai.welfare import services
from fucai.welfare.choices import ApprovalState
from fucai.welfare.defaults import LEADERSHIP_THRESHOLD_FEN
from fucai.welfare.models import ApprovalRule, Disbursement

from .factories import funded_project

pytestmark = pytest.mark.django_db


def _pay(cast, project, amount):
    return services.disbursement_request(
        acting_user=cast["charity"],
        project=project,
        amount_fen=amount,
        payee="敬老院",
        paid_on=datetime.date(2019, 3, 10),
        purpose="慰问",
    )


def _approve(user, movement):
    return services.movement_decide(acting_user=user, movement=movement, approve=True)


@pytest.fixture
def project(cast):
    return funded_project(cast, retained_fen=200_000_000, allocate_fen=100_000_000)


def test_the_request_records_the_chain_it_was_submitted_under(cast, project):
    small = _pay(cast, project, 1_000_000)
    large = _pay(cast, project, LEADERSHIP_THRESHOLD_FEN)
    assert (small.planned_steps, small.planned_from_fen) == (["charity", "finance"], 0)
    assert large.planned_steps == ["charity", "finance", "leadership"]
    assert large.planned_from_fen == LEADERSHIP_THRESHOLD_FEN


def test_a_longer_chain_configured_later_does_not_hold_up_a_pending_request(cast, project):
    payment = _pay(cast, project, 1_000_000)
    # Finance now wants leadership on every payment, and a new rule from 1万元 with a
    # different chain.
    ApprovalRule.objects.filter(kind="disbursement", min_amount_fen=0).update(
        steps=["charity", "finance", "leadership"]
    )
    ApprovalRule.objects.create(kind="disbursement", min_amount_fen=100_000, steps=["leadership"])
    payment = _approve(UserFactory(role=Role.CHARITY), payment)
    payment = _approve(cast["finance"], payment)
    # Booked after the two steps it was submitted with.
    assert payment.state == ApprovalState.APPROVED and payment.entry_id
    assert list(payment.steps.values_list("role", flat=True)) == ["charity", "finance"]
    # A new request follows the new rule.
    later = _pay(cast, project, 1_000_000)
    assert later.planned_steps == ["leadership"] and later.planned_from_fen == 100_000


def test_a_shorter_chain_configured_later_does_not_skip_leadership(cast, project):
    payment = _pay(cast, project, LEADERSHIP_THRESHOLD_FEN)
    ApprovalRule.objects.filter(kind="disbursement").delete()
    ApprovalRule.objects.create(kind="disbursement", min_amount_fen=0, steps=["charity"])
    payment = _approve(UserFactory(role=Role.CHARITY), payment)
    # Finance's step still comes, then leadership's; the charity-only rule does not book it.
    assert payment.state == ApprovalState.PENDING
    with pytest.raises(PermissionDenied):
        _approve(cast["leader"], payment)
    payment = _approve(cast["finance"], payment)
    assert payment.state == ApprovalState.PENDING
    payment = _approve(cast["leader"], payment)
    assert payment.state == ApprovalState.APPROVED
    assert list(payment.steps.values_list("role", flat=True)) == [
        "charity",
        "finance",
        "leadership",
    ]


def test_the_inbox_shows_each_request_its_own_chain(client, cast, project):
    payment = _pay(cast, project, 1_000_000)
    ApprovalRule.objects.filter(kind="disbursement").update(steps=["finance"])
    client.force_login(UserFactory(role=Role.CHARITY))
    response = client.get(reverse("welfare:approvals"))
    mine = response.context["mine"]
    assert [m.pk for m in mine] == [payment.pk]
    assert mine[0].chain == ["charity", "finance"]
    assert "公益事业科 → 财务科" in response.content.decode()


def test_the_migration_freezes_the_chain_of_requests_already_pending(cast, project):
    payment = _pay(cast, project, 1_000_000)
    Disbursement.objects.filter(pk=payment.pk).update(planned_steps=[], planned_from_fen=None)
    migration = importlib.import_module("fucai.welfare.migrations.0004_frozen_approval_chain")
    migration.freeze_pending(django_apps, None)
    payment.refresh_from_db()
    assert (payment.planned_steps, payment.planned_from_fen) == (["charity", "finance"], 0)


def test_the_audit_names_the_chain_in_words(cast, project):
    from fucai.core.models import AuditEntry

    payment = _pay(cast, project, 1_000_000)
    entry = AuditEntry.objects.get(object_id=str(payment.pk), action="create")
    assert entry.changes["planned_steps"]["new"] == "公益事业科 → 财务科"
