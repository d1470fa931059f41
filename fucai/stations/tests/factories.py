import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from fucai.core import crypto
from fucai.core.tests.factories import id_number, region
from fucai.stations.choices import (
    CertificateScope,
    CertificateSource,
    StaffRole,
    StationClass,
    StationKind,
    StationStatus,
)
from fucai.stations.models import (
    AgencyContract,
    Certificate,
    InsurancePolicy,
    SalesStaff,
    StaffAssignment,
    Station,
    StationOwner,
)


class StationOwnerFactory(DjangoModelFactory):
    class Meta:
        model = StationOwner

    name = factory.Sequence(lambda n: f"业主{n}")
    id_number = factory.Sequence(lambda n: id_number(n))
    id_number_digest = factory.LazyAttribute(lambda o: crypto.blind_index(o.id_number))
    phone = factory.Sequence(lambda n: f"138{n:08d}")


class StationFactory(DjangoModelFactory):
    class Meta:
        model = Station

    code = factory.Sequence(lambda n: f"3303{n:04d}")
    name = factory.Sequence(lambda n: f"福彩{n}号站")
    kind = StationKind.COMPUTER
    station_class = StationClass.DEDICATED
    region = factory.LazyFunction(lambda: region("330302"))
    address = factory.Sequence(lambda n: f"人民路{n}号")
    premises_area = Decimal("25.00")
    owner = factory.SubFactory(StationOwnerFactory)
    status = StationStatus.ACTIVE
    opened_on = datetime.date(2015, 3, 1)
    status_changed_on = datetime.date(2015, 3, 1)


class AgencyContractFactory(DjangoModelFactory):
    class Meta:
        model = AgencyContract

    station = factory.SubFactory(StationFactory)
    number = factory.Sequence(lambda n: f"WZFC-HT-{n:05d}")
    starts_on = datetime.date(2019, 1, 1)
    ends_on = datetime.date(2030, 12, 31)
    deposit_fen = 2_000_000


class InsurancePolicyFactory(DjangoModelFactory):
    class Meta:
        model = InsurancePolicy

    station = factory.SubFactory(StationFactory)
    insurer = "中国人民财产保险"
    policy_number = factory.Sequence(lambda n: f"PICC{n:08d}")
    coverage_fen = 100_000_000
    starts_on = datetime.date(2019, 1, 1)
    ends_on = datetime.date(2030, 12, 31)


class SalesStaffFactory(DjangoModelFactory):
    class Meta:
        model = SalesStaff

    name = factory.Sequence(lambda n: f"销售员{n}")
    id_number = factory.Sequence(lambda n: id_number(50_000 + n))
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class StaffAssignmentFactory(DjangoModelFactory):
    """A seller working at a station since 2018 (no end)."""

    class Meta:
        model = StaffAssignment

    staff = factory.SubFactory(SalesStaffFactory)
    station = factory.SubFactory(StationFactory)
    role = StaffRole.SELLER
    starts_on = datetime.date(2018, 1, 1)


class CertificateFactory(DjangoModelFactory):
    """A certificate valid 2019-01-01 to 2021-12-31 (three years)."""

    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"ZJFC2019{n:06d}")
    holder = factory.SubFactory(SalesStaffFactory)
    scope = CertificateScope.LOTTERY
    valid_from = datetime.date(2019, 1, 1)
    valid_to = datetime.date(2021, 12, 31)
    source = CertificateSource.EXAM
