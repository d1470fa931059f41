"""The approvals inbox: allocations, payments and returns awaiting a step of the
user's role, and the decision on one step."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.core import roles
from fucai.core.choices import Role
from fucai.core.roles import role_of

from .. import services
from ..choices import ApprovalState, DisclosureState
from ..forms.projects import DecisionForm
from ..models import (
    Allocation,
    ApprovalRule,
    Disbursement,
    Disclosure,
    FundReturn,
    WelfareProject,
)
from ..services.movement_checks import KIND_OF
from .common import run, staff_view

MODELS = {"allocation": Allocation, "payment": Disbursement, "return": FundReturn}
LABELS = {"allocation": _("Allocation"), "payment": _("Payment"), "return": _("Return")}


def _chain(movement, rules: list[ApprovalRule]) -> list[str]:
    """The movement's approval chain: frozen at request (a request older than that
    record: the rule in effect, from the rules read once)."""
    if movement.planned_steps:
        return list(movement.planned_steps)
    kind = KIND_OF[type(movement)]
    rule = next(
        (r for r in rules if r.kind == kind and r.min_amount_fen <= movement.amount_fen), None
    )
    return list(rule.steps) if rule else []


def _awaiting(movement, chain: list[str]) -> str | None:
    """The role the movement waits for, from its chain and its prefetched steps (no
    query per row)."""
    done = sum(1 for step in movement.steps.all() if step.decision == ApprovalState.APPROVED)
    return chain[done] if done < len(chain) else None


@staff_view(roles.VIEW_WELFARE)
def inbox(request):
    role = role_of(request.user)
    rules = list(ApprovalRule.objects.order_by("-min_amount_fen"))
    projects = WelfareProject.objects.visible_to(request.user)
    mine, others = [], []
    for kind, model in MODELS.items():
        pending = (
            model.objects.filter(state=ApprovalState.PENDING, project__in=projects)
            .select_related("project", "requested_by")
            .prefetch_related("steps__decided_by")
            .order_by("requested_at")[:200]
        )
        for movement in pending:
            movement.kind = kind
            movement.kind_label = LABELS[kind]
            movement.chain = _chain(movement, rules)
            movement.chain_labels = [
                Role(role).label if role in Role.values else role for role in movement.chain
            ]
            movement.awaiting = _awaiting(movement, movement.chain)
            movement.awaiting_label = (
                Role(movement.awaiting).label if movement.awaiting in Role.values else ""
            )
            own = movement.requested_by_id == request.user.pk
            (mine if movement.awaiting == role and not own else others).append(movement)
    # The yearly disclosure waits for the leadership too: to approve, then to publish.
    disclosures = (
        list(
            Disclosure.objects.filter(
                state__in=[DisclosureState.IN_REVIEW, DisclosureState.APPROVED]
            ).order_by("year")
        )
        if roles.has_permission(request.user, roles.APPROVE_DISCLOSURE)
        else []
    )
    return render(
        request,
        "welfare/approvals.html",
        {"mine": mine, "others": others, "form": DecisionForm(), "disclosures": disclosures},
    )


@require_POST
@staff_view(roles.APPROVE_FUNDS)
def decide(request, kind, pk):
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    projects = WelfareProject.objects.visible_to(request.user)
    movement = model.objects.filter(project__in=projects, pk=pk).first()
    if movement is None:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.movement_decide,
            success=str(_("Decision recorded.")),
            movement=movement,
            approve=form.cleaned_data["approve"],
            comment=form.cleaned_data["comment"],
        )
    else:
        messages.error(request, _("Choose approve or reject."))
    return redirect("welfare:approvals")


urlpatterns = [
    path("approvals/", inbox, name="approvals"),
    path("approvals/<str:kind>/<int:pk>/decide/", decide, name="decide"),
]
