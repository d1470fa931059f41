"""A crawler over the public side: every portal page reachable from the home page and
the grant pages, signed out, with grant applications, a list on public notice and
beneficiaries in the database. No ID number, phone, bank account or full name of a
student may appear."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.utils import timezone

from fucai.core.tests.factories import id_number, region

from ..choices import GrantApplicationState, ProgrammeStatus
from ..models import Beneficiary
from .factories import ActivityFactory, GrantApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

ID_LIKE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE_LIKE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
MAX_PAGES = 200


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)


@pytest.fixture
def world(cast):
    today = timezone.localdate()
    programme = ProgrammeFactory(status=ProgrammeStatus.NOTICE, notice_starts_on=today)
    students = [
        GrantApplicationFactory(
            programme=programme,
            name=f"欧阳{n}明",
            id_number=id_number(700 + n),
            phone=f"1391234567{n}",
            bank_account=f"622202987654321000{n}",
            state=GrantApplicationState.NOTICED,
            rank=n + 1,
        )
        for n in range(3)
    ]
    people = [
        Beneficiary.objects.create(
            name="孙大爷", id_number=id_number(800), phone="13987654321", region=region("330302"),
            category="elderly",
        )
    ]  # fmt: skip
    ActivityFactory(status="published", story="走进敬老院")
    return students, people


def test_no_personal_data_on_any_public_page(client, world):
    students, people = world
    secrets = set()
    for s in students:
        secrets |= {s.id_number, s.phone, s.bank_account, s.name}
    for p in people:
        secrets |= {p.id_number, p.phone}
    queue, seen = ["/public/", "/public/grants/"], set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert not ID_LIKE.search(html), url
        assert not PHONE_LIKE.search(html), url
        for secret in secrets:
            assert secret not in html, (url, secret)
        parser = _Links()
        parser.feed(html)
        for link in parser.links:
            target = urlparse(urljoin(url, link))
            if not target.netloc and target.path.startswith("/public/"):
                path = target.path + (f"?{target.query}" if target.query else "")
                if "sign-out" not in path:
                    queue.append(path)
    assert any(u.startswith("/public/grants/") and u[-2].isdigit() for u in seen)
    # The notice list is there, masked.
    notice = client.get(f"/public/grants/{students[0].programme_id}/").content.decode()
    assert "欧*" in notice or "欧**" in notice or "欧***" in notice
