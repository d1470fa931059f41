"""Permission-matrix rows of the documents topic: the PDFs of a list as a zip made by a
background job (inspections, a plan's inspections, rectification orders), its download,
and the risk scan run from the proposals page.

The world: a finished bundle job of 鹿城's branch staff with its zip in storage. Only
the user who asked downloads it; every other reader of supervision finds no such file
(404). The plan row reuses the plan topic's 2019 campaign of 鹿城 (specs_plan)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from fucai.core.choices import JobStatus
from fucai.core.models import Job
from fucai.core.testing.matrix import CENTER_READERS, expect

from .. import jobs

VIEWERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
PLANNERS = {"stations", "admin", "lucheng", "ruian"}


def make_world(cast) -> dict:
    path = default_storage.save(jobs.bundle_path(), ContentFile(b"PK\x05\x06" + b"\0" * 18))
    job = Job.objects.create(
        kind=jobs.PDF_BUNDLE,
        title="巡查报告",
        user=cast["lucheng"],
        status=JobStatus.SUCCEEDED,
        params={"what": jobs.INSPECTIONS, "ids": [], "path": path, "filename": "x.zip"},
        result={"path": path, "filename": "x.zip", "count": 0},
    )
    return {"documents_job": job}


URL_SPECS = {
    "governance:inspection_pdf_bundle": expect(ok=VIEWERS, method="post", success=(302,)),
    "governance:rectification_pdf_bundle": expect(ok=VIEWERS, method="post", success=(302,)),
    "governance:plan_pdf_bundle": expect(
        ok=CENTER_READERS | {"lucheng", "inspector"},
        hidden={"ruian", "owner"},
        method="post",
        success=(302,),
        args=lambda world: [world["plan_plan"].pk],
    ),
    "governance:pdf_bundle_download": expect(
        ok={"lucheng"},
        hidden=VIEWERS - {"lucheng"},
        args=lambda world: [world["documents_job"].pk],
    ),
    "governance:risk_scan": expect(ok=PLANNERS, method="post", success=(302,)),
}
