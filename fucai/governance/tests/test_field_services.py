import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from fucai.core.choices import Role
from fucai.core.models import AuditEntry
from fucai.core.tests.factories import UserFactory, branch, region
from fucai.stations.tests.factories import StationFactory

from .. import scoring
from ..choices import AnswerType, InspectionKind, InspectionResult, InspectionStatus
from ..constants import CHECK_IN_FAR_METRES
from ..models import InspectionAnswer, InspectionPhoto, RectificationOrder
from ..services import inspection_media
from ..services import inspections as svc
from .factories import InspectionFactory, field_checklist, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# 鹿城: the station sits at (28.0000, 120.6500).
LAT, LNG = Decimal("28.000000"), Decimal("120.650000")


@pytest.fixture
def world(cast):
    template, items = field_checklist()
    station = StationFactory(region=region("330302"), latitude=LAT, longitude=LNG)
    inspection = InspectionFactory(
        station=station, template=template, inspector=cast["inspector"], year=2019
    )
    return inspection, items


def _photo(name="p.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content or image_bytes(), content_type=content_type)


def _all_passing(items) -> list[dict]:
    return [
        {"item": items["licence"].pk, "passed": True},
        {"item": items["notice"].pk, "passed": True},
        {"item": items["tidy"].pk, "score": "8"},
        {"item": items["terminals"].pk, "number": 2},
        {"item": items["remarks"].pk, "text": "持证上岗"},
    ]


def _ready(inspection, items, user, answers=None):
    svc.inspection_check_in(inspection=inspection, latitude=LAT, longitude=LNG, acting_user=user)
    svc.inspection_save_answers(
        inspection=inspection, answers=answers or _all_passing(items), acting_user=user
    )
    inspection_media.inspection_photo_add(
        inspection=inspection,
        file=_photo(),
        client_id=uuid.uuid4(),
        item_id=items["front"].pk,
        acting_user=user,
    )
    inspection_media.inspection_sign(
        inspection=inspection,
        signed_by="王店主",
        file=SimpleUploadedFile("s.png", image_bytes("PNG"), content_type="image/png"),
        acting_user=user,
    )


# -- scoring ----------------------------------------------------------------------------


def _rule(id, answer_type=AnswerType.PASS_FAIL, weight=10, critical=False):
    return scoring.ItemRule(id, answer_type, weight, critical)


def test_scoring_adds_weights_by_answer_type():
    items = [
        _rule(1),
        _rule(2),
        _rule(3, AnswerType.SCORE),
        _rule(4, AnswerType.NUMBER, 5),
        _rule(5, AnswerType.TEXT, 5),
        _rule(6, AnswerType.PHOTO, 10),
    ]
    answers = {
        1: scoring.AnswerValue(passed=True),
        2: scoring.AnswerValue(passed=False),
        3: scoring.AnswerValue(score=Decimal("7.5")),
        4: scoring.AnswerValue(number=Decimal(0)),  # zero is an answer
        5: scoring.AnswerValue(text="ok"),
    }
    result = scoring.compute(items, answers, {6: 1})
    assert result.score == Decimal("37.50")  # 10 + 0 + 7.5 + 5 + 5 + 10
    assert result.max_score == Decimal("50.00")
    assert result.result == InspectionResult.PASSED  # 75% ≥ 60%
    assert result.failed_items == [2]
    assert result.missing_items == []


def test_scoring_fails_below_the_pass_share_and_lists_missing_answers():
    items = [_rule(1), _rule(2), _rule(3, AnswerType.PHOTO), _rule(4, AnswerType.TEXT)]
    answers = {1: scoring.AnswerValue(passed=True), 2: scoring.AnswerValue(passed=False)}
    answers[4] = scoring.AnswerValue(text="   ")  # blank text is no answer
    result = scoring.compute(items, answers, {})
    assert result.score == Decimal("10.00")
    assert result.result == InspectionResult.FAILED  # 25%
    assert result.missing_items == [3, 4]


def test_a_critical_failure_fails_a_high_score():
    items = [_rule(i, weight=10) for i in range(1, 11)] + [_rule(11, weight=1, critical=True)]
    answers = {i: scoring.AnswerValue(passed=True) for i in range(1, 11)}
    answers[11] = scoring.AnswerValue(passed=False)
    result = scoring.compute(items, answers, {})
    assert result.score == Decimal("100.00")
    assert result.critical_failed is True
    assert result.result == InspectionResult.FAILED


def test_a_score_item_below_its_share_is_a_failed_item():
    items = [_rule(1, AnswerType.SCORE, 10, critical=True)]
    assert scoring.compute(items, {1: scoring.AnswerValue(score=Decimal(6))}, {}).result == (
        InspectionResult.PASSED
    )
    low = scoring.compute(items, {1: scoring.AnswerValue(score=Decimal("5.99"))}, {})
    assert low.failed_items == [1]
    assert low.critical_failed


# -- check-in ------------------------------------------------------------------------------


def test_check_in_near_the_station_records_the_distance(world, cast):
    inspection, _ = world
    # ~111 m north of the station.
    svc.inspection_check_in(
        inspection=inspection,
        latitude="28.001",
        longitude="120.65",
        accuracy_m=12.4,
        acting_user=cast["inspector"],
    )
    inspection.refresh_from_db()
    assert inspection.check_in_distance_m == pytest.approx(111, abs=1)
    assert inspection.check_in_far is False
    assert inspection.check_in_accuracy_m == 12
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert inspection.version == 2
    assert AuditEntry.objects.filter(object_id=str(inspection.pk)).count() == 1


def test_a_far_check_in_is_flagged_not_refused(world, cast):
    inspection, _ = world
    svc.inspection_check_in(
        inspection=inspection, latitude="28.01", longitude="120.65", acting_user=cast["inspector"]
    )
    inspection.refresh_from_db()
    assert inspection.check_in_distance_m > CHECK_IN_FAR_METRES
    assert inspection.check_in_far is True
    assert inspection.checked_in_at is not None


def test_a_check_in_without_location_is_recorded_as_unknown(world, cast):
    inspection, _ = world
    svc.inspection_check_in(inspection=inspection, acting_user=cast["inspector"])
    inspection.refresh_from_db()
    assert inspection.checked_in_at is not None
    assert inspection.check_in_distance_m is None
    assert inspection.check_in_far is False


def test_a_check_in_with_a_nonsense_latitude_is_refused(world, cast):
    inspection, _ = world
    with pytest.raises(ValidationError, match="between -90 and 90"):
        svc.inspection_check_in(
            inspection=inspection, latitude="123", longitude="120", acting_user=cast["inspector"]
        )


# -- idempotent sync ---------------------------------------------------------------------


def test_a_resent_sync_changes_nothing_and_duplicates_nothing(world, cast):
    inspection, items = world
    answers = _all_passing(items)
    first = svc.inspection_save_answers(
        inspection=inspection, answers=answers, acting_user=cast["inspector"]
    )
    again = svc.inspection_save_answers(
        inspection=inspection, answers=answers, acting_user=cast["inspector"]
    )
    assert (first.saved, first.unchanged) == (5, 0)
    assert (again.saved, again.unchanged) == (0, 5)
    assert InspectionAnswer.objects.filter(inspection=inspection).count() == 5
    assert again.inspection.version == first.inspection.version  # nothing written


def test_an_older_offline_copy_never_overwrites_a_newer_answer(world, cast):
    inspection, items = world
    item = items["notice"].pk
    newer = {"item": item, "passed": True, "answered_at": "2019-06-03T10:05:00+08:00"}
    older = {"item": item, "passed": False, "answered_at": "2019-06-03T10:01:00+08:00"}
    svc.inspection_save_answers(
        inspection=inspection, answers=[newer], acting_user=cast["inspector"]
    )
    late = svc.inspection_save_answers(
        inspection=inspection, answers=[older], acting_user=cast["inspector"]
    )
    assert late.unchanged == 1
    assert InspectionAnswer.objects.get(inspection=inspection, item_id=item).passed is True


def test_a_changed_answer_is_updated_in_place(world, cast):
    inspection, items = world
    item = items["tidy"].pk
    svc.inspection_save_answers(
        inspection=inspection, answers=[{"item": item, "score": 9}], acting_user=cast["inspector"]
    )
    svc.inspection_save_answers(
        inspection=inspection, answers=[{"item": item, "score": 3}], acting_user=cast["inspector"]
    )
    answer = InspectionAnswer.objects.get(inspection=inspection, item_id=item)
    assert answer.score == Decimal(3)
    assert answer.passed is False  # below 60% of its weight


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"item": "x", "passed": True}, "not on this checklist"),
        ({"item": 999999, "passed": True}, "not on this checklist"),
        ({"item": True, "passed": True}, "not on this checklist"),
        ({"item": "tidy", "score": 11}, "between 0 and 10"),
        ({"item": "tidy", "score": "abc"}, "not a number"),
        ({"item": "licence", "passed": "yes"}, "pass or fail"),
        ({"item": "remarks", "text": "x" * 2001}, "at most 2000"),
    ],
)
def test_bad_answers_are_refused_with_a_message(world, cast, answer, message):
    inspection, items = world
    if answer["item"] in items:
        answer = {**answer, "item": items[answer["item"]].pk}
    with pytest.raises(ValidationError, match=message):
        svc.inspection_save_answers(
            inspection=inspection, answers=[answer], acting_user=cast["inspector"]
        )


# -- photos --------------------------------------------------------------------------------


def test_a_photo_resent_with_the_same_client_id_is_stored_once(world, cast):
    inspection, items = world
    client_id = uuid.uuid4()
    photo, created = inspection_media.inspection_photo_add(
        inspection=inspection,
        file=_photo(),
        client_id=client_id,
        item_id=items["front"].pk,
        acting_user=cast["inspector"],
    )
    again, created_again = inspection_media.inspection_photo_add(
        inspection=inspection,
        file=_photo(),
        client_id=str(client_id),
        item_id=items["front"].pk,
        acting_user=cast["inspector"],
    )
    assert (created, created_again) == (True, False)
    assert again.pk == photo.pk
    assert InspectionPhoto.objects.filter(inspection=inspection).count() == 1
    assert photo.file.name.endswith(".jpg")
    assert "p.jpg" not in photo.file.name  # stored under a random name
    assert photo.content_type == "image/jpeg"


def test_html_renamed_to_jpg_is_refused(world, cast):
    inspection, _ = world
    page = b"<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError, match="not a JPEG or PNG image"):
        inspection_media.inspection_photo_add(
            inspection=inspection,
            file=_photo("x.jpg", page),
            client_id=uuid.uuid4(),
            acting_user=cast["inspector"],
        )
    assert not InspectionPhoto.objects.exists()


# -- permission and scope ------------------------------------------------------------------


def test_staff_inspecting_the_district_may_fill_it_in_others_may_not(world, cast):
    inspection, items = world
    answer = [{"item": items["notice"].pk, "passed": True}]
    svc.inspection_save_answers(inspection=inspection, answers=answer, acting_user=cast["lucheng"])
    for role in ("ruian", "owner", "leader", "finance"):
        with pytest.raises(PermissionDenied):
            svc.inspection_save_answers(
                inspection=inspection, answers=answer, acting_user=cast[role]
            )


def test_another_inspector_or_one_outside_the_district_may_not(cast):
    template, items = field_checklist()
    answer = [{"item": items["notice"].pk, "passed": True}]
    outside = InspectionFactory(
        station=StationFactory(region=region("330381")),
        template=template,
        inspector=cast["inspector"],  # a 鹿城 inspector assigned to a 瑞安 station
    )
    colleague = UserFactory(role=Role.INSPECTOR, org_unit=branch("330302"))
    inside = InspectionFactory(
        station=StationFactory(region=region("330302")), template=template, inspector=colleague
    )
    for inspection in (outside, inside):
        with pytest.raises(PermissionDenied):
            svc.inspection_save_answers(
                inspection=inspection, answers=answer, acting_user=cast["inspector"]
            )
    assert (
        svc.inspection_save_answers(inspection=inside, answers=answer, acting_user=colleague).saved
        == 1
    )


# -- submit ----------------------------------------------------------------------------------


def test_submit_scores_and_issues_orders_for_failed_items(world, cast):
    inspection, items = world
    answers = _all_passing(items)
    answers[1] = {"item": items["notice"].pk, "passed": False, "comment": "未张贴"}
    _ready(inspection, items, cast["inspector"], answers)
    svc.inspection_submit(
        inspection=inspection, acting_user=cast["inspector"], on=datetime.date(2019, 6, 3)
    )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SUBMITTED
    assert inspection.score == Decimal("38.00")  # 10 + 0 + 8 + 5 + 5 + 10
    assert inspection.max_score == Decimal("50.00")
    assert inspection.result == InspectionResult.PASSED  # 76%, no critical failure
    order = RectificationOrder.objects.get(inspection=inspection)
    assert order.item_id == items["notice"].pk
    assert order.problem == "未张贴"


def test_submit_fails_on_a_critical_item(world, cast):
    inspection, items = world
    answers = _all_passing(items)
    answers[0] = {"item": items["licence"].pk, "passed": False}
    _ready(inspection, items, cast["inspector"], answers)
    svc.inspection_submit(inspection=inspection, acting_user=cast["inspector"])
    inspection.refresh_from_db()
    assert inspection.result == InspectionResult.FAILED
    assert inspection.critical_failed is True
    assert RectificationOrder.objects.filter(inspection=inspection).count() == 1


def test_submit_refuses_missing_answers_photos_and_signature(world, cast):
    inspection, items = world
    svc.inspection_save_answers(
        inspection=inspection, answers=_all_passing(items)[:2], acting_user=cast["inspector"]
    )
    with pytest.raises(ValidationError) as error:
        svc.inspection_submit(inspection=inspection, acting_user=cast["inspector"])
    text = " ".join(error.value.messages)
    assert "A03" in text and "B03" in text  # the score item and the photo item
    assert "Check in" in text
    assert "signed" in text
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS


def test_a_mystery_shopper_visit_needs_no_signature(cast):
    template, items = field_checklist(kind=InspectionKind.MYSTERY)
    inspection = InspectionFactory(
        template=template, inspector=cast["inspector"], kind=InspectionKind.MYSTERY
    )
    user = cast["inspector"]
    svc.inspection_check_in(inspection=inspection, acting_user=user)
    svc.inspection_save_answers(
        inspection=inspection, answers=_all_passing(items), acting_user=user
    )
    inspection_media.inspection_photo_add(
        inspection=inspection,
        file=_photo(),
        client_id=None,
        item_id=items["front"].pk,
        acting_user=user,
    )
    assert svc.inspection_submit(inspection=inspection, acting_user=user).status == "submitted"


def test_a_submitted_inspection_is_read_only(world, cast):
    inspection, items = world
    _ready(inspection, items, cast["inspector"])
    svc.inspection_submit(inspection=inspection, acting_user=cast["inspector"])
    with pytest.raises(ValidationError, match="can no longer be changed"):
        svc.inspection_save_answers(
            inspection=inspection,
            answers=[{"item": items["notice"].pk, "passed": False}],
            acting_user=cast["inspector"],
        )
    with pytest.raises(ValidationError, match="can no longer be changed"):
        svc.inspection_cancel(inspection=inspection, reason="x", acting_user=cast["inspector"])


def test_a_stale_version_is_refused_on_submit(world, cast):
    inspection, items = world
    _ready(inspection, items, cast["inspector"])
    with pytest.raises(ValidationError, match="another device"):
        svc.inspection_submit(
            inspection=inspection, acting_user=cast["inspector"], expected_version=1
        )


def test_cancel_needs_a_reason(world, cast):
    inspection, _ = world
    with pytest.raises(ValidationError):
        svc.inspection_cancel(inspection=inspection, reason=" ", acting_user=cast["inspector"])
    svc.inspection_cancel(inspection=inspection, reason="站点已停业", acting_user=cast["inspector"])
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CANCELLED
    assert inspection.cancel_reason == "站点已停业"
