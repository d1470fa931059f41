"""The welfare pages: the ledger (balances, Excel), accrual and closing from the pages,
projects with money at a glance, requests and the approvals inbox, the disclosure flow
from generation to publication, the API summary."""

import datetime

import pytest
from django.urls import reverse

from fucai.core.choices import Role
from fucai.core.tests.factories import UserFactory
from fucai.sales.tests.test_selectors import build_world
from fucai.welfare import services
from fucai.welfare.choices import ApprovalState, DisclosureState
from fucai.welfare.models import Disbursement, Disclosure, LedgerPeriod

from .factories import funded_project

pytestmark = pytest.mark.django_db


def test_the_ledger_page_shows_balances_and_exports(client, cast):
    funded_project(cast)
    client.force_login(cast["finance"])
    response = client.get(reverse("welfare:ledger"), {"year": 2019})
    assert response.status_code == 200
    assert "拨入" in response.content.decode()
    export = client.get(reverse("welfare:ledger"), {"year": 2019, "export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_finance_books_the_accrual_and_closes_a_month(client, cast):
    build_world(cast)
    client.force_login(cast["finance"])
    response = client.post(reverse("welfare:accrue"), {"year": "2019"})
    assert response.status_code == 302
    period = LedgerPeriod.objects.get(year=2019, month=1)
    assert period.entries.count() == 1
    client.post(reverse("welfare:period_close", args=[period.pk]))
    assert LedgerPeriod.objects.get(pk=period.pk).is_closed


def test_charity_requests_a_payment_and_the_inbox_shows_it_to_the_next_role(client, cast):
    project = funded_project(cast)
    client.force_login(cast["charity"])
    response = client.post(
        reverse("welfare:money_request", args=[project.pk, "payment"]),
        {"amount_fen": "1000.50", "payee": "敬老院", "paid_on": "2019-05-01", "purpose": "慰问"},
    )
    assert response.status_code == 302
    payment = Disbursement.objects.get(project=project)
    assert payment.amount_fen == 100_050
    other = UserFactory(role=Role.CHARITY)
    client.force_login(other)
    page = client.get(reverse("welfare:approvals")).content.decode()
    assert "敬老院" in page
    client.post(reverse("welfare:decide", args=["payment", payment.pk]), {"approve": "1"})
    client.force_login(cast["finance"])
    client.post(reverse("welfare:decide", args=["payment", payment.pk]), {"approve": "1"})
    assert Disbursement.objects.get(pk=payment.pk).state == ApprovalState.APPROVED
    detail = client.get(reverse("welfare:project", args=[project.pk]))
    assert detail.context["money"]["spent_fen"] == 100_050


def test_an_over_budget_payment_is_refused_with_a_message(client, cast):
    project = funded_project(cast, allocate_fen=1_000)
    client.force_login(cast["charity"])
    response = client.post(
        reverse("welfare:money_request", args=[project.pk, "payment"]),
        {"amount_fen": "500", "payee": "x", "paid_on": "2019-05-01", "purpose": "y"},
        follow=True,
    )
    assert not Disbursement.objects.exists()
    assert "已拨未付" in response.content.decode()


def test_the_disclosure_goes_from_draft_to_published(client, cast):
    build_world(cast)
    services.accrual_book_year(
        acting_user=cast["finance"], year=2019, until=datetime.date(2020, 1, 1)
    )
    project = funded_project(cast, name="敬老院项目")
    services.disbursement_record_approved(
        acting_user=cast["charity"],
        project=project,
        amount_fen=300_000,
        payee="敬老院",
        paid_on=datetime.date(2019, 6, 1),
        purpose="食堂",
    )
    client.force_login(cast["finance"])
    client.post(reverse("welfare:disclosure_generate"), {"year": "2019"})
    disclosure = Disclosure.objects.get(year=2019)
    assert disclosure.figures["spent_fen"] == 300_000
    assert disclosure.figures["projects"][0]["name"] == "敬老院项目"
    client.post(reverse("welfare:disclosure_action", args=[2019, "submit"]))
    # The preparer cannot approve (finance has no approve-disclosure right anyway).
    client.post(reverse("welfare:disclosure_action", args=[2019, "approve"]))
    assert Disclosure.objects.get(year=2019).state == DisclosureState.IN_REVIEW
    client.force_login(cast["leader"])
    client.post(reverse("welfare:disclosure_action", args=[2019, "approve"]))
    client.post(reverse("welfare:disclosure_action", args=[2019, "publish"]))
    disclosure = Disclosure.objects.get(year=2019)
    assert disclosure.state == DisclosureState.PUBLISHED and disclosure.pdf
    client.logout()
    public = client.get(reverse("portal:disclosure", args=[2019]))
    assert public.status_code == 200 and "敬老院项目" in public.content.decode()
    pdf = client.get(reverse("portal:disclosure_pdf", args=[2019]))
    assert pdf["Content-Type"] == "application/pdf"
    flow = client.get(reverse("portal:money_flow"), {"year": 2019})
    assert flow.context["flow"]["figures"]["spent_fen"] == 300_000
    assert sum(row["spent_fen"] for row in flow.context["flow"]["rows"]) == 300_000


def test_an_unpublished_disclosure_is_not_public(client, cast):
    Disclosure.objects.create(year=2019, figures={})
    assert client.get(reverse("portal:disclosure", args=[2019])).status_code == 404
    assert client.get(reverse("portal:money_flow"), {"year": "abc"}).status_code == 404


def test_the_api_summary_equals_the_sales_summary(client, cast):
    build_world(cast)
    services.accrual_book_year(
        acting_user=cast["finance"], year=2019, until=datetime.date(2020, 1, 1)
    )
    client.force_login(cast["leader"])
    welfare = client.get("/api/welfare/summary", {"year": 2019}).json()
    sales = client.get("/api/sales/summary", {"year": 2019}).json()
    assert welfare["raised_fen"] == sales["welfare_fund_fen"]
    assert set(welfare["by_category"]) >= {"elderly", "disabled", "orphans", "poor"}
    bad = client.get("/api/welfare/summary", {"year": "x"})
    assert bad.status_code == 422 and "detail" in bad.json()
    client.force_login(cast["marketing"])
    assert client.get("/api/welfare/summary", {"year": 2019}).status_code == 403


def test_the_inbox_costs_the_same_for_one_request_or_many(
    client, cast, django_assert_max_num_queries
):
    project = funded_project(cast)
    for n in range(6):
        services.disbursement_request(
            acting_user=cast["charity"],
            project=project,
            amount_fen=1_000 + n,
            payee="x",
            paid_on=datetime.date(2019, 5, 1),
            purpose="y",
        )
    client.force_login(cast["finance"])
    client.get(reverse("welfare:approvals"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("welfare:approvals"))
    assert len(response.context["others"]) == 6  # awaiting the department first
    assert "待" in response.content.decode()


def test_the_leaderships_inbox_lists_the_disclosure_waiting_for_it(client, cast):
    disclosure = services.disclosure_generate(acting_user=cast["finance"], year=2019, reach={})
    client.force_login(cast["leader"])
    assert not client.get(reverse("welfare:approvals")).context["disclosures"]
    services.disclosure_transition(
        acting_user=cast["finance"], disclosure=disclosure, action="submit"
    )
    html = client.get(reverse("welfare:approvals")).content.decode()
    assert reverse("welfare:disclosure", args=[2019]) in html and "待您审批" in html
    # Finance prepares it and does not approve it: not in its inbox.
    client.force_login(cast["finance"])
    assert not client.get(reverse("welfare:approvals")).context["disclosures"]
