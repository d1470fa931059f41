"""Permission-matrix entries of core and the dashboard."""

from fucai.core import roles
from fucai.core.choices import JobStatus
from fucai.core.jobs import job_can_rerun
from fucai.core.models import Job
from fucai.core.testing.matrix import spec


def make_world(cast) -> dict:
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
    "core:job_rerun": spec(
        roles.USE_STAFF_SITE,
        method="post",
        args=lambda world: [world["failed_job"].pk],
        visible=lambda user, world: job_can_rerun(user, world["failed_job"]),
        ok=(302,),
    ),
}
