"""The one place charity pays money: through the welfare fund's services, so every
payment is approved (or recorded as approved on paper), booked in the ledger and
refused when it would overspend its project. ``source`` ties a payment back to what it
paid for: ``activity:<id>`` or ``grant-payment:<id>``."""

import datetime

from fucai.welfare import services as welfare
from fucai.welfare.models import Disbursement, WelfareProject


def activity_source(activity_id: int) -> str:
    return f"activity:{activity_id}"


def grant_payment_source(payment_id: int) -> str:
    return f"grant-payment:{payment_id}"


def request_payment(
    *,
    acting_user,
    project: WelfareProject,
    amount_fen: int,
    payee: str,
    paid_on: datetime.date,
    purpose: str,
    source: str,
) -> Disbursement:
    """A payment request that goes through the approval chain."""
    return welfare.disbursement_request(
        acting_user=acting_user,
        project=project,
        amount_fen=amount_fen,
        payee=payee,
        paid_on=paid_on,
        purpose=purpose,
        source=source,
    )


def record_paid(
    *,
    acting_user,
    project: WelfareProject,
    amount_fen: int,
    payee: str,
    paid_on: datetime.date,
    purpose: str,
    source: str,
) -> Disbursement:
    """A payment already made and approved (a bank's return file confirms it)."""
    return welfare.disbursement_record_approved(
        acting_user=acting_user,
        project=project,
        amount_fen=amount_fen,
        payee=payee,
        paid_on=paid_on,
        purpose=purpose,
        source=source,
    )


def payments_for(source: str):
    return Disbursement.objects.filter(source=source)
