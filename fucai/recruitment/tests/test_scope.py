"""Data scope of the recruitment back office: staff never see an applicant's draft, and
the service-time figures of a district's staff cover their district only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.recruitment import services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.models import Application, ApplicationEvent, Draw
from fucai.recruitment.selectors import sla_metrics

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

STAFF = ["leader", "stations", "admin", "lucheng", "inspector"]


@pytest.fixture
def draft(cast):
    return ApplicationFactory(status=S.DRAFT, region=region("330302"), applicant=cast["applicant"])


@pytest.mark.parametrize("role", STAFF)
def test_staff_never_see_a_draft(client, cast, draft, role):
    user = cast[role]
    assert not Application.objects.visible_to(user).filter(pk=draft.pk).exists()
    client.force_login(user)
    listing = client.get(reverse("recruitment:application_list"), {"status": ""})
    assert draft.tracking_code not in listing.content.decode()
    detail = client.get(reverse("recruitment:application_detail", args=[draft.tracking_code]))
    assert detail.status_code in (403, 404)


def test_the_applicant_still_sees_their_draft(client, cast, draft):
    assert Application.objects.visible_to(cast["applicant"]).get() == draft
    client.force_login(cast["applicant"])
    assert client.get(reverse("portal:application", args=[draft.tracking_code])).status_code == 200
    rows = client.get("/api/recruitment/applications").json()
    assert [row["tracking_code"] for row in rows] == [draft.tracking_code]


def test_a_submitted_application_is_staff_data(cast, draft):
    Application.objects.filter(pk=draft.pk).update(status=S.SUBMITTED)
    assert Application.objects.visible_to(cast["lucheng"]).filter(pk=draft.pk).exists()


def test_the_api_and_the_staff_counts_leave_drafts_out(client, cast, draft):
    ApplicationFactory(status=S.SUBMITTED, region=region("330302"))
    client.force_login(cast["stations"])
    assert client.get("/api/recruitment/queue").json()["count"] == 1
    # A staff user's "my applications" are theirs only, never the district's.
    assert client.get("/api/recruitment/applications").json() == []
    assert client.get(f"/api/recruitment/applications/{draft.tracking_code}").status_code == 404


def _events(application, *steps):
    for day, (before, after) in enumerate(steps, start=1):
        ApplicationEvent.objects.create(
            application=application,
            from_status=before,
            to_status=after,
            at=timezone.make_aware(datetime.datetime(2019, 7, day, 10)),
        )


@pytest.fixture
def two_districts(cast, draft):
    """One application moved a step in 鹿城, two in 瑞安, and a draft with events."""
    lucheng = ApplicationFactory(status=S.ACCEPTED, region=region("330302"))
    _events(lucheng, (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.ACCEPTED))
    for _ in range(2):
        ruian = ApplicationFactory(status=S.ACCEPTED, region=region("330381"))
        _events(ruian, (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.ACCEPTED))
    _events(draft, (S.DRAFT, S.DRAFT), (S.DRAFT, S.DRAFT))


def test_sla_metrics_cover_the_users_districts_only(cast, two_districts):
    assert sla_metrics(user=cast["lucheng"])["steps"][S.SUBMITTED]["count"] == 1
    assert sla_metrics(user=cast["ruian"])["steps"][S.SUBMITTED]["count"] == 2
    city = sla_metrics(user=cast["stations"])["steps"]
    assert city[S.SUBMITTED]["count"] == 3
    assert S.DRAFT not in city  # the draft's own events are nobody's figures


def test_the_sla_page_of_a_district_shows_its_figures(client, cast, two_districts):
    client.force_login(cast["lucheng"])
    steps = client.get(reverse("recruitment:sla")).context["steps"]
    assert [(s["status"], s["count"]) for s in steps] == [(S.SUBMITTED, 1)]
    client.force_login(cast["stations"])
    steps = client.get(reverse("recruitment:sla")).context["steps"]
    assert [(s["status"], s["count"]) for s in steps] == [(S.SUBMITTED, 3)]


def test_a_district_cannot_run_another_districts_draw(client, cast):
    call = CallFactory(quotas={"330381": 1})
    for _ in range(3):
        ApplicationFactory(call=call, region=region("330381"), status=S.NOTICE_PASSED)
    with pytest.raises(PermissionDenied):
        services.draw_run(acting_user=cast["lucheng"], call=call, region=region("330381"), seed="s")
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("recruitment:draw_run"), {"call": call.pk, "region": "330381", "seed": "s"}
    )
    assert response.status_code == 400 and not Draw.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {S.NOTICE_PASSED}
