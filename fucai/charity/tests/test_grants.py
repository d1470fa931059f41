import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fucai.core.choices import Role
from fucai.core.models import AuditEntry, Notification
from fucai.core.tests.factories import UserFactory, id_number, region
from fucai.welfare.models import Disbursement
from fucai.welfare.tests.factories import funded_project

from ..choices import GrantApplicationState as S
from ..choices import PaymentStatus, ProgrammeStatus
from ..models import Beneficiary, Benefit, GrantApplication, GrantEvent
from ..services import grant_applications as apply
from ..services import grant_payments as payments
from ..services import grant_review as review
from ..services.grant_programmes import programme_close
from .factories import ActivityFactory, ProgrammeFactory, pdf_upload, workbook_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    today = timezone.localdate()
    project = funded_project(cast, allocate_fen=5_000_000)
    programme = ProgrammeFactory(
        project=project,
        quota=2,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=5),
    )
    ActivityFactory(
        project=project, programme=programme, spending_fen=0, title="助圆大学梦资助仪式"
    )
    return programme


def _student(n: int):
    return UserFactory(username=f"student{n}", role=Role.APPLICANT)


def _apply(programme, n: int, **overrides):
    user = _student(n)
    fields = {
        "name": f"张{'甲乙丙丁'[n]}",
        "id_number": id_number(900 + n),
        "phone": f"1390000000{n}",
        "school": "浙江大学",
        "admission_year": 2019,
        "household_region": region("330302"),
        "hardship": "dibao",
        "situation": "",
        "bank_account": f"622202123456789000{n}",
    }
    fields.update(overrides)
    application = apply.grant_application_create(acting_user=user, programme=programme, **fields)
    for kind in ("admission", "hardship"):
        apply.grant_document_add(
            acting_user=user, application=application, kind=kind, file=pdf_upload()
        )
    return apply.grant_application_submit(acting_user=user, application=application)


def test_a_student_cannot_submit_without_the_documents(programme):
    user = _student(9)
    application = apply.grant_application_create(
        acting_user=user,
        programme=programme,
        name="李四",
        id_number=id_number(99),
        phone="13900000009",
        school="温州大学",
        admission_year=2019,
        household_region=region("330302"),
        hardship="dibao",
        bank_account="6222021234567890999",
    )
    with pytest.raises(ValidationError, match=r"录取通知书|Admission"):
        apply.grant_application_submit(acting_user=user, application=application)
    assert GrantApplication.objects.get(pk=application.pk).state == S.DRAFT


def test_one_application_per_person_and_programme(programme):
    _apply(programme, 0)
    with pytest.raises(ValidationError):
        _apply(programme, 1, id_number=id_number(900))


def test_an_ineligible_application_cannot_be_verified_and_is_rejected_with_reasons(programme, cast):
    application = _apply(programme, 0, admission_year=2018, household_region=region("330381"))
    with pytest.raises(ValidationError, match="2019"):
        review.grant_application_verify(acting_user=cast["charity"], application=application)
    review.grant_application_reject(acting_user=cast["charity"], application=application)
    application.refresh_from_db()
    assert application.state == S.REJECTED
    assert "2019" in application.decision_reason
    assert Notification.objects.filter(recipient=application.applicant).exists()


def test_returned_applications_come_back_corrected(programme, cast):
    application = _apply(programme, 0)
    review.grant_application_return(
        acting_user=cast["charity"], application=application, reason="请补充清晰的录取通知书"
    )
    apply.grant_application_update(
        acting_user=application.applicant, application=application, school="温州医科大学"
    )
    apply.grant_application_submit(acting_user=application.applicant, application=application)
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert application.school == "温州医科大学"
    assert list(application.events.values_list("to_state", flat=True)) == [
        S.SUBMITTED,
        S.RETURNED,
        S.SUBMITTED,
    ]


def test_the_whole_flow_from_application_to_bank_payment(programme, cast):
    staff = cast["charity"]
    a, b, c = (_apply(programme, n) for n in range(3))
    for application, score in ((a, 95), (b, 85), (c, 75)):
        review.grant_application_verify(
            acting_user=staff, application=application, score=Decimal(score)
        )
    programme_close(acting_user=staff, programme=programme)
    assert review.programme_rank(acting_user=staff, programme=programme) == {
        "listed": 2,
        "rejected": 1,
    }
    c.refresh_from_db()
    assert c.state == S.REJECTED and "3" in c.decision_reason and c.rank == 3

    today = timezone.localdate()
    review.programme_notice_start(acting_user=staff, programme=programme, starts_on=today)
    objection = review.objection_file(programme=programme, text="家庭条件较好", rank=1)
    with pytest.raises(ValidationError):
        review.programme_approve(acting_user=staff, programme=programme, today=today)
    with pytest.raises(ValidationError, match=r"objection|异议"):
        review.programme_approve(
            acting_user=staff, programme=programme, today=today + datetime.timedelta(days=30)
        )
    review.objection_resolve(
        acting_user=staff, objection=objection, resolution="经核实情况属实，不予采纳"
    )
    review.programme_approve(
        acting_user=staff, programme=programme, today=today + datetime.timedelta(days=30)
    )
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PAYING
    a.refresh_from_db()
    assert a.state == S.APPROVED

    batch = payments.batch_create(acting_user=staff, programme=programme)
    rows = payments.batch_export(acting_user=staff, batch=batch)
    assert payments.BANK_HEADERS == ["序号", "户名", "账号", "金额(元)", "用途", "备注"]
    assert [row[1] for row in rows] == [a.name, b.name]
    assert rows[0][2] == "6222021234567890000"  # the bank needs the full account
    assert rows[0][3] == Decimal("8000")

    header = [*payments.BANK_HEADERS, "处理结果", "失败原因"]
    good = workbook_upload(
        [header, [*rows[0], "成功", ""], [*rows[1], "失败", "账户已销户"]], "return.xlsx"
    )
    counts = payments.batch_return_import(acting_user=staff, batch=batch, file=good)
    assert counts == {"paid": 1, "failed": 1, "unchanged": 0}
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == S.PAID and b.state == S.APPROVED
    assert b.payment.status == PaymentStatus.FAILED and b.payment.failure_reason == "账户已销户"
    benefit = Benefit.objects.get(grant=a)
    assert benefit.amount_fen == 800_000 and benefit.activity.programme == programme
    assert Beneficiary.objects.get(pk=benefit.beneficiary_id).id_number == a.id_number
    disbursement = Disbursement.objects.get(source=f"grant-payment:{a.payment.pk}")
    assert disbursement.amount_fen == 800_000 and disbursement.entry_id
    assert programme.activity.__class__.objects.get(programme=programme).spending_fen == 800_000
    assert GrantEvent.objects.filter(application=a, to_state=S.PAID).exists()

    # The same file again: nothing changes (idempotent).
    again = workbook_upload([header, [*rows[0], "成功", ""], [*rows[1], "失败", "账户已销户"]])
    assert payments.batch_return_import(acting_user=staff, batch=batch, file=again) == {
        "paid": 0,
        "failed": 0,
        "unchanged": 2,
    }
    assert Disbursement.objects.filter(source__startswith="grant-payment:").count() == 1
    batch.refresh_from_db()
    assert batch.settled_at is not None

    # The failed one goes out again in a new batch and is paid.
    second = payments.batch_create(acting_user=staff, programme=programme)
    rows = payments.batch_export(acting_user=staff, batch=second)
    assert [row[1] for row in rows] == [b.name]
    paid = workbook_upload([header, [*rows[0], "成功", ""]])
    payments.batch_return_import(acting_user=staff, batch=second, file=paid)
    b.refresh_from_db()
    assert b.state == S.PAID
    assert AuditEntry.objects.filter(action="export").count() == 2


def test_a_return_file_with_an_error_changes_nothing(programme, cast):
    staff = cast["charity"]
    a = _apply(programme, 0)
    review.grant_application_verify(acting_user=staff, application=a)
    programme_close(acting_user=staff, programme=programme)
    review.programme_rank(acting_user=staff, programme=programme)
    today = timezone.localdate()
    review.programme_notice_start(
        acting_user=staff, programme=programme, starts_on=today - datetime.timedelta(days=30)
    )
    review.programme_approve(acting_user=staff, programme=programme)
    batch = payments.batch_create(acting_user=staff, programme=programme)
    rows = payments.batch_export(acting_user=staff, batch=batch)
    header = [*payments.BANK_HEADERS, "处理结果"]
    wrong_amount = [*rows[0]]
    wrong_amount[3] = Decimal("7000")
    bad = workbook_upload([header, [*wrong_amount, "成功"], [99, "某某", "", 1, "", "", "成功"]])
    with pytest.raises(ValidationError) as refused:
        payments.batch_return_import(acting_user=staff, batch=batch, file=bad)
    assert len(refused.value.messages) == 2
    assert "第2行" in " ".join(refused.value.messages) or "Row 2" in " ".join(
        refused.value.messages
    )
    a.refresh_from_db()
    assert a.state == S.APPROVED
    assert not Benefit.objects.exists()


def test_the_export_neutralizes_formulas(programme, cast):
    from fucai.core.excel import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
