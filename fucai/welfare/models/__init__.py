"""The welfare fund after it is raised: the ledger, projects and their money, the yearly
disclosure. The fund raised itself is computed from sales (fucai.sales)."""

from .disclosure import Disclosure
from .ledger import (
    APPEND_ONLY,
    Budget,
    JournalEntry,
    LedgerPeriod,
    Posting,
    RetentionRate,
)
from .projects import (
    Allocation,
    ApprovalRule,
    ApprovalStep,
    Disbursement,
    FundReturn,
    ProjectDocument,
    WelfareProject,
)

__all__ = [
    "APPEND_ONLY",
    "Allocation",
    "ApprovalRule",
    "ApprovalStep",
    "Budget",
    "Disbursement",
    "Disclosure",
    "FundReturn",
    "JournalEntry",
    "LedgerPeriod",
    "Posting",
    "ProjectDocument",
    "RetentionRate",
    "WelfareProject",
]
