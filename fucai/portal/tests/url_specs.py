"""Permission-matrix rows of the public portal (namespace "portal").

Public pages answer everyone, signed in or not. The applicant's pages are for applicant
accounts only: anyone signed out is sent to the portal's own sign-in page, a staff or
other account is refused (403); the applicant reaches their own applications (another
applicant's would be a 404, see test_views_portal.py)."""

import datetime

from django.utils import timezone

from fucai.core.testing.matrix import EVERYONE, expect
from fucai.core.tests.factories import region
from fucai.recruitment.choices import ApplicationStatus
from fucai.recruitment.models import Draw
from fucai.recruitment.tests.factories import ApplicationFactory, CallFactory


def make_world(cast) -> dict:
    """An open call the applicant has not applied to, the applicant's own draft and
    submitted applications, and a held draw."""
    call = CallFactory()
    draft = ApplicationFactory(applicant=cast["applicant"], region=region("330381"))
    submitted = ApplicationFactory(
        applicant=cast["applicant"],
        region=region("330381"),
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    notice = ApplicationFactory(
        call=call,
        region=region("330302"),
        status=ApplicationStatus.IN_NOTICE,
        notice_starts_on=datetime.date(2019, 6, 1),
        notice_ends_on=datetime.date(2019, 6, 7),
    )
    draw = Draw.objects.create(
        call=call,
        region=region("330381"),
        seed="matrix",
        places=1,
        candidates=[submitted.tracking_code],
        order=[submitted.tracking_code],
        winners=[submitted.tracking_code],
        at=timezone.make_aware(datetime.datetime(2019, 7, 1, 10)),
    )
    return {
        "open_call": call,
        "own_draft": draft,
        "own_submitted": submitted,
        "notice_application": notice,
        "draw": draw,
    }


def _public(**kwargs):
    return expect(ok=EVERYONE, anonymous="ok", **kwargs)


def _own(key, **kwargs):
    """A page of the applicant's own application ``key``."""
    return expect(
        ok={"applicant"},
        anonymous="login",
        login_url="portal:sign_in",
        args=lambda world: [world[key].tracking_code],
        **kwargs,
    )


URL_SPECS = {
    "portal:home": _public(),
    "portal:call_list": _public(),
    "portal:call_detail": _public(args=lambda world: [world["open_call"].pk]),
    "portal:notices": _public(),
    "portal:objection": _public(args=lambda world: [world["notice_application"].tracking_code]),
    "portal:draws": _public(),
    "portal:draw_detail": _public(args=lambda world: [world["draw"].pk]),
    "portal:track": _public(),
    "portal:map_points": _public(data={"lat": "28.0", "lng": "120.6"}),
    # Anyone checks a sales certificate; an unknown number is a 404 with a message.
    "portal:certificate_verify": _public(),
    "portal:station_finder": _public(data={"district": "330302", "stars": "1"}),
    "portal:commendations": _public(),
    # Accounts: the forms are for anyone; an invalid number sends back to the form.
    "portal:otp_send": _public(method="post", data={"phone": "123"}, success=(302,)),
    "portal:sign_up": _public(),
    "portal:sign_in": _public(),
    "portal:sign_out": _public(method="post", success=(302,)),
    # Sign-in through 浙里办: off unless configured (as here), a 404 to everyone; when on,
    # anyone may start it (test_gov_sign_in.py goes through a local provider).
    "portal:gov_sign_in": expect(hidden=EVERYONE, anonymous="hidden"),
    "portal:gov_callback": expect(hidden=EVERYONE, anonymous="hidden"),
    # The applicant's own pages.
    "portal:my_applications": expect(
        ok={"applicant"}, anonymous="login", login_url="portal:sign_in"
    ),
    "portal:apply": expect(
        ok={"applicant"},
        anonymous="login",
        login_url="portal:sign_in",
        args=lambda world: [world["open_call"].pk],
    ),
    # Spacing feedback for a point on the map, while filling in an application.
    "portal:spacing": expect(
        ok={"applicant"},
        anonymous="login",
        login_url="portal:sign_in",
        args=lambda world: [world["open_call"].pk],
        data={"lat": "28.0", "lng": "120.65"},
    ),
    "portal:application": _own("own_draft"),
    "portal:application_edit": _own("own_draft"),
    # An empty upload is refused with the form (400); a draft without its documents
    # goes back to its page with the reasons (302).
    "portal:document_add": _own("own_draft", method="post", success=(400,)),
    "portal:application_submit": _own("own_draft", method="post", success=(302,)),
    "portal:receipt": _own("own_submitted"),
    "portal:application_withdraw": _own("own_draft", method="post", success=(302,)),
}
