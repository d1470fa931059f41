import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from ..choices import ComplaintCategory, ComplaintSource, ComplaintState, QuestionKind
from ..models import Complaint, PublishedRank, Supervisor, Survey, SurveyQuestion
from ..services.complaints import new_tracking_code


class ComplaintFactory(DjangoModelFactory):
    class Meta:
        model = Complaint

    tracking_code = factory.LazyFunction(new_tracking_code)
    source = ComplaintSource.PORTAL
    category = ComplaintCategory.STATION_SERVICE
    station = factory.SubFactory(StationFactory)
    region = factory.LazyAttribute(lambda o: o.station.region if o.station else region("330302"))
    title = factory.Sequence(lambda n: f"服务态度差{n}")
    text = "店员态度恶劣，拒绝兑奖。"
    phone = "13957712345"
    received_at = factory.LazyFunction(timezone.now)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    state = ComplaintState.RECEIVED


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"万人双评议满意度调查{n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class SurveyQuestionFactory(DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"您对服务的满意度{n}")
    kind = QuestionKind.RATING


class PublishedRankFactory(DjangoModelFactory):
    class Meta:
        model = PublishedRank

    month = datetime.date(2019, 1, 1)
    rank = 2
    out_of = 40
    body = "温州市万人双评议办公室"


class SupervisorFactory(DjangoModelFactory):
    class Meta:
        model = Supervisor

    name = factory.Sequence(lambda n: f"监督员{n}")
    organisation = "市人大代表"
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    term_starts_on = datetime.date(2019, 1, 1)
    term_ends_on = datetime.date(2021, 12, 31)
