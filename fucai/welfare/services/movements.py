"""Money moving to and from projects: allocations (retained → project), payments
(project → payee) and returns of unspent money (project → retained).

A request is made by the project's department and goes through the approval chain of
the ``ApprovalRule`` for its kind and amount (roles in order). Each decision is one
``ApprovalStep``, audited; the step's role must be the approver's role and nobody
decides their own request. When the last step approves, the ledger entry is booked in
the same transaction, after checking again — with the project row locked — that the
money is there: the category's budget for an allocation, the project's budget and its
allocated balance for a payment. Over-budget payments are refused, at request and at
booking.

The chain is frozen when the request is made: the request keeps the steps (and the
threshold of the rule they came from) it was submitted under, so a change of the rules
later applies to new requests only, never to one already on its way.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, notifications, scope
from fucai.core.choices import AuditAction, Role
from fucai.core.roles import APPROVE_FUNDS, MANAGE_PROJECTS, role_of
from fucai.core.services import require

from ..choices import ApprovalState, EntryKind, LedgerAccount
from ..models import (
    Allocation,
    ApprovalStep,
    Disbursement,
    FundReturn,
    WelfareProject,
)
from .ledger import Line, book_entry
from .movement_checks import (
    CHECKS,
    KIND_OF,
    check_amount,
    check_period_open,
    check_project,
    fen_text,
    freeze_chain,
    steps_of,
)

S = ApprovalState
A = LedgerAccount
# Which state each action may start from.
ALLOWED: dict[str, frozenset[str]] = {
    "decide": frozenset({S.PENDING}),
    "withdraw": frozenset({S.PENDING}),
}
STEP_FIELD = {Allocation: "allocation", Disbursement: "disbursement", FundReturn: "fund_return"}


# --- booking -------------------------------------------------------------------------


def _lines(movement) -> tuple[list[Line], str, str, datetime.date]:
    project, amount, category = movement.project, movement.amount_fen, movement.project.category
    if isinstance(movement, Allocation):
        memo = _("Allocation to %(project)s") % {"project": project.name}
        lines = [
            Line(A.ALLOCATED, amount, project, category),
            Line(A.RETAINED, -amount, None, category),
        ]
        return lines, EntryKind.ALLOCATION, str(memo), timezone.localdate()
    if isinstance(movement, Disbursement):
        memo = _("Payment to %(payee)s: %(purpose)s") % {
            "payee": movement.payee,
            "purpose": movement.purpose,
        }
        lines = [
            Line(A.SPENT, amount, project, category),
            Line(A.ALLOCATED, -amount, project, category),
        ]
        return lines, EntryKind.DISBURSEMENT, str(memo), movement.paid_on
    memo = _("Unspent money returned by %(project)s") % {"project": project.name}
    lines = [
        Line(A.RETAINED, amount, None, category),
        Line(A.ALLOCATED, -amount, project, category),
    ]
    return lines, EntryKind.RETURN, str(memo), movement.returned_on


def _book(movement, *, acting_user, booked_on: datetime.date | None = None):
    """Lock the project, check the money again, book the entry, mark approved."""
    WelfareProject.objects.select_for_update().get(pk=movement.project_id)
    CHECKS[type(movement)](movement, booking=True)
    lines, kind, memo, day = _lines(movement)
    entry = book_entry(
        acting_user=acting_user,
        booked_on=booked_on or day,
        kind=kind,
        memo=memo,
        lines=lines,
        source=f"{KIND_OF[type(movement)]}:{movement.pk}",
    )
    movement.entry = entry
    movement.state = S.APPROVED
    return entry


# --- requests ------------------------------------------------------------------------


def _audit_create(movement, *, acting_user, comment: str = "") -> None:
    """The creation's audit entry, its frozen chain as the roles' names in order."""
    after = {k: v for k, v in audit.snapshot(movement).items() if v not in (None, "", [])}
    if movement.planned_steps:
        after["planned_steps"] = " → ".join(
            str(Role(role).label) if role in Role.values else role
            for role in movement.planned_steps
        )
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=movement,
        changes=audit.diff(type(movement), {}, after),
        comment=comment,
    )


def _create(movement, *, acting_user) -> object:
    freeze_chain(movement)
    movement.full_clean()
    CHECKS[type(movement)](movement, booking=False)
    movement.save()
    _audit_create(movement, acting_user=acting_user)
    return movement


@transaction.atomic
def allocation_request(
    *, acting_user, project: WelfareProject, amount_fen: int, year: int, note: str = ""
) -> Allocation:
    """Ask for ``amount_fen`` of the year's retained fund for ``project``."""
    require(acting_user, MANAGE_PROJECTS)
    check_project(acting_user, project)
    check_amount(amount_fen)
    allocation = Allocation(
        project=project,
        amount_fen=amount_fen,
        year=year,
        note=note,
        state=S.PENDING,
        requested_by=acting_user,
    )
    return _create(allocation, acting_user=acting_user)


@transaction.atomic
def disbursement_request(
    *,
    acting_user,
    project: WelfareProject,
    amount_fen: int,
    payee: str,
    paid_on: datetime.date,
    purpose: str,
    source: str = "",
) -> Disbursement:
    """Ask to pay ``amount_fen`` of the project's allocated money to ``payee``.
    ``source`` names the business record paid (``activity:<id>``, ``grant-payment:<id>``)."""
    require(acting_user, MANAGE_PROJECTS)
    check_project(acting_user, project)
    check_amount(amount_fen)
    check_period_open(paid_on)
    payment = Disbursement(
        project=project,
        amount_fen=amount_fen,
        payee=payee,
        paid_on=paid_on,
        purpose=purpose,
        source=source,
        state=S.PENDING,
        requested_by=acting_user,
    )
    return _create(payment, acting_user=acting_user)


@transaction.atomic
def fund_return_request(
    *,
    acting_user,
    project: WelfareProject,
    amount_fen: int,
    returned_on: datetime.date,
    note: str = "",
) -> FundReturn:
    """Ask to give unspent money of the project back to the retained fund."""
    require(acting_user, MANAGE_PROJECTS)
    check_project(acting_user, project)
    check_amount(amount_fen)
    check_period_open(returned_on)
    fund_return = FundReturn(
        project=project,
        amount_fen=amount_fen,
        returned_on=returned_on,
        note=note,
        state=S.PENDING,
        requested_by=acting_user,
    )
    return _create(fund_return, acting_user=acting_user)


# --- decisions -----------------------------------------------------------------------


def _lock(movement):
    model = type(movement)
    locked = model.objects.select_for_update().select_related("project").get(pk=movement.pk)
    return locked


def _transition_audit(movement, *, acting_user, before: str, comment: str) -> None:
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=movement,
        changes={
            "state": {
                "label": str(type(movement)._meta.get_field("state").verbose_name),
                "old": str(S(before).label),
                "new": str(S(movement.state).label),
            }
        }
        if before != movement.state
        else {},
        comment=comment,
    )


@transaction.atomic
def movement_decide(*, acting_user, movement, approve: bool, comment: str = ""):
    """Decide the next step of an allocation, payment or return. The approver's role
    must be the step's role and the approver not the requester; a rejection needs a
    reason. When the last step approves, the ledger entry is booked."""
    require(acting_user, APPROVE_FUNDS)
    movement = _lock(movement)
    scope.require_in_scope(acting_user, movement.project)
    if movement.state not in ALLOWED["decide"]:
        raise ValidationError(_("This request has already been decided."), code="state")
    if movement.requested_by_id == acting_user.pk:
        raise PermissionDenied(_("You cannot approve your own request."))
    steps = steps_of(movement)
    done = movement.steps.filter(decision=S.APPROVED).count()
    if done >= len(steps):  # cannot happen with a frozen chain; never index past it
        raise ValidationError(_("This request has already been decided."), code="state")
    role = steps[done]
    if role_of(acting_user) != role:
        raise PermissionDenied(
            _("This step is for %(role)s.") % {"role": Role(role).label}
            if role in Role.values
            else _("This step is not yours to decide.")
        )
    if movement.steps.filter(decided_by=acting_user).exists():
        raise PermissionDenied(_("You have already decided a step of this request."))
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(_("Give a reason for the rejection."), code="reason")
    before = movement.state
    step = ApprovalStep(
        **{STEP_FIELD[type(movement)]: movement},
        position=done + 1,
        role=role,
        decision=S.APPROVED if approve else S.REJECTED,
        comment=comment[:200],
        decided_by=acting_user,
    )
    step.full_clean()
    step.save()
    audit.record_create(actor=acting_user, obj=step)
    if not approve:
        movement.state = S.REJECTED
    elif done + 1 == len(steps):
        _book(movement, acting_user=acting_user)
    movement.version += 1
    movement.save(update_fields=["state", "entry", "version"])
    _transition_audit(movement, acting_user=acting_user, before=before, comment=comment)
    if movement.state != S.PENDING:
        _notify_requester(movement)
    return movement


@transaction.atomic
def movement_withdraw(*, acting_user, movement):
    """The requester takes back a request still awaiting approval."""
    movement = _lock(movement)
    if movement.requested_by_id != acting_user.pk:
        raise PermissionDenied(_("Only the requester can withdraw a request."))
    if movement.state not in ALLOWED["withdraw"]:
        raise ValidationError(_("This request has already been decided."), code="state")
    before = movement.state
    movement.state = S.WITHDRAWN
    movement.version += 1
    movement.save(update_fields=["state", "version"])
    _transition_audit(movement, acting_user=acting_user, before=before, comment="")
    return movement


def _notify_requester(movement) -> None:
    label = {Allocation: _("Allocation"), Disbursement: _("Payment"), FundReturn: _("Return")}[
        type(movement)
    ]
    notifications.notify(
        recipient=movement.requested_by,
        subject=_("%(kind)s for %(project)s: %(state)s")
        % {"kind": label, "project": movement.project.name, "state": S(movement.state).label},
        body=_("Amount: %(amount)s yuan") % {"amount": fen_text(movement.amount_fen)},
        target=movement,
    )


# --- payments approved on paper (imports, the demo) -----------------------------------


@transaction.atomic
def disbursement_record_approved(
    *,
    acting_user,
    project: WelfareProject,
    amount_fen: int,
    payee: str,
    paid_on: datetime.date,
    purpose: str,
    source: str = "",
) -> Disbursement:
    """Record and book a payment already approved on paper (an import, the demo, a
    grant batch paid by the bank): audited, still refused over budget, beyond the
    allocated balance or in a closed period."""
    require(acting_user, MANAGE_PROJECTS)
    check_project(acting_user, project)
    check_amount(amount_fen)
    payment = Disbursement(
        project=project,
        amount_fen=amount_fen,
        payee=payee,
        paid_on=paid_on,
        purpose=purpose,
        source=source,
        state=S.PENDING,
        requested_by=acting_user,
        note=str(_("Approved on paper")),
    )
    payment.full_clean()
    payment.save()
    _book(payment, acting_user=acting_user)
    payment.save(update_fields=["state", "entry"])
    _audit_create(payment, acting_user=acting_user, comment=str(_("Approved on paper")))
    return payment


@transaction.atomic
def allocation_record_approved(
    *,
    acting_user,
    project: WelfareProject,
    amount_fen: int,
    year: int,
    booked_on: datetime.date,
    note: str = "",
) -> Allocation:
    """Record and book an allocation approved on paper (history, the demo), checked
    like one approved here."""
    require(acting_user, MANAGE_PROJECTS)
    check_project(acting_user, project)
    check_amount(amount_fen)
    allocation = Allocation(
        project=project,
        amount_fen=amount_fen,
        year=year,
        note=note or str(_("Approved on paper")),
        state=S.PENDING,
        requested_by=acting_user,
        requested_at=timezone.now(),
    )
    allocation.full_clean()
    allocation.save()
    _book(allocation, acting_user=acting_user, booked_on=booked_on)
    allocation.save(update_fields=["state", "entry"])
    _audit_create(allocation, acting_user=acting_user, comment=str(_("Approved on paper")))
    return allocation
