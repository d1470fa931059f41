"""Every welfare-fund write with a business rule, one module per topic. Views, the API,
Celery tasks, charity and the demo call these; never the reverse."""

from .ledger import (
    Line,
    accrual_book_month,
    accrual_book_year,
    book_entry,
    entry_post,
    entry_reverse,
    opening_balance_post,
    period_close,
)
from .movements import (
    allocation_record_approved,
    allocation_request,
    disbursement_record_approved,
    disbursement_request,
    fund_return_request,
    movement_decide,
    movement_withdraw,
)

__all__ = [
    "Line",
    "accrual_book_month",
    "accrual_book_year",
    "allocation_record_approved",
    "allocation_request",
    "book_entry",
    "disbursement_record_approved",
    "disbursement_request",
    "entry_post",
    "entry_reverse",
    "fund_return_request",
    "movement_decide",
    "movement_withdraw",
    "opening_balance_post",
    "period_close",
]
from .disclosure import (
    compute_figures,
    disclosure_generate,
    disclosure_set_foreword,
    disclosure_transition,
)

__all__ += [
    "compute_figures",
    "disclosure_generate",
    "disclosure_set_foreword",
    "disclosure_transition",
]
from .projects import (  # noqa: E402
    budget_set,
    project_create,
    project_document_add,
    project_update,
)

__all__ += ["budget_set", "project_create", "project_document_add", "project_update"]
