import pytest
from django.urls import reverse

from fucai.core.models import AuditEntry
from fucai.core.tests.factories import id_number, region

from ..models import Beneficiary
from .factories import ActivityFactory, GrantApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_beneficiary_pages_show_masks_only(client, cast):
    person = Beneficiary.objects.create(
        name="王五", id_number=id_number(5), phone="13911112222", region=region("330302"),
        category="poor",
    )  # fmt: skip
    client.force_login(cast["leader"])
    for url in (reverse("charity:beneficiaries"), reverse("charity:beneficiary", args=[person.pk])):
        html = client.get(url).content.decode()
        assert person.id_number_masked in html
        assert id_number(5) not in html and "13911112222" not in html
    export = client.get(reverse("charity:beneficiaries"), {"export": "xlsx"})
    assert export.status_code == 200
    assert client.post(reverse("charity:beneficiary_reveal", args=[person.pk])).status_code == 403


def test_revealing_is_post_only_and_audited(client, cast):
    person = Beneficiary.objects.create(
        name="王五", id_number=id_number(5), region=region("330302"), category="poor"
    )
    client.force_login(cast["charity"])
    url = reverse("charity:beneficiary_reveal", args=[person.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert id_number(5) in response.content.decode()
    assert AuditEntry.objects.filter(action="reveal", object_id=str(person.pk)).count() == 1


def test_registering_a_known_id_number_opens_the_existing_record(client, cast):
    person = Beneficiary.objects.create(
        name="王五", id_number=id_number(5), region=region("330302"), category="poor"
    )
    client.force_login(cast["charity"])
    region_pk = region("330302").pk
    response = client.post(
        reverse("charity:beneficiary_create"),
        {"name": "王五", "id_number": id_number(5), "region": region_pk, "category": "poor"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("charity:beneficiary", args=[person.pk])
    assert Beneficiary.objects.count() == 1


def test_the_activity_list_takes_a_few_queries(client, cast, django_assert_max_num_queries):
    for _ in range(30):
        ActivityFactory()
    client.force_login(cast["leader"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("charity:activities"))
    assert response.status_code == 200
    assert response.content.decode().count("走访慰问困难群众") == 30


def test_the_application_page_masks_identity_and_account(client, cast):
    application = GrantApplicationFactory()
    client.force_login(cast["charity"])
    html = client.get(reverse("charity:application", args=[application.tracking_code])).content
    html = html.decode()
    assert application.id_number not in html and application.bank_account not in html
    assert application.bank_account_masked in html


def test_the_api_summary_and_lists(client, cast):
    ActivityFactory(spending_fen=12_300)
    client.force_login(cast["finance"])
    summary = client.get("/api/charity/summary", {"year": 2019}).json()
    assert summary == {"year": 2019, "activities": 1, "beneficiaries": 0, "spent_fen": 12_300}
    page = client.get("/api/charity/activities", {"year": 2019, "series": "福彩暖万家"}).json()
    assert page["count"] == 1 and page["items"][0]["spending_fen"] == 12_300
    assert client.get("/api/charity/beneficiaries").status_code == 403
    bad = client.get("/api/charity/summary", {"year": "x"})
    assert bad.status_code == 422 and "detail" in bad.json()
    client.logout()
    programmes = client.get("/api/grants/programmes").json()
    assert set(programmes) == {"count", "items"}
