"""The insurance cover kept on each station (cover.py): derived again whenever a policy
is added, renewed, changed or removed, and right on later days without any write."""

import datetime
import random
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.stations import cover, selectors, services
from fucai.stations.models import Station
from fucai.stations.tasks import refresh_insurance_cover
from fucai.stations.tests.factories import InsurancePolicyFactory, StationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def add_policy(user, station, starts: int, ends: int, number: str):
    return services.insurance_add(
        acting_user=user,
        station=station,
        insurer="人保财险",
        policy_number=number,
        coverage_fen=100_000_000,
        starts_on=days(starts),
        ends_on=days(ends),
    )


def state(station, on_day: int = 0) -> str:
    """The badge's state of ``station`` on day ``on_day``, from the stored dates only."""
    station = Station.objects.get(pk=station.pk)
    on = days(on_day)
    return selectors.insurance_state(*cover.station_cover_on(station, on), on)


def exact(station, on_day: int) -> tuple[bool, datetime.date | None]:
    """What the policies themselves say on day ``on_day``."""
    on = days(on_day)
    spans = list(station.insurance_policies.values_list("starts_on", "ends_on"))
    insured = any(s <= on <= e for s, e in spans)
    ends = [e for _s, e in spans if e >= on]
    return insured, max(ends) if ends else None


def test_periods_join_overlapping_and_back_to_back_policies():
    d = days
    spans = [
        (d(-300), d(-100)),
        (d(-50), d(10)),
        (d(11), d(100)),
        (d(90), d(200)),
        (d(300), d(400)),
    ]
    assert cover.cover_periods(spans, TODAY) == [(d(-50), d(200)), (d(300), d(400))]
    assert cover.cover_fields(spans, TODAY) == {
        "insurance_from": d(-50),
        "insurance_to": d(200),
        "insurance_resumes_on": d(300),
        "insurance_until": d(400),
    }
    assert cover.cover_fields([(d(-300), d(-1))], TODAY) == dict.fromkeys(cover.FIELDS)


def test_a_policy_added_renewed_and_run_out(cast):
    user = cast["stations"]
    station = StationFactory(status="active")
    assert state(station) == "missing"
    add_policy(user, station, -340, 20, "P-1")
    assert state(station) == "expiring"  # ends within 30 days
    assert state(station, 21) == "missing"  # ran out, nothing written since
    add_policy(user, station, 21, 385, "P-2")  # renewed, back to back
    assert state(station) == "ok" and state(station, 21) == "ok"
    assert state(station, 360) == "expiring" and state(station, 386) == "missing"


def test_a_renewal_after_a_gap_starts_on_its_day(cast):
    station = StationFactory(status="active")
    add_policy(cast["stations"], station, -300, 10, "P-1")
    add_policy(cast["stations"], station, 20, 380, "P-2")
    station.refresh_from_db()
    assert (station.insurance_from, station.insurance_to) == (days(-300), days(10))
    assert (station.insurance_resumes_on, station.insurance_until) == (days(20), days(380))
    assert [state(station, n) for n in (0, 10, 11, 19, 20, 380, 381)] == [
        "ok",  # the signed renewal counts
        "ok",
        "missing",  # the gap
        "missing",
        "ok",
        "expiring",
        "missing",
    ]


def test_policies_changed_or_deleted_outside_the_services_are_followed(cast):
    station = StationFactory(status="active")
    policy = InsurancePolicyFactory(station=station, starts_on=days(-10), ends_on=days(300))
    assert state(station) == "ok"
    policy.ends_on = days(5)  # as the admin's inline saves it
    policy.save()
    assert state(station) == "expiring"
    policy.delete()
    assert state(station) == "missing"
    station.refresh_from_db()
    assert all(getattr(station, name) is None for name in cover.FIELDS)


def test_the_stored_cover_agrees_with_the_policies_on_every_later_day(cast):
    """Random policies of many stations, up to two periods of cover ahead: on every day
    of the next two years the stored dates say what the policies say."""
    rng = random.Random(7)
    stations = StationFactory.create_batch(30, status="active")
    for station in stations:
        start = rng.randint(-400, 60)
        for _ in range(rng.randint(0, 3)):
            end = start + rng.randint(0, 400)
            InsurancePolicyFactory(station=station, starts_on=days(start), ends_on=days(end))
            start = end + rng.choice([1, 1, 2, 30])
    for station in stations:
        station.refresh_from_db()
        periods = cover.cover_periods(
            station.insurance_policies.values_list("starts_on", "ends_on"), TODAY
        )
        for n in range(0, 730, 3):
            if len(periods) <= 2 or n == 0:
                assert cover.station_cover_on(station, days(n)) == exact(station, n), (n, periods)


def test_three_periods_ahead_are_right_again_after_the_nightly_refresh(cast):
    station = StationFactory(status="active")
    for starts, ends in [(-10, 10), (20, 30), (40, 50)]:
        InsurancePolicyFactory(station=station, starts_on=days(starts), ends_on=days(ends))
    schedule = settings.CELERY_BEAT_SCHEDULE["refresh-insurance-cover"]
    assert schedule["task"] == refresh_insurance_cover.name
    assert schedule["schedule"].hour == {0}  # every night
    assert state(station, 25) == "missing"  # the middle period is not described ...
    assert refresh_insurance_cover() == 0  # ... until the day it is the current one:
    assert cover.insurance_cover_refresh(on=days(15)) == 1
    assert state(station, 25) == "expiring"
    assert cover.station_cover_on(Station.objects.get(pk=station.pk), days(45)) == exact(
        station, 45
    )


def test_a_derived_change_is_no_edit_of_the_station(cast):
    station = StationFactory(status="active")
    version, updated_at = station.version, station.updated_at
    policy = add_policy(cast["stations"], station, -1, 300, "P-1")
    station.refresh_from_db()
    assert station.insurance_until == days(300)
    assert (station.version, station.updated_at) == (version, updated_at)
    assert not audit.history_for(station).exists()  # the policy's creation is audited
    assert audit.history_for(policy).get().action == AuditAction.CREATE
    assert not set(cover.FIELDS) & set(audit.snapshot(station))


def test_the_list_reads_the_badge_on_the_day_it_is_shown(client, cast, monkeypatch):
    station = StationFactory(status="active", name="月底到期")
    add_policy(cast["stations"], station, -300, 20, "P-1")
    client.force_login(cast["leader"])
    body = client.get(reverse("stations:list")).content.decode()
    assert body.count('data-insurance="expiring"') == 1
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: days(21))
    body = client.get(reverse("stations:list")).content.decode()
    assert body.count('data-insurance="missing"') == 1 and "expiring" not in body


@pytest.mark.django_db(transaction=True)
def test_two_policies_added_at_once_are_both_counted(cast):
    """The station's row is locked before its policies are read, so of two policies
    added at the same moment the second to commit sees the first."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes whole transactions; the row lock is PostgreSQL's")
    station = StationFactory(status="active")
    barrier = threading.Barrier(2)
    errors = []

    def worker(number, starts, ends):
        from django.db import connections

        try:
            barrier.wait()
            add_policy(cast["stations"], station, starts, ends, number)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=("P-1", -100, 10)),
        threading.Thread(target=worker, args=("P-2", 40, 400)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    station.refresh_from_db()
    assert (station.insurance_from, station.insurance_to) == (days(-100), days(10))
    assert (station.insurance_resumes_on, station.insurance_until) == (days(40), days(400))
