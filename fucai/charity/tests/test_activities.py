import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fucai.core import audit
from fucai.core.tests.factories import id_number, region
from fucai.welfare.models import Disbursement
from fucai.welfare.tests.factories import WelfareProjectFactory, funded_project

from ..choices import ActivityStatus, ParticipantKind
from ..selectors.activities import charity_summary, volunteer_hours
from ..services import activities as services
from ..services import beneficiaries as people
from .factories import ActivityFactory, image_upload, series

pytestmark = pytest.mark.django_db


def _activity(cast, **kwargs):
    fields = {
        "series": series("感受公益福彩"),
        "project": funded_project(cast, allocate_fen=2_000_000),
        "title": "探访平阳怀溪晓坑慈善敬老院",
        "held_on": datetime.date(2019, 12, 13),
        "region": region("330326"),
        "place": "平阳怀溪晓坑慈善敬老院",
        "organizers": "市福彩中心",
        "spending_fen": 1_000_000,
        "story": "",
    }
    fields.update(kwargs)
    return services.activity_create(acting_user=cast["charity"], **fields)


def test_the_four_series_are_reference_data():
    from ..models import ActivitySeries

    assert set(ActivitySeries.objects.values_list("name", flat=True)) >= {
        "福彩暖万家",
        "938福彩助力梦想",
        "公益福彩·民政与你同行",
        "感受公益福彩",
    }


def test_holding_an_activity_requests_its_payment_through_the_fund(cast):
    activity = _activity(cast)
    services.activity_mark_held(acting_user=cast["charity"], activity=activity)
    payment = Disbursement.objects.get(source=f"activity:{activity.pk}")
    assert payment.amount_fen == 1_000_000
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.HELD
    with pytest.raises(ValidationError):
        services.activity_update(acting_user=cast["charity"], activity=activity, spending_fen=5)


def test_publishing_needs_a_story_and_follows_the_table(cast):
    activity = _activity(cast)
    with pytest.raises(ValidationError):
        services.activity_publish(acting_user=cast["charity"], activity=activity)
    services.activity_mark_held(acting_user=cast["charity"], activity=activity)
    with pytest.raises(ValidationError):
        services.activity_publish(acting_user=cast["charity"], activity=activity)
    activity = services.activity_update(
        acting_user=cast["charity"], activity=activity, story="四十多位代表委员走进敬老院。"
    )
    services.activity_publish(acting_user=cast["charity"], activity=activity)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED
    assert [e.action for e in audit.history_for(activity)].count("transition") == 2


def test_only_the_charity_department_records_activities(cast):
    with pytest.raises(PermissionDenied):
        services.activity_create(
            acting_user=cast["finance"],
            series=series(),
            project=WelfareProjectFactory(),
            title="x",
            held_on=datetime.date(2019, 1, 1),
            region=region("330302"),
            place="x",
            organizers="x",
        )


def test_guests_need_a_capacity_and_volunteer_hours_add_up_per_person(cast):
    activity = _activity(cast)
    services.activity_mark_held(acting_user=cast["charity"], activity=activity)
    with pytest.raises(ValidationError):
        services.participant_add(
            acting_user=cast["charity"],
            activity=activity,
            kind=ParticipantKind.GUEST,
            name="王代表",
        )
    services.participant_add(
        acting_user=cast["charity"],
        activity=activity,
        kind=ParticipantKind.GUEST,
        name="王代表",
        capacity="市人大代表",
    )
    services.participant_add(
        acting_user=cast["charity"],
        activity=activity,
        kind=ParticipantKind.VOLUNTEER,
        name="党员甲",
        user=cast["party"],
        hours=Decimal("3.5"),
    )
    other = ActivityFactory(held_on=datetime.date(2019, 3, 1))
    services.participant_add(
        acting_user=cast["charity"],
        activity=other,
        kind=ParticipantKind.VOLUNTEER,
        name="党员甲",
        user=cast["party"],
        hours=Decimal("2"),
    )
    hours = volunteer_hours(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    assert hours == {cast["party"].pk: Decimal("5.5")}
    assert volunteer_hours(datetime.date(2019, 6, 1), datetime.date(2019, 12, 31)) == {
        cast["party"].pk: Decimal("3.5")
    }


def test_photos_are_checked_by_content(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = _activity(cast)
    photo = services.photo_add(
        acting_user=cast["charity"], activity=activity, file=image_upload(), public=True
    )
    assert photo.file.name.endswith(".jpg") and photo.public
    fake = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        services.photo_add(acting_user=cast["charity"], activity=activity, file=fake)


def test_the_summary_counts_distinct_people_and_spending_from_the_records(cast):
    first = ActivityFactory(spending_fen=300_000)
    second = ActivityFactory(spending_fen=200_000, held_on=datetime.date(2019, 9, 9))
    ActivityFactory(spending_fen=999, status="planned")
    ActivityFactory(spending_fen=999, held_on=datetime.date(2018, 9, 9))
    person, _ = people.beneficiary_register(
        acting_user=cast["charity"],
        name="王五",
        id_number=id_number(1),
        region=region("330302"),
        category="elderly",
    )
    other, _ = people.beneficiary_register(
        acting_user=cast["charity"],
        name="赵六",
        id_number=id_number(2),
        region=region("330302"),
        category="elderly",
    )
    for activity in (first, second):
        services.benefit_record(acting_user=cast["charity"], activity=activity, beneficiary=person)
    services.benefit_record(acting_user=cast["charity"], activity=second, beneficiary=other)
    assert charity_summary(cast["leader"], 2019) == {
        "year": 2019,
        "activities": 2,
        "beneficiaries": 2,
        "spent_fen": 500_000,
    }
