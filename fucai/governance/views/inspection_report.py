"""What an inspection's detail page and its PDF show: the checklist by section with
each answer, its photos and whether it failed, the score, the check-in, the signature
and the rectification orders issued."""

from dataclasses import dataclass, field

from django.urls import reverse

from fucai.core.pdf import data_url

from .. import scoring
from ..choices import AnswerType
from ..constants import CHECK_IN_FAR_METRES, PASS_SHARE_PERCENT
from ..models import ChecklistItem, Inspection, InspectionAnswer


@dataclass
class ItemRow:
    item: ChecklistItem
    answer: InspectionAnswer | None
    photos: list = field(default_factory=list)  # (url, photo)
    earned: object = None
    failed: bool = False
    answered: bool = False


@dataclass
class SectionRows:
    title: str
    rows: list[ItemRow]


def report_context(inspection: Inspection, *, embed: bool = False) -> dict:
    """``inspection`` comes from ``selectors.with_detail`` (everything prefetched).
    ``embed``: images as data URLs (for the PDF) instead of links to the photo view."""
    answers = {a.item_id: a for a in inspection.answers.all()}
    photos_by_item: dict = {}
    general = []
    for photo in inspection.photos.all():
        url = (
            data_url(photo.file, photo.content_type)
            if embed
            else reverse("governance:inspection_photo", args=[inspection.pk, photo.pk])
        )
        if photo.item_id:
            photos_by_item.setdefault(photo.item_id, []).append((url, photo))
        else:
            general.append((url, photo))
    sections = []
    for section in inspection.template.sections.all():
        rows = []
        for item in section.items.all():
            answer = answers.get(item.pk)
            photos = photos_by_item.get(item.pk, [])
            rule = scoring.ItemRule(item.pk, item.answer_type, item.weight, item.critical)
            value = (
                scoring.AnswerValue(answer.passed, answer.score, answer.number, answer.text)
                if answer
                else None
            )
            answered = scoring.is_answered(rule, value, len(photos))
            rows.append(
                ItemRow(
                    item=item,
                    answer=answer,
                    photos=photos,
                    answered=answered,
                    earned=scoring.earned(rule, value, len(photos)) if answered else None,
                    failed=scoring.item_failed(rule, value),
                )
            )
        sections.append(SectionRows(section.title, rows))
    if embed:
        signature_url = data_url(inspection.signature, "image/png")
    elif inspection.signature:
        signature_url = reverse("governance:inspection_signature", args=[inspection.pk])
    else:
        signature_url = ""
    return {
        "inspection": inspection,
        "station": inspection.station,
        "sections": sections,
        "general_photos": general,
        "signature_url": signature_url,
        "orders": getattr(inspection, "orders", None)
        or list(inspection.rectification_orders.all()),
        "far_metres": CHECK_IN_FAR_METRES,
        "pass_share": PASS_SHARE_PERCENT,
        "answer_types": AnswerType,
    }
