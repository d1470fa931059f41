import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fucai.core.choices import OrgUnitKind
from fucai.core.models import OrgUnit
from fucai.stations.tests.factories import StationFactory

from ..choices import QuestionKind, ResponseChannel
from ..models import PublishedRank, SurveyResponse
from ..selectors import survey_results
from ..services import evaluation as services
from .factories import SupervisorFactory, SurveyFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


def test_questions_are_parsed_from_lines(db):
    unit = OrgUnit.objects.create(name="市场部", kind=OrgUnitKind.DEPARTMENT)
    questions = services.parse_questions(
        "市场部: 服务态度\n您从哪里得知 :: 网站 / 投注站\n其他建议??\n\n总体满意度"
    )
    assert [q["kind"] for q in questions] == [
        QuestionKind.RATING,
        QuestionKind.CHOICE,
        QuestionKind.TEXT,
        QuestionKind.RATING,
    ]
    assert questions[0]["department"] == unit and questions[0]["text"] == "服务态度"
    assert questions[1]["options"] == ["网站", "投注站"]


def test_one_answer_per_phone_and_survey_without_keeping_the_phone(db):
    question = SurveyQuestionFactory()
    survey = question.survey
    station = StationFactory()
    services.survey_answer(
        survey=survey, phone="13957700001", answers={question.pk: 5}, station=station
    )
    response = SurveyResponse.objects.get()
    assert response.channel == ResponseChannel.STATION_QR
    assert "13957700001" not in response.phone_digest
    with pytest.raises(ValidationError):
        services.survey_answer(survey=survey, phone="139 5770 0001", answers={question.pk: 4})
    with pytest.raises(ValidationError):
        services.survey_answer(survey=survey, phone="13957700002", answers={question.pk: 9})
    with pytest.raises(ValidationError):
        services.survey_answer(survey=survey, phone="13957700003", answers={})


def test_a_closed_survey_takes_no_answer(db):
    question = SurveyQuestionFactory(
        survey=SurveyFactory(
            opens_on=datetime.date(2019, 1, 1), closes_on=datetime.date(2019, 1, 31)
        )
    )
    with pytest.raises(ValidationError):
        services.survey_answer(
            survey=question.survey, phone="13957700001", answers={question.pk: 5}
        )


def test_results_by_department_and_month(db):
    unit = OrgUnit.objects.create(name="办公室", kind=OrgUnitKind.DEPARTMENT)
    survey = SurveyFactory(
        opens_on=datetime.date(2019, 1, 1), closes_on=datetime.date(2019, 12, 31)
    )
    question = SurveyQuestionFactory(survey=survey, department=unit)
    for n, (month, score) in enumerate([(1, 5), (1, 3), (2, 4)]):
        services.survey_answer(
            survey=survey,
            phone=f"1395770010{n}",
            answers={question.pk: score},
            at=timezone.make_aware(datetime.datetime(2019, month, 15, 9)),
        )
    results = survey_results(survey)
    assert [m["average"] for m in results["months"]] == [4.0, 4.0]
    assert results["departments"] == [{"name": "办公室", "months": [4.0, 4.0]}]


def test_a_rank_is_recorded_once_per_month_and_corrected(cast):
    services.rank_record(
        month=datetime.date(2019, 3, 15), rank=3, body="市万人双评议办", acting_user=cast["party"]
    )
    services.rank_record(
        month=datetime.date(2019, 3, 1), rank=2, body="市万人双评议办", acting_user=cast["party"]
    )
    assert PublishedRank.objects.get().rank == 2
    with pytest.raises(ValidationError):
        services.rank_record(
            month=datetime.date(2019, 4, 1), rank=50, out_of=40, body="x", acting_user=cast["party"]
        )


def test_supervisor_invited_within_term_and_feedback_answered_once(cast):
    supervisor = SupervisorFactory()
    with pytest.raises(ValidationError):
        services.supervisor_invite(
            supervisor=supervisor,
            event="敬老院慰问",
            held_on=datetime.date(2018, 6, 1),
            acting_user=cast["party"],
        )
    services.supervisor_invite(
        supervisor=supervisor,
        event="敬老院慰问",
        held_on=datetime.date(2019, 10, 7),
        acting_user=cast["party"],
    )
    feedback = services.supervisor_feedback_record(
        supervisor=supervisor,
        received_on=datetime.date(2019, 10, 8),
        text="建议公示兑奖流程",
        acting_user=cast["party"],
    )
    services.supervisor_feedback_answer(
        feedback=feedback, answer="已公示", acting_user=cast["party"]
    )
    with pytest.raises(ValidationError):
        services.supervisor_feedback_answer(
            feedback=feedback, answer="x", acting_user=cast["party"]
        )
    assert supervisor.phone_masked.startswith("139****")


def test_the_portal_survey_from_a_station_qr(client, db):
    question = SurveyQuestionFactory()
    station = StationFactory()
    url = reverse("portal:survey", args=[question.survey.pk]) + f"?station={station.code}"
    page = client.get(url)
    assert station.name in page.content.decode()
    response = client.post(url, {"phone": "13957700009", f"q{question.pk}": "5"})
    assert response.status_code == 302
    again = client.post(url, {"phone": "13957700009", f"q{question.pk}": "4"})
    assert again.status_code == 400
    assert SurveyResponse.objects.get().station == station


def test_staff_create_a_survey_and_enter_a_rank(client, cast):
    client.force_login(cast["party"])
    response = client.post(
        reverse("feedback:survey_create"),
        {
            "title": "2019年万人双评议",
            "opens_on": "2019-01-01",
            "closes_on": "2019-12-31",
            "questions": "服务态度\n办事效率",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "办事效率" in page.content.decode()


def test_leadership_reads_the_evaluation_and_changes_nothing(client, cast):
    question = SurveyQuestionFactory()
    supervisor = SupervisorFactory()
    supervisor.feedback.create(received_on="2019-05-06", text="服务窗口排队太久")
    client.force_login(cast["leader"])
    listing = client.get(reverse("feedback:surveys")).content.decode()
    assert question.survey.title in listing
    assert reverse("feedback:survey_create") not in listing
    detail = client.get(reverse("feedback:survey", args=[question.survey.pk])).content.decode()
    assert reverse("feedback:rank_record", args=[question.survey.pk]) not in detail
    register = client.get(reverse("feedback:supervisors")).content.decode()
    assert supervisor.name in register and 'data-testid="supervisor-form"' not in register
    page = client.get(reverse("feedback:supervisor", args=[supervisor.pk])).content.decode()
    assert "服务窗口排队太久" in page and "<form" not in page.split("page-body", 1)[1]
    refused = client.post(reverse("feedback:supervisors"), {"name": "陈建国"})
    assert refused.status_code == 403


def test_the_survey_page_opens_a_stations_sheet(client, cast):
    survey = SurveyQuestionFactory().survey
    station = StationFactory()
    client.force_login(cast["stations"])
    page = client.get(reverse("feedback:survey", args=[survey.pk])).content.decode()
    assert 'data-testid="station-sheet-form"' in page
    opened = client.get(reverse("feedback:survey", args=[survey.pk]), {"station": station.code})
    assert opened.url == reverse("feedback:survey_station", args=[survey.pk, station.code])
    sheet = client.get(opened.url).content.decode()
    assert f"/public/evaluation/{survey.pk}/?station={station.code}" in sheet
    assert client.get(reverse("feedback:survey_station", args=[survey.pk, "0"])).status_code == 404
    # Leadership reads the results; the sheet is the managers'.
    client.force_login(cast["leader"])
    read = client.get(reverse("feedback:survey", args=[survey.pk]), {"station": station.code})
    assert read.status_code == 200
    assert 'data-testid="station-sheet-form"' not in read.content.decode()


def test_each_unanswered_remark_has_an_answer_form_of_its_own(client, cast):
    supervisor = SupervisorFactory()
    first = supervisor.feedback.create(received_on="2019-05-06", text="服务窗口排队太久")
    second = supervisor.feedback.create(received_on="2019-06-06", text="建议公示兑奖流程")
    client.force_login(cast["party"])
    page = client.get(reverse("feedback:supervisor", args=[supervisor.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert f'for="answer{first.pk}_answer"' in page and f'id="answer{second.pk}_answer"' in page


def test_the_station_sheet_carries_a_qr_code_of_the_station_survey_address(client, cast):
    import re

    import segno

    from fucai.core.templatetags.fucai import qr_data_uri

    question = SurveyQuestionFactory()
    station = StationFactory()
    client.force_login(cast["party"])
    page = client.get(reverse("feedback:survey_station", args=[question.survey.pk, station.code]))
    assert page.status_code == 200
    html = page.content.decode()
    src = re.search(r'data-testid="station-qr" src="([^"]+)"', html).group(1)
    address = "http://testserver" + reverse("portal:survey", args=[question.survey.pk])
    expected = segno.make(f"{address}?station={station.code}", error="m", micro=False)
    assert src == expected.svg_data_uri(scale=8, border=4)
    # The image is percent-encoded SVG whatever the text: nothing of it becomes markup.
    hostile = qr_data_uri('"><script>alert(1)</script>')
    assert hostile.startswith("data:image/svg+xml") and not set(hostile) & set("<>\"'")
