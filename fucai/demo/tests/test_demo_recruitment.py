"""The recruitment demo: every state appears, the draw verifies, a notice had an
objection, stations were created — all through the real services, quickly."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from fucai.core.choices import AuditAction
from fucai.core.models import AuditEntry
from fucai.demo.builder import build_demo
from fucai.demo.orgs import DEMO_PASSWORD
from fucai.demo.recruitment import APPLICANT_PHONE, load_demo_recruitment
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import Application, ApplicationEvent, Objection, School
from fucai.recruitment.selectors import queue_for, sla_metrics
from fucai.recruitment.services import draw_verify
from fucai.stations.models import Station


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    media = tmp_path_factory.mktemp("media")
    old = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_demo(seed=2019, stations=120, sales=False, recruitment=False)
            yield load_demo_recruitment(seed=2019)
            transaction.set_rollback(True)
    settings.MEDIA_ROOT = old


@pytest.fixture
def loaded(demo, db):
    return demo


def test_every_state_appears(loaded):
    summary = loaded
    assert 110 <= summary.applications <= 140
    assert set(summary.by_status) == set(S.values)


def test_the_draw_verifies_and_decided_an_oversubscribed_district(loaded):
    summary = loaded
    draw = summary.draw
    assert draw_verify(draw) and len(draw.candidates) > draw.places
    assert Application.objects.filter(draw=draw, status=S.DRAWN_WAITLIST).exists()


def test_a_notice_had_an_objection_recorded_and_resolved(loaded):
    resolved = Objection.objects.filter(upheld=False).select_related("application")
    assert resolved.exists()
    assert resolved.first().application.status not in (S.IN_NOTICE, S.REJECTED)
    assert Objection.objects.filter(upheld=True, application__status=S.REJECTED).exists()


def test_stations_were_created_preparing_with_history(loaded):
    summary = loaded
    assert len(summary.stations) >= 8
    stations = Station.objects.filter(code__in=summary.stations)
    assert {s.status for s in stations} == {"preparing"}
    assert AuditEntry.objects.filter(action=AuditAction.TRANSITION).count() > 500
    leader = get_user_model().objects.get(username="leader")
    assert sla_metrics(summary.call, user=leader)["in_person_per_application"] == 1.0


def test_returned_and_resubmitted_overdue_and_schools(loaded):
    resubmitted = ApplicationEvent.objects.filter(
        from_status=S.RETURNED, to_status=S.SUBMITTED
    ).values("application")
    assert Application.objects.filter(pk__in=resubmitted, status=S.STATION_CREATED).exists()
    from django.contrib.auth import get_user_model

    stations = get_user_model().objects.get(username="stations")
    assert queue_for(stations).filter(overdue=True).count() >= 3
    assert School.objects.count() >= 40


def test_the_demo_applicant_owns_applications_in_different_states(loaded):
    mine = Application.objects.filter(applicant__username="applicant")
    assert mine.count() == 3 and len({a.status for a in mine}) == 3
    client = Client()
    assert client.login(username="applicant", password=DEMO_PASSWORD)
    page = client.get(reverse("portal:my_applications")).content.decode()
    assert all(a.tracking_code in page for a in mine)
    assert APPLICANT_PHONE.startswith("139")


def test_every_station_school_and_site_lies_inside_its_district_outline(loaded):
    """The map's outlines and the demo's coordinates agree: every pin of a district is
    drawn inside that district (龙港's inside 苍南, which the map still includes)."""
    from fucai.demo.outlines import contains

    rows = [
        *Station.objects.values_list("code", "region__code", "latitude", "longitude"),
        *School.objects.values_list("name", "region__code", "latitude", "longitude"),
        *Application.objects.values_list("pk", "region__code", "latitude", "longitude"),
    ]
    assert len(rows) > 250
    outside = [r for r in rows if not contains(r[1], float(r[2]), float(r[3]))]
    assert outside == []


def test_the_demo_applicant_signs_in_on_the_portal_with_the_mobile_and_password(loaded):
    """As the README's table of demo logins says."""
    client = Client()
    response = client.post(
        reverse("portal:sign_in"), {"phone": APPLICANT_PHONE, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_applications")
