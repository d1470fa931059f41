"""Places left per district for a whole page in two queries (selectors.quota_rows),
agreeing with the per-district selectors it replaces on list pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.core.tests.factories import region
from fucai.recruitment import selectors
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

REGIONS = ["330302", "330303", "330304", "330381"]


def _call(statuses_by_district: dict[str, list[str]], places: int = 1):
    call = CallFactory(quotas=dict.fromkeys(statuses_by_district, places))
    for code, statuses in statuses_by_district.items():
        for status in statuses:
            ApplicationFactory(call=call, region=region(code), status=status)
    return call


def test_quota_rows_agree_with_the_per_district_selectors():
    call = _call(
        {
            "330302": [S.APPROVED, S.APPROVED, S.SUBMITTED],  # over-held: negative
            "330303": [S.NOTICE_PASSED, S.NOTICE_PASSED],  # oversubscribed
            "330304": [S.NOTICE_PASSED, S.CONTRACT_SIGNED, S.REJECTED],
            "330381": [],
        }
    )
    other = _call({"330302": [S.STATION_CREATED]}, places=3)
    rows = selectors.quota_rows([call, other])
    assert [row["region"].code for row in rows[call.pk]] == sorted(
        REGIONS, key=lambda code: (region(code).sort_order, region(code).pk)
    )
    for each in (call, other):
        for row in rows[each.pk]:
            assert row["remaining"] == selectors.remaining_quota(each, row["region"])
            assert row["oversubscribed"] == selectors.is_oversubscribed(each, row["region"])
    remaining = {row["region"].code: row["remaining"] for row in rows[call.pk]}
    assert remaining == {"330302": -1, "330303": 1, "330304": 0, "330381": 1}
    assert [row["remaining"] for row in rows[other.pk]] == [2]


def test_quota_rows_take_two_queries_for_any_number_of_calls(django_assert_num_queries):
    calls = [_call(dict.fromkeys(REGIONS, (S.APPROVED,))) for _ in range(3)]
    with django_assert_num_queries(2):
        selectors.quota_rows(calls)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_staff_call_page_and_the_api_do_not_query_per_district(client, cast):
    small = _call({"330302": [S.APPROVED]})
    client.force_login(cast["admin"])
    staff_one = _count(client, reverse("recruitment:call_detail", args=[small.pk]))
    api_one = _count(client, "/api/recruitment/calls")
    big = _call(dict.fromkeys(REGIONS, (S.APPROVED, S.NOTICE_PASSED)))
    _call(dict.fromkeys(REGIONS, (S.APPROVED,)))
    assert _count(client, reverse("recruitment:call_detail", args=[big.pk])) == staff_one
    assert _count(client, "/api/recruitment/calls") == api_one
