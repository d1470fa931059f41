"""Two devices acting on one inspection at once: the row lock serializes them, so a
double submission scores once and issues its orders once. PostgreSQL only (SQLite
serializes every writer anyway)."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ..choices import InspectionStatus
from ..models import RectificationOrder
from ..services import inspection_media
from ..services import inspections as svc
from .factories import InspectionFactory, field_checklist, image_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_simultaneous_submissions_count_once(cast):
    template, items = field_checklist()
    inspection = InspectionFactory(template=template, inspector=cast["inspector"])
    user = cast["inspector"]
    svc.inspection_check_in(inspection=inspection, acting_user=user)
    svc.inspection_save_answers(
        inspection=inspection,
        answers=[
            {"item": items["licence"].pk, "passed": False},
            {"item": items["notice"].pk, "passed": False},
            {"item": items["tidy"].pk, "score": 2},
            {"item": items["terminals"].pk, "number": 1},
            {"item": items["remarks"].pk, "text": "无"},
        ],
        acting_user=user,
    )
    inspection_media.inspection_photo_add(
        inspection=inspection,
        file=SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg"),
        client_id=uuid.uuid4(),
        item_id=items["front"].pk,
        acting_user=user,
    )
    inspection_media.inspection_sign(
        inspection=inspection,
        signed_by="王店主",
        file=SimpleUploadedFile("s.png", image_bytes("PNG"), content_type="image/png"),
        acting_user=user,
    )

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            barrier.wait()
            svc.inspection_submit(inspection=inspection, acting_user=user)
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.code or "invalid")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["read_only", "submitted"]
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SUBMITTED
    # Three failed items (the score 2/10 is one): three orders, not six.
    assert RectificationOrder.objects.filter(inspection=inspection).count() == 3
