"""The public evaluation (万人双评议) on the portal: answer a survey, from the portal or
from the QR code at a station (``?station=<code>``); one answer per mobile."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import context, throttle
from fucai.feedback.forms import SurveyAnswerForm
from fucai.feedback.models import Survey
from fucai.feedback.services import evaluation as services
from fucai.stations.models import Station

ANSWER_LIMIT_PER_IP = 30
WINDOW_SECONDS = 3600
THROTTLED = _("Too many requests from your network. Please wait a while and try again.")


def survey(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    code = (request.GET.get("station") or "")[:12]
    station = Station.objects.only("pk", "code", "name").filter(code=code).first() if code else None
    is_open = survey.is_open(timezone.localdate())
    form = SurveyAnswerForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST" and is_open:
        status = 400
        limit = getattr(settings, "SURVEY_ANSWER_LIMIT", ANSWER_LIMIT_PER_IP)
        if not throttle.hit(
            "survey-answer", context.client_ip(request), limit=limit, window=WINDOW_SECONDS
        ):
            form.add_error(None, THROTTLED)
            status = 429
        elif form.is_valid():
            try:
                services.survey_answer(
                    survey=survey,
                    phone=form.cleaned_data["phone"],
                    answers=form.answers(),
                    station=station,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Thank you for your evaluation."))
                return redirect("portal:complaint_statistics")
    return render(
        request,
        "portal/survey.html",
        {"survey": survey, "form": form, "station": station, "is_open": is_open},
        status=status,
    )


urlpatterns = [
    path("evaluation/<int:pk>/", survey, name="survey"),
]
