"""The portal's pages run a fixed number of queries, however many rows they show: each
page is measured on a world with one row of everything (calls, districts per call,
applications, notices, draws, events) and on one with several, and both counts must be
equal. An N+1 (a query per call, quota, draw, application or event) makes the second
count larger and fails here."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import ApplicationEvent, Draw
from fucai.recruitment.tests.factories import ApplicantFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

REGIONS = ["330302", "330303", "330304", "330381", "330382"]

PAGES = [
    ("home", lambda w: reverse("portal:home")),
    ("calls", lambda w: reverse("portal:call_list")),
    ("call detail", lambda w: reverse("portal:call_detail", args=[w["call"].pk])),
    ("notices", lambda w: reverse("portal:notices")),
    ("draws", lambda w: reverse("portal:draws")),
    ("draw detail", lambda w: reverse("portal:draw_detail", args=[w["draw"].pk])),
    ("my applications", lambda w: reverse("portal:my_applications")),
    ("application", lambda w: reverse("portal:application", args=[w["own"].tracking_code])),
]


def _world(rows: int) -> dict:
    """``rows`` calls with ``rows`` districts each; per call one application of the
    applicant (submitted, ``rows`` events), one in notice, one notice-passed and a draw."""
    applicant = ApplicantFactory()
    districts = REGIONS[:rows]
    world = {"applicant": applicant}
    for index in range(rows):
        call = CallFactory(quotas=dict.fromkeys(districts, 2))
        district = region(districts[index % rows])
        own = ApplicationFactory(
            call=call,
            applicant=applicant,
            region=district,
            status=S.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for _ in range(rows):
            ApplicationEvent.objects.create(
                application=own, from_status=S.DRAFT, to_status=S.SUBMITTED, actor=applicant
            )
        for status in (S.IN_NOTICE, S.NOTICE_PASSED, S.APPROVED):
            ApplicationFactory(
                call=call,
                region=district,
                status=status,
                notice_starts_on=datetime.date(2019, 6, 1),
                notice_ends_on=datetime.date(2019, 6, 7),
            )
        draw = Draw.objects.create(
            call=call,
            region=district,
            seed=f"seed{index}",
            places=1,
            candidates=[own.tracking_code],
            order=[own.tracking_code],
            winners=[own.tracking_code],
        )
        world.setdefault("call", call)
        world.setdefault("own", own)
        world.setdefault("draw", draw)
    return world


def _counts(client, world) -> dict[str, int]:
    client.force_login(world["applicant"])
    client.get(reverse("portal:home"))  # the session and caches, once
    counts = {}
    for name, url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(world))
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.fixture
def one_and_several(client):
    one = _counts(client, _world(1))
    several = _counts(client, _world(5))
    return one, several


def test_every_portal_page_runs_a_fixed_number_of_queries(one_and_several):
    one, several = one_and_several
    assert several == one


def test_the_call_page_counts_places_for_all_districts_at_once(one_and_several):
    one, _several = one_and_several
    # The call, its quotas with their districts, the applications counted per district
    # (plus the session and user of the signed-in applicant).
    assert one["call detail"] <= 5
