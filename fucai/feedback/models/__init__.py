from .complaints import AssignmentRule, Complaint, ComplaintEvent, ComplaintQuerySet
from .evaluation import PublishedRank, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from .supervisors import Supervisor, SupervisorFeedback, SupervisorInvitation

__all__ = [
    "AssignmentRule",
    "Complaint",
    "ComplaintEvent",
    "ComplaintQuerySet",
    "PublishedRank",
    "Supervisor",
    "SupervisorFeedback",
    "SupervisorInvitation",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
]
