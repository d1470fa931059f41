"""Factories and small builders of the charity tests."""

import datetime
import io

import factory
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import UserFactory, id_number, region
from fucai.welfare.tests.factories import WelfareProjectFactory

from ..choices import GrantApplicationState, HardshipKind, ProgrammeStatus
from ..models import (
    ActivitySeries,
    CharityActivity,
    EligibilityRule,
    GrantApplication,
    GrantProgramme,
)


def series(name: str = "福彩暖万家") -> ActivitySeries:
    found, _ = ActivitySeries.objects.get_or_create(name=name)
    return found


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = CharityActivity

    series = factory.LazyFunction(series)
    project = factory.SubFactory(WelfareProjectFactory)
    title = factory.Sequence(lambda n: f"走访慰问困难群众{n}")
    held_on = datetime.date(2019, 6, 1)
    region = factory.LazyFunction(lambda: region("330302"))
    place = "五马街道"
    organizers = "市福彩中心"
    spending_fen = 100_000
    status = "held"
    created_by = factory.SubFactory(UserFactory, username="charity-recorder")


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = GrantProgramme

    name = factory.Sequence(lambda n: f"助圆大学梦{n}")
    year = 2019
    project = factory.SubFactory(WelfareProjectFactory)
    quota = 2
    amount_fen = 800_000
    opens_on = datetime.date(2019, 7, 1)
    closes_on = datetime.date(2019, 8, 31)
    status = ProgrammeStatus.OPEN

    @factory.post_generation
    def rules(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        EligibilityRule.objects.create(
            programme=self, code="admission_year", params={"year": self.year}, label="当年录取"
        )
        EligibilityRule.objects.create(
            programme=self,
            code="household_region",
            params={"region_prefix": "3303"},
            label="温州户籍",
        )
        EligibilityRule.objects.create(
            programme=self,
            code="hardship",
            params={"kinds": ["dibao", "dibian", "tekun"]},
            label="低保、低边或特困",
        )


class GrantApplicationFactory(DjangoModelFactory):
    class Meta:
        model = GrantApplication

    programme = factory.SubFactory(ProgrammeFactory)
    applicant = factory.SubFactory(
        UserFactory, username=factory.Sequence(lambda n: f"student{n}"), role="applicant"
    )
    tracking_code = factory.Sequence(lambda n: f"GT{n:07d}")
    name = factory.Sequence(lambda n: f"陈{'一二三四五六七八九十'[n % 10]}")
    id_number = factory.Sequence(lambda n: id_number(500 + n))
    phone = "13900000000"
    school = "浙江大学"
    admission_year = 2019
    household_region = factory.LazyFunction(lambda: region("330302"))
    hardship = HardshipKind.LOW_INCOME
    bank_account = "6222021234567890123"
    state = GrantApplicationState.SUBMITTED


def image_upload(name="photo.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_upload(name="doc.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def workbook_upload(rows: list[list], name="return.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
