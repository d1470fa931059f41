"""The disclosure's foreword: finance writes it while the announcement is a draft (new or
returned from review), it is shown on the staff page, the portal page and in the PDF,
and it is locked once submitted, approved or published. Every edit is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fucai.core import pdf
from fucai.core.choices import AuditAction
from fucai.core.models import AuditEntry
from fucai.core.services import ConcurrentUpdate
from fucai.welfare import services
from fucai.welfare.choices import DisclosureState
from fucai.welfare.models import Disclosure

pytestmark = pytest.mark.django_db

FOREWORD = "根据《彩票管理条例》，现将2019年度福彩公益金使用情况公告如下。\n（注：数据截至年末。）"


@pytest.fixture
def draft(cast):
    return services.disclosure_generate(acting_user=cast["finance"], year=2019, reach={})


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF is made from (WeasyPrint itself is not what is tested here)."""
    rendered: list[str] = []

    def fake(html: str) -> bytes:
        rendered.append(html)
        return b"%PDF-1.7 test"

    monkeypatch.setattr(pdf, "html_to_pdf", fake)
    return rendered


def test_finance_writes_the_foreword_of_a_draft_and_it_is_audited(cast, draft):
    saved = services.disclosure_set_foreword(
        acting_user=cast["finance"], disclosure=draft, foreword=f"  {FOREWORD}\r\n", version=1
    )
    assert saved.foreword == FOREWORD and saved.version == 2
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(draft.pk)).latest(
        "id"
    )
    assert entry.actor == cast["finance"] and "foreword" in entry.changes
    # A stale form does not overwrite it.
    with pytest.raises(ConcurrentUpdate):
        services.disclosure_set_foreword(
            acting_user=cast["finance"], disclosure=draft, foreword="旧", version=1
        )


def test_only_the_preparer_writes_it(cast, draft):
    for role in ("charity", "leader"):
        with pytest.raises(PermissionDenied):
            services.disclosure_set_foreword(acting_user=cast[role], disclosure=draft, foreword="x")


def _write(cast, draft, text):
    return services.disclosure_set_foreword(
        acting_user=cast["finance"], disclosure=draft, foreword=text
    )


def test_it_is_locked_once_submitted_and_open_again_when_returned(cast, draft):
    services.disclosure_transition(acting_user=cast["finance"], disclosure=draft, action="submit")
    with pytest.raises(ValidationError) as error:
        _write(cast, draft, "x")
    assert error.value.code == "state"
    services.disclosure_transition(acting_user=cast["leader"], disclosure=draft, action="return")
    _write(cast, draft, "改")
    services.disclosure_transition(acting_user=cast["finance"], disclosure=draft, action="submit")
    services.disclosure_transition(acting_user=cast["leader"], disclosure=draft, action="approve")
    with pytest.raises(ValidationError):
        _write(cast, draft, "y")
    assert Disclosure.objects.get(pk=draft.pk).foreword == "改"


def test_the_foreword_shows_on_the_pages_and_in_the_pdf(client, cast, draft, pdf_html):
    client.force_login(cast["finance"])
    page = client.get(reverse("welfare:disclosure", args=[2019])).content.decode()
    assert 'data-testid="foreword-form"' in page
    response = client.post(
        reverse("welfare:disclosure_foreword", args=[2019]),
        {"foreword": FOREWORD, "version": "1"},
    )
    assert response.status_code == 302
    assert Disclosure.objects.get(year=2019).foreword == FOREWORD
    client.post(reverse("welfare:disclosure_action", args=[2019, "submit"]))
    page = client.get(reverse("welfare:disclosure", args=[2019])).content.decode()
    assert 'data-testid="foreword-form"' not in page and "现将2019年度" in page
    # Leadership approves and publishes: the PDF carries the foreword.
    client.force_login(cast["leader"])
    client.post(reverse("welfare:disclosure_action", args=[2019, "approve"]))
    client.post(reverse("welfare:disclosure_action", args=[2019, "publish"]))
    assert Disclosure.objects.get(year=2019).state == DisclosureState.PUBLISHED
    assert "现将2019年度福彩公益金使用情况公告如下。<br>（注：数据截至年末。）" in pdf_html[-1]
    client.logout()
    public = client.get(reverse("portal:disclosure", args=[2019])).content.decode()
    assert "现将2019年度福彩公益金使用情况公告如下。<br>" in public
    # A late post to the locked foreword is refused with a message, nothing changes.
    client.force_login(cast["finance"])
    client.post(reverse("welfare:disclosure_foreword", args=[2019]), {"foreword": "改"})
    assert Disclosure.objects.get(year=2019).foreword == FOREWORD


def test_a_too_long_foreword_is_refused_with_a_message(client, cast, draft):
    client.force_login(cast["finance"])
    response = client.post(
        reverse("welfare:disclosure_foreword", args=[2019]), {"foreword": "长" * 5001}, follow=True
    )
    assert Disclosure.objects.get(year=2019).foreword == ""
    assert any("5000" in str(m) for m in response.context["messages"])
