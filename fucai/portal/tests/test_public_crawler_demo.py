"""A crawler over the public side with the demo loaded: every /public/ page reachable by
links from /public/ (signed out), read as a visitor would. No ID number, no phone
number, no full name of a person helped, of a grant applicant or of a station applicant
may appear anywhere; masked forms (张*) are what the notices show.

The demo is built with the steps the public side reads: the network (a smaller one),
recruitment (calls, notices, draws), sales (the fund raised), the welfare fund (projects,
disclosures) and charity (activities, people helped, the 助圆大学梦 grants). Governance
(stars, commendations) is left out: it holds no person helped or applicant."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.db import transaction

from fucai.charity.models import Beneficiary, GrantApplication
from fucai.core.models import AuditEntry
from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.recruitment.models import Application

pytestmark = pytest.mark.django_db

ID_LIKE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
PHONE_LIKE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
MAX_PAGES = 600
SKIPPED = ("/sign-out/", "/pdf/", ".json", "/photos/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        build_demo(stations=40, flush=True, governance=False)
        yield
        with transaction.atomic():
            flush_demo(_county_regions())
            AuditEntry.objects.filter(pk__gt=first_entry or 0).delete()


@pytest.fixture
def secrets(loaded, db) -> dict[str, set[str]]:
    """Every full name, ID number and phone of a person the public side must not show."""
    names, numbers = set(), set()
    for person in Beneficiary.objects.all():
        names.add(person.name)
        numbers |= {person.id_number, person.phone}
    for grant in GrantApplication.objects.all():
        names.add(grant.name)
        numbers |= {grant.id_number, grant.phone, grant.bank_account}
    for application in Application.objects.all():
        names.add(application.name)
        numbers |= {application.id_number, application.phone}
    return {
        # A one-character "name" would match any text; every real one has two or more.
        "names": {n for n in names if n and len(n) >= 2},
        "numbers": {n for n in numbers if n},
    }


def _crawl(client, start: str):
    queue, seen = [start], set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            yield url, response, ""
            continue
        html = response.content.decode()
        yield url, response, html
        parser = _Links()
        parser.feed(html)
        for link in parser.links:
            target = urlparse(urljoin(url, link))
            if target.netloc or not target.path.startswith("/public/"):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if not any(part in path for part in SKIPPED) and path not in seen:
                queue.append(path)


def test_the_demo_portal_shows_no_personal_data(client, secrets):
    assert len(secrets["names"]) > 3000 and secrets["numbers"]
    visited, broken, leaks = [], [], []
    for url, response, html in _crawl(client, "/public/"):
        visited.append(url)
        if response.status_code >= 500 or response.status_code == 404:
            broken.append((url, response.status_code))
        if not html:
            continue
        text = html
        for pattern, label in ((ID_LIKE, "ID number"), (PHONE_LIKE, "phone")):
            found = pattern.search(text)
            if found:
                leaks.append((url, label, found.group()))
        for number in secrets["numbers"]:
            if number in text:
                leaks.append((url, "number", number))
        # Names are searched in the page's text between tags.
        visible = re.sub(r"<[^>]+>", " ", text)
        for name in secrets["names"]:
            if name in visible:
                leaks.append((url, "name", name))
    assert leaks == [], leaks[:20]
    assert broken == [], broken
    # The crawl reached the places where people could leak: the grant programme's public
    # notice, the charity activities and their pages, the disclosures and the money flow.
    assert len(visited) < MAX_PAGES, "the crawl did not finish"
    assert any(re.fullmatch(r"/public/grants/\d+/", u) for u in visited)
    assert sum(1 for u in visited if re.fullmatch(r"/public/activities/\d+/", u)) == 48
    assert "/public/disclosures/2018/" in visited
    assert any(u.startswith("/public/where-the-money-went/") for u in visited)
    assert any(u.startswith("/public/notices/") for u in visited)
