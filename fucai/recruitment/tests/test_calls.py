import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.core.models import AuditEntry
from fucai.recruitment import services
from fucai.recruitment.choices import CallStatus
from fucai.recruitment.models import School

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _create(user, **extra):
    fields = {
        "title": "2019年温州市福利彩票投注站常态化征召公告",
        "opens_on": datetime.date(2019, 3, 1),
        "required_documents": ["id_card", "premises_proof"],
    }
    fields.update(extra)
    return services.call_create(acting_user=user, quotas={"330302": 5, "330381": 3}, **fields)


def test_a_call_is_created_with_defaults_published_and_closed(cast):
    call = _create(cast["stations"])
    assert (call.min_age, call.max_age, call.notice_days) == (18, 60, 7)
    assert call.min_area_for("dedicated") == Decimal("10")
    assert call.min_area_for("combined") == Decimal("20")
    assert call.min_area_for("flagship") == Decimal("60")
    assert (call.min_distance_station_m, call.min_distance_combined_m) == (150, 300)
    assert call.min_distance_school_m == 200 and call.closes_on is None
    assert dict(call.quotas.values_list("region__code", "quota")) == {"330302": 5, "330381": 3}
    services.call_publish(acting_user=cast["stations"], call=call)
    services.call_close(acting_user=cast["admin"], call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED and call.published_at and call.closed_at
    assert AuditEntry.objects.filter(object_id=str(call.pk), action="transition").count() == 2


def test_only_call_managers_manage_calls(cast):
    for role in ("lucheng", "inspector", "leader", "applicant"):
        with pytest.raises(PermissionDenied):
            _create(cast[role])


def test_a_published_calls_conditions_are_frozen(cast):
    call = CallFactory()
    services.call_update(acting_user=cast["stations"], call=call, body="补充说明")
    with pytest.raises(ValidationError) as error:
        services.call_update(acting_user=cast["stations"], call=call, min_age=20)
    assert error.value.code == "call_published"


def test_draft_calls_can_change_and_quotas_are_audited(cast):
    call = _create(cast["stations"])
    services.call_update(acting_user=cast["stations"], call=call, quotas={"330302": 1}, max_age=50)
    entry = AuditEntry.objects.filter(object_id=str(call.pk), action="update").first()
    assert entry.changes["quotas"]["new"] == {"330302": 1}
    assert entry.changes["max_age"]["new"] == 50


def test_unknown_documents_and_bad_ages_are_refused(cast):
    with pytest.raises(ValidationError):
        _create(cast["stations"], required_documents=["passport"])
    with pytest.raises(ValidationError):
        _create(cast["stations"], min_age=40, max_age=30)


def test_a_call_cannot_be_published_twice_or_without_places(cast):
    call = services.call_create(
        acting_user=cast["stations"], title="t", opens_on=datetime.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.call_publish(acting_user=cast["stations"], call=call)
    assert error.value.code == "no_quota"
    published = CallFactory()
    with pytest.raises(ValidationError) as error:
        services.call_publish(acting_user=cast["stations"], call=published)
    assert error.value.code == "invalid_transition"


CSV_OK = (
    "名称,区县代码,纬度,经度\n"
    "五马小学,330302,27.9951,120.6543\n"
    "安阳实验小学,330381,27.7800,120.6500\n"
)


def test_schools_import_from_csv(cast):
    count = services.schools_import_csv(
        acting_user=cast["stations"], file=SimpleUploadedFile("s.csv", CSV_OK.encode("utf-8-sig"))
    )
    assert count == 2
    school = School.objects.get(name="五马小学")
    assert school.region.code == "330302" and school.latitude == Decimal("27.995100")
    assert AuditEntry.objects.filter(action="import").exists()


def test_english_headers_and_gbk_work_too(cast):
    text = "name,region,lat,lng\n瓯海中学,330304,27.96,120.63\n"
    services.schools_import_csv(
        acting_user=cast["stations"], file=SimpleUploadedFile("s.csv", text.encode("gbk"))
    )
    assert School.objects.get().name == "瓯海中学"


def test_a_bad_row_refuses_the_whole_file_with_every_error(cast):
    text = CSV_OK + ",330302,27.9,120.6\n坏学校,999999,27.9,120.6\n远方学校,330302,north,120.6\n"
    with pytest.raises(ValidationError) as error:
        services.schools_import_csv(
            acting_user=cast["stations"], file=SimpleUploadedFile("s.csv", text.encode())
        )
    assert [m.split(":")[0] for m in error.value.messages] == ["Row 4", "Row 5", "Row 6"]
    assert not School.objects.exists()


def test_a_missing_column_is_named(cast):
    with pytest.raises(ValidationError) as error:
        services.schools_import_csv(
            acting_user=cast["stations"],
            file=SimpleUploadedFile("s.csv", b"name,region\nx,330302\n"),
        )
    assert error.value.code == "missing_column"
