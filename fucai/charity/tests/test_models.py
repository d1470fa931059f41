import datetime

import pytest
from django.db import IntegrityError, transaction

from fucai.charity.choices import GrantApplicationState, HardshipKind
from fucai.charity.models import Beneficiary, GrantApplication, GrantProgramme
from fucai.core import masking
from fucai.core.tests.factories import id_number, region
from fucai.welfare.choices import FundCategory
from fucai.welfare.tests.factories import WelfareProjectFactory

pytestmark = pytest.mark.django_db


def test_one_current_record_per_person_and_merged_records_step_aside():
    number = id_number(7)
    first = Beneficiary.objects.create(
        name="王五", id_number=number, region=region("330302"), category=FundCategory.POOR
    )
    assert first.id_number_masked == masking.mask_id_number(number)
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.create(
            name="王五", id_number=number, region=region("330381"), category=FundCategory.POOR
        )
    duplicate = Beneficiary(
        name="王五",
        id_number=number,
        region=region("330381"),
        category=FundCategory.POOR,
        merged_into=first,
    )
    duplicate.save()
    assert list(Beneficiary.objects.current()) == [first]


def test_a_bank_account_shows_only_its_last_four_digits():
    assert masking.mask_bank_account("6222 0212 3456 7890 123") == "*" * 15 + "0123"
    assert masking.mask_bank_account("") == ""


def test_applicants_see_their_own_applications_and_staff_never_see_drafts(cast):
    programme = GrantProgramme.objects.create(
        name="助圆大学梦",
        year=2019,
        project=WelfareProjectFactory(),
        quota=300,
        amount_fen=800_000,
        opens_on=datetime.date(2019, 7, 1),
        closes_on=datetime.date(2019, 8, 15),
    )

    def apply(n, state):
        return GrantApplication.objects.create(
            programme=programme,
            applicant=cast["applicant"],
            tracking_code=f"G{n}",
            name="李四",
            id_number=id_number(n),
            phone="13900000000",
            household_region=region("330302"),
            hardship=HardshipKind.LOW_INCOME,
            state=state,
        )

    draft = apply(1, GrantApplicationState.DRAFT)
    submitted = apply(2, GrantApplicationState.SUBMITTED)
    assert set(GrantApplication.objects.visible_to(cast["applicant"])) == {draft, submitted}
    assert list(GrantApplication.objects.visible_to(cast["charity"])) == [submitted]
    assert list(GrantApplication.objects.visible_to(cast["lucheng"])) == [submitted]
    assert list(GrantApplication.objects.visible_to(cast["ruian"])) == []
    assert list(GrantApplication.objects.visible_to(cast["outsider"])) == []
