"""Permission-matrix rows of the recruitment back office (see fucai.core.testing.matrix).
The public portal's rows are in fucai/portal/tests/url_specs.py."""

import datetime

from django.core.files.base import ContentFile

from fucai.core.testing.matrix import expect
from fucai.core.tests.factories import region
from fucai.recruitment.choices import ApplicationStatus, CallStatus
from fucai.recruitment.models import ApplicationDocument, CallQuota, Objection
from fucai.recruitment.tests.factories import ApplicationFactory, CallFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_world(cast) -> dict:
    """A 鹿城 application in notice (with a document and an open objection), a 瑞安 one
    of the `applicant`, a draft call with places and a published call."""
    call = CallFactory()
    application = ApplicationFactory(
        call=call,
        region=region("330302"),
        status=ApplicationStatus.IN_NOTICE,
        notice_starts_on=datetime.date(2019, 6, 1),
        notice_ends_on=datetime.date(2019, 6, 7),
    )
    ApplicationFactory(call=call, region=region("330381"), applicant=cast["applicant"])
    document = ApplicationDocument(
        application=application,
        kind="id_card",
        original_name="id.png",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
    )
    document.file.save("matrix.png", ContentFile(PNG), save=False)
    document.save()
    objection = Objection.objects.create(application=application, content="有异议")
    draft = CallFactory(status=CallStatus.DRAFT, quotas={"330302": 1})
    assert CallQuota.objects.filter(call=draft).exists()
    return {
        "application": application,
        "document": document,
        "objection": objection,
        "call": call,
        "draft_call": draft,
    }


def _code(world):
    return [world["application"].tracking_code]


# The back office: station management and the administrator (every district), the
# district branches (their own), the inspector (surveys in the 鹿城 branch's scope).
STAFF = {"stations", "admin", "lucheng", "ruian", "inspector"}
REVIEWERS = {"stations", "admin", "lucheng", "ruian"}
CALL_MANAGERS = {"stations", "admin"}
# The 鹿城 application: 瑞安's branch does not learn it exists.
IN_SCOPE = {"stations", "admin", "lucheng"}


def _on_application(ok, hidden=("ruian",), **kwargs):
    return expect(ok=ok, hidden=hidden, args=_code, **kwargs)


URL_SPECS = {
    # Leadership reads applications but has no work queue: its menu lands on the list.
    "recruitment:queue": expect(ok=STAFF | {"leader"}, success=(200, 302)),
    "recruitment:application_list": expect(ok=STAFF | {"leader"}),
    "recruitment:application_detail": _on_application(IN_SCOPE | {"inspector", "leader"}),
    "recruitment:application_reveal": _on_application(IN_SCOPE, method="post"),
    "recruitment:document_download": expect(
        ok=IN_SCOPE | {"inspector"},
        hidden={"ruian"},
        args=lambda w: [w["application"].tracking_code, w["document"].pk],
    ),
    "recruitment:objection_resolve": expect(
        ok=IN_SCOPE,
        hidden={"ruian"},
        args=lambda w: [w["application"].tracking_code, w["objection"].pk],
    ),
    "recruitment:action_return": _on_application(IN_SCOPE),
    "recruitment:action_accept": _on_application(IN_SCOPE),
    "recruitment:action_assign_survey": _on_application(IN_SCOPE),
    # Only the surveyor records a survey (the inspector of the 鹿城 branch).
    "recruitment:action_record_survey": _on_application({"inspector"}, hidden=()),
    "recruitment:action_review": _on_application(IN_SCOPE),
    "recruitment:action_start_notice": _on_application(IN_SCOPE),
    "recruitment:action_objection": _on_application(IN_SCOPE),
    "recruitment:action_pass_notice": _on_application(IN_SCOPE),
    "recruitment:action_approve": _on_application(IN_SCOPE),
    "recruitment:action_schedule": _on_application(IN_SCOPE),
    "recruitment:action_sign": _on_application(IN_SCOPE),
    "recruitment:action_station": _on_application(IN_SCOPE),
    "recruitment:action_reject": _on_application(IN_SCOPE),
    "recruitment:call_list": expect(ok=CALL_MANAGERS),
    "recruitment:call_create": expect(ok=CALL_MANAGERS),
    "recruitment:call_detail": expect(ok=CALL_MANAGERS, args=lambda w: [w["call"].pk]),
    "recruitment:call_edit": expect(ok=CALL_MANAGERS, args=lambda w: [w["call"].pk]),
    "recruitment:call_publish": expect(
        ok=CALL_MANAGERS, method="post", args=lambda w: [w["draft_call"].pk], success=(302,)
    ),
    "recruitment:call_close": expect(
        ok=CALL_MANAGERS, method="post", args=lambda w: [w["call"].pk], success=(302,)
    ),
    "recruitment:draw_run": expect(ok=REVIEWERS),
    "recruitment:school_list": expect(ok=STAFF),
    # No file: the form answers 400.
    "recruitment:school_import": expect(ok=CALL_MANAGERS, method="post", success=(400,)),
    "recruitment:sla": expect(ok=REVIEWERS | {"leader"}),
}
