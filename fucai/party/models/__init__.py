from .activities import ActivityPhoto, Attendance, FrequencyRule, PartyActivity
from .members import MemberTransfer, PartyBranch, PartyMember
from .records import (
    Assessment,
    EvaluationResult,
    EvaluationRound,
    PioneerPost,
    StudyRecord,
)

__all__ = [
    "ActivityPhoto",
    "Assessment",
    "Attendance",
    "EvaluationResult",
    "EvaluationRound",
    "FrequencyRule",
    "MemberTransfer",
    "PartyActivity",
    "PartyBranch",
    "PartyMember",
    "PioneerPost",
    "StudyRecord",
]
