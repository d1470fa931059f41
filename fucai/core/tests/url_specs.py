"""Permission-matrix rows of core, the dashboard and the project's own URLs."""

from fucai.core import tokens
from fucai.core.choices import JobStatus
from fucai.core.models import Job
from fucai.core.testing.matrix import (
    EVERYONE,
    SALES_READERS,
    SIGNED_IN,
    STAFF_SITE,
    expect,
)


def make_world(cast) -> dict:
    token, _key = tokens.token_issue(acting_user=cast["finance"])
    return {
        "job": Job.objects.create(kind="x", title="导入", user=cast["finance"]),
        # failed, its file gone: re-running it answers a redirect with a message
        "failed_job": Job.objects.create(
            kind="sales.import",
            title="导入",
            user=cast["finance"],
            status=JobStatus.FAILED,
            params={"path": "sales-imports/gone.csv", "filename": "gone.csv"},
        ),
        "token": token,
    }


URL_SPECS = {
    # Anonymous visitors get the front door (portal and staff sign-in).
    "dashboard:home": expect(ok=STAFF_SITE, anonymous="ok"),
    # The big screen: leadership, the departments and the district branches (each of
    # them within their own scope); its payload likewise.
    "dashboard:screen": expect(ok=SALES_READERS),
    "GET /api/dashboard/screen": expect(ok=SALES_READERS, anonymous="unauthorized"),
    # The sign-in form is for anyone (a signed-in user is sent on to the home page);
    # signing out lands everyone on the sign-in page.
    # A signed-in applicant is sent to the portal, as from every staff page ("forbidden").
    "core:login": expect(ok=EVERYONE - {"applicant"}, anonymous="ok", success=(200, 302)),
    "core:logout": expect(login=SIGNED_IN, anonymous="login", method="post"),
    "core:audit": expect(ok={"admin"}),
    # Everyone's own notifications (moved here from recruitment).
    "core:notifications": expect(ok=STAFF_SITE),
    "core:login_log": expect(ok={"admin"}),
    # A job is its starter's (finance started this one) and the administrator's; nobody
    # else learns it exists.
    "core:job_detail": expect(
        ok={"finance", "admin"},
        hidden=STAFF_SITE - {"finance", "admin"},
        args=lambda world: [world["job"].pk],
    ),
    "healthz": expect(ok=EVERYONE, anonymous="ok"),
    "set_language": expect(
        ok=EVERYONE, anonymous="ok", method="post", data={"language": "zh-hans"}, success=(302,)
    ),
    # The Django admin is for technical accounts marked is_staff, none of the cast (the
    # system administrator role works in the staff site): everyone gets its login page.
    "admin:index": expect(login=SIGNED_IN, login_url="admin:login"),
    "core:tokens": expect(ok=STAFF_SITE),
    # Each user revokes only their own tokens (finance's here): anyone else's is a 404.
    "core:token_revoke": expect(
        ok={"finance"},
        hidden=STAFF_SITE - {"finance"},
        method="post",
        args=lambda world: [world["token"].pk],
        success=(302,),
    ),
    # A failed import is re-run by its starter (finance) or another holder of the import
    # permission (the administrator); for everyone else it does not exist.
    "core:job_rerun": expect(
        ok={"finance", "admin"},
        hidden=STAFF_SITE - {"finance", "admin"},
        method="post",
        args=lambda world: [world["failed_job"].pk],
        success=(302,),
    ),
    # Siting (dashboard/siting): read by VIEW_MARKETING — leadership, station management,
    # marketing and the district branches (their own districts); the population data set
    # it reads is imported by marketing alone.
    "dashboard:siting": expect(ok={"leader", "stations", "marketing", "lucheng", "ruian"}),
    "dashboard:siting_export": expect(ok={"leader", "stations", "marketing", "lucheng", "ruian"}),
    "dashboard:siting_population": expect(ok={"marketing"}),
    "dashboard:siting_population_template": expect(ok={"marketing"}),
}
