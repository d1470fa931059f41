"""Paying approved grants through the bank: a payment batch exported in the bank's
column layout, then the bank's return file marks each payment paid or failed. A paid
grant is booked as a payment of the programme's project (welfare ledger), becomes a
benefit of the person (registered or found in the beneficiary registry) and adds to
the spending of the programme's activity."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto
from fucai.core.archives import UnsafeArchive, check_zip
from fucai.core.choices import AuditAction
from fucai.core.money import yuan_to_fen
from fucai.core.roles import MANAGE_GRANTS

from .. import constants as c
from ..choices import BenefitKind, PaymentStatus
from ..choices import GrantApplicationState as S
from ..choices import ProgrammeStatus as P
from ..models import (
    Beneficiary,
    Benefit,
    CharityActivity,
    GrantApplication,
    GrantPayment,
    GrantProgramme,
    PaymentBatch,
)
from . import funding
from ._common import require
from .grant_common import lock_programme, move, require_programme_status

# The bank's batch-transfer layout (代发): these columns, in this order.
BANK_HEADERS = ["序号", "户名", "账号", "金额(元)", "用途", "备注"]
# The return file: the same columns, plus the bank's result and its reason.
RESULT_HEADER = "处理结果"
REASON_HEADER = "失败原因"
REFERENCE_HEADER = "银行流水号"
PAID_WORDS = frozenset({"成功", "已支付", "支付成功", "success", "paid"})
FAILED_WORDS = frozenset({"失败", "支付失败", "退回", "failed"})


def payment_reference(payment: GrantPayment) -> str:
    return f"GP{payment.pk}"


@transaction.atomic
def batch_create(*, acting_user, programme: GrantProgramme) -> PaymentBatch:
    """A batch of every approved grant not yet paid (failed payments are sent again)."""
    locked = lock_programme(acting_user, programme)
    require_programme_status(locked, P.PAYING)
    if locked.payment_batches.filter(settled_at__isnull=True).exists():
        raise ValidationError(
            _("The previous batch is still waiting for the bank's return file."), code="open"
        )
    applications = list(
        GrantApplication.objects.select_for_update(of=("self",))
        .filter(programme=locked, state=S.APPROVED)
        .select_related("payment")
        .order_by("rank", "pk")
    )
    to_pay = [
        a
        for a in applications
        if not hasattr(a, "payment") or a.payment.status == PaymentStatus.FAILED
    ]
    if not to_pay:
        raise ValidationError(_("No approved grant is waiting for payment."), code="empty")
    sequence = locked.payment_batches.count() + 1
    batch = PaymentBatch(
        programme=locked,
        number=f"PB{locked.year}-{locked.pk}-{sequence:02d}",
        created_by=acting_user,
    )
    batch.full_clean()
    batch.save()
    for application in to_pay:
        payment = getattr(application, "payment", None)
        if payment is not None:  # a failed payment goes out again in this batch
            payment.batch = batch
            payment.status = PaymentStatus.PENDING
            payment.failure_reason = ""
            payment.save(update_fields=["batch", "status", "failure_reason"])
        else:
            GrantPayment.objects.create(
                batch=batch, application=application, amount_fen=locked.amount_fen
            )
    audit.record_create(
        actor=acting_user,
        obj=batch,
        comment=str(_("%(count)s payments")) % {"count": len(to_pay)},
    )
    return batch


def batch_rows(batch: PaymentBatch) -> list[list]:
    """The bank file's rows: full account numbers (the bank needs them), amounts in
    yuan, our reference in 备注 so the return file finds its payment."""
    payments = batch.payments.select_related("application").order_by("pk")
    purpose = f"{batch.programme.year}{batch.programme.name}"
    return [
        [
            number,
            payment.application.name,
            payment.application.bank_account,
            Decimal(payment.amount_fen) / 100,
            purpose,
            payment_reference(payment),
        ]
        for number, payment in enumerate(payments, start=1)
    ]


@transaction.atomic
def batch_export(*, acting_user, batch: PaymentBatch) -> list[list]:
    """The rows of the bank file; every export is audited (it carries full accounts)."""
    require(acting_user, MANAGE_GRANTS)
    locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    rows = batch_rows(locked)
    if locked.exported_at is None:
        locked.exported_at = timezone.now()
        locked.save(update_fields=["exported_at"])
    audit.record(
        actor=acting_user,
        action=AuditAction.EXPORT,
        obj=locked,
        comment=str(_("Bank file of %(count)s payments")) % {"count": len(rows)},
    )
    return rows


@dataclass
class ReturnRow:
    line: int
    payment: GrantPayment
    paid: bool
    reason: str
    bank_reference: str


class ReturnFileError(ValidationError):
    """The return file was refused; ``messages`` lists every problem (by row)."""


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _read_sheet(file) -> list[tuple]:
    import openpyxl

    if file.size > c.RETURN_FILE_MAX_BYTES:
        raise ReturnFileError(_("The file is too large for a bank return file."))
    data = io.BytesIO(file.read())
    try:
        check_zip(data)
    except UnsafeArchive as refused:
        raise ReturnFileError(str(refused)) from None
    data.seek(0)
    try:
        workbook = openpyxl.load_workbook(data, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ReturnFileError(_("The workbook cannot be opened; is it a valid .xlsx?")) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=12), start=1):
            if number > c.RETURN_FILE_MAX_ROWS + 1:
                raise ReturnFileError(_("The file has too many rows."))
            rows.append(tuple(row))
        return rows
    finally:
        workbook.close()


def parse_return_file(batch: PaymentBatch, file) -> list[ReturnRow]:
    """Every row checked against the batch; any problem refuses the whole file."""
    rows = _read_sheet(file)
    if not rows:
        raise ReturnFileError(_("The file is empty."))
    header = [_text(v) for v in rows[0]]
    needed = ["序号", "户名", "金额(元)", RESULT_HEADER]
    missing = [h for h in needed if h not in header]
    if missing:
        raise ReturnFileError(_("Columns missing: %(columns)s.") % {"columns": "、".join(missing)})
    col = {name: header.index(name) for name in header if name}
    payments = list(batch.payments.select_related("application").order_by("pk"))
    by_number = dict(enumerate(payments, start=1))
    by_reference = {payment_reference(p): p for p in payments}
    errors: list[str] = []
    parsed: list[ReturnRow] = []
    seen: set[int] = set()

    def cell(row, name):
        index = col.get(name)
        return row[index] if index is not None and index < len(row) else None

    for line, row in enumerate(rows[1:], start=2):
        if not any(_text(v) for v in row):
            continue
        reference = _text(cell(row, "备注"))
        payment = by_reference.get(reference)
        if payment is None:
            try:
                payment = by_number.get(int(Decimal(_text(cell(row, "序号")))))
            except (InvalidOperation, ValueError):
                payment = None
        if payment is None:
            errors.append(str(_("Row %(line)s: no such payment in this batch.")) % {"line": line})
            continue
        if payment.pk in seen:
            errors.append(str(_("Row %(line)s: the payment appears twice.")) % {"line": line})
            continue
        seen.add(payment.pk)
        if _text(cell(row, "户名")) != payment.application.name:
            errors.append(
                str(_("Row %(line)s: the account holder does not match.")) % {"line": line}
            )
        try:
            amount = yuan_to_fen(_text(cell(row, "金额(元)")))
        except (InvalidOperation, ValueError, ValidationError):
            amount = None
        if amount != payment.amount_fen:
            errors.append(str(_("Row %(line)s: the amount does not match.")) % {"line": line})
        result = _text(cell(row, RESULT_HEADER)).lower()
        if result in PAID_WORDS:
            paid = True
        elif result in FAILED_WORDS:
            paid = False
        else:
            errors.append(str(_("Row %(line)s: the result must be 成功 or 失败.")) % {"line": line})
            continue
        if payment.status == PaymentStatus.PAID and not paid:
            errors.append(
                str(_("Row %(line)s: this payment was already confirmed as paid.")) % {"line": line}
            )
        parsed.append(
            ReturnRow(
                line=line,
                payment=payment,
                paid=paid,
                reason=_text(cell(row, REASON_HEADER))[:200],
                bank_reference=_text(cell(row, REFERENCE_HEADER))[:40],
            )
        )
    if errors:
        raise ReturnFileError(errors[:200])
    if not parsed:
        raise ReturnFileError(_("The file has no payment rows."))
    return parsed


def _beneficiary_for(acting_user, application: GrantApplication, category: str) -> Beneficiary:
    """The grantee in the registry: found by the keyed hash of the ID number, or
    registered from the application."""
    digest = crypto.blind_index(application.id_number)
    person = (
        Beneficiary.objects.current().select_for_update().filter(id_number_digest=digest).first()
    )
    if person is None:
        person = Beneficiary(
            name=application.name,
            id_number=application.id_number,
            phone=application.phone,
            region=application.household_region,
            category=category,
            situation=application.situation[:2000],
        )
        person.full_clean()
        person.save()
        audit.record_create(actor=acting_user, obj=person, comment=application.tracking_code)
    return person


def _pay(acting_user, payment: GrantPayment, paid_on: datetime.date, bank_reference: str):
    application = GrantApplication.objects.select_for_update().get(pk=payment.application_id)
    programme = application.programme
    payment.status = PaymentStatus.PAID
    payment.paid_on = paid_on
    payment.bank_reference = bank_reference
    payment.failure_reason = ""
    payment.save(update_fields=["status", "paid_on", "bank_reference", "failure_reason"])
    person = _beneficiary_for(acting_user, application, programme.project.category)
    application.beneficiary = person
    move(application, S.PAID, actor=acting_user)
    activity = CharityActivity.objects.filter(programme=programme).first()
    Benefit.objects.create(
        beneficiary=person,
        activity=activity,
        grant=application,
        kind=BenefitKind.CASH,
        amount_fen=payment.amount_fen,
        description=str(programme)[:200],
        received_on=paid_on,
        recorded_by=acting_user,
    )
    funding.record_paid(
        acting_user=acting_user,
        project=programme.project,
        amount_fen=payment.amount_fen,
        payee=application.name,
        paid_on=paid_on,
        purpose=str(programme)[:200],
        source=funding.grant_payment_source(payment.pk),
    )


def refresh_programme_spending(programme: GrantProgramme) -> None:
    """The programme's activity spent what the bank paid: derived, never typed."""
    paid = GrantPayment.objects.filter(
        batch__programme=programme, status=PaymentStatus.PAID
    ).aggregate(total=Sum("amount_fen"))["total"]
    CharityActivity.objects.filter(programme=programme).update(spending_fen=paid or 0)


@transaction.atomic
def batch_return_import(
    *, acting_user, batch: PaymentBatch, file, paid_on: datetime.date | None = None
) -> dict[str, int]:
    """Apply the bank's return file: all rows or none; a row already applied is left as
    it is, so the same file can be loaded twice."""
    require(acting_user, MANAGE_GRANTS)
    locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.exported_at is None:
        raise ValidationError(_("Export the batch for the bank first."), code="not_exported")
    rows = parse_return_file(locked, file)
    paid_on = paid_on or timezone.localdate()
    counts = {"paid": 0, "failed": 0, "unchanged": 0}
    for row in rows:
        payment = GrantPayment.objects.select_for_update().get(pk=row.payment.pk)
        if row.paid and payment.status != PaymentStatus.PAID:
            _pay(acting_user, payment, paid_on, row.bank_reference)
            counts["paid"] += 1
        elif not row.paid and payment.status == PaymentStatus.PENDING:
            payment.status = PaymentStatus.FAILED
            payment.failure_reason = row.reason or str(_("Refused by the bank"))
            payment.save(update_fields=["status", "failure_reason"])
            counts["failed"] += 1
        else:
            counts["unchanged"] += 1
    refresh_programme_spending(locked.programme)
    if not locked.payments.filter(status=PaymentStatus.PENDING).exists():
        locked.settled_at = locked.settled_at or timezone.now()
        locked.save(update_fields=["settled_at"])
    audit.record(
        actor=acting_user,
        action=AuditAction.IMPORT,
        obj=locked,
        comment=str(_("Bank return: %(paid)s paid, %(failed)s failed, %(unchanged)s unchanged."))
        % counts,
    )
    return counts
