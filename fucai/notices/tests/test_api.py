"""/api/notices: the caller's own notices, unread first, with their read state; POST
.../read marks one read once."""

import pytest

from fucai.core.tests.factories import UserFactory
from fucai.notices.tests.factories import NoticeFactory, NoticeRecipientFactory

pytestmark = pytest.mark.django_db


def test_the_caller_gets_their_notices_unread_first_and_marks_one_read(client, cast):
    owner = cast["owner"]
    read = NoticeRecipientFactory(user=owner, notice=NoticeFactory(title="已读通知"))
    read.read_at = read.notice.sent_at
    read.save()
    unread = NoticeRecipientFactory(user=owner, notice=NoticeFactory(title="未读通知"))
    NoticeRecipientFactory(user=UserFactory(), notice=NoticeFactory(title="别人的通知"))
    client.force_login(owner)

    body = client.get("/api/notices").json()
    assert body["count"] == 2
    assert [(i["title"], i["read"]) for i in body["items"]] == [
        ("未读通知", False),
        ("已读通知", True),
    ]
    assert client.get("/api/notices", {"unread": "true"}).json()["count"] == 1

    response = client.post(f"/api/notices/{unread.notice_id}/read")
    assert response.status_code == 200
    first = response.json()["read_at"]
    assert response.json()["read"] is True
    again = client.post(f"/api/notices/{unread.notice_id}/read").json()
    assert again["read_at"] == first

    other = NoticeFactory()
    missing = client.post(f"/api/notices/{other.pk}/read")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}
