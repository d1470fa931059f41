"""The government service platform's API (浙江政务服务网 / 浙里办): the platform submits
recruitment applications that people started there, with the same checks as the
portal's form, and reads their status by its own reference — so an application can start
there and be handled here. The platform authenticates with a service token
(``FUCAI_GOV_API_TOKENS``, sent as ``Authorization: Bearer``), not as a user.

The applicant's account is found or created by the ID number the platform verified;
signing in on the portal through 浙里办 reaches the same account and application (to
add documents the call asks for: until then the application stays a draft)."""

import datetime
import hmac
import re
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema, Status
from ninja.security import HttpBearer

from fucai.core import crypto
from fucai.core.validators import validate_id_number
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.choices import CallStatus, DocumentKind
from fucai.recruitment.forms import ApplicationForm
from fucai.recruitment.models import Application, GovSubmission, RecruitmentCall
from fucai.recruitment.progress import progress
from fucai.recruitment.services import gov_application_receive

from .errors import ErrorOut, Id

GOV_PLATFORM = "gov-platform"
REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


class GovPlatformAuth(HttpBearer):
    """The platform's service token, compared in constant time with each configured
    one; no token configured, no access."""

    def authenticate(self, request, token: str):
        for expected in settings.FUCAI_GOV_API_TOKENS:
            if token and hmac.compare_digest(token.encode(), expected.encode()):
                return GOV_PLATFORM
        return None


router = Router(tags=["government platform"], auth=GovPlatformAuth())

Reference = Annotated[str, Field(min_length=1, max_length=64, pattern=REFERENCE.pattern)]


class GovApplicationIn(Schema):
    reference: Reference = Field(description="The platform's own reference (idempotency key).")
    call_id: Id
    name: str = Field(max_length=50)
    id_number: str = Field(max_length=24, description="Verified by the platform; GB 11643.")
    phone: str = Field(max_length=20)
    email: str = Field("", max_length=254)
    education: str = Field(max_length=12)
    resides_in_region: bool = False
    region: str = Field(max_length=6, description="District code (GB/T 2260).")
    address: str = Field(max_length=200)
    latitude: Decimal = Field(max_digits=9, decimal_places=6)
    longitude: Decimal = Field(max_digits=9, decimal_places=6)
    area: Decimal = Field(max_digits=7, decimal_places=2)
    tenure: str = Field(max_length=10)
    lease_ends_on: datetime.date | None = None
    intended_class: str = Field(max_length=10)
    experience: str = Field("", max_length=2000)


class GovStepOut(Schema):
    status: str
    label: str
    at: datetime.datetime
    deadline_on: datetime.date | None


class GovApplicationOut(Schema):
    reference: str
    tracking_code: str
    call_id: int
    region: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    due_on: datetime.date | None
    next_step: str
    documents_missing: list[str] = Field(
        description="Documents the applicant still has to add on the portal (signed in "
        "through 浙里办) before the application can be submitted."
    )
    steps: list[GovStepOut]


def _out(reference: str, application: Application) -> dict:
    events = list(application.events.order_by("at", "id"))
    p = progress(application, events, with_comments=False)
    missing = []
    if application.status == S.DRAFT:
        have = set(application.documents.values_list("kind", flat=True))
        missing = [k for k in application.call.required_documents if k not in have]
    return {
        "reference": reference,
        "tracking_code": application.tracking_code,
        "call_id": application.call_id,
        "region": application.region.code,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "submitted_at": application.submitted_at,
        "due_on": application.due_on,
        "next_step": str(p["next_step"]),
        "documents_missing": [
            str(DocumentKind(k).label) if k in DocumentKind.values else k for k in missing
        ],
        "steps": [
            {key: step[key] for key in ("status", "label", "at", "deadline_on")}
            for step in p["steps"]
        ],
    }


def _form_data(payload: GovApplicationIn) -> dict:
    data = payload.dict(exclude={"reference", "call_id"})
    for key, value in data.items():
        if value is None:
            data[key] = ""
        elif isinstance(value, Decimal | datetime.date):
            data[key] = str(value)
    return data


@router.post(
    "/applications",
    response={200: GovApplicationOut, 201: GovApplicationOut, 409: ErrorOut, 422: ErrorOut},
)
def submit_application(request, payload: GovApplicationIn):
    """Submit an application under a published call, checked exactly as the portal's
    form checks it (age, district with places, lease, map point...). 201 with the new
    application; the same ``reference`` again answers 200 with the application it
    created and changes nothing (a reference reused for another person is 409). When the
    call asks for documents the application stays a draft listed in
    ``documents_missing`` until the applicant adds them on the portal."""
    existing = (
        GovSubmission.objects.select_related("application__call", "application__region")
        .filter(reference=payload.reference)
        .first()
    )
    if existing is not None:
        try:
            same_person = crypto.blind_index(validate_id_number(payload.id_number)) == (
                existing.application.id_number_digest
            )
        except ValidationError:  # an unreadable number is not the same person
            same_person = False
        if not same_person:
            return Status(409, {"detail": "This reference was used for another application."})
        return Status(200, _out(existing.reference, existing.application))
    call = get_object_or_404(RecruitmentCall, pk=payload.call_id, status=CallStatus.PUBLISHED)
    form = ApplicationForm(_form_data(payload), call=call)
    if not form.is_valid():
        return Status(
            422,
            {
                "detail": "Invalid data.",
                "errors": {k: [str(m) for m in v] for k, v in form.errors.items()},
            },
        )
    application, created = gov_application_receive(
        reference=payload.reference, call=call, fields=form.service_fields()
    )
    application = Application.objects.select_related("call", "region").get(pk=application.pk)
    return Status(201 if created else 200, _out(payload.reference, application))


@router.get("/applications/{reference}", response=GovApplicationOut)
def application_status(request, reference: Path[Reference]):
    """The status and progress of an application the platform submitted, by its
    reference (an unknown reference is 404)."""
    submission = get_object_or_404(
        GovSubmission.objects.select_related("application__call", "application__region"),
        reference=reference,
    )
    return _out(submission.reference, submission.application)
