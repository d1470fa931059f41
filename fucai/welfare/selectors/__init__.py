"""Welfare-fund reads: balances computed from the postings, the year's summary, the
fund raised as sales compute it."""

from .balances import (
    account_balance,
    balances_by_account,
    balances_by_period,
    project_money,
    projects_money,
    retained_available,
)
from .raised import fund_raised_by_month, has_sales
from .summary import fund_summary, ledger_figures

__all__ = [
    "account_balance",
    "balances_by_account",
    "balances_by_period",
    "fund_raised_by_month",
    "fund_summary",
    "has_sales",
    "ledger_figures",
    "project_money",
    "projects_money",
    "retained_available",
]
from .flow import money_flow

__all__ += ["money_flow"]
