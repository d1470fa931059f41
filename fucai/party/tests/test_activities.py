"""Activities, attendance, compliance with the minimum frequencies, political birthdays,
volunteer hours and the democratic evaluation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fucai.charity.models import Participant
from fucai.charity.tests.factories import ActivityFactory as CharityActivityFactory

from .. import selectors, services, tasks
from ..choices import ActivityKind, ActivityStatus, Outcome
from ..defaults import FREQUENCY_RULES
from ..models import EvaluationResult
from .factories import ActivityFactory, BranchFactory, MemberFactory, ensure_frequency_rules

pytestmark = pytest.mark.django_db


def test_recording_an_activity_keeps_minutes_and_attendance(cast):
    branch = BranchFactory()
    here, away = MemberFactory(branch=branch), MemberFactory(branch=branch)
    activity = services.activity_plan(
        acting_user=cast["party"],
        branch=branch,
        kind=ActivityKind.LECTURE,
        title="党课：学习党章",
        planned_on=datetime.date(2019, 3, 20),
    )
    with pytest.raises(ValidationError):
        services.activity_record(
            acting_user=cast["party"],
            activity=activity,
            held_on=datetime.date(2019, 3, 20),
            minutes=" ",
            present_ids=[here.pk],
        )
    services.activity_record(
        acting_user=cast["party"],
        activity=activity,
        held_on=datetime.date(2019, 3, 20),
        minutes="学习党章第一章",
        present_ids=[here.pk],
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.HELD
    assert {a.member_id: a.present for a in activity.attendances.all()} == {
        here.pk: True,
        away.pk: False,
    }


def test_compliance_names_the_branch_behind_on_which_kind(cast):
    ensure_frequency_rules()
    diligent, late = BranchFactory(name="甲支部"), BranchFactory(name="乙支部")
    for month in range(1, 7):
        ActivityFactory(branch=diligent, planned_on=datetime.date(2019, month, 5))
        if month <= 4:
            ActivityFactory(branch=late, planned_on=datetime.date(2019, month, 5))
    ActivityFactory(branch=late, kind=ActivityKind.LECTURE, planned_on=datetime.date(2019, 2, 5))
    rows = selectors.compliance(
        cast["party"],
        2019,
        datetime.date(2019, 6, 20),
        kinds=[ActivityKind.COMMITTEE, ActivityKind.LECTURE],
    )
    by_branch = {row.branch.name: row for row in rows}
    committee = by_branch["乙支部"].cells[0]
    assert (committee.kind, committee.held, committee.required, committee.behind) == (
        ActivityKind.COMMITTEE,
        4,
        5,
        1,
    )
    assert [c.kind for c in by_branch["乙支部"].behind] == [ActivityKind.COMMITTEE]
    assert [c.kind for c in by_branch["甲支部"].behind] == [ActivityKind.LECTURE]


def test_the_home_page_lists_this_months_birthdays_and_branches_behind(client, cast):
    ensure_frequency_rules()
    today = datetime.date.today()
    MemberFactory(name="本月党员", joined_on=today.replace(year=2005, day=1))
    other = 1 if today.month != 1 else 2
    MemberFactory(name="别月党员", joined_on=datetime.date(2005, other, 1))
    BranchFactory(name="落后支部")
    client.force_login(cast["party"])
    page = client.get("/party/").content.decode()
    assert "本月党员" in page and "别月党员" not in page
    assert "落后支部" in page


def test_birthday_notifications_go_to_linked_members_on_the_first(cast):
    today = datetime.date.today()
    MemberFactory(user=cast["stations"], joined_on=today.replace(year=2001, day=1))
    MemberFactory(joined_on=today.replace(year=2002, day=1))
    assert tasks.notify_political_birthdays() == 1
    assert cast["stations"].notifications.get().subject.endswith("政治生日快乐")
    assert tasks.notify_political_birthdays() == 0


def test_the_birthday_task_runs_on_the_first_of_the_month(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["party-political-birthdays"]
    assert entry["task"] == "fucai.party.political_birthdays"
    assert entry["schedule"].day_of_month == {1}


def test_volunteer_hours_count_linked_and_named_volunteers(cast):
    member = MemberFactory(user=cast["stations"], name="钱志愿")
    activity = CharityActivityFactory(created_by=cast["charity"], held_on=datetime.date(2019, 5, 1))
    Participant.objects.create(
        activity=activity, kind="volunteer", name="钱志愿", user=cast["stations"], hours=3
    )
    Participant.objects.create(
        activity=activity, kind="volunteer", name="钱志愿", hours=Decimal("1.5")
    )
    assert selectors.member_volunteer_hours(member, 2019) == Decimal("4.5")


def test_the_evaluation_round_records_assessments_and_outcomes(cast):
    branch = BranchFactory()
    member, peer = MemberFactory(branch=branch), MemberFactory(branch=branch)
    evaluation = services.evaluation_open(acting_user=cast["party"], branch=branch, year=2019)
    for kind, assessor in (("self", member), ("peer", peer), ("branch", None)):
        services.assessment_record(
            acting_user=cast["party"],
            evaluation=evaluation,
            member=member,
            kind=kind,
            grade=Outcome.EXCELLENT,
            assessor=assessor,
        )
    services.evaluation_decide(
        acting_user=cast["party"], evaluation=evaluation, member=member, outcome=Outcome.QUALIFIED
    )
    services.evaluation_decide(
        acting_user=cast["party"], evaluation=evaluation, member=member, outcome=Outcome.EXCELLENT
    )
    assert EvaluationResult.objects.get(member=member).outcome == Outcome.EXCELLENT
    services.evaluation_close(acting_user=cast["party"], evaluation=evaluation)
    with pytest.raises(ValidationError):
        services.evaluation_decide(
            acting_user=cast["party"], evaluation=evaluation, member=peer, outcome=Outcome.BASIC
        )


def test_the_migration_loads_the_default_frequency_rules():
    from importlib import import_module

    migration = import_module("fucai.party.migrations.0002_frequency_rules")
    assert [tuple(rule) for rule in migration.RULES] == [
        (str(kind), str(period), minimum) for kind, period, minimum in FREQUENCY_RULES
    ]


def test_the_clerk_decides_outcomes_on_the_round_page(client, cast):
    branch = BranchFactory()
    member = MemberFactory(branch=branch, name="吴评议")
    evaluation = services.evaluation_open(acting_user=cast["party"], branch=branch, year=2019)
    client.force_login(cast["party"])
    url = f"/party/evaluations/{evaluation.pk}/"
    client.post(url + "assess/", {"member": member.pk, "kind": "self", "grade": "excellent"})
    client.post(url + "decide/", {"member": member.pk, "outcome": "qualified"})
    page = client.get(url).content.decode()
    assert "吴评议" in page
    assert EvaluationResult.objects.get(member=member).outcome == Outcome.QUALIFIED
    assert evaluation.assessments.get().grade == Outcome.EXCELLENT
    client.force_login(cast["leader"])
    response = client.post(url + "decide/", {"member": member.pk, "outcome": "basic"})
    assert response.status_code == 403


def test_a_photo_is_checked_by_content(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fucai.charity.tests.factories import image_upload

    activity = ActivityFactory()
    client.force_login(cast["party"])
    url = f"/party/activities/{activity.pk}/photos/"
    client.post(url, {"file": SimpleUploadedFile("x.jpg", b"not an image"), "caption": "假"})
    assert not activity.photos.exists()
    client.post(url, {"file": image_upload(), "caption": "合影"})
    photo = activity.photos.get()
    assert client.get(f"{url}{photo.pk}/").status_code == 200
