"""The staff application lists cost a fixed number of queries and decrypt no ID or phone
number (the table shows neither)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.core import crypto
from fucai.recruitment.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["recruitment:application_list", "recruitment:queue"])
def test_the_lists_cost_the_same_queries_for_3_or_40_rows_and_decrypt_nothing(
    client, cast, monkeypatch, name
):
    client.force_login(cast["stations"])
    ApplicationFactory.create_batch(3, status="submitted")
    url = reverse(name)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    ApplicationFactory.create_batch(37, status="submitted")

    def refuse(token):
        raise AssertionError("the list decrypted a value it does not show")

    monkeypatch.setattr(crypto, "decrypt", refuse)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(few) == len(many)
    assert response.content.decode().count('data-testid="application-row"') == 40
