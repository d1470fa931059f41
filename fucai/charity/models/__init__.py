"""Where the welfare fund reaches people: charity activities, the people helped and what
they received, grant programmes with online application and bank payment."""

from .activities import ActivityPhoto, ActivitySeries, CharityActivity, Participant
from .beneficiaries import Beneficiary, Benefit
from .grants import (
    EligibilityRule,
    GrantApplication,
    GrantDocument,
    GrantEvent,
    GrantObjection,
    GrantPayment,
    GrantProgramme,
    PaymentBatch,
)

__all__ = [
    "ActivityPhoto",
    "ActivitySeries",
    "Beneficiary",
    "Benefit",
    "CharityActivity",
    "EligibilityRule",
    "GrantApplication",
    "GrantDocument",
    "GrantEvent",
    "GrantObjection",
    "GrantPayment",
    "GrantProgramme",
    "Participant",
    "PaymentBatch",
]
