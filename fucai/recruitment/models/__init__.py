from .accounts import ApplicantProfile, PhoneVerification
from .applications import Application, ApplicationDocument, ApplicationQuerySet
from .calls import CalendarDay, CallQuota, RecruitmentCall, School
from .identity import GovIdentity, GovSubmission
from .workflow import ApplicationEvent, Draw, Objection, OpeningChecklist, OpeningChecklistItem

__all__ = [
    "ApplicantProfile",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationQuerySet",
    "CalendarDay",
    "CallQuota",
    "Draw",
    "GovIdentity",
    "GovSubmission",
    "Objection",
    "OpeningChecklist",
    "OpeningChecklistItem",
    "PhoneVerification",
    "RecruitmentCall",
    "School",
]
