"""Sales staff services: registering (dedupe by ID number, scope), transfers keeping
history, leaving, the "no certified seller on duty" flag, revoking certificates and
the seller's invitation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fucai.core.choices import AuditAction, Role
from fucai.core.models import AuditEntry, Notification, User
from fucai.core.tests.factories import id_number, region
from fucai.stations import selectors
from fucai.stations.choices import AssignmentEnd, StaffRole, StationStatus
from fucai.stations.models import SalesStaff, StaffAssignment, Station
from fucai.stations.services import (
    assignment_end,
    certificate_revoke,
    seller_account_invite,
    seller_invite_tokens,
    seller_password_set,
    staff_register,
    staff_transfer,
)

from .factories import (
    CertificateFactory,
    StaffAssignmentFactory,
    StationFactory,
    StationOwnerFactory,
)

pytestmark = pytest.mark.django_db

PERSON = {"name": "张小明", "id_number": id_number(7001), "phone": "13912345678"}


def _register(user, station, **overrides):
    return staff_register(
        acting_user=user,
        station=station,
        starts_on=datetime.date(2019, 3, 1),
        **{**PERSON, **overrides},
    )


def test_registering_validates_encrypts_and_audits(cast):
    station = StationFactory(region=region("330302"))
    assignment = _register(cast["lucheng"], station)
    staff = SalesStaff.objects.get()
    assert staff.id_number == PERSON["id_number"]
    assert staff.id_number_masked == PERSON["id_number"][:6] + "********" + PERSON["id_number"][-4:]
    assert staff.phone_masked == "139****5678"
    assert assignment.role == StaffRole.SELLER and assignment.ends_on is None
    assert AuditEntry.objects.filter(object_id=str(staff.pk), action=AuditAction.CREATE).exists()
    with pytest.raises(ValidationError):
        _register(cast["lucheng"], station, id_number=PERSON["id_number"][:-1] + "Z")
    with pytest.raises(ValidationError):
        _register(cast["lucheng"], station, id_number=id_number(7002), phone="12345")


def test_the_same_id_number_links_the_existing_person(cast):
    first, second = StationFactory(region=region("330302")), StationFactory(region=region("330302"))
    _register(cast["lucheng"], first)
    _register(cast["lucheng"], second, id_number=" " + PERSON["id_number"].lower() + " ")
    assert SalesStaff.objects.count() == 1
    assert StaffAssignment.objects.filter(ends_on=None).count() == 2
    with pytest.raises(ValidationError):
        _register(cast["lucheng"], first)  # already works there


def test_a_person_of_another_district_is_linked_but_never_changed(cast):
    ruian = StationFactory(region=region("330381"))
    _register(cast["ruian"], ruian)
    lucheng = StationFactory(region=region("330302"))
    with pytest.raises(ValidationError) as error:
        _register(cast["lucheng"], lucheng, name="张大明")
    assert "id_number" in error.value.message_dict
    assert SalesStaff.objects.get().name == "张小明"
    # Typed as on file, the person is linked.
    _register(cast["lucheng"], lucheng)
    assert SalesStaff.objects.count() == 1
    # The center (whole city) may correct the name.
    other = StationFactory(region=region("330302"))
    _register(cast["stations"], other, name="张大明")
    assert SalesStaff.objects.get().name == "张大明"


def test_registering_at_a_station_outside_the_scope_is_refused(cast):
    station = StationFactory(region=region("330381"))
    with pytest.raises(PermissionDenied):
        _register(cast["lucheng"], station)
    with pytest.raises(PermissionDenied):
        _register(cast["owner"], station)  # not the owner's station
    with pytest.raises(PermissionDenied):
        _register(cast["leader"], station)  # reads only
    assert not SalesStaff.objects.exists()


def test_an_owner_registers_sellers_at_their_own_station(cast):
    station = StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    _register(cast["owner"], station)
    assert StaffAssignment.objects.get().station == station


def test_a_closed_station_takes_nobody(cast):
    station = StationFactory(region=region("330302"), status=StationStatus.CLOSED)
    with pytest.raises(ValidationError):
        _register(cast["lucheng"], station)


def test_a_transfer_ends_one_assignment_and_starts_another(cast):
    first, second = StationFactory(region=region("330302")), StationFactory(region=region("330302"))
    assignment = _register(cast["lucheng"], first)
    moved = staff_transfer(
        acting_user=cast["lucheng"],
        assignment=assignment,
        to_station=second,
        on=datetime.date(2019, 9, 1),
    )
    assignment.refresh_from_db()
    assert assignment.ends_on == datetime.date(2019, 8, 31)
    assert assignment.end_reason == AssignmentEnd.TRANSFER
    assert (moved.station, moved.starts_on, moved.ends_on) == (
        second,
        datetime.date(2019, 9, 1),
        None,
    )
    assert StaffAssignment.objects.count() == 2  # history kept
    with pytest.raises(ValidationError):  # an ended assignment cannot move again
        staff_transfer(acting_user=cast["lucheng"], assignment=assignment, to_station=first)


def test_a_transfer_into_another_district_is_refused(cast):
    station = StationFactory(region=region("330302"))
    assignment = _register(cast["lucheng"], station)
    with pytest.raises(PermissionDenied):
        staff_transfer(
            acting_user=cast["lucheng"],
            assignment=assignment,
            to_station=StationFactory(region=region("330381")),
        )
    assignment.refresh_from_db()
    assert assignment.ends_on is None


def test_leaving_ends_the_assignment_once(cast):
    assignment = _register(cast["lucheng"], StationFactory(region=region("330302")))
    assignment_end(
        acting_user=cast["lucheng"],
        assignment=assignment,
        reason=AssignmentEnd.LEFT,
        ends_on=datetime.date(2019, 10, 1),
    )
    with pytest.raises(ValidationError):
        assignment_end(
            acting_user=cast["lucheng"], assignment=assignment, reason=AssignmentEnd.LEFT
        )
    with pytest.raises(PermissionDenied):
        other = _register(
            cast["ruian"], StationFactory(region=region("330381")), id_number=id_number(7003)
        )
        assignment_end(acting_user=cast["lucheng"], assignment=other, reason=AssignmentEnd.LEFT)


def test_a_station_without_a_certified_seller_on_duty_is_flagged():
    on = datetime.date(2020, 6, 1)
    certified = StationFactory()
    CertificateFactory(holder=StaffAssignmentFactory(station=certified).staff)
    expired = StationFactory()
    CertificateFactory(
        holder=StaffAssignmentFactory(station=expired).staff, valid_to=datetime.date(2020, 1, 1)
    )
    empty = StationFactory()
    revoked = StationFactory()
    CertificateFactory(
        holder=StaffAssignmentFactory(station=revoked).staff,
        revoked_at=datetime.datetime(2020, 2, 1, tzinfo=datetime.UTC),
    )
    left = StationFactory()
    CertificateFactory(
        holder=StaffAssignmentFactory(station=left, ends_on=datetime.date(2020, 5, 1)).staff
    )
    StationFactory(status=StationStatus.PREPARING)  # not active: not flagged
    flagged = selectors.stations_without_certified_seller(Station.objects.all(), on)
    assert set(flagged) == {expired, empty, revoked, left}
    assert selectors.station_is_flagged(empty, on) and not selectors.station_is_flagged(
        certified, on
    )
    assert selectors.certified_staff_count(certified, on) == 1
    tab = selectors.station_staff(expired, on)
    assert tab["flagged"] and tab["current"][0]["status"] == "expired"


def test_revoking_a_certificate_needs_a_reason_and_the_scope(cast):
    assignment = StaffAssignmentFactory(station=StationFactory(region=region("330302")))
    certificate = CertificateFactory(holder=assignment.staff)
    with pytest.raises(PermissionDenied):
        certificate_revoke(acting_user=cast["ruian"], certificate=certificate, reason="违规")
    with pytest.raises(PermissionDenied):
        certificate_revoke(acting_user=cast["owner"], certificate=certificate, reason="违规")
    with pytest.raises(ValidationError):
        certificate_revoke(acting_user=cast["lucheng"], certificate=certificate, reason=" ")
    certificate_revoke(
        acting_user=cast["lucheng"], certificate=certificate, reason="向未成年人售彩"
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.status_on() == "revoked"
    assert AuditEntry.objects.filter(
        object_id=str(certificate.pk), action=AuditAction.TRANSITION
    ).exists()
    with pytest.raises(ValidationError):
        certificate_revoke(acting_user=cast["lucheng"], certificate=certificate, reason="再次")


def test_the_invitation_creates_a_seller_login_with_a_one_time_link(cast, caplog):
    assignment = _register(cast["lucheng"], StationFactory(region=region("330302")))
    with caplog.at_level("WARNING", logger="fucai.notify"):
        user = seller_account_invite(acting_user=cast["lucheng"], staff=assignment.staff)
    assert user.role == Role.SELLER and not user.has_usable_password()
    assert SalesStaff.objects.get().user == user
    assert "139****5678" in caplog.text and "/stations/welcome/" in caplog.text
    notification = Notification.objects.get(recipient=user)
    assert "welcome" not in notification.body  # the log keeps no link
    token = seller_invite_tokens.make_token(user)
    assert seller_invite_tokens.check_token(user, token)
    seller_password_set(user=user, password="a-long-password-1")
    user.refresh_from_db()
    assert user.check_password("a-long-password-1")
    assert not seller_invite_tokens.check_token(user, token)  # single use


def test_an_expired_invitation_does_not_work(cast, monkeypatch):
    assignment = _register(cast["lucheng"], StationFactory(region=region("330302")))
    user = seller_account_invite(acting_user=cast["lucheng"], staff=assignment.staff)
    token = seller_invite_tokens.make_token(user)
    later = seller_invite_tokens._now() + datetime.timedelta(hours=73)
    monkeypatch.setattr(seller_invite_tokens, "_now", lambda: later)
    assert not seller_invite_tokens.check_token(user, token)


def test_an_owner_who_sells_keeps_their_own_login(cast):
    owner = StationOwnerFactory(user=cast["owner"], id_number=PERSON["id_number"])
    station = StationFactory(region=region("330381"), owner=owner)
    assignment = _register(cast["owner"], station, role=StaffRole.OWNER)
    user = seller_account_invite(acting_user=cast["owner"], staff=assignment.staff)
    assert user == cast["owner"] and user.role == Role.STATION_OWNER
    assert User.objects.filter(role=Role.SELLER).exclude(username="seller").count() == 0


def test_renewal_is_open_in_the_last_sixty_days_once(cast):
    from fucai.stations.services import certificate_issue

    on = datetime.date(2021, 11, 15)  # the factory's certificate ends 2021-12-31
    certificate = CertificateFactory()
    assert selectors.renewal_eligible(certificate, on)
    assert not selectors.renewal_eligible(certificate, datetime.date(2021, 10, 1))  # too early
    assert not selectors.renewal_eligible(certificate, datetime.date(2022, 1, 1))  # expired
    certificate_issue(
        acting_user=cast["stations"],
        holder=certificate.holder,
        valid_from=datetime.date(2022, 1, 1),
        source="renewal",
        renewed_from=certificate,
    )
    assert not selectors.renewal_eligible(certificate, on)  # renewed already
    revoked = CertificateFactory(revoked_at=datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC))
    assert not selectors.renewal_eligible(revoked, on)
    with pytest.raises(ValidationError):
        certificate_issue(
            acting_user=cast["stations"],
            holder=revoked.holder,
            valid_from=datetime.date(2022, 1, 1),
            source="renewal",
            renewed_from=revoked,
        )
