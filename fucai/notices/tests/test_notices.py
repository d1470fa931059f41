"""Sending a notice resolves its audience; opening it is the read receipt; the sender
sees who has not read it and reminds them; a district sends only to its districts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fucai.core.choices import Role
from fucai.core.models import AuditEntry, Notification
from fucai.core.tests.factories import UserFactory, region
from fucai.notices import services
from fucai.notices.choices import Audience, RecipientKind
from fucai.notices.models import Notice, NoticeRecipient
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.tests.factories import (
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
    StationOwnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(cast):
    """Two 鹿城 stations (one instant shop with a seller who has a login), one in 瑞安
    and a closed one in 鹿城."""
    lucheng, ruian = region("330302"), region("330381")
    owner_a = StationOwnerFactory(user=cast["owner"])
    a = StationFactory(region=lucheng, owner=owner_a)
    b = StationFactory(
        region=lucheng,
        kind=StationKind.INSTANT,
        owner=StationOwnerFactory(user=UserFactory(role=Role.STATION_OWNER)),
    )
    StaffAssignmentFactory(station=b, staff=SalesStaffFactory(user=cast["seller"]))
    StaffAssignmentFactory(station=b, staff=SalesStaffFactory())  # no login: not reached
    c = StationFactory(
        region=ruian, owner=StationOwnerFactory(user=UserFactory(role=Role.STATION_OWNER))
    )
    StationFactory(
        region=lucheng,
        status=StationStatus.CLOSED,
        owner=StationOwnerFactory(user=UserFactory(role=Role.STATION_OWNER)),
    )
    return {"a": a, "b": b, "c": c, "lucheng": lucheng, "ruian": ruian}


def _send(user, **kwargs):
    kwargs.setdefault("title", "关于国庆期间销售安排的通知")
    kwargs.setdefault("body", "各投注站：请按时营业。")
    kwargs.setdefault("audience", Audience.STATIONS)
    return services.notice_send(acting_user=user, **kwargs)


def test_it_sends_to_the_owners_and_sellers_of_the_targeted_stations(cast, network):
    notice = _send(cast["stations"], regions=[network["lucheng"]])
    rows = {r.user_id: r for r in notice.recipients.all()}
    assert set(rows) == {
        cast["owner"].pk,
        network["b"].owner.user_id,
        cast["seller"].pk,
    }
    assert rows[cast["seller"].pk].kind == RecipientKind.SELLER
    assert rows[cast["seller"].pk].station == network["b"]
    assert notice.recipient_count == 3
    assert AuditEntry.objects.filter(object_id=str(notice.pk), action="create").exists()


def test_it_targets_by_station_kind(cast, network):
    notice = _send(cast["stations"], station_kinds=[StationKind.INSTANT])
    assert set(notice.recipients.values_list("user_id", flat=True)) == {
        network["b"].owner.user_id,
        cast["seller"].pk,
    }


def test_a_notice_to_staff_reaches_the_roles_chosen_and_the_districts_branch(cast, network):
    notice = _send(
        cast["stations"],
        audience=Audience.STAFF,
        regions=[network["ruian"]],
        staff_roles=[Role.BRANCH_STAFF, Role.FINANCE],
    )
    assert set(notice.recipients.values_list("user_id", flat=True)) == {
        cast["ruian"].pk,
        cast["finance"].pk,
    }


def test_a_district_sends_only_to_its_own_districts(cast, network):
    with pytest.raises(PermissionDenied):
        _send(cast["lucheng"], regions=[network["ruian"]])
    notice = _send(cast["lucheng"])  # no district ticked: its own
    assert list(notice.regions.all()) == [network["lucheng"]]
    assert network["c"].owner.user_id not in set(
        notice.recipients.values_list("user_id", flat=True)
    )


def test_a_notice_reaching_nobody_is_refused(cast, network):
    with pytest.raises(ValidationError):
        _send(cast["stations"], station_kinds=[StationKind.VIDEO])


def test_an_attachment_that_is_not_a_document_is_refused(cast, network):
    fake = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>")
    with pytest.raises(ValidationError):
        _send(cast["stations"], attachments=[fake])


def test_opening_a_notice_reads_it_once(cast, network):
    notice = _send(cast["stations"], regions=[network["lucheng"]])
    first = services.notice_open(user=cast["owner"], notice_id=notice.pk)
    assert first.read_at is not None
    again = services.notice_open(user=cast["owner"], notice_id=notice.pk)
    assert again.read_at == first.read_at
    with pytest.raises(NoticeRecipient.DoesNotExist):
        services.notice_open(user=cast["ruian"], notice_id=notice.pk)


def test_the_reminder_goes_to_those_who_have_not_read_it(cast, network):
    notice = _send(cast["stations"], regions=[network["lucheng"]])
    services.notice_open(user=cast["owner"], notice_id=notice.pk)
    count = services.notice_remind(acting_user=cast["stations"], notice=notice)
    assert count == 2
    reminded = set(
        Notification.objects.filter(target_id=notice.pk).values_list("recipient_id", flat=True)
    )
    assert reminded == {network["b"].owner.user_id, cast["seller"].pk}
    with pytest.raises(PermissionDenied):
        services.notice_remind(acting_user=cast["ruian"], notice=notice)


def test_the_owner_reads_it_and_the_sender_sees_who_has_not(client, cast, network):
    attachment = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%%EOF\n")
    client.force_login(cast["stations"])
    response = client.post(
        reverse("notices:create"),
        {
            "title": "关于开展安全检查的通知",
            "body": "请各站自查。",
            "audience": Audience.STATIONS,
            "regions": [network["lucheng"].pk],
            "attachments": [attachment],
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get(title="关于开展安全检查的通知")
    client.force_login(cast["owner"])
    inbox = client.get(reverse("notices:inbox"))
    assert "关于开展安全检查的通知" in inbox.content.decode()
    page = client.get(reverse("notices:read", args=[notice.pk]))
    assert page.status_code == 200
    file = client.get(reverse("notices:attachment", args=[notice.attachments.get().pk]))
    assert file.status_code == 200
    assert file["Content-Type"] == "application/pdf"
    client.force_login(cast["stations"])
    detail = client.get(reverse("notices:detail", args=[notice.pk]), {"state": "unread"})
    rows = list(detail.context["recipients"])
    assert cast["owner"].pk not in {r.user_id for r in rows}
    assert detail.context["counts"] == {"total": 3, "read": 1}


def test_the_inbox_lists_unread_first_in_a_few_queries(
    client, cast, network, django_assert_max_num_queries
):
    for n in range(5):
        notice = _send(cast["stations"], title=f"通知{n}", regions=[network["lucheng"]])
        if n % 2:
            services.notice_open(user=cast["owner"], notice_id=notice.pk)
    client.force_login(cast["owner"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notices:inbox"))
    rows = list(response.context["rows"])
    assert [r.read_at is None for r in rows] == [True, True, True, False, False]
    assert response.context["unread"] == 3


def test_a_reminder_by_sms_reaches_the_owners_phone(cast, network, monkeypatch):
    texts = []
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms",
        lambda self, phone, body: texts.append(phone),
    )
    notice = _send(cast["stations"], regions=[network["lucheng"]])
    services.notice_remind(acting_user=cast["stations"], notice=notice, sms=True)
    owner_phone = network["a"].owner.phone
    assert owner_phone in texts and len(texts) == 3  # two owners and the seller
    logged = Notification.objects.filter(channel="sms", target_id=notice.pk)
    assert logged.count() == 3 and {n.template for n in logged} == {"notice"}
