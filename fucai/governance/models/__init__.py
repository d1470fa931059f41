"""The governance domain: checklists, inspections, rectification, violations, visits
and the annual review. One module per topic; import models from here."""

from .checklists import ChecklistItem, ChecklistSection, ChecklistTemplate
from .commendations import AwardKind, AwardRound, Nomination
from .inspections import (
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionPlan,
    InspectionProposal,
)
from .rectifications import (
    RectificationEvent,
    RectificationOrder,
    RectificationPhoto,
    RectificationReply,
)
from .reviews import AnnualReview
from .violations import PenaltyRule, Violation, ViolationEvidence
from .visits import Visit, VisitFollowUp, VisitPlan, VisitPurpose

__all__ = [
    "AnnualReview",
    "AwardKind",
    "AwardRound",
    "ChecklistItem",
    "ChecklistSection",
    "ChecklistTemplate",
    "Inspection",
    "InspectionAnswer",
    "InspectionPhoto",
    "InspectionPlan",
    "InspectionProposal",
    "Nomination",
    "PenaltyRule",
    "RectificationEvent",
    "RectificationOrder",
    "RectificationPhoto",
    "RectificationReply",
    "Violation",
    "ViolationEvidence",
    "Visit",
    "VisitFollowUp",
    "VisitPlan",
    "VisitPurpose",
]
