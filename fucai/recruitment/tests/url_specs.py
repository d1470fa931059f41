"""Permission-matrix entries of the recruitment back office (see fucai.core.testing.matrix).
The public portal (namespace "portal") is tested on its own: test_views_portal*.py."""

import datetime

from django.core.files.base import ContentFile

from fucai.core import roles
from fucai.core.testing.matrix import spec
from fucai.core.tests.factories import region
from fucai.recruitment import constants as c
from fucai.recruitment.choices import ApplicationStatus, CallStatus
from fucai.recruitment.models import Application, ApplicationDocument, CallQuota, Objection
from fucai.recruitment.tests.factories import ApplicationFactory, CallFactory
from fucai.recruitment.views.actions import ACTIONS

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


def _sees(user, world) -> bool:
    return Application.objects.visible_to(user).filter(pk=world["application"].pk).exists()


def _on_application(permission, **kwargs):
    return spec(permission, args=_code, visible=_sees, **kwargs)


STAFF = (c.REVIEW_APPLICATIONS, c.MANAGE_CALLS, c.SURVEY)

URL_SPECS = {
    "recruitment:queue": spec(STAFF),
    "recruitment:application_list": spec(STAFF),
    "recruitment:application_detail": _on_application(STAFF),
    "recruitment:application_reveal": _on_application(roles.REVEAL_PERSONAL_DATA, method="post"),
    "recruitment:document_download": spec(
        STAFF, args=lambda w: [w["application"].tracking_code, w["document"].pk], visible=_sees
    ),
    "recruitment:objection_resolve": spec(
        c.REVIEW_APPLICATIONS,
        args=lambda w: [w["application"].tracking_code, w["objection"].pk],
        visible=_sees,
    ),
    **{
        f"recruitment:action_{action.name}": _on_application(action.view.permission)
        for action in ACTIONS
    },
    "recruitment:call_list": spec(c.MANAGE_CALLS),
    "recruitment:call_create": spec(c.MANAGE_CALLS),
    "recruitment:call_detail": spec(c.MANAGE_CALLS, args=lambda w: [w["call"].pk]),
    "recruitment:call_edit": spec(c.MANAGE_CALLS, args=lambda w: [w["call"].pk]),
    "recruitment:call_publish": spec(
        c.MANAGE_CALLS, method="post", args=lambda w: [w["draft_call"].pk], ok=(302,)
    ),
    "recruitment:call_close": spec(
        c.MANAGE_CALLS, method="post", args=lambda w: [w["call"].pk], ok=(302,)
    ),
    "recruitment:draw_run": spec(c.REVIEW_APPLICATIONS),
    "recruitment:school_list": spec(STAFF),
    "recruitment:school_import": spec(c.MANAGE_CALLS, method="post", ok=(400,)),
    "recruitment:sla": spec((c.REVIEW_APPLICATIONS, c.MANAGE_CALLS)),
    "recruitment:notifications": spec(roles.USE_STAFF_SITE),
}
