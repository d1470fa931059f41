"""The annual review's pages: the yearly summary by district (+ Excel), the list, the
detail with its breakdown, confirming through the modal."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fucai.core.tests.factories import region
from fucai.governance.choices import ReviewDecision, ReviewOutcome, ReviewStatus
from fucai.governance.models import AnnualReview
from fucai.governance.services.reviews import annual_review_compute
from fucai.stations.tests.factories import StationFactory

from .factories import AnnualReviewFactory

pytestmark = pytest.mark.django_db


def reviews():
    lucheng, ruian = region("330302"), region("330381")
    AnnualReviewFactory(station=StationFactory(region=lucheng))
    AnnualReviewFactory(
        station=StationFactory(region=lucheng),
        computed_outcome=ReviewOutcome.CONDITIONAL,
        computed_decision=ReviewDecision.WARN,
    )
    AnnualReviewFactory(
        station=StationFactory(region=ruian),
        computed_outcome=ReviewOutcome.FAIL,
        computed_decision=ReviewDecision.EXIT,
        status=ReviewStatus.CONFIRMED,
    )
    AnnualReviewFactory(station=StationFactory(region=ruian), year=2018)


def test_the_summary_opens_on_the_latest_year_and_counts_by_district(client, cast):
    reviews()
    client.force_login(cast["leader"])
    response = client.get(reverse("governance:review_summary"))
    assert response.context["year"] == 2019
    rows = {row["region"].code: row["cells"] for row in response.context["rows"]}
    # total, passed, conditional, failed, continued, warned, exited, confirmed, overridden
    assert rows["330302"] == [2, 1, 1, 0, 1, 1, 0, 0, 0]
    assert rows["330381"] == [1, 0, 0, 1, 0, 0, 1, 1, 0]
    assert response.context["total"][:4] == [3, 1, 1, 1]


def test_the_summary_downloads_as_excel(client, cast):
    reviews()
    client.force_login(cast["leader"])
    response = client.get(reverse("governance:review_summary"), {"year": 2019, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4  # header, two districts, total
    assert rows[-1][1:5] == (3, 1, 1, 1)


def test_a_branch_sees_its_district_only(client, cast):
    reviews()
    client.force_login(cast["lucheng"])
    response = client.get(reverse("governance:review_summary"))
    assert [row["region"].code for row in response.context["rows"]] == ["330302"]
    response = client.get(reverse("governance:reviews"), {"year": 2019})
    assert response.context["paginator"].count == 2


def test_the_list_filters_and_exports(client, cast, django_assert_max_num_queries):
    reviews()
    client.force_login(cast["stations"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:reviews"))
    assert response.context["paginator"].count == 3  # the latest year by default
    response = client.get(reverse("governance:reviews"), {"year": 2019, "decision": "exit"})
    assert response.context["paginator"].count == 1
    response = client.get(reverse("governance:reviews"), {"year": 2018, "export": "xlsx"})
    assert response.status_code == 200


def test_confirming_through_the_page_needs_the_reason_to_override(client, cast):
    station = StationFactory()
    review = annual_review_compute(
        station=station, year=2019, acting_user=cast["stations"]
    )  # conditional: no annual inspection, no insurance
    client.force_login(cast["stations"])
    url = reverse("governance:review_confirm", args=[review.pk])
    response = client.post(url, {"outcome": "pass", "decision": "continue"})
    assert response.status_code == 400
    assert "override_reason" in response.context["form"].errors
    response = client.post(
        url, {"outcome": "pass", "decision": "continue", "override_reason": "已补办保险并补检"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.override_reason) == ("confirmed", "已补办保险并补检")
    detail = client.get(reverse("governance:review_detail", args=[review.pk]))
    assert "已补办保险并补检" in detail.content.decode()
    assert len(detail.context["review"].breakdown) == 9


def test_the_compute_button_computes_the_year_and_rejects_a_bad_year(client, cast):
    StationFactory(opened_on=datetime.date(2015, 1, 1))
    client.force_login(cast["stations"])
    response = client.post(reverse("governance:review_compute"), {"year": 2019})
    assert response.status_code == 302
    assert AnnualReview.objects.filter(year=2019).count() == 1
    response = client.post(reverse("governance:review_compute"), {"year": "abc"})
    assert response.status_code == 302  # back to the list with the error shown
