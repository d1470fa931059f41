"""One list of fields per record: the applicant's form and the call form ask for exactly
what their services accept (recruitment.constants), so neither can drift from the
other."""

import datetime
from decimal import Decimal

import pytest

from fucai.core.validators import make_id_number
from fucai.recruitment import constants as c
from fucai.recruitment.choices import CallStatus
from fucai.recruitment.forms import ApplicationForm, CallForm
from fucai.recruitment.services import application_create
from fucai.recruitment.tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_the_applicant_form_asks_for_every_field_the_service_takes_and_no_other():
    assert set(ApplicationForm.base_fields) == set(c.APPLICATION_FIELDS)


def test_the_applicant_forms_fields_go_to_the_service_as_they_are(cast):
    open_call = CallFactory()
    born = datetime.date.today().replace(year=datetime.date.today().year - 35)
    data = {
        "name": "潘小燕",
        "id_number": make_id_number("330302", born, 7),
        "phone": "13957712345",
        "email": "",
        "education": "college",
        "resides_in_region": "on",
        "region": "330302",
        "address": "温州市鹿城区五马街1号",
        "latitude": "28.0",
        "longitude": "120.65",
        "area": "30",
        "tenure": "owned",
        "lease_ends_on": "2031-01-01",  # dropped: the premises are owned
        "intended_class": "dedicated",
        "experience": "",
    }
    form = ApplicationForm(data, call=open_call)
    assert form.is_valid(), form.errors
    fields = form.service_fields()
    assert list(fields) == list(c.APPLICATION_FIELDS)
    assert fields["lease_ends_on"] is None
    application = application_create(acting_user=cast["applicant"], call=open_call, **fields)
    assert application.area == Decimal("30") and application.region.code == "330302"
    edit = ApplicationForm(call=open_call, application=application)
    assert edit["address"].initial == "温州市鹿城区五马街1号"
    assert edit["region"].initial == "330302" and edit["latitude"].initial == Decimal("28")


def test_the_call_form_edits_the_fields_the_service_takes(cast):
    assert set(c.CALL_FIELDS) <= set(CallForm.base_fields)
    form = CallForm()
    assert form["sla_days"].initial == ""  # a new call: empty, not "{}"
    call = CallFactory(status=CallStatus.DRAFT, sla_days={"submitted": 2})
    bound = CallForm({**_call_data(call), "quota_330302": "2"}, instance=call)
    assert bound.is_valid(), bound.errors
    assert list(bound.call_fields()) == list(c.CALL_FIELDS)
    assert bound.call_fields()["sla_days"] == {"submitted": 2}


def _call_data(call) -> dict:
    data = {}
    for name in c.CALL_FIELDS:
        value = getattr(call, name)
        if name == "sla_days":
            value = "\n".join(f"{state}: {days}" for state, days in value.items())
        elif isinstance(value, bool):
            value = "on" if value else ""
        elif value is None:
            value = ""
        data[name] = value
    return data
