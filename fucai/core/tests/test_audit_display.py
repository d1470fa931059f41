"""The audit log in the center's words: field labels, choice labels, yuan, local time,
and only real changes (no time-zone or decimal-scale no-ops)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone

from fucai.core import audit
from fucai.core.models import AuditEntry
from fucai.stations.models import InsurancePolicy, Station
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def _entry(obj, changes, action="update"):
    return AuditEntry.objects.create(
        actor_name="tester",
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj),
        changes=changes,
    )


def _render(entry) -> str:
    return Template("{% load fucai %}{% changes entry %}").render(Context({"entry": entry}))


def test_same_value_ignores_time_zone_and_decimal_scale():
    assert audit.same_value("2025-01-01T02:00:00+00:00", "2025-01-01T10:00:00+08:00")
    assert audit.same_value("12.50", "12.5")
    assert audit.same_value(None, "")
    assert not audit.same_value("12.50", "12.51")
    assert not audit.same_value("0330", "330")  # codes are not numbers
    assert not audit.same_value("2025-01-01T02:00:00+00:00", "2025-01-01T02:00:00+08:00")


def test_diff_drops_no_op_changes():
    before = {"premises_area": "12.50", "name": "甲", "at": "2025-01-01T02:00:00+00:00"}
    after = {"premises_area": "12.5", "name": "乙", "at": "2025-01-01T10:00:00+08:00"}
    assert set(audit.diff(Station, before, after)) == {"name"}


def test_snapshot_is_canonical_for_decimals_and_datetimes():
    station = StationFactory(premises_area=Decimal("12.5"))
    typed = audit.snapshot(station, ["premises_area", "created_at"])
    station.refresh_from_db()
    assert audit.snapshot(station, ["premises_area"]) == {"premises_area": "12.50"}
    assert typed["premises_area"] == "12.50"
    utc = datetime.datetime(2025, 1, 1, 2, tzinfo=datetime.UTC)
    assert audit._plain(utc) == audit._plain(timezone.localtime(utc))


def test_an_old_entry_shows_labels_yuan_and_only_real_changes(cast):
    station = StationFactory()
    with transaction.atomic():
        policy = InsurancePolicy.objects.create(
            station=station,
            insurer="人保",
            policy_number="P-1",
            coverage_fen=100,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
    entry = _entry(
        policy,
        {
            "coverage_fen": {"label": "coverage", "old": 50000000, "new": 123456789},
            "starts_on": {"label": "start date", "old": "2025-01-01", "new": "2025-01-01"},
            "created_at": {
                "label": "created",
                "old": "2025-01-01T02:00:00+00:00",
                "new": "2025-01-01T10:00:00+08:00",
            },
        },
    )
    html = _render(entry)
    assert "¥500,000.00" in html and "¥1,234,567.89" in html
    assert "50000000" not in html and "123456789" not in html
    assert "保额" in html and "coverage" not in html
    assert "2025-01-01" not in html  # the no-op date and datetime lines are gone


def test_choice_codes_show_as_labels_and_dicts_readably(cast):
    station = StationFactory()
    entry = _entry(
        station,
        {
            "status": {"label": "status", "old": "preparing", "new": "active"},
            "rerun": [None, {"鹿城区": 3, "瑞安市": 2}],
        },
    )
    html = _render(entry)
    assert "preparing" not in html and "active" not in html
    assert "筹建" in html and "状态" in html
    assert "{" not in html and "鹿城区：3" in html


def test_keyed_hashes_are_neither_recorded_nor_shown_and_checks_show_their_verdict(cast):
    from fucai.stations.models import StationOwner

    station = StationFactory()
    assert not any(name.endswith("_digest") for name in audit.snapshot(station.owner))
    entry = _entry(
        station.owner,
        {
            "id_number_digest": {"label": "id number digest", "old": None, "new": "ab" * 32},
            "name": {"label": "name", "old": None, "new": "张伟"},
        },
        action="create",
    )
    assert StationOwner._meta.get_field("id_number_digest")
    html = _render(entry)
    assert "digest" not in html and "abab" not in html and "张伟" in html
    check = {"passed": False, "rules": [{"code": "age", "value": 70}]}
    entry = _entry(station, {"name": {"label": "x", "old": {}, "new": check}})
    html = _render(entry)
    assert "不符合条件" in html and "rules" not in html and "{" not in html
