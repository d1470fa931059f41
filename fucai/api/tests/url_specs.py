"""Permission-matrix rows of the JSON API: every operation of the ninja router, keyed
"METHOD /api/path" as the OpenAPI schema names it. Signed out, the API answers 401
(never a login redirect); a session or a bearer token both authenticate. The objects
named come from the other apps' worlds (the 鹿城 station, the sales import batch) and
from here (an application of the applicant)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.core.testing.matrix import CENTER_READERS, EVERYONE, SALES_READERS, SIGNED_IN, expect
from fucai.core.tests.factories import region
from fucai.recruitment.choices import ApplicationStatus
from fucai.recruitment.tests.factories import ApplicationFactory


def make_world(cast) -> dict:
    own = ApplicationFactory(
        applicant=cast["applicant"], region=region("330381"), status=ApplicationStatus.SUBMITTED
    )
    return {"api_own_application": own}


def _api(**kwargs):
    return expect(anonymous="unauthorized", **kwargs)


def _upload(world) -> dict:
    # A well-formed upload whose content is rejected: the import answers 422, no rows.
    return {"file": SimpleUploadedFile("销量.csv", "日期,站点编号\n".encode(), "text/csv")}


STATION_READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
FINANCE = {"finance", "admin"}
RECRUITMENT_STAFF = {"stations", "admin", "lucheng", "ruian", "inspector"}

URL_SPECS = {
    # Exchanging a wrong password for a token: 401 whoever asks (no session counts).
    "POST /api/token": expect(
        unauthorized=SIGNED_IN,
        anonymous="unauthorized",
        method="post",
        data={"username": "nobody", "password": "wrong"},
        content_type="application/json",
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
}
