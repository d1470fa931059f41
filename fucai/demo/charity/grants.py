"""The 2019 助圆大学梦 programme through its whole flow, as data: applications (300
granted, the rest beyond the quota or ineligible, with reasons), their steps, the
bank batch marked paid and the grantees registered as beneficiaries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from fucai.charity.choices import (
    BenefitKind,
    GrantApplicationState,
    HardshipKind,
    PaymentStatus,
    ProgrammeStatus,
)
from fucai.charity.models import (
    Beneficiary,
    Benefit,
    CharityActivity,
    EligibilityRule,
    GrantApplication,
    GrantEvent,
    GrantPayment,
    GrantProgramme,
    PaymentBatch,
)
from fucai.core import crypto
from fucai.welfare.choices import FundCategory

from .common import (
    BATCH,
    BEYOND_QUOTA,
    GRANT_FEN,
    GRANTEES,
    INELIGIBLE,
    SCHOOLS,
    YEAR,
    applicant_users,
    aware,
)


def load_programme(ctx, year) -> SimpleNamespace:
    """The programme, its applications and payments; the grantees' benefits are added
    to ``year.benefits`` and saved with them."""
    rng, names, ids = ctx.rng, ctx.names, ctx.ids
    charity_user, regions, codes = ctx.charity_user, ctx.regions, ctx.codes
    grant_project, ceremony, benefits = year.grant_project, year.ceremony, year.benefits

    # --- the grant programme: applications, review, notice, bank -----------------------
    programme = GrantProgramme.objects.create(
        name="助圆大学梦",
        year=YEAR,
        project=grant_project,
        description="资助温州户籍当年考入大学的困难家庭新生，每人8000元福彩公益金。",
        quota=GRANTEES,
        amount_fen=GRANT_FEN,
        opens_on=datetime.date(YEAR, 7, 1),
        closes_on=datetime.date(YEAR, 8, 15),
        objection_days=7,
        notice_starts_on=datetime.date(YEAR, 8, 26),
        status=ProgrammeStatus.CLOSED,
    )
    EligibilityRule.objects.bulk_create(
        [
            EligibilityRule(
                programme=programme,
                code="admission_year",
                params={"year": YEAR},
                label="2019年考入全日制普通高校的新生",
            ),
            EligibilityRule(
                programme=programme,
                code="household_region",
                params={"region_prefix": "3303"},
                label="温州市户籍",
            ),
            EligibilityRule(
                programme=programme,
                code="hardship",
                params={"kinds": ["dibao", "dibian", "tekun"]},
                label="持有低保、低保边缘或特困证明",
            ),
        ]
    )
    CharityActivity.objects.filter(pk=ceremony.pk).update(programme=programme)
    total = GRANTEES + BEYOND_QUOTA + INELIGIBLE
    users = applicant_users(total)
    applications = []
    for n in range(total):
        code = rng.choice(codes)
        number = ids.draw(code, 2000, 2001)
        ineligible = n >= GRANTEES + BEYOND_QUOTA
        kind = n - GRANTEES - BEYOND_QUOTA
        applications.append(
            GrantApplication(
                programme=programme,
                applicant=users[n],
                tracking_code=f"G{YEAR}{n + 1:04d}",
                name=names.name(male=rng.random() < 0.5),
                id_number=number,
                id_number_digest=crypto.blind_index(number),
                phone=names.phone(),
                school=rng.choice(SCHOOLS),
                admission_year=YEAR - 1 if ineligible and kind % 3 == 0 else YEAR,
                household_region=regions[code],
                hardship=HardshipKind.OTHER
                if ineligible and kind % 3 == 1
                else rng.choice(
                    [
                        HardshipKind.LOW_INCOME,
                        HardshipKind.LOW_INCOME_EDGE,
                        HardshipKind.SPECIAL_HARDSHIP,
                    ]
                ),
                situation="家庭经济困难",
                bank_account="6228" + "".join(str(rng.randrange(10)) for _ in range(15)),
                state=GrantApplicationState.SUBMITTED,
                submitted_at=aware(datetime.date(YEAR, 7, 1) + datetime.timedelta(days=n % 45)),
                created_at=aware(datetime.date(YEAR, 7, 1) + datetime.timedelta(days=n % 45)),
            )
        )
    # Scores: grantees rank above those beyond the quota, as the ranking would put them.
    for n, application in enumerate(applications[: GRANTEES + BEYOND_QUOTA]):
        application.score = Decimal(98) - Decimal(n) * Decimal("0.1")
        application.rank = n + 1
    GrantApplication.objects.bulk_create(applications, batch_size=BATCH)

    events: list[GrantEvent] = []

    def step(application, before, after, day, comment=""):
        events.append(
            GrantEvent(
                application=application,
                from_state=before,
                to_state=after,
                actor=application.applicant if after == "submitted" else charity_user,
                comment=comment,
                at=aware(day),
            )
        )

    S = GrantApplicationState
    paid_on = datetime.date(YEAR, 9, 20)
    for n, application in enumerate(applications):
        step(application, S.DRAFT, S.SUBMITTED, application.submitted_at.date())
        if n < GRANTEES:
            for before, after, day in (
                (S.SUBMITTED, S.VERIFIED, datetime.date(YEAR, 8, 18)),
                (S.VERIFIED, S.SHORTLISTED, datetime.date(YEAR, 8, 22)),
                (S.SHORTLISTED, S.NOTICED, datetime.date(YEAR, 8, 26)),
                (S.NOTICED, S.APPROVED, datetime.date(YEAR, 9, 3)),
                (S.APPROVED, S.PAID, paid_on),
            ):
                step(application, before, after, day)
            application.state = S.PAID
        elif n < GRANTEES + BEYOND_QUOTA:
            reason = (
                f"按评分排名第{application.rank}位（共{GRANTEES + BEYOND_QUOTA}人），"
                f"超出资助名额{GRANTEES}名"
            )
            step(application, S.SUBMITTED, S.VERIFIED, datetime.date(YEAR, 8, 18))
            step(application, S.VERIFIED, S.REJECTED, datetime.date(YEAR, 8, 22), reason)
            application.state, application.decision_reason = S.REJECTED, reason
        else:
            kind = n - GRANTEES - BEYOND_QUOTA
            reason = ["非2019年录取新生", "未持有低保、低保边缘或特困证明", "资料不实"][kind % 3]
            step(application, S.SUBMITTED, S.REJECTED, datetime.date(YEAR, 8, 18), reason)
            application.state, application.decision_reason = S.REJECTED, reason
    GrantApplication.objects.bulk_update(
        applications, ["state", "decision_reason"], batch_size=BATCH
    )
    GrantEvent.objects.bulk_create(events, batch_size=BATCH)

    batch = PaymentBatch.objects.create(
        programme=programme,
        number=f"PB{YEAR}-{programme.pk}-01",
        created_by=charity_user,
        exported_at=aware(datetime.date(YEAR, 9, 10)),
        settled_at=aware(paid_on, 16),
    )
    payments = [
        GrantPayment(
            batch=batch,
            application=application,
            amount_fen=GRANT_FEN,
            status=PaymentStatus.PAID,
            paid_on=paid_on,
            bank_reference=f"BK{YEAR}{n + 1:06d}",
        )
        for n, application in enumerate(applications[:GRANTEES])
    ]
    GrantPayment.objects.bulk_create(payments, batch_size=BATCH)
    grantees = []
    for application in applications[:GRANTEES]:
        grantees.append(
            Beneficiary(
                name=application.name,
                id_number=application.id_number,
                id_number_digest=application.id_number_digest,
                phone=application.phone,
                region=application.household_region,
                category=FundCategory.POOR,
                situation="困难家庭大学新生",
                created_at=aware(paid_on),
            )
        )
    Beneficiary.objects.bulk_create(grantees, batch_size=BATCH)
    for application, person in zip(applications[:GRANTEES], grantees, strict=True):
        application.beneficiary = person
        benefits.append(
            Benefit(
                beneficiary=person,
                activity=ceremony,
                grant=application,
                kind=BenefitKind.CASH,
                amount_fen=GRANT_FEN,
                description="2019助圆大学梦资助金",
                received_on=paid_on,
                recorded_by=charity_user,
            )
        )
    GrantApplication.objects.bulk_update(applications[:GRANTEES], ["beneficiary"], batch_size=BATCH)
    Benefit.objects.bulk_create(benefits, batch_size=BATCH)
    return SimpleNamespace(
        programme=programme, applications=applications, payments=payments, paid_on=paid_on
    )
