"""Permission-matrix entries of core and the dashboard."""

from fucai.core import roles, tokens
from fucai.core.models import Job
from fucai.core.testing.matrix import spec


def make_world(cast) -> dict:
    token, _key = tokens.token_issue(acting_user=cast["finance"])
    return {
        "job": Job.objects.create(kind="x", title="导入", user=cast["finance"]),
        "token": token,
    }


def _sees_job(user, world) -> bool:
    return Job.objects.visible_to(user).filter(pk=world["job"].pk).exists()


URL_SPECS = {
    "dashboard:home": spec(roles.USE_STAFF_SITE),
    "core:audit": spec(roles.VIEW_AUDIT),
    "core:login_log": spec(roles.VIEW_LOGIN_LOG),
    "core:job_detail": spec(
        roles.USE_STAFF_SITE, args=lambda world: [world["job"].pk], visible=_sees_job
    ),
    "core:tokens": spec(roles.USE_STAFF_SITE),
    # Each user revokes only their own tokens: anyone else's is a 404.
    "core:token_revoke": spec(
        roles.USE_STAFF_SITE,
        method="post",
        args=lambda world: [world["token"].pk],
        visible=lambda user, world: user.pk == world["token"].user_id,
        ok=(302,),
    ),
}
