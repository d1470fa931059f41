"""Property-based run of schemathesis over every operation of the OpenAPI schema,
in-process through the WSGI application: whatever the input, the API never answers a 5xx,
answers only statuses its schema documents, and every body matches its documented
schema. Bounded (``MAX_EXAMPLES`` per operation and role) and reproducible (Hypothesis
derandomized), so it runs in the normal suite."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from fucai.api.api import api
from fucai.core.models import ApiToken
from fucai.core.tests.factories import region
from fucai.governance.models import AnnualReview, RectificationOrder, Visit, VisitPurpose
from fucai.governance.tests.factories import InspectionAnswerFactory
from fucai.recruitment.tests.factories import ApplicationFactory, CallFactory
from fucai.sales.tests.factories import SalesDayFactory
from fucai.stations.tests.factories import StationFactory

MAX_EXAMPLES = 20

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _bearer(user) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        expires_at="2100-01-01T00:00:00Z",
    )
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def in_process():
    """Requests go through the real WSGI handler, which closes the database connection
    at each request's start and end: keep the test's connection (and its transaction)
    open, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(cast, settings, in_process):
    settings.ALLOWED_HOSTS = ["localhost"]
    lucheng = StationFactory(code="33030001", region=region("330302"))
    StationFactory(code="33038101", region=region("330381"))
    SalesDayFactory(station=lucheng)
    # Supervision rows, so the governance operations answer with items to check.
    answer = InspectionAnswerFactory(inspection__station=lucheng, passed=False)
    RectificationOrder.objects.create(
        number="ZG20190601-0001",
        station=lucheng,
        inspection=answer.inspection,
        item=answer.item,
        problem="未张贴责任彩票提示",
        severity="minor",
        issued_on="2019-06-01",
        deadline_on="2019-07-01",
    )
    visit = Visit.objects.create(
        station=lucheng,
        visited_on="2019-06-03",
        visitor=cast["stations"],
        org_unit=cast["stations"].org_unit,
    )
    visit.purposes.set(VisitPurpose.objects.all()[:2])
    AnnualReview.objects.create(
        station=lucheng,
        year=2019,
        computed_outcome="pass",
        computed_decision="continue",
        outcome="pass",
        decision="continue",
        breakdown=[{"criterion": "inspection"}],
    )
    call = CallFactory()
    ApplicationFactory(call=call, applicant=cast["applicant"])
    return {role: _bearer(cast[role]) for role in ("leader", "lucheng", "applicant")}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "lucheng", "applicant"])
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, role, fuzz_world):
    case.call_and_validate(headers=fuzz_world[role], checks=CHECKS)
