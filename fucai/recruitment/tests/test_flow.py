"""One application from the online form to a registered station, the way 最多跑一次
means it: every step online except the signing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from fucai.core.models import Notification
from fucai.core.tests.factories import region
from fucai.core.validators import make_id_number
from fucai.recruitment import services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import ApplicationEvent
from fucai.recruitment.selectors import queue_for, sla_metrics
from fucai.stations.models import AgencyContract, Station

from .factories import LAT, LNG, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ID_NUMBER = make_id_number("330302", datetime.date(1985, 4, 12), 123)


def _whole_flow(cast, call):
    applicant, staff, inspector = cast["applicant"], cast["lucheng"], cast["inspector"]
    application = services.application_create(
        acting_user=applicant,
        call=call,
        name="陈明",
        id_number=ID_NUMBER,
        phone="138 0000 1234",
        education="college",
        address="鹿城区五马街88号",
        region=region("330302"),
        latitude=LAT,
        longitude=LNG,
        area=Decimal("32.50"),
        tenure="leased",
        lease_ends_on=datetime.date(2030, 12, 31),
        intended_class="dedicated",
    )
    for kind in ("id_card", "lease"):
        services.application_document_add(
            acting_user=applicant,
            application=application,
            kind=kind,
            file=SimpleUploadedFile(f"{kind}.png", PNG),
        )
    services.application_submit(acting_user=applicant, application=application)
    services.application_accept(acting_user=staff, application=application)
    services.application_assign_survey(
        acting_user=staff, application=application, inspector=inspector
    )
    services.application_record_survey(
        acting_user=inspector, application=application, findings="临街一楼，门面完整"
    )
    services.application_review(
        acting_user=staff, application=application, decision="approve", comment="符合条件"
    )
    services.application_start_notice(
        acting_user=staff,
        application=application,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    services.application_pass_notice(acting_user=staff, application=application)
    services.application_approve(acting_user=staff, application=application)
    services.contract_schedule(
        acting_user=staff,
        application=application,
        appointment_at=timezone.now() + datetime.timedelta(days=3),
        place="温州市福彩中心",
    )
    services.contract_sign(
        acting_user=staff, application=application, signed_on=datetime.date(2019, 11, 1)
    )
    station = services.station_create_from_application(
        acting_user=staff, application=application, code="33030999", contract_number="WZ-2019-88"
    )
    application.refresh_from_db()
    return application, station


def test_an_application_becomes_a_preparing_station(cast, media):
    call = CallFactory(required_documents=["id_card", "lease"], deposit_fen=3_000_000)
    application, station = _whole_flow(cast, call)

    assert application.status == S.STATION_CREATED and application.station == station
    assert application.birth_date == datetime.date(1985, 4, 12) and application.sex == "M"
    assert application.survey_check["passed"] is True
    station = Station.objects.get(code="33030999")
    assert station.status == "preparing" and station.kind == "computer"
    assert station.station_class == "dedicated" and station.premises_area == Decimal("32.50")
    assert station.region.code == "330302" and station.address == "鹿城区五马街88号"
    assert (station.latitude, station.longitude) == (LAT, LNG)
    assert station.owner.name == "陈明" and station.owner.id_number == ID_NUMBER
    assert station.owner.phone == "13800001234"
    contract = AgencyContract.objects.get(station=station)
    assert contract.number == "WZ-2019-88" and contract.deposit_fen == 3_000_000
    assert (contract.starts_on, contract.ends_on) == (
        datetime.date(2019, 11, 1),
        datetime.date(2022, 10, 31),
    )
    items = set(station.opening_checklist.items.values_list("item", "done"))
    assert items == {
        ("training", False),
        ("fit_out", False),
        ("sales_licence", False),
        ("terminal", False),
        ("insurance", False),
    }
    assert ApplicationEvent.objects.filter(application=application, in_person=True).count() == 1
    assert application.events.count() == 11
    assert Notification.objects.filter(recipient=cast["applicant"]).count() == 11
    assert sla_metrics(call, user=cast["leader"])["in_person_per_application"] == 1.0

    row = services.opening_item_complete(
        acting_user=cast["lucheng"], checklist=station.opening_checklist, item="training"
    )
    assert row.done and row.done_on == timezone.localdate()


def test_every_event_carries_the_deadline_of_the_next_step(cast, media):
    call = CallFactory(required_documents=["id_card", "lease"], sla_days={"submitted": 2})
    application, _station = _whole_flow(cast, call)
    submitted = application.events.get(to_status=S.SUBMITTED)
    from fucai.recruitment.calendar import add_working_days

    assert submitted.deadline_on == add_working_days(timezone.localdate(submitted.at), 2)
    accepted = application.events.get(to_status=S.ACCEPTED)
    assert accepted.deadline_on == add_working_days(timezone.localdate(accepted.at), 1)
    scheduled = application.events.get(to_status=S.CONTRACT_SCHEDULED)
    assert scheduled.deadline_on == timezone.localdate(application.contract_appointment_at)
    assert application.events.get(to_status=S.STATION_CREATED).deadline_on is None


def test_sla_metrics_across_a_holiday(cast):
    application = ApplicationFactory(status=S.SUBMITTED)
    at = lambda d: timezone.make_aware(datetime.datetime(2019, *d, 10))  # noqa: E731
    ApplicationEvent.objects.create(
        application=application,
        from_status=S.DRAFT,
        to_status=S.SUBMITTED,
        at=at((9, 27)),
        deadline_on=datetime.date(2019, 10, 8),  # 3 working days: 29, 30, 8
    )
    ApplicationEvent.objects.create(
        application=application,
        from_status=S.SUBMITTED,
        to_status=S.ACCEPTED,
        at=at((10, 9)),
        deadline_on=datetime.date(2019, 10, 10),
    )
    ApplicationEvent.objects.create(
        application=application,
        from_status=S.ACCEPTED,
        to_status=S.SURVEY_ASSIGNED,
        at=at((10, 10)),
    )
    steps = sla_metrics(user=cast["leader"])["steps"]
    assert steps[S.SUBMITTED] == {
        "count": 1,
        "average_working_days": 4.0,  # 29, 30, 8, 9
        "within_sla_share": 0.0,
    }
    assert steps[S.ACCEPTED]["within_sla_share"] == 1.0
    assert S.SURVEY_ASSIGNED not in steps  # still waiting


def test_the_queue_shows_what_waits_on_each_user_most_urgent_first(cast):
    today = timezone.localdate()
    late = ApplicationFactory(status=S.SUBMITTED, due_on=today - datetime.timedelta(days=1))
    soon = ApplicationFactory(status=S.SURVEYED, due_on=today + datetime.timedelta(days=2))
    ApplicationFactory(status=S.SUBMITTED, region=region("330381"))
    ApplicationFactory(status=S.DRAFT)
    survey = ApplicationFactory(status=S.SURVEY_ASSIGNED, surveyor=cast["inspector"])
    ApplicationFactory(status=S.SURVEY_ASSIGNED)

    queue = list(queue_for(cast["lucheng"]))
    assert queue[:2] == [late, soon] and len(queue) == 2
    assert [a.overdue for a in queue] == [True, False]
    assert list(queue_for(cast["inspector"])) == [survey]
    assert len(queue_for(cast["stations"])) == 3
    assert not queue_for(cast["applicant"]).exists()
    assert not queue_for(cast["leader"]).exists()


@override_settings(NOTIFY_BACKEND="fucai.recruitment.tests.test_flow.RecordingBackend")
def test_the_notification_backend_is_pluggable(cast):
    RecordingBackend.sent.clear()
    application = ApplicationFactory(status=S.SUBMITTED, applicant=cast["applicant"])
    services.application_accept(acting_user=cast["stations"], application=application)
    (notification,) = RecordingBackend.sent
    assert notification.recipient == cast["applicant"]
    assert application.tracking_code in notification.body
    assert not Notification.objects.exists()


class RecordingBackend:
    sent: list = []

    def send(self, notification):
        self.sent.append(notification)

    def send_sms(self, phone, body):
        self.sent.append((phone, body))


def test_the_public_progress_shows_steps_but_no_personal_data(cast):
    from fucai.recruitment.selectors import public_progress

    application = ApplicationFactory(status=S.SUBMITTED, applicant=cast["applicant"])
    services.application_accept(acting_user=cast["stations"], application=application)
    progress = public_progress(application.tracking_code.lower())
    assert progress["status"] == S.ACCEPTED
    assert [s["status"] for s in progress["steps"]] == [S.ACCEPTED]
    flat = str(progress)
    assert application.name not in flat and application.id_number not in flat
    assert application.address not in flat
    assert public_progress("NOPE") is None
    assert public_progress("2345678923") is None
