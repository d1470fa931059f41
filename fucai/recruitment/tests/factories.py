import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from fucai.core import crypto
from fucai.core.choices import Role
from fucai.core.tests.factories import UserFactory, id_number, region
from fucai.core.validators import id_number_birth_date, id_number_sex
from fucai.recruitment.choices import ApplicationStatus, CallStatus
from fucai.recruitment.models import (
    Application,
    CallQuota,
    RecruitmentCall,
    School,
)

# 鹿城, near the Wuma Street area: the tests' reference point.
LAT = Decimal("27.994000")
LNG = Decimal("120.655000")


class ApplicantFactory(UserFactory):
    username = factory.Sequence(lambda n: f"applicant{n}")
    role = Role.APPLICANT


class CallFactory(DjangoModelFactory):
    """A published continuous call with 2 places in 鹿城 and 1 in 瑞安."""

    class Meta:
        model = RecruitmentCall
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"2019年福利彩票投注站公开征召第{n}号公告")
    status = CallStatus.PUBLISHED
    opens_on = datetime.date(2019, 1, 1)
    closes_on = None
    required_documents = factory.LazyFunction(list)

    @factory.post_generation
    def quotas(self, create, extracted, **kwargs):
        if not create:
            return
        for code, places in (extracted or {"330302": 2, "330381": 1}).items():
            CallQuota.objects.create(call=self, region=region(code), quota=places)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(ApplicantFactory)
    status = ApplicationStatus.DRAFT
    name = factory.Sequence(lambda n: f"申请人{n}")
    id_number = factory.Sequence(lambda n: id_number(500 + n))
    id_number_digest = factory.LazyAttribute(lambda o: crypto.blind_index(o.id_number))
    birth_date = factory.LazyAttribute(lambda o: id_number_birth_date(o.id_number))
    sex = factory.LazyAttribute(lambda o: id_number_sex(o.id_number))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    education = "high_school"
    address = factory.Sequence(lambda n: f"鹿城区五马街{n}号")
    region = factory.LazyFunction(lambda: region("330302"))
    latitude = LAT
    longitude = LNG
    area = Decimal("30.00")
    tenure = "owned"
    intended_class = "dedicated"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"第{n}小学")
    region = factory.LazyFunction(lambda: region("330302"))
    latitude = LAT
    longitude = LNG


def north_of(metres: float) -> Decimal:
    """The latitude ``metres`` north of the reference point (same longitude)."""
    from fucai.recruitment.geo import METRES_PER_DEGREE

    return (LAT + Decimal(metres / METRES_PER_DEGREE)).quantize(Decimal("0.000001"))
