"""The welfare fund after it is raised: the ledger, projects and their money, the yearly
disclosure. The fund raised itself is computed from sales (fucai.sales)."""

from fucai.core import audit

from ..sources import source_label
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

# The audit log shows what an entry or payment books in words, not as a code.
audit.register_masked_fields(JournalEntry, source=source_label)
audit.register_masked_fields(Disbursement, source=source_label)

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
