"""Permission-matrix rows of the notices app (see fucai.core.testing.matrix).

The world: a notice the station management department sent to 鹿城's stations, with
an attachment, received by ``owner`` and ``seller`` (unread). Everyone on the staff
site reads their own inbox; only the recipients open the notice (others find none);
the senders in scope (the center's sending departments, 鹿城's branch) follow it and
remind; 瑞安's branch finds no such notice."""

from django.core.files.base import ContentFile

from fucai.core.testing.matrix import CENTER_READERS, expect
from fucai.core.tests.factories import region

from ..choices import RecipientKind
from ..models import NoticeAttachment
from .factories import NoticeFactory, NoticeRecipientFactory

READERS = CENTER_READERS | {"party", "lucheng", "ruian", "inspector", "owner", "seller"}
SENDERS = {"stations", "marketing", "party", "lucheng", "ruian"}
# The senders who may follow the 鹿城 notice.
FOLLOWERS = {"stations", "marketing", "party", "lucheng"}
RECIPIENTS = {"owner", "seller"}


def make_world(cast) -> dict:
    lucheng = region("330302")
    notice = NoticeFactory(sent_by=cast["stations"], sender_unit=cast["stations"].org_unit)
    notice.regions.set([lucheng])
    NoticeRecipientFactory(notice=notice, user=cast["owner"], region=lucheng)
    NoticeRecipientFactory(
        notice=notice, user=cast["seller"], region=lucheng, kind=RecipientKind.SELLER
    )
    notice.recipient_count = 2
    notice.save()
    attachment = NoticeAttachment(notice=notice, name="通知.pdf", content_type="application/pdf")
    attachment.size = 9
    attachment.file.save("notice.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"notice": notice, "notice_attachment": attachment}


def _notice(world):
    return [world["notice"].pk]


URL_SPECS = {
    "notices:inbox": expect(ok=READERS),
    "notices:read": expect(ok=RECIPIENTS, hidden=READERS - RECIPIENTS, args=_notice),
    "notices:list": expect(ok=SENDERS),
    "notices:create": expect(ok=SENDERS),
    "notices:detail": expect(ok=FOLLOWERS, hidden={"ruian"}, args=_notice),
    "notices:remind": expect(
        ok=FOLLOWERS, hidden={"ruian"}, method="post", success=(302,), args=_notice
    ),
    "notices:attachment": expect(
        ok=FOLLOWERS | RECIPIENTS,
        hidden=READERS - FOLLOWERS - RECIPIENTS | {"ruian"},
        args=lambda world: [world["notice_attachment"].pk],
    ),
    # The JSON API: the caller's own notices (an empty list for a reader who got none).
    "GET /api/notices": expect(ok=READERS, anonymous="unauthorized"),
    "POST /api/notices/{notice_id}/read": expect(
        ok=RECIPIENTS,
        hidden=READERS - RECIPIENTS,
        anonymous="unauthorized",
        method="post",
        args=lambda world: {"notice_id": world["notice"].pk},
    ),
}
