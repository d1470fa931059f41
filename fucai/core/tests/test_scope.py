"""The one scoping point: regions_visible for choices, require_region and
require_in_scope for writes, and ScopedQuerySet's region paths and staff-hidden rows."""

import pytest
from django.core.exceptions import PermissionDenied

from fucai.core import scope
from fucai.core.tests.factories import region
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

pytestmark = pytest.mark.django_db


def _codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_regions_visible_are_the_users_county_regions(cast):
    assert _codes(scope.regions_visible(cast["lucheng"])) == {"330302"}
    assert _codes(scope.regions_visible(cast["inspector"])) == {"330302"}
    city = _codes(scope.regions_visible(cast["leader"]))
    assert {"330302", "330381", "330383"} <= city and "3303" not in city
    for role in ("owner", "applicant", "outsider"):
        assert not scope.regions_visible(cast[role]).exists()


def test_require_region_refuses_a_district_outside_the_scope(cast):
    scope.require_region(cast["lucheng"], region("330302"))
    scope.require_region(cast["stations"], region("330381"))
    for user, code in (("lucheng", "330381"), ("ruian", "330302"), ("owner", "330381")):
        with pytest.raises(PermissionDenied):
            scope.require_region(cast[user], region(code))
    with pytest.raises(PermissionDenied):
        scope.require_region(cast["lucheng"], None)


def test_require_in_scope_follows_the_models_visible_to(cast):
    mine = StationFactory(region=region("330381"), owner=StationOwnerFactory(user=cast["owner"]))
    other = StationFactory(region=region("330381"))
    scope.require_in_scope(cast["ruian"], other)
    scope.require_in_scope(cast["owner"], mine)
    for user, station in (("lucheng", other), ("owner", other), ("outsider", mine)):
        with pytest.raises(PermissionDenied):
            scope.require_in_scope(cast[user], station)
    with pytest.raises(PermissionDenied):
        scope.require_in_scope(cast["stations"], Station(region=region("330302")))  # unsaved


def test_a_row_with_two_region_paths_is_in_scope_by_either(cast):
    from fucai.sales.models import SalesTarget

    by_district = SalesTarget.objects.create(year=2019, region=region("330302"), amount_fen=1)
    by_station = SalesTarget.objects.create(
        year=2019, station=StationFactory(region=region("330302")), amount_fen=1
    )
    SalesTarget.objects.create(year=2019, region=region("330381"), amount_fen=1)
    assert set(SalesTarget.objects.visible_to(cast["lucheng"])) == {by_district, by_station}
    assert SalesTarget.objects.visible_to(cast["finance"]).count() == 3
