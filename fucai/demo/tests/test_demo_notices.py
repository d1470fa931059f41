"""The demo's 2019 notices: sent through the notices service to real audiences, with
partial read receipts; the demo owner has the year's last notice still unread."""

import pytest

from fucai.demo.builder import build_demo
from fucai.demo.notices import NOTICES
from fucai.notices.models import Notice, NoticeRecipient

pytestmark = pytest.mark.django_db


def test_the_demo_sends_2019s_notices_with_partial_read_receipts():
    result = build_demo(
        stations=40, sales=False, recruitment=False, governance=False, welfare=False, charity=False
    )
    assert result.notices.notices == len(NOTICES) == Notice.objects.count()
    assert {n.sent_at.year for n in Notice.objects.all()} == {2019}
    rows = NoticeRecipient.objects.all()
    assert rows.count() == result.notices.recipients
    read = rows.filter(read_at__isnull=False).count()
    assert read == result.notices.read and 0 < read < rows.count()
    owner_rows = rows.filter(user__username="owner").order_by("notice__sent_at")
    assert owner_rows.exists()
    assert [r.read_at is None for r in owner_rows][-1] is True
    assert sum(r.read_at is None for r in owner_rows) == 1
    assert rows.filter(user__username="lucheng").exists()
    # Read receipts come after the notice was sent.
    assert all(r.read_at > r.notice.sent_at for r in rows.filter(read_at__isnull=False))
    # Reloading replaces them.
    build_demo(
        stations=40,
        flush=True,
        sales=False,
        recruitment=False,
        governance=False,
        welfare=False,
        charity=False,
    )
    assert Notice.objects.count() == len(NOTICES)
