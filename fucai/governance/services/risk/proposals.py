"""Deciding a proposal: accept it (a special inspection is planned) or dismiss it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.models import User
from fucai.core.scope import require_in_scope

from ...choices import InspectionKind
from ...models import Inspection, InspectionProposal
from ..planning import inspection_plan_ad_hoc


def _lock(proposal: InspectionProposal, acting_user) -> InspectionProposal:
    require_in_scope(acting_user, proposal)
    proposal = InspectionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != InspectionProposal.Status.PROPOSED:
        raise ValidationError(_("This proposal has been decided already."))
    return proposal


@transaction.atomic
def proposal_accept(
    *,
    proposal: InspectionProposal,
    acting_user,
    inspector: User | None = None,
    due_on: datetime.date | None = None,
    comment: str = "",
) -> Inspection:
    """Plan a special inspection of the proposed station, the reason carried over."""
    proposal = _lock(proposal, acting_user)
    inspection = inspection_plan_ad_hoc(
        station=proposal.station,
        kind=InspectionKind.SPECIAL,
        inspector=inspector,
        due_on=due_on,
        reason=proposal.reason,
        acting_user=acting_user,
    )
    proposal.status = InspectionProposal.Status.ACCEPTED
    proposal.inspection = inspection
    proposal.decided_by, proposal.decided_at = acting_user, timezone.now()
    proposal.decision_comment = comment
    proposal.full_clean()
    proposal.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=proposal,
        changes={
            "status": {
                "label": str(_("status")),
                "old": str(_("Proposed")),
                "new": str(_("Accepted")),
            }
        },
        comment=comment,
    )
    return inspection


@transaction.atomic
def proposal_dismiss(*, proposal: InspectionProposal, reason: str, acting_user):
    """Dismiss a proposal; the reason is required and kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is dismissed.")})
    proposal = _lock(proposal, acting_user)
    proposal.status = InspectionProposal.Status.DISMISSED
    proposal.decided_by, proposal.decided_at = acting_user, timezone.now()
    proposal.decision_comment = reason.strip()
    proposal.full_clean()
    proposal.save()
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=proposal,
        changes={
            "status": {
                "label": str(_("status")),
                "old": str(_("Proposed")),
                "new": str(_("Dismissed")),
            }
        },
        comment=reason.strip(),
    )
    return proposal
