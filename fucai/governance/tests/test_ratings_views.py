"""The grading and star pages as staff use them: a run as a job, the breakdown, an
override with its reason, a scheme edit into a new version, the station's tab; and the
API's /grades and /star-ratings."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fucai.core.tests.factories import region
from fucai.governance.choices import GradingStatus
from fucai.governance.models import GradingResult, RatingScheme, StarApplication
from fucai.governance.services import ratings as grading
from fucai.governance.services import stars as services
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_a_grading_run_the_breakdown_and_an_override(
    client, cast, django_capture_on_commit_callbacks
):
    station = StationFactory(region=region("330302"), premises_area=Decimal("60"))
    client.force_login(cast["stations"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:grading_run"), {"year": 2019})
    assert response.status_code == 302 and "/jobs/" in response.url
    job_page = client.get(response.url)
    assert "/governance/gradings/?year=2019" in job_page.content.decode()  # the result link
    result = GradingResult.objects.get(station=station)

    page = client.get(reverse("governance:gradings") + "?year=2019")
    assert station.code in page.content.decode()
    detail = client.get(reverse("governance:grading_detail", args=[result.pk])).content.decode()
    assert "营业面积" in detail and "60.00 m²" in detail
    assert "无数据" in detail  # sales, inspection, complaints: not assessed

    url = reverse("governance:grading_confirm", args=[result.pk])
    refused = client.post(url, {"grade": "A", "station_class": "dedicated"})
    assert refused.status_code == 400
    done = client.post(
        url, {"grade": "A", "station_class": "dedicated", "override_reason": "区县推荐"}
    )
    assert done.status_code == 302
    result.refresh_from_db()
    assert result.grade == "A" and result.override_reason == "区县推荐"
    assert result.status == GradingStatus.CONFIRMED
    client.post(reverse("governance:grading_publish"), {"year": 2019})
    tab = client.get(reverse("stations:detail", args=[station.code]) + "?tab=ratings")
    assert 'data-testid="published-grade">A' in tab.content.decode()


def test_editing_a_scheme_in_use_through_the_page_saves_a_new_version(client, cast):
    StationFactory()
    grading.grading_compute(acting_user=cast["stations"], year=2019)
    scheme = grading.rating_scheme_active("grading")
    client.force_login(cast["stations"])
    data = {"name": scheme.name, "bands": "A:90, B:70, C:55, D:0"}
    data.update({"c-TOTAL_FORMS": len(scheme.criteria), "c-INITIAL_FORMS": len(scheme.criteria)})
    for i, c in enumerate(scheme.criteria):
        for key in ("code", "metric", "direction", "label", "weight"):
            data[f"c-{i}-{key}"] = c.get(key, "up")
        data[f"c-{i}-bands"] = ", ".join(f"{t}:{p}" for t, p in c["bands"])
    bad = client.post(
        reverse("governance:scheme_edit", args=[scheme.pk]), {**data, "c-0-bands": "x"}
    )
    assert bad.status_code == 400
    response = client.post(reverse("governance:scheme_edit", args=[scheme.pk]), data)
    assert response.status_code == 302
    new = RatingScheme.objects.get(kind="grading", active=True)
    assert new.version == 2 and new.bands[0] == ["A", 90]
    assert GradingResult.objects.get().scheme_id == scheme.pk


def _published_round(cast):
    round_ = services.star_round_open(
        acting_user=cast["stations"],
        year=2019,
        apply_from=datetime.date(2020, 1, 6),
        apply_until=datetime.date(2020, 1, 31),
    )
    approved = None
    for n in range(3):
        station = StationFactory(region=region("330302"))
        application = services.star_apply(
            acting_user=cast["stations"],
            round=round_,
            station=station,
            self_assessment={},
            stars_applied=4,
            on=datetime.date(2020, 1, 10),
        )
        services.star_district_review(
            acting_user=cast["lucheng"], application=application, approve=True, stars=4
        )
        services.star_city_review(
            acting_user=cast["stations"],
            application=application,
            site_checked_on=datetime.date(2020, 2, 1),
            site_check="passed",
            stars=4,
            comment="核查通过",
        )
        if n == 0:
            approved = application
    services.star_round_publish(acting_user=cast["stations"], round=round_)
    services.star_nominate(acting_user=cast["stations"], application=approved)
    services.star_province_decide(acting_user=cast["stations"], application=approved, approved=True)
    return approved


def test_the_api_lists_grades_and_city_and_provincial_stars(client, cast):
    approved = _published_round(cast)
    StationFactory(region=region("330381"))
    grading.grading_compute(acting_user=cast["stations"], year=2019)
    client.force_login(cast["leader"])
    grades = client.get("/api/grades", {"year": 2019}).json()
    assert grades["count"] == 4
    item = grades["items"][0]
    assert {"code", "grade", "station_class", "score", "breakdown", "scheme_version"} <= set(item)
    city = client.get("/api/star-ratings", {"year": 2019}).json()
    assert city["count"] == 3 and {i["stars"] for i in city["items"]} == {4}
    provincial = client.get("/api/star-ratings", {"year": 2019, "level": "provincial"}).json()
    assert provincial["count"] == 1
    assert provincial["items"][0]["code"] == approved.station.code
    assert provincial["items"][0]["provincial"] == "approved"
    bad = client.get("/api/star-ratings", {"level": "national"})
    assert bad.status_code == 422 and "detail" in bad.json()
    client.force_login(cast["ruian"])
    assert client.get("/api/star-ratings", {"year": 2019}).json()["count"] == 0  # 鹿城's


def test_the_dashboard_counts_provincial_star_stations(client, cast):
    _published_round(cast)
    client.force_login(cast["leader"])
    page = client.get("/").content.decode()
    assert 'data-testid="kpi-provincial-stars">1<' in page
    assert 'data-testid="provincial-330302">1<' in page
    assert StarApplication.objects.count() == 3
