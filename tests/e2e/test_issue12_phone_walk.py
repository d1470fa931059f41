"""The issue-12 pages walked on a phone (390×844) as each role that uses them — the
seller (learning, certificates), the owner (sellers, star application, insurance),
branch staff (district review), station management (grading, star round with its
provincial step, awards) and leadership (reading): every page opens (no 4xx/5xx),
speaks Chinese (no English word or raw code in its visible text) and fits the screen
(no sideways scrolling of the page itself)."""

import datetime
import os

import pytest
from django.utils import timezone

from fucai.core.tests.factories import PASSWORD, region
from fucai.core.tests.test_no_english import english_words
from fucai.governance.models import GradingResult
from fucai.governance.services import stars as services
from fucai.governance.services.ratings import rating_scheme_active
from fucai.stations.tests.factories import (
    CertificateFactory,
    InsurancePolicyFactory,
    SalesStaffFactory,
    StaffAssignmentFactory,
    StationFactory,
    StationOwnerFactory,
)

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("FUCAI_WALK_SHOTS")
LOGIN_NAMES = {"seller", "owner", "lucheng", "stations", "leader"}


@pytest.fixture
def world(cast):
    today = timezone.localdate()
    owner = StationOwnerFactory(user=cast["owner"])
    station = StationFactory(region=region("330302"), owner=owner, name="鹿城示范站")
    InsurancePolicyFactory(station=station, starts_on=datetime.date(2015, 1, 1))
    seller = SalesStaffFactory(user=cast["seller"], name="张三")
    StaffAssignmentFactory(staff=seller, station=station)
    CertificateFactory(holder=seller, valid_to=today + datetime.timedelta(days=400))
    result = GradingResult.objects.create(
        station=station,
        year=today.year - 1,
        scheme=rating_scheme_active("grading"),
        score=72,
        computed_class="dedicated",
        computed_grade="B",
        station_class="dedicated",
        grade="B",
    )
    round_ = services.star_round_open(
        acting_user=cast["stations"],
        year=today.year - 1,
        apply_from=today - datetime.timedelta(days=1),
        apply_until=today + datetime.timedelta(days=10),
    )
    application = services.star_apply(
        acting_user=cast["owner"],
        round=round_,
        station=station,
        self_assessment={},
        stars_applied=4,
    )
    return {
        "station": station,
        "seller": seller,
        "result": result,
        "round": round_,
        "application": application,
    }


def _walk(browser, live_server, username, paths) -> list[str]:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    findings = []
    page.on("pageerror", lambda error: findings.append(f"{username}: JS {error}"))
    login(page, username, PASSWORD)
    for path in paths:
        response = page.goto(path)
        if response is None or response.status >= 400:
            findings.append(f"{username} {path}: HTTP {response and response.status}")
            continue
        # The cast's users have no display name: their login names (the user menu, a
        # step's actor) stand in for people's names, data rather than interface.
        words = english_words(page.content()) - LOGIN_NAMES
        if words:
            findings.append(f"{username} {path}: English {sorted(words)}")
        if SHOTS:  # FUCAI_WALK_SHOTS=<folder>: a screenshot of each page, to look at
            name = f"{username}{path}".replace("/", "_").replace("?", "_")
            page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 1:
            findings.append(f"{username} {path}: {wide}px wider than the phone")
    context.close()
    return findings


def test_the_issue_12_pages_on_a_phone_as_each_role(browser, live_server, cast, world):
    station, application = world["station"], world["application"]
    year = world["round"].year
    walks = {
        "seller": ["/training/", "/stations/certificates/mine/"],
        "owner": [
            f"/stations/{station.code}/?tab=ratings",
            f"/stations/{station.code}/?tab=staff",
            f"/stations/{station.code}/?tab=insurance",
            f"/governance/stars/{application.pk}/",
            "/stations/staff/",
            "/training/",
        ],
        "lucheng": [
            f"/governance/stars/?year={year}",
            f"/governance/stars/{application.pk}/",
            "/stations/staff/",
            "/stations/",
        ],
        "stations": [
            "/governance/gradings/",
            f"/governance/gradings/{world['result'].pk}/",
            f"/governance/stars/?year={year}",
            f"/governance/stars/{application.pk}/",
            f"/governance/stars/rounds/{world['round'].pk}/nominate/",
            f"/governance/stars/rounds/{world['round'].pk}/province/",
            "/governance/commendations/",
            "/stations/?stars=provincial",
            "/stations/certificates/",
            "/stations/insurance/",
            "/training/manage/",
        ],
        "leader": [
            "/",
            "/governance/gradings/",
            f"/governance/stars/?year={year}",
            "/governance/commendations/",
            "/stations/",
            "/stations/staff/",
        ],
    }
    findings = []
    for username, paths in walks.items():
        findings += _walk(browser, live_server, username, paths)
    assert findings == [], "\n".join(findings)
