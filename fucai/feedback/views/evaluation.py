"""Staff pages of the public evaluation (万人双评议): the surveys, create one with its
questions, its results by month and department beside the published ranks (enter a
rank), and the QR code page for a station."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.forms import SaneDateField
from fucai.core.generic import RolePermissionMixin, add_validation_errors
from fucai.core.roles import has_permission
from fucai.stations.models import Station

from ..forms import DATE_INPUT, PublishedRankForm
from ..models import PublishedRank, Survey
from ..selectors import survey_results
from ..services import evaluation as services


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    opens_on = SaneDateField(label=_("Opens on"), widget=DATE_INPUT)
    closes_on = SaneDateField(label=_("Closes on"), widget=DATE_INPUT)
    questions = forms.CharField(
        label=_("Questions, one per line"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "“Department: question” rates a department; “question :: option / option” is a "
            "single choice; a question ending in “??” takes free text; any other line is a "
            "rating from 1 to 5."
        ),
    )

    def clean_questions(self):
        return services.parse_questions(self.cleaned_data["questions"])


class SurveyListView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_EVALUATION
    template_name = "feedback/survey_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["surveys"] = Survey.objects.all()[:100]
        context["ranks"] = PublishedRank.objects.all()[:24]
        return context


class SurveyCreateView(RolePermissionMixin, View):
    permission = roles.MANAGE_EVALUATION
    template_name = "feedback/survey_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": SurveyForm()})

    def post(self, request):
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                survey = services.survey_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Survey created."))
                return redirect("feedback:survey", pk=survey.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class SurveyDetailView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_EVALUATION
    template_name = "feedback/survey_detail.html"

    def get(self, request, *args, **kwargs):
        # The form "a station's sheet": on to that station's QR page (which checks it).
        code = request.GET.get("station", "").strip()[:12]
        if code and has_permission(request.user, roles.MANAGE_EVALUATION):
            return redirect("feedback:survey_station", pk=kwargs["pk"], code=code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = get_object_or_404(Survey, pk=self.kwargs["pk"])
        context["results"] = survey_results(survey)
        context["rank_form"] = kwargs.get("rank_form") or PublishedRankForm()
        context["portal_url"] = self.request.build_absolute_uri(
            reverse("portal:survey", args=[survey.pk])
        )
        return context


class RankRecordView(RolePermissionMixin, View):
    permission = roles.MANAGE_EVALUATION

    def post(self, request, pk):
        survey = get_object_or_404(Survey, pk=pk)
        form = PublishedRankForm(request.POST)
        if form.is_valid():
            try:
                services.rank_record(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Published rank recorded."))
                return redirect("feedback:survey", pk=survey.pk)
        view = SurveyDetailView(request=request, kwargs={"pk": pk}, args=())
        context = view.get_context_data(rank_form=form)
        return render(request, SurveyDetailView.template_name, context, status=400)


class SurveyStationCodeView(RolePermissionMixin, TemplateView):
    """The sheet to print and put up at a station: the survey's portal address with the
    station's code as a QR code a phone's camera opens, and in print below it."""

    permission = roles.MANAGE_EVALUATION
    template_name = "feedback/survey_station.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = get_object_or_404(Survey, pk=self.kwargs["pk"])
        station = get_object_or_404(
            Station.objects.visible_to(self.request.user), code=self.kwargs["code"]
        )
        url = reverse("portal:survey", args=[survey.pk]) + f"?station={station.code}"
        context.update(
            survey=survey, station=station, station_url=self.request.build_absolute_uri(url)
        )
        return context


urlpatterns = [
    path("surveys/", SurveyListView.as_view(), name="surveys"),
    path("surveys/new/", SurveyCreateView.as_view(), name="survey_create"),
    path("surveys/<int:pk>/", SurveyDetailView.as_view(), name="survey"),
    path("surveys/<int:pk>/ranks/", RankRecordView.as_view(), name="rank_record"),
    path(
        "surveys/<int:pk>/stations/<str:code>/",
        SurveyStationCodeView.as_view(),
        name="survey_station",
    ),
]
