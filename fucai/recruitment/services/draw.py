"""The public draw (摇号) when a district has more qualified applicants than places.

Anyone can reproduce a draw from what is published: sort the candidates' tracking
codes, seed ``random.Random`` with the integer value of
``sha256(seed + str(call id) + region code)`` and shuffle; the first ``places`` codes
win, the rest form the waiting list in that order.
"""

import hashlib
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.models import Region
from fucai.core.services import require

from .. import constants as c
from .. import selectors
from ..choices import ApplicationStatus as S
from ..models import Application, CallQuota, Draw, RecruitmentCall
from ._common import required_text, transition


def draw_order(candidates: list[str], *, seed: str, call_id: int, region_code: str) -> list[str]:
    key = hashlib.sha256(f"{seed}{call_id}{region_code}".encode()).hexdigest()
    order = sorted(candidates)
    random.Random(int(key, 16)).shuffle(order)
    return order


@transaction.atomic
def draw_run(*, acting_user, call: RecruitmentCall, region: Region, seed: str) -> Draw:
    require(acting_user, c.REVIEW_APPLICATIONS)
    scope.require_region(acting_user, region)
    seed = required_text(seed, "seed")
    # Lock the district's quota row: approvals of the same district wait for the draw.
    CallQuota.objects.select_for_update().filter(call=call, region=region).first()
    candidates = list(
        Application.objects.select_for_update()
        .filter(call=call, region=region, status=S.NOTICE_PASSED)
        .order_by("tracking_code")
    )
    places = max(selectors.remaining_quota(call, region), 0)
    if len(candidates) <= places:
        raise ValidationError(
            _("There are no more applicants than places; no draw is needed."),
            code="not_oversubscribed",
        )
    codes = [a.tracking_code for a in candidates]
    order = draw_order(codes, seed=seed, call_id=call.pk, region_code=region.code)
    draw = Draw(
        call=call,
        region=region,
        seed=seed,
        places=places,
        candidates=codes,
        order=order,
        winners=order[:places],
        created_by=acting_user,
    )
    draw.full_clean()
    draw.save()
    audit.record_create(actor=acting_user, obj=draw)
    by_code = {a.tracking_code: a for a in candidates}
    for rank, code in enumerate(order, start=1):
        transition(
            by_code[code],
            to_status=S.DRAWN_WINNER if rank <= places else S.DRAWN_WAITLIST,
            actor=acting_user,
            comment=str(_("Public draw, rank %(rank)d")) % {"rank": rank},
            updates={"draw": draw, "draw_rank": rank},
        )
    return draw


def draw_verify(draw: Draw) -> bool:
    """Re-run a draw from its published inputs; True if it gives the recorded result."""
    if list(draw.candidates) != sorted(draw.candidates):
        return False
    order = draw_order(
        list(draw.candidates), seed=draw.seed, call_id=draw.call_id, region_code=draw.region.code
    )
    return order == list(draw.order) and list(draw.winners) == order[: draw.places]
