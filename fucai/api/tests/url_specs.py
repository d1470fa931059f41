"""Permission-matrix rows of the JSON API: every operation of the ninja router, keyed
"METHOD /api/path" as the OpenAPI schema names it. Signed out, the API answers 401
(never a login redirect); a session or a bearer token both authenticate. The objects
named come from the other apps' worlds (the 鹿城 station, the sales import batch) and
from here (an application of the applicant)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.core.testing.matrix import CENTER_READERS, EVERYONE, SALES_READERS, SIGNED_IN, expect
from fucai.core.tests.factories import region
from fucai.governance.tests.factories import InspectionFactory
from fucai.recruitment.choices import ApplicationStatus
from fucai.recruitment.tests.factories import ApplicationFactory
from fucai.stations.tests.factories import StationFactory


def make_world(cast) -> dict:
    own = ApplicationFactory(
        applicant=cast["applicant"], region=region("330381"), status=ApplicationStatus.SUBMITTED
    )
    # An inspection of a 鹿城 station: 鹿城's staff and inspector reach it, 瑞安's staff and
    # the owner (of a 瑞安 station, stations' world) find no such inspection.
    inspection = InspectionFactory(
        station=StationFactory(region=region("330302")), inspector=cast["inspector"]
    )
    return {"api_own_application": own, "api_inspection": inspection}


def _api(**kwargs):
    return expect(anonymous="unauthorized", **kwargs)


def _upload(world) -> dict:
    # A well-formed upload whose content is rejected: the import answers 422, no rows.
    return {"file": SimpleUploadedFile("销量.csv", "日期,站点编号\n".encode(), "text/csv")}


STATION_READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
FINANCE = {"finance", "admin"}
RECRUITMENT_STAFF = {"stations", "admin", "lucheng", "ruian", "inspector"}
# Supervision (governance.view): the center, the districts, inspectors and owners (each
# list narrowed to the caller's scope); not the party office, applicants or outsiders.
GOVERNANCE_READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}

URL_SPECS = {
    # Exchanging a wrong password for a token: 401 whoever asks (no session counts).
    "POST /api/token": expect(
        unauthorized=SIGNED_IN,
        anonymous="unauthorized",
        method="post",
        data={"username": "nobody", "password": "wrong"},
        content_type="application/json",
    ),
    # The government service platform's API takes its service token only: no user,
    # signed in or with a bearer token of theirs, gets in (test_gov_api.py has the token).
    "POST /api/gov/applications": expect(
        unauthorized=SIGNED_IN,
        anonymous="unauthorized",
        method="post",
        data={"reference": "GOV-1"},
        content_type="application/json",
    ),
    "GET /api/gov/applications/{reference}": expect(
        unauthorized=SIGNED_IN, anonymous="unauthorized", args=lambda world: {"reference": "GOV-1"}
    ),
    # Everyone signed in lists their own tokens and revokes only their own (finance's here).
    "GET /api/tokens": _api(ok=SIGNED_IN),
    "DELETE /api/tokens/{token_id}": _api(
        ok={"finance"},
        hidden=SIGNED_IN - {"finance"},
        method="delete",
        args=lambda world: {"token_id": world["token"].pk},
        success=(204,),
    ),
    "GET /api/stations": _api(ok=STATION_READERS),
    "GET /api/stations/{code}": _api(
        ok=CENTER_READERS | {"lucheng", "inspector"},
        hidden={"ruian", "owner"},
        args=lambda world: {"code": world["station"].code},
    ),
    "GET /api/sales/summary": _api(ok=SALES_READERS, data={"year": "2019"}),
    "GET /api/sales/monthly": _api(ok=SALES_READERS, data={"year": "2019"}),
    "GET /api/sales/ranking": _api(ok=SALES_READERS, data={"year": "2019"}),
    "POST /api/sales/imports": _api(ok=FINANCE, method="post", data=_upload, success=(422,)),
    "GET /api/sales/imports/{batch_id}": _api(
        ok=FINANCE, args=lambda world: {"batch_id": world["sales_import"].pk}
    ),
    "GET /api/sales/games": _api(ok=SALES_READERS),
    "GET /api/recruitment/calls": expect(ok=EVERYONE, anonymous="ok"),
    # The caller's own applications: every account has a (maybe empty) list; one
    # application is its applicant's, a 404 for everyone else.
    "GET /api/recruitment/applications": _api(ok=SIGNED_IN),
    "GET /api/recruitment/applications/{tracking_code}": _api(
        ok={"applicant"},
        hidden=SIGNED_IN - {"applicant"},
        args=lambda world: {"tracking_code": world["api_own_application"].tracking_code},
    ),
    "GET /api/recruitment/queue": _api(ok=RECRUITMENT_STAFF),
    "GET /api/inspections": _api(ok=GOVERNANCE_READERS, data={"year": "2019"}),
    "GET /api/inspections/{inspection_id}": _api(
        ok=CENTER_READERS | {"lucheng", "inspector"},
        hidden={"ruian", "owner"},
        args=lambda world: {"inspection_id": world["api_inspection"].pk},
    ),
    "GET /api/rectifications": _api(ok=GOVERNANCE_READERS, data={"status": "open"}),
    "GET /api/visits": _api(ok=GOVERNANCE_READERS, data={"year": "2019", "month": "3"}),
    "GET /api/annual-reviews": _api(ok=GOVERNANCE_READERS, data={"year": "2019"}),
    # Sales staff and certificates (stations.view_staff), each narrowed to the scope.
    "GET /api/staff": _api(ok={"leader", "stations", "lucheng", "ruian", "owner"}),
    "GET /api/certificates": _api(
        ok={"leader", "stations", "lucheng", "ruian", "owner"}, data={"status": "valid"}
    ),
    "GET /api/insurance": _api(ok=STATION_READERS, data={"expiring_days": "30"}),
}
