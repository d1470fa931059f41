"""Permission-matrix rows of the charity app: its staff pages, the portal's grant pages
and the charity API (see fucai.core.testing.matrix).

The world: a held 鹿城 activity with a photo and a participant, a published one with a
public photo, a 鹿城 beneficiary, a programme under review with the applicant's
submitted 鹿城 application and a document, an open programme (the applicant's own
draft under it), a programme on public notice with an objection, and a payment batch.
Charity readers (leadership, finance, the charity department) read activities and
programmes; the registry of people (masked) is the charity department's and
leadership's; every write is the charity department's. District staff have no charity
pages: the department works city-wide."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from fucai.core.testing.matrix import EVERYONE, SIGNED_IN, expect
from fucai.core.tests.factories import id_number, region
from fucai.welfare.tests.factories import WelfareProjectFactory

from ..choices import GrantApplicationState, ProgrammeStatus
from ..models import (
    ActivityPhoto,
    Beneficiary,
    GrantDocument,
    GrantObjection,
    Participant,
    PaymentBatch,
)
from .factories import ActivityFactory, GrantApplicationFactory, ProgrammeFactory, image_upload


def make_world(cast) -> dict:
    today = timezone.localdate()
    activity = ActivityFactory(created_by=cast["charity"])
    photo = ActivityPhoto(activity=activity, caption="合影", public=True)
    photo.file.save("p.jpg", ContentFile(image_upload().read()), save=True)
    participant = Participant.objects.create(activity=activity, kind="staff", name="张干事")
    published = ActivityFactory(created_by=cast["charity"], status="published", story="故事")
    public_photo = ActivityPhoto(activity=published, caption="合影", public=True)
    public_photo.file.save("q.jpg", ContentFile(image_upload().read()), save=True)
    person = Beneficiary.objects.create(
        name="王五", id_number=id_number(4242), region=region("330302"), category="poor"
    )
    project = WelfareProjectFactory()
    reviewing = ProgrammeFactory(project=project, status=ProgrammeStatus.REVIEWING)
    submitted = GrantApplicationFactory(
        programme=reviewing, applicant=cast["applicant"], submitted_at=timezone.now()
    )
    document = GrantDocument(application=submitted, kind="admission", content_type="image/jpeg")
    document.file.save("d.jpg", ContentFile(image_upload().read()), save=True)
    open_programme = ProgrammeFactory(
        project=project,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=30),
    )
    noticed = ProgrammeFactory(
        project=project, status=ProgrammeStatus.NOTICE, notice_starts_on=today
    )
    # The applicant's draft lies under another programme than the open one (where the
    # applicant may still apply).
    draft = GrantApplicationFactory(
        programme=noticed,
        applicant=cast["applicant"],
        state=GrantApplicationState.DRAFT,
        id_number=id_number(4343),
    )
    GrantApplicationFactory(
        programme=noticed, state=GrantApplicationState.NOTICED, rank=1, id_number=id_number(4444)
    )
    objection = GrantObjection.objects.create(programme=noticed, text="异议")
    batch = PaymentBatch.objects.create(
        programme=noticed, number="PBM-1", created_by=cast["charity"]
    )
    return {
        "charity_activity": activity,
        "charity_photo": photo,
        "charity_published": published,
        "charity_public_photo": public_photo,
        "charity_participant": participant,
        "charity_person": person,
        "charity_reviewing": reviewing,
        "charity_submitted": submitted,
        "charity_document": document,
        "charity_open": open_programme,
        "charity_draft": draft,
        "charity_noticed": noticed,
        "charity_objection": objection,
        "charity_batch": batch,
    }


READERS = {"leader", "finance", "charity"}
PEOPLE = {"leader", "charity"}
CHARITY = {"charity"}


def _pk(key):
    return lambda world: [world[key].pk]


def _code(key):
    return lambda world: [world[key].tracking_code]


def _post(ok=CHARITY, success=(302,), **kwargs):
    return expect(ok=ok, method="post", success=success, **kwargs)


_activity = {"args": _pk("charity_activity")}
_person = {"args": _pk("charity_person")}
_reviewing = {"args": _pk("charity_reviewing")}
_submitted = {"args": _code("charity_submitted")}


def _api(**kwargs):
    return expect(anonymous="unauthorized", **kwargs)


def _own(key, **kwargs):
    return expect(
        ok={"applicant"}, anonymous="login", login_url="portal:sign_in", args=_code(key), **kwargs
    )


URL_SPECS = {
    "charity:index": expect(ok=READERS),
    "charity:activities": expect(ok=READERS),
    "charity:activity_create": expect(ok=CHARITY),
    "charity:activity": expect(ok=READERS, **_activity),
    "charity:activity_edit": expect(ok=CHARITY, **_activity),
    "charity:activity_held": _post(**_activity),
    "charity:activity_publish": _post(**_activity),
    "charity:activity_unpublish": _post(**_activity),
    "charity:participant_add": _post(data={"kind": "staff", "name": "李干事"}, **_activity),
    "charity:participant_remove": _post(
        args=lambda world: [world["charity_activity"].pk, world["charity_participant"].pk]
    ),
    "charity:photo_add": _post(data=lambda world: {"file": image_upload()}, **_activity),
    "charity:photo": expect(
        ok=READERS, args=lambda world: [world["charity_activity"].pk, world["charity_photo"].pk]
    ),
    "charity:benefit_add": _post(
        data={"name": "赵六", "id_number": id_number(77), "region": "", "kind": "goods"},
        **_activity,
    ),
    "charity:beneficiaries": expect(ok=PEOPLE),
    "charity:beneficiary_create": expect(ok=CHARITY),
    "charity:beneficiary": expect(ok=PEOPLE, **_person),
    "charity:beneficiary_reveal": _post(success=(200,), **_person),
    "charity:beneficiary_consent": _post(data={"recorded_on": "2019-12-13"}, **_person),
    "charity:beneficiary_merge": _post(data={"duplicate": "1"}, **_person),
    "charity:programmes": expect(ok=READERS),
    "charity:programme_create": expect(ok=CHARITY),
    "charity:programme": expect(ok=READERS, **_reviewing),
    "charity:programme_open": _post(**_reviewing),
    "charity:programme_close": _post(**_reviewing),
    "charity:programme_rank": _post(**_reviewing),
    "charity:programme_notice": _post(**_reviewing),
    "charity:programme_approve": _post(**_reviewing),
    "charity:programme_finish": _post(**_reviewing),
    "charity:batch_create": _post(**_reviewing),
    "charity:application": expect(ok=PEOPLE, **_submitted),
    "charity:application_verify": _post(**_submitted),
    "charity:application_return": _post(data={"reason": "请补充"}, **_submitted),
    "charity:application_reject": _post(data={"reason": "不符合条件"}, **_submitted),
    "charity:application_document": expect(
        ok=PEOPLE,
        args=lambda world: [
            world["charity_submitted"].tracking_code,
            world["charity_document"].pk,
        ],
    ),
    "charity:objection_resolve": _post(
        data={"resolution": "已核实"}, args=_pk("charity_objection")
    ),
    "charity:batch": expect(ok=CHARITY, args=_pk("charity_batch")),
    "charity:batch_export": expect(ok=CHARITY, args=_pk("charity_batch")),
    # The portal's grant pages: public ones for everyone; the student's own for applicants.
    "portal:grant_list": expect(ok=EVERYONE, anonymous="ok"),
    "portal:grant_programme": expect(ok=EVERYONE, anonymous="ok", args=_pk("charity_noticed")),
    "portal:grant_objection": expect(
        ok=EVERYONE,
        anonymous="ok",
        method="post",
        success=(302,),
        data={"text": "名单第一位家庭条件较好"},
        args=_pk("charity_noticed"),
    ),
    "portal:grant_apply": expect(
        ok={"applicant"}, anonymous="login", login_url="portal:sign_in", args=_pk("charity_open")
    ),
    "portal:grant_application": _own("charity_draft"),
    "portal:grant_application_edit": _own("charity_draft"),
    "portal:grant_document_add": _own(
        "charity_draft",
        method="post",
        success=(302,),
        data=lambda world: {"kind": "admission", "file": image_upload()},
    ),
    "portal:grant_submit": _own("charity_draft", method="post", success=(302,)),
    # Published activities on the portal: for everyone (an unpublished one is a 404).
    "portal:activities": expect(ok=EVERYONE, anonymous="ok", data={"year": "2019"}),
    "portal:activity": expect(ok=EVERYONE, anonymous="ok", args=_pk("charity_published")),
    "portal:activity_photo": expect(
        ok=EVERYONE,
        anonymous="ok",
        args=lambda world: [world["charity_published"].pk, world["charity_public_photo"].pk],
    ),
    # The API: charity figures for their readers, the registry for its readers.
    "GET /api/charity/activities": _api(ok=READERS, data={"year": "2019"}),
    "GET /api/charity/summary": _api(ok=READERS, data={"year": "2019"}),
    "GET /api/charity/beneficiaries": _api(ok=PEOPLE),
    "GET /api/grants/programmes": expect(ok=SIGNED_IN, anonymous="ok"),
}
