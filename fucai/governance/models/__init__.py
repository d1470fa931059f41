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
from .ratings import GradingResult, RatingScheme
from .rectifications import (
    RectificationEvent,
    RectificationOrder,
    RectificationPhoto,
    RectificationReply,
)
from .reviews import AnnualReview
from .stars import StarApplication, StarEvent, StarEvidence, StarRound
from .violations import PenaltyRule, Violation, ViolationEvidence
from .visits import Visit, VisitFollowUp, VisitPlan, VisitPurpose

__all__ = [
    "AnnualReview",
    "AwardKind",
    "AwardRound",
    "ChecklistItem",
    "ChecklistSection",
    "ChecklistTemplate",
    "GradingResult",
    "Inspection",
    "InspectionAnswer",
    "InspectionPhoto",
    "InspectionPlan",
    "InspectionProposal",
    "Nomination",
    "PenaltyRule",
    "RatingScheme",
    "RectificationEvent",
    "RectificationOrder",
    "RectificationPhoto",
    "RectificationReply",
    "StarApplication",
    "StarEvent",
    "StarEvidence",
    "StarRound",
    "Violation",
    "ViolationEvidence",
    "Visit",
    "VisitFollowUp",
    "VisitPlan",
    "VisitPurpose",
]
