import datetime

import pytest

from fucai.stations.choices import CertificateSource, CertificateStatus
from fucai.stations.models import Certificate, SalesStaff
from fucai.stations.services import certificate_issue, certificate_valid_to

from .factories import CertificateFactory, SalesStaffFactory, StaffAssignmentFactory, StationFactory

pytestmark = pytest.mark.django_db


def test_a_certificate_runs_three_years_to_the_day_before():
    assert certificate_valid_to(datetime.date(2019, 3, 1)) == datetime.date(2022, 2, 28)
    assert certificate_valid_to(datetime.date(2020, 2, 29)) == datetime.date(2023, 2, 27)


def test_issuing_numbers_certificates_in_sequence_per_year(cast):
    holder = SalesStaffFactory()
    first = certificate_issue(
        acting_user=cast["stations"],
        holder=holder,
        valid_from=datetime.date(2019, 5, 1),
        source=CertificateSource.EXAM,
    )
    second = certificate_issue(
        acting_user=cast["stations"],
        holder=holder,
        valid_from=datetime.date(2019, 6, 1),
        source=CertificateSource.EXAM,
    )
    assert (first.number, second.number) == ("ZJFC2019000001", "ZJFC2019000002")
    assert first.valid_to == datetime.date(2022, 4, 30)


def test_status_is_read_against_the_day():
    cert = CertificateFactory(
        valid_from=datetime.date(2019, 1, 1), valid_to=datetime.date(2021, 12, 31)
    )
    assert cert.status_on(datetime.date(2020, 6, 1)) == CertificateStatus.VALID
    assert cert.status_on(datetime.date(2021, 11, 15)) == CertificateStatus.EXPIRING
    assert cert.status_on(datetime.date(2022, 1, 1)) == CertificateStatus.EXPIRED
    on = datetime.date(2021, 11, 15)
    annotated = Certificate.objects.with_status(on).get(pk=cert.pk)
    assert annotated.status_now == CertificateStatus.EXPIRING
    assert list(Certificate.objects.status(CertificateStatus.VALID, on)) == [cert]
    assert list(Certificate.objects.status(CertificateStatus.EXPIRED, on)) == []


def test_a_seller_sees_only_themself_and_districts_only_their_people(cast):
    mine = SalesStaffFactory(user=cast["seller"])
    other = SalesStaffFactory()
    StaffAssignmentFactory(staff=other, station=StationFactory())
    assert list(SalesStaff.objects.visible_to(cast["seller"])) == [mine]
    assert list(SalesStaff.objects.visible_to(cast["lucheng"])) == [other]
    assert list(SalesStaff.objects.visible_to(cast["ruian"])) == []


def test_publishing_judgements_in_bulk_writes_and_audits_only_real_changes(cast):
    from fucai.core.models import AuditEntry
    from fucai.stations.services import station_judgements_publish

    graded, unchanged = StationFactory(), StationFactory()
    station_judgements_publish(
        acting_user=cast["stations"],
        judgements={unchanged.pk: {"grade": "B", "grade_year": 2019}},
    )
    entries = AuditEntry.objects.count()
    changed = station_judgements_publish(
        acting_user=cast["stations"],
        judgements={
            graded.pk: {"grade": "A", "grade_year": 2019},
            unchanged.pk: {"grade": "B", "grade_year": 2019},
        },
        comment="2019",
    )
    assert changed == 1
    graded.refresh_from_db()
    assert (graded.grade, graded.grade_year, graded.version) == ("A", 2019, 2)
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == entries + 1
    assert entry.object_id == str(graded.pk) and entry.comment == "2019"
    assert entry.changes["grade"]["new"] == "A"
