"""Permission-matrix rows of the field topic (today's list, the inspection list and
detail, the field form and its JSON endpoints).

The world: a 鹿城 inspection assigned to the cast's inspector (attached to the 鹿城
branch), in progress, with one photo and a signature. 鹿城's branch staff and the
station management department (city-wide) inspect too; the inspector and they reach it,
瑞安's staff find no such inspection (404). Readers of supervision (the departments,
leadership) see the list and the detail page but may not fill anything in. The owner in
the cast owns a 瑞安 station, not this one: its inspections are hidden from them."""

import uuid

from django.core.files.base import ContentFile

from fucai.core.testing.matrix import expect
from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from ..choices import InspectionStatus
from ..models import InspectionPhoto
from .factories import InspectionFactory, field_checklist, image_bytes


def make_world(cast) -> dict:
    template, items = field_checklist()
    inspection = InspectionFactory(
        station=StationFactory(region=region("330302")),
        template=template,
        inspector=cast["inspector"],
        status=InspectionStatus.IN_PROGRESS,
        signed_by="王店主",
    )
    inspection.signature.save("sig.png", ContentFile(image_bytes("PNG")), save=True)
    photo = InspectionPhoto(
        inspection=inspection,
        item=items["front"],
        content_type="image/jpeg",
        size=100,
        client_id=uuid.uuid4(),
    )
    photo.file.save("p.jpg", ContentFile(image_bytes()), save=True)
    return {"field_inspection": inspection, "field_photo": photo, "field_items": items}


def _inspection(world):
    return [world["field_inspection"].pk]


def _photo(world):
    return [world["field_inspection"].pk, world["field_photo"].pk]


# Read supervision: the center, the districts, the inspector and the owner.
READERS = {"leader", "stations", "finance", "charity", "marketing", "admin"}
READERS |= {"lucheng", "ruian", "inspector", "owner"}
# Read this 鹿城 inspection.
SEE = {"leader", "stations", "finance", "charity", "marketing", "admin", "lucheng", "inspector"}
# Carry out inspections (INSPECT): the station department, the districts, the inspector.
INSPECTORS = {"stations", "lucheng", "ruian", "inspector"}
# Fill this one in: its inspector and the staff inspecting 鹿城.
FILL = {"stations", "lucheng", "inspector"}

_on = {"args": _inspection}
_post_json = {"method": "post", "content_type": "application/json", **_on}

URL_SPECS = {
    "governance:today": expect(ok=INSPECTORS),
    "governance:inspections": expect(ok=READERS),
    "governance:inspection": expect(ok=SEE, hidden={"ruian", "owner"}, **_on),
    "governance:inspection_pdf": expect(ok=SEE, hidden={"ruian", "owner"}, **_on),
    "governance:inspection_photo": expect(ok=SEE, hidden={"ruian", "owner"}, args=_photo),
    "governance:inspection_signature": expect(ok=SEE, hidden={"ruian", "owner"}, **_on),
    "governance:inspection_cancel": expect(ok=FILL, hidden={"ruian"}, **_on),
    "governance:inspection_field": expect(ok=FILL, hidden={"ruian"}, **_on),
    "governance:inspection_check_in": expect(ok=FILL, hidden={"ruian"}, data={}, **_post_json),
    "governance:inspection_answers": expect(
        ok=FILL,
        hidden={"ruian"},
        data=lambda world: {
            "answers": [{"item": world["field_items"]["notice"].pk, "passed": True}]
        },
        **_post_json,
    ),
    "governance:inspection_photo_add": expect(
        ok=FILL,
        hidden={"ruian"},
        method="post",
        data=lambda world: {
            "photo": ContentFile(image_bytes(), name="p.jpg"),
            "client_id": str(uuid.uuid4()),
        },
        **_on,
    ),
    "governance:inspection_sign": expect(
        ok=FILL,
        hidden={"ruian"},
        data={"signed_by": "王店主", "signature": "data:image/png;base64,iVBORw0KGgo="},
        **_post_json,
    ),
    # Unanswered items: permission and scope pass, the submission is refused (400).
    "governance:inspection_submit": expect(
        ok=FILL, hidden={"ruian"}, data={}, success=(400,), **_post_json
    ),
}
