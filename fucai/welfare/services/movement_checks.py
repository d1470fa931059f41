"""The rules a movement of money meets: which approval chain applies (by kind and
amount) and whether the money is there — the category's budget of the year, the
project's budget, its allocated balance, the retained fund — checked at request (with
the other requests pending) and again at booking (with the project row locked)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from fucai.core import scope

from ..choices import ApprovalKind, ApprovalState, LedgerAccount, ProjectStatus
from ..models import (
    Allocation,
    ApprovalRule,
    Budget,
    Disbursement,
    FundReturn,
    WelfareProject,
)
from ..selectors.balances import account_balance, pending_total
from .ledger import period_for

S = ApprovalState
A = LedgerAccount
KIND_OF = {
    Allocation: ApprovalKind.ALLOCATION,
    Disbursement: ApprovalKind.DISBURSEMENT,
    FundReturn: ApprovalKind.RETURN,
}


def fen_text(fen: int) -> str:
    return f"{fen / 100:,.2f}"


# --- rules ---------------------------------------------------------------------------


def rule_for(kind: str, amount_fen: int) -> ApprovalRule:
    """The rule with the highest threshold not above ``amount_fen``."""
    rule = (
        ApprovalRule.objects.filter(kind=kind, min_amount_fen__lte=amount_fen)
        .order_by("-min_amount_fen")
        .first()
    )
    if rule is None or not rule.steps:
        raise ValidationError(
            _("No approval rule covers this amount; ask finance to configure one."),
            code="no_rule",
        )
    return rule


def steps_of(movement) -> list[str]:
    """The movement's approval chain: the one frozen at request; for a request older than
    that record (none is left pending after migration 0004), the rule in effect."""
    if movement.planned_steps:
        return list(movement.planned_steps)
    return list(rule_for(KIND_OF[type(movement)], movement.amount_fen).steps)


def freeze_chain(movement) -> None:
    """Copy the chain of the rule in effect onto the request being made."""
    rule = rule_for(KIND_OF[type(movement)], movement.amount_fen)
    movement.planned_steps = list(rule.steps)
    movement.planned_from_fen = rule.min_amount_fen


def next_role(movement) -> str | None:
    """The role whose decision the movement awaits (None once decided)."""
    if movement.state != S.PENDING:
        return None
    steps = steps_of(movement)
    done = movement.steps.filter(decision=S.APPROVED).count()
    return steps[done] if done < len(steps) else None


# --- checks --------------------------------------------------------------------------


def check_project(acting_user, project: WelfareProject) -> None:
    scope.require_in_scope(acting_user, project)
    if project.status == ProjectStatus.CLOSED:
        raise ValidationError(_("This project is closed."), code="project_closed")


def check_amount(amount_fen) -> None:
    if not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationError(_("The amount must be positive."), code="amount")


def check_period_open(day: datetime.date) -> None:
    period = period_for(day, lock=False)
    if period.is_closed:
        raise ValidationError(
            _("The ledger period %(period)s is closed; book into an open month.")
            % {"period": str(period)},
            code="period_closed",
        )


def category_allocated(year: int, category: str, *, exclude_pk=None) -> int:
    """Allocations of ``year``'s budget to the category's projects, approved or pending."""
    queryset = Allocation.objects.filter(
        year=year, project__category=category, state__in=[S.PENDING, S.APPROVED]
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.aggregate(total=Sum("amount_fen"))["total"] or 0


def check_allocation(allocation: Allocation, *, booking: bool) -> None:
    """Within the category's budget of the year, the project's budget and the retained
    fund available."""
    project = allocation.project
    budget = Budget.objects.filter(year=allocation.year, category=project.category).first()
    if budget is None:
        raise ValidationError(
            _("There is no %(year)s budget for %(category)s.")
            % {"year": allocation.year, "category": project.get_category_display()},
            code="no_budget",
        )
    used = category_allocated(allocation.year, project.category, exclude_pk=allocation.pk)
    if used + allocation.amount_fen > budget.amount_fen:
        raise ValidationError(
            _("Over the %(year)s budget of %(category)s: %(left)s yuan left.")
            % {
                "year": allocation.year,
                "category": project.get_category_display(),
                "left": fen_text(max(budget.amount_fen - used, 0)),
            },
            code="over_category_budget",
        )
    allocated = account_balance(A.ALLOCATED, project=project) + account_balance(
        A.SPENT, project=project
    )
    pending = 0 if booking else pending_total(Allocation, project, exclude_pk=allocation.pk)
    if allocated + pending + allocation.amount_fen > project.budget_fen:
        raise ValidationError(
            _("Over the project's budget: %(left)s yuan can still be allocated.")
            % {"left": fen_text(max(project.budget_fen - allocated - pending, 0))},
            code="over_project_budget",
        )
    available = account_balance(A.RETAINED)
    if allocation.amount_fen > available:
        raise ValidationError(
            _("Only %(available)s yuan of retained fund is available.")
            % {"available": fen_text(max(available, 0))},
            code="no_fund",
        )


def check_disbursement(payment: Disbursement, *, booking: bool) -> None:
    """Within the project's budget and its allocated money not yet paid (less the other
    payments awaiting approval, at request)."""
    project = payment.project
    spent = account_balance(A.SPENT, project=project)
    unpaid = account_balance(A.ALLOCATED, project=project)
    pending = 0 if booking else pending_total(Disbursement, project, exclude_pk=payment.pk)
    if spent + pending + payment.amount_fen > project.budget_fen:
        raise ValidationError(
            _("Over the project's budget: %(left)s yuan of its budget is left.")
            % {"left": fen_text(max(project.budget_fen - spent - pending, 0))},
            code="over_budget",
        )
    if pending + payment.amount_fen > unpaid:
        raise ValidationError(
            _("Only %(available)s yuan allocated to this project is not yet paid.")
            % {"available": fen_text(max(unpaid - pending, 0))},
            code="over_allocated",
        )


def check_return(fund_return: FundReturn, *, booking: bool) -> None:
    project = fund_return.project
    unpaid = account_balance(A.ALLOCATED, project=project)
    pending = 0
    if not booking:
        pending = pending_total(Disbursement, project) + pending_total(
            FundReturn, project, exclude_pk=fund_return.pk
        )
    if pending + fund_return.amount_fen > unpaid:
        raise ValidationError(
            _("Only %(available)s yuan allocated to this project is unspent.")
            % {"available": fen_text(max(unpaid - pending, 0))},
            code="over_allocated",
        )


CHECKS = {Allocation: check_allocation, Disbursement: check_disbursement, FundReturn: check_return}
