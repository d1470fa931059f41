"""The demo's charity year 2019, reproducing the seed from records: 48 activities across
the four series, 3,263 distinct people helped and 743.9万元 spent. One of the activities
is the 2019 福彩暖万家·助圆大学梦 ceremony: its programme granted 300 freshmen 8,000
yuan each through the whole grant flow (applications beyond the quota and ineligible
ones rejected with reasons, public notice, a bank batch marked paid), so its spending
is what the bank paid. The elderly-home visit of 2019-12-13 (平阳怀溪晓坑慈善敬老院)
brought 40-odd deputies, CPPCC members, supervisors, players and sellers.

Totals are never typed: the spending of the 47 other activities is drawn to sum to the
seed's figure less the grants, each activity is paid through the welfare ledger
(``activity:<id>``), each grant by its own payment (``grant-payment:<id>``), and the
summary is read back from the rows. People, applications and their steps are written
with ``bulk_create`` (ciphertexts, keyed hashes and masks computed on the way in); only
the ledger bookings go through the welfare services, one per payment.
"""

from __future__ import annotations

import datetime
import random
from types import SimpleNamespace

from django.apps import apps as django_apps
from django.db import transaction

from fucai.charity.defaults import load_reference_data as load_series
from fucai.charity.models import (
    ActivitySeries,
    Beneficiary,
    Benefit,
    CharityActivity,
    EligibilityRule,
    GrantApplication,
    GrantEvent,
    GrantPayment,
    GrantProgramme,
    Participant,
    PaymentBatch,
)
from fucai.charity.selectors.activities import charity_summary
from fucai.charity.services import funding
from fucai.charity.services.grant_payments import refresh_programme_spending
from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit, Region, User
from fucai.welfare import services as welfare
from fucai.welfare.models import Disbursement

from ..people import PeopleFactory
from .activities import load_activities
from .common import GRANTEES, PLACES, YEAR, CharitySummary, IdNumbers, fund_project
from .grants import load_programme

__all__ = ["CharitySummary", "flush_demo_charity", "load_demo_charity"]


def flush_demo_charity() -> dict[str, int]:
    """Delete the charity rows and the grant applicants' accounts. The ledger's payments
    booked for them stay (the ledger is append-only; a reload books them again)."""
    deleted = {}
    for model in (
        GrantEvent,
        Benefit,
        GrantPayment,
        PaymentBatch,
        GrantApplication,
        EligibilityRule,
        Participant,
        CharityActivity,
        GrantProgramme,
        Beneficiary,
    ):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    User.objects.filter(username__startswith=f"g{YEAR}-", role=Role.APPLICANT).delete()
    return deleted


@transaction.atomic
def load_demo_charity(*, seed: int = YEAR, today: datetime.date | None = None) -> CharitySummary:
    """Load 2019's charity year (skipped when 2019 activities exist)."""
    result = CharitySummary()
    if CharityActivity.objects.filter(held_on__year=YEAR).exists():
        result.totals["skipped"] = 1
        return result
    rng = random.Random(f"{seed}:charity")
    names = PeopleFactory(rng)
    ids = IdNumbers(rng)
    load_series(django_apps)
    charity_user = User.objects.get(username="charity")
    finance_user = User.objects.get(username="finance")
    party_user = User.objects.filter(username="party").first()
    unit = charity_user.org_unit or OrgUnit.objects.filter(kind=OrgUnitKind.CENTER).first()
    regions = {r.code: r for r in Region.objects.filter(level="county", code__in=list(PLACES))}
    codes = sorted(regions)
    series = {s.name: s for s in ActivitySeries.objects.all()}

    ctx = SimpleNamespace(
        rng=rng,
        names=names,
        ids=ids,
        charity_user=charity_user,
        party_user=party_user,
        unit=unit,
        regions=regions,
        codes=codes,
        series=series,
    )
    year = load_activities(ctx)
    grant = load_programme(ctx, year)
    projects, ordinary, grant_project = year.projects, year.ordinary, year.grant_project
    grant_total, payments, paid_on = year.grant_total, grant.payments, grant.paid_on
    applications, programme = grant.applications, grant.programme

    # --- the money, through the welfare ledger ---------------------------------------------
    for name, project in projects.items():
        need = sum(a.spending_fen for a in ordinary if a.series.name == name)
        fund_project(project, need, charity_user, finance_user)
    fund_project(grant_project, grant_total, charity_user, finance_user)
    for activity in ordinary:
        welfare.disbursement_record_approved(
            acting_user=charity_user,
            project=activity.project,
            amount_fen=activity.spending_fen,
            payee=activity.organizers,
            paid_on=activity.held_on,
            purpose=activity.title,
            source=funding.activity_source(activity.pk),
        )
    for payment, application in zip(payments, applications[:GRANTEES], strict=True):
        welfare.disbursement_record_approved(
            acting_user=charity_user,
            project=grant_project,
            amount_fen=payment.amount_fen,
            payee=application.name,
            paid_on=paid_on,
            purpose="2019助圆大学梦资助金",
            source=funding.grant_payment_source(payment.pk),
        )
    refresh_programme_spending(programme)

    figures = charity_summary(charity_user, YEAR)
    result.activities = figures["activities"]
    result.beneficiaries = figures["beneficiaries"]
    result.spent_fen = figures["spent_fen"]
    result.applications = len(applications)
    result.grantees = GRANTEES
    result.payments = Disbursement.objects.filter(
        source__regex=r"^(activity|grant-payment):"
    ).count()
    return result
