"""Permission-matrix rows of the owner's evidence photos after applying (topic
"stars_evidence"): the owner adds to and removes from their own submitted application;
no other role does (a 403: only owners hold the permission to apply)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from fucai.core.testing.matrix import expect
from fucai.core.tests.factories import region
from fucai.stations.models import StationOwner
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..models import StarApplication, StarEvidence, StarRound
from ..services.ratings import rating_scheme_active
from .factories import image_bytes


def make_world(cast) -> dict:
    today = timezone.localdate()
    round_ = StarRound.objects.create(
        year=2024,
        scheme=rating_scheme_active("stars"),
        apply_from=today - datetime.timedelta(days=10),
        apply_until=today + datetime.timedelta(days=10),
    )
    owner = StationOwner.objects.filter(user=cast["owner"]).first() or StationOwnerFactory(
        user=cast["owner"]
    )
    application = StarApplication.objects.create(
        round=round_,
        station=StationFactory(region=region("330381"), owner=owner),
        stars_applied=3,
        score=70,
        computed_stars=3,
    )
    photo = StarEvidence(
        application=application,
        criterion="premises",
        content_type="image/jpeg",
        size=100,
        uploaded_by=cast["owner"],
    )
    photo.file.save("own.jpg", ContentFile(image_bytes()), save=True)
    return {"stars_evidence_application": application, "stars_evidence_photo": photo}


URL_SPECS = {
    "governance:star_evidence_add": expect(
        ok={"owner"},
        method="post",
        success=(302,),
        args=lambda world: [world["stars_evidence_application"].pk],
    ),
    "governance:star_evidence_remove": expect(
        ok={"owner"},
        method="post",
        success=(302,),
        args=lambda world: [
            world["stars_evidence_application"].pk,
            world["stars_evidence_photo"].pk,
        ],
    ),
}
