from .accounts import ApplicantProfile, Notification, PhoneVerification
from .applications import Application, ApplicationDocument, ApplicationQuerySet
from .calls import CalendarDay, CallQuota, RecruitmentCall, School
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
    "Notification",
    "Objection",
    "OpeningChecklist",
    "OpeningChecklistItem",
    "PhoneVerification",
    "RecruitmentCall",
    "School",
]
