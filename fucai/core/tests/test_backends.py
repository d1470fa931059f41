"""The site's authentication backend loads a signed-in user with their org unit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.core.tests.factories import PASSWORD


def test_a_staff_page_reads_the_users_org_unit_with_the_user(client, cast):
    assert client.login(username="lucheng", password=PASSWORD)  # authenticate(), as the site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("stations:list"))
    assert response.status_code == 200
    assert str(cast["lucheng"].org_unit) in response.content.decode()  # the user menu
    separate = [q["sql"] for q in queries.captured_queries if 'FROM "core_orgunit"' in q["sql"]]
    assert separate == []
    assert any('JOIN "core_orgunit"' in q["sql"] for q in queries.captured_queries)


def test_an_inactive_users_session_signs_nobody_in(client, cast):
    user = cast["leader"]
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("stations:list"))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]
