import datetime

import pytest
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import ComplaintState
from ..services import evaluation
from .factories import (
    ComplaintFactory,
    PublishedRankFactory,
    SurveyFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_complaints_are_paged_scoped_filtered_and_masked(client, cast):
    ComplaintFactory()
    ComplaintFactory(state=ComplaintState.REPLIED)
    ComplaintFactory(station=StationFactory(region=region("330381")))
    client.force_login(cast["lucheng"])
    body = client.get("/api/complaints", {"status": "received"}).json()
    assert body["count"] == 1
    assert body["items"][0]["phone_masked"] == "139****2345"
    assert "13957712345" not in str(body)
    assert client.get("/api/complaints", {"status": "nonsense"}).status_code == 422


def test_an_owner_gets_their_station_without_the_phone(client, cast):
    ComplaintFactory(station=StationFactory(owner=StationOwnerFactory(user=cast["owner"])))
    ComplaintFactory()
    client.force_login(cast["owner"])
    body = client.get("/api/complaints").json()
    assert body["count"] == 1 and body["items"][0]["phone_masked"] == ""


def test_survey_results_by_month_with_the_published_rank(client, cast):
    survey = SurveyFactory(
        opens_on=datetime.date(2019, 1, 1), closes_on=datetime.date(2019, 12, 31)
    )
    question = SurveyQuestionFactory(survey=survey)
    PublishedRankFactory(month=datetime.date(2019, 3, 1), rank=1, out_of=40)
    for n, score in enumerate([5, 4, 3]):
        evaluation.survey_answer(
            survey=survey,
            phone=f"1395770000{n}",
            answers={question.pk: score},
            at=timezone.make_aware(datetime.datetime(2019, 3, 10 + n, 9)),
        )
    client.force_login(cast["party"])
    body = client.get(f"/api/surveys/{survey.pk}/results").json()
    assert body["responses"] == 3
    assert body["questions"][0]["average"] == 4.0
    march = next(m for m in body["months"] if m["month"] == "2019-03-01")
    assert march["published_rank"] == 1 and march["responses"] == 3
    assert client.get("/api/surveys/999999/results").status_code == 404
