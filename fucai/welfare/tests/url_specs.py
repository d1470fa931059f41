"""Permission-matrix rows of the welfare app's pages, its API and the public 阳光福彩
pages of the portal (see fucai.core.testing.matrix).

The world: a city-wide project with a document and a pending payment requested by
charity, a closed-able January 2019 period, a 2018 disclosure published and a 2019 one
in draft. The fund is read by finance, charity and leadership; finance keeps the ledger
and prepares the disclosure, charity runs the projects, the three of them decide
approval steps, leadership approves the disclosure. The public pages are for everyone;
an unpublished year is a 404 there."""

import datetime

from django.core.files.base import ContentFile

from fucai.core.testing.matrix import EVERYONE, expect
from fucai.governance.tests.factories import image_bytes

from ..choices import DisclosureState, DocumentKind
from ..models import Disclosure, ProjectDocument
from .factories import LedgerPeriodFactory, funded_project


def make_world(cast) -> dict:
    from .. import services

    project = funded_project(cast, name="矩阵项目")
    payment = services.disbursement_request(
        acting_user=cast["charity"],
        project=project,
        amount_fen=100_000,
        payee="敬老院",
        paid_on=datetime.date(2019, 3, 1),
        purpose="慰问",
    )
    document = ProjectDocument(
        project=project,
        kind=DocumentKind.PHOTO,
        title="照片",
        content_type="image/jpeg",
        uploaded_by=cast["charity"],
    )
    document.file.save("p.jpg", ContentFile(image_bytes()), save=True)
    Disclosure.objects.create(
        year=2018,
        state=DisclosureState.PUBLISHED,
        figures=services.compute_figures(2018, reach={}),
    )
    Disclosure.objects.create(year=2019, figures=services.compute_figures(2019, reach={}))
    return {
        "welfare_project": project,
        "welfare_payment": payment,
        "welfare_document": document,
        "welfare_period": LedgerPeriodFactory(year=2019, month=1),
    }


READERS = {"leader", "finance", "charity"}
LEDGER = {"finance"}
PROJECTS = {"charity"}
APPROVERS = {"leader", "finance", "charity"}
_post = {"method": "post", "success": (302,)}
_project = {"args": lambda w: [w["welfare_project"].pk]}

URL_SPECS = {
    "welfare:ledger": expect(ok=READERS),
    "welfare:accrue": expect(ok=LEDGER, data={"year": "2019"}, **_post),
    "welfare:entry_reverse": expect(
        ok=LEDGER,
        args=lambda w: [w["welfare_project"].postings.first().entry_id],
        data={"memo": "更正"},
        **_post,
    ),
    "welfare:periods": expect(ok=READERS),
    "welfare:period_close": expect(ok=LEDGER, args=lambda w: [w["welfare_period"].pk], **_post),
    "welfare:budgets": expect(ok=READERS),
    "welfare:projects": expect(ok=READERS),
    "welfare:project_create": expect(ok=PROJECTS),
    "welfare:project": expect(ok=READERS, **_project),
    "welfare:project_edit": expect(ok=PROJECTS, **_project),
    "welfare:document_add": expect(ok=PROJECTS, **_project, **_post),
    "welfare:document_file": expect(
        ok=READERS, args=lambda w: [w["welfare_project"].pk, w["welfare_document"].pk]
    ),
    "welfare:money_request": expect(
        ok=PROJECTS,
        args=lambda w: [w["welfare_project"].pk, "payment"],
        data={"amount_fen": "10", "payee": "x", "paid_on": "2019-04-01", "purpose": "y"},
        **_post,
    ),
    "welfare:approvals": expect(ok=READERS),
    "welfare:decide": expect(
        ok=APPROVERS,
        args=lambda w: ["payment", w["welfare_payment"].pk],
        data={"approve": "1"},
        **_post,
    ),
    "welfare:disclosures": expect(ok=READERS),
    "welfare:disclosure_generate": expect(ok=LEDGER, data={"year": "2019"}, **_post),
    "welfare:disclosure": expect(ok=READERS, args=lambda w: [2019]),
    "welfare:disclosure_pdf": expect(ok=READERS, args=lambda w: [2018]),
    "welfare:disclosure_foreword": expect(
        ok=LEDGER, args=lambda w: [2019], data={"foreword": "前言"}, **_post
    ),
    "welfare:disclosure_action": expect(ok=READERS, args=lambda w: [2019, "submit"], **_post),
    "portal:disclosures": expect(ok=EVERYONE, anonymous="ok"),
    "portal:disclosure": expect(ok=EVERYONE, anonymous="ok", args=lambda w: [2018]),
    "portal:disclosure_pdf": expect(ok=EVERYONE, anonymous="ok", args=lambda w: [2018]),
    "portal:money_flow": expect(ok=EVERYONE, anonymous="ok"),
    "GET /api/welfare/summary": expect(ok=READERS, anonymous="unauthorized", data={"year": "2019"}),
}
