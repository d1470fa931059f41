"""The inspector's phone: today's list, the field form, and the JSON endpoints the form
syncs through (check-in, answers, photos, signature, submit).

The form keeps its state in the browser (localStorage, keyed by the inspection's
``client_id``) and sends it whenever the network is there; every endpoint is safe to
call twice (see services.inspections). Errors are JSON with a message and a 4xx status.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin, ScopedObjectMixin

from ..choices import AnswerType
from ..constants import CHECK_IN_FAR_METRES, MAX_PHOTO_BYTES
from ..models import Inspection
from ..selectors import inspections as selectors
from ..services import inspection_media
from ..services import inspections as services

# Bounded before parsing (a signature's PNG as base64 is the largest body).
MAX_JSON_BYTES = 1024 * 1024


def field_messages() -> dict:
    """The words field.js shows (the page's language; ``%s`` is filled in by the script)."""
    messages = {
        "metres": _("%s m"),
        "kilometres": _("%s km"),
        "locating": _("Finding your location…"),
        "nearestFirst": _("Nearest first."),
        "noLocation": _("Location not shared: sorted by due date."),
        "offline": _("Offline — %s change(s) saved on this phone, sent when the network returns."),
        "pending": _("%s change(s) waiting to be sent…"),
        "synced": _("All changes saved."),
        "storageFull": _("This phone's storage is full: send your changes before adding more."),
        "photoTooLarge": _("This photo is too large."),
        "photoUnreadable": _("This file could not be read."),
        "checkedIn": _("Checked in %s from the station."),
        "far": _("Far from the station: this check-in is flagged."),
        "checkedInUnknown": _("Checked in; location unknown (not shared by the phone)."),
        "checkedInNoStation": _("Checked in; the station has no coordinates on record."),
        "checkInPending": _("Check-in saved on this phone, to be sent."),
        "signFirst": _("Ask the station to sign in the box first."),
        "signerName": _("Enter the name of the person signing."),
        "signatureSaved": _("Signature saved on this phone, to be sent."),
        "signatureSynced": _("Signature saved."),
        "refused": _("The server refused this change."),
        "notSynced": _("Some changes are not sent yet; connect to the network and try again."),
        "offlineSubmit": _("No network: the inspection can be submitted once you are online."),
    }
    return {key: str(value) for key, value in messages.items()}


class TodayView(RolePermissionMixin, TemplateView):
    """Today's (and overdue) inspections of the signed-in inspector, for a phone."""

    permission = roles.INSPECT
    template_name = "governance/field/today.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        user = self.request.user
        context.update(
            today=today,
            inspections=list(selectors.today_for(user, today)),
            upcoming=selectors.upcoming_for(user, today),
            messages_js=field_messages(),
        )
        return context


class FieldMixin(RolePermissionMixin, ScopedObjectMixin):
    model = Inspection
    permission = roles.INSPECT

    def get_queryset(self):
        return selectors.visible_inspections(self.request.user)


class InspectionFieldView(FieldMixin, TemplateView):
    """The field form. A submitted or cancelled inspection opens its detail page."""

    template_name = "governance/field/inspection_form.html"

    def get(self, request, *args, **kwargs):
        inspection = self.get_object()
        if inspection.status not in selectors.OPEN:
            return redirect("governance:inspection", pk=inspection.pk)
        if not services.can_fill(request.user, inspection):
            raise PermissionDenied(services.NOT_YOURS)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = selectors.with_detail(self.get_queryset()).get(pk=self.kwargs["pk"])
        answers = {a.item_id: a for a in inspection.answers.all()}
        photos: dict = {}
        for photo in inspection.photos.all():
            photos.setdefault(photo.item_id or 0, []).append(
                {
                    "client_id": str(photo.client_id or ""),
                    "url": reverse("governance:inspection_photo", args=[inspection.pk, photo.pk]),
                }
            )
        sections = [
            (section, [(item, answers.get(item.pk)) for item in section.items.all()])
            for section in inspection.template.sections.all()
        ]
        pk = [inspection.pk]
        station = inspection.station
        state = {
            "clientId": str(inspection.client_id),
            "version": inspection.version,
            "checkedIn": inspection.checked_in_at is not None,
            "located": inspection.check_in_latitude is not None,
            "station": [float(station.latitude), float(station.longitude)]
            if station.latitude is not None and station.longitude is not None
            else None,
            "distance": inspection.check_in_distance_m,
            "far": inspection.check_in_far,
            "signedBy": inspection.signed_by,
            "signed": bool(inspection.signature),
            "answers": {
                str(a.item_id): {
                    "passed": a.passed,
                    "score": None if a.score is None else str(a.score.normalize()),
                    "number": None if a.number is None else str(a.number.normalize()),
                    "text": a.text,
                    "comment": a.comment,
                    "answered_at": a.answered_at.isoformat(),
                }
                for a in answers.values()
            },
            "photos": {str(k): v for k, v in photos.items()},
            "urls": {
                "checkIn": reverse("governance:inspection_check_in", args=pk),
                "answers": reverse("governance:inspection_answers", args=pk),
                "photos": reverse("governance:inspection_photo_add", args=pk),
                "sign": reverse("governance:inspection_sign", args=pk),
                "submit": reverse("governance:inspection_submit", args=pk),
                "detail": reverse("governance:inspection", args=pk),
            },
            "farMetres": CHECK_IN_FAR_METRES,
            "maxPhotoBytes": MAX_PHOTO_BYTES,
        }
        context.update(
            inspection=inspection,
            station=inspection.station,
            sections=sections,
            state=state,
            messages_js=field_messages(),
            answer_types=AnswerType,
        )
        return context


def json_error(message, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": str(message), **extra}, status=status)


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


class FieldEndpoint(FieldMixin, View):
    """A POST endpoint of the field form: JSON in (or multipart), JSON out; a
    validation error is 400 with its message(s), a refusal 403, a stale copy 409."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValidationError as error:
            messages = _messages(error)
            status = 409 if getattr(error, "code", None) == "stale" else 400
            return json_error(" ".join(messages), status, messages=messages)
        except PermissionDenied as error:
            if not request.user.is_authenticated:
                raise
            return json_error(str(error) or _("You may not do this."), 403)
        except Http404:
            return json_error(_("No such inspection."), 404)

    def body(self) -> dict:
        # A form post (its body already parsed by a middleware) is not JSON either.
        if self.request.content_type != "application/json":
            raise ValidationError(_("The request is not valid JSON."))
        if len(self.request.body) > MAX_JSON_BYTES:
            raise ValidationError(_("The request is too large."))
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError(_("The request is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise ValidationError(_("The request must be a JSON object."))
        return data

    @staticmethod
    def version(data: dict) -> int | None:
        value = data.get("version")
        if value is None:
            return None
        if not isinstance(value, int):
            raise ValidationError(_("The version must be a number."))
        return value


def _state(inspection: Inspection, **extra) -> JsonResponse:
    return JsonResponse({"version": inspection.version, "status": inspection.status, **extra})


class CheckInEndpoint(FieldEndpoint):
    def post(self, request, *args, **kwargs):
        data = self.body()
        at = data.get("at")
        at = services.answered_at(at, timezone.now()) if at else None
        inspection = services.inspection_check_in(
            inspection=self.get_object(),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            accuracy_m=data.get("accuracy"),
            acting_user=request.user,
            at=at,
        )
        return _state(
            inspection,
            distance=inspection.check_in_distance_m,
            far=inspection.check_in_far,
            located=inspection.check_in_latitude is not None,
        )


class AnswersEndpoint(FieldEndpoint):
    def post(self, request, *args, **kwargs):
        data = self.body()
        result = services.inspection_save_answers(
            inspection=self.get_object(),
            answers=data.get("answers", []),
            acting_user=request.user,
        )
        return _state(result.inspection, saved=result.saved, unchanged=result.unchanged)


class PhotoEndpoint(FieldEndpoint):
    def post(self, request, *args, **kwargs):
        upload = request.FILES.get("photo")
        if upload is None:
            raise ValidationError(_("No photo was sent."))
        item = request.POST.get("item") or None
        if item is not None and not item.isdigit():
            raise ValidationError(_("The photo names an item that is not on this checklist."))
        photo, created = inspection_media.inspection_photo_add(
            inspection=self.get_object(),
            file=upload,
            client_id=request.POST.get("client_id") or None,
            item_id=int(item) if item else None,
            acting_user=request.user,
        )
        inspection = Inspection.objects.get(pk=photo.inspection_id)
        return _state(
            inspection,
            created=created,
            client_id=str(photo.client_id or ""),
            url=reverse("governance:inspection_photo", args=[inspection.pk, photo.pk]),
        )


class SignEndpoint(FieldEndpoint):
    def post(self, request, *args, **kwargs):
        data = self.body()
        inspection = inspection_media.inspection_sign(
            inspection=self.get_object(),
            signed_by=str(data.get("signed_by") or ""),
            file=inspection_media.decode_data_url(data.get("signature")),
            acting_user=request.user,
        )
        return _state(inspection, signed_by=inspection.signed_by)


class SubmitEndpoint(FieldEndpoint):
    def post(self, request, *args, **kwargs):
        data = self.body()
        summary = data.get("summary") or ""
        if not isinstance(summary, str):
            raise ValidationError(_("The summary must be text."))
        inspection = services.inspection_submit(
            inspection=self.get_object(),
            acting_user=request.user,
            summary=summary,
            expected_version=self.version(data),
        )
        return _state(
            inspection,
            result=inspection.result,
            score=str(inspection.score),
            url=reverse("governance:inspection", args=[inspection.pk]),
        )


_F = "inspections/<int:pk>/field/"

urlpatterns = [
    path("today/", TodayView.as_view(), name="today"),
    path(_F, InspectionFieldView.as_view(), name="inspection_field"),
    path(f"{_F}check-in/", CheckInEndpoint.as_view(), name="inspection_check_in"),
    path(f"{_F}answers/", AnswersEndpoint.as_view(), name="inspection_answers"),
    path(f"{_F}photos/", PhotoEndpoint.as_view(), name="inspection_photo_add"),
    path(f"{_F}sign/", SignEndpoint.as_view(), name="inspection_sign"),
    path(f"{_F}submit/", SubmitEndpoint.as_view(), name="inspection_submit"),
]
