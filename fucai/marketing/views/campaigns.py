"""Campaign pages: the list, plan and edit, the page with its stations and measured
effect (chart and words), and the steps (pick stations, start, finish, measure)."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.stations.models import Station

from ..display import lift_summary
from ..forms import CampaignFilterForm, CampaignForm, StationPickForm
from ..models import Campaign
from ..selectors import campaigns_for
from ..services import campaigns as services
from ._helpers import permission_required, run_action

STATIONS_SHOWN = 200


class CampaignListView(ObjectListView):
    model = Campaign
    permission = roles.VIEW_MARKETING
    filter_form_class = CampaignFilterForm
    template_name = "marketing/campaign_list.html"
    table_template_name = "marketing/_campaign_table.html"
    sort_fields = {"start": "starts_on", "budget": "budget_fen"}
    default_sort = "-start"
    export_filename = "campaigns"
    export_columns = [
        (_("Campaign name"), lambda c: c.name),
        (_("Campaign type"), lambda c: c.get_kind_display()),
        (_("Starts on"), lambda c: c.starts_on),
        (_("Ends on"), lambda c: c.ends_on),
        (_("Budget (yuan)"), lambda c: Decimal(c.budget_fen) / 100),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Lift (%)"), lambda c: (c.lift or {}).get("estimate")),
        (_("Lower bound (%)"), lambda c: (c.lift or {}).get("low")),
        (_("Upper bound (%)"), lambda c: (c.lift or {}).get("high")),
    ]

    def get_queryset(self):
        return campaigns_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for campaign in context["object_list"]:
            campaign.effect = lift_summary(campaign.lift)
        return context


def _campaign(request, pk) -> Campaign:
    try:
        return Campaign.objects.visible_to(request.user).get(pk=pk)
    except (Campaign.DoesNotExist, ValueError):
        raise Http404 from None


@permission_required(roles.MANAGE_CAMPAIGNS)
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(acting_user=request.user, **form.service_fields())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Campaign saved. Now pick its stations."))
            return redirect(campaign)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "marketing/form.html",
        {"form": form, "title": _("Plan a campaign"), "back": reverse("marketing:index")},
        status=status,
    )


@permission_required(roles.MANAGE_CAMPAIGNS)
def campaign_edit(request, pk):
    campaign = _campaign(request, pk)
    form = CampaignForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                acting_user=request.user, campaign=campaign, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(campaign)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": campaign.name, "back": campaign.get_absolute_url()}
    return render(request, "marketing/form.html", context, status=status)


class CampaignDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Campaign
    permission = roles.VIEW_MARKETING
    template_name = "marketing/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.get_object()
        stations = campaign.stations.select_related("region").order_by("code")
        context.update(
            campaign=campaign,
            regions=list(campaign.regions.all()),
            games=list(campaign.games.all()),
            materials=list(campaign.materials.all()),
            station_count=stations.count(),
            stations=list(stations[:STATIONS_SHOWN]),
            effect=lift_summary(campaign.lift),
            series=(campaign.lift or {}).get("series"),
            pick_form=StationPickForm(campaign=campaign),
        )
        return context


@require_POST
@permission_required(roles.MANAGE_CAMPAIGNS)
def campaign_stations_add(request, pk):
    campaign = _campaign(request, pk)
    form = StationPickForm(request.POST, campaign=campaign)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(campaign)
    try:
        stations = form.stations(request.user)
        added = services.campaign_add_stations(
            acting_user=request.user, campaign=campaign, stations=stations
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)s stations added.") % {"n": added})
    return redirect(campaign)


@require_POST
@permission_required(roles.MANAGE_CAMPAIGNS)
def campaign_station_remove(request, pk, station_pk):
    campaign = _campaign(request, pk)
    station = get_object_or_404(Station.objects.visible_to(request.user), pk=station_pk)
    return run_action(
        request,
        lambda: services.campaign_remove_station(
            acting_user=request.user, campaign=campaign, station=station
        ),
        _("Station removed from the campaign."),
        campaign.get_absolute_url(),
    )


def _step(service, success):
    @require_POST
    @permission_required(roles.MANAGE_CAMPAIGNS)
    def view(request, pk):
        campaign = _campaign(request, pk)
        return run_action(
            request,
            lambda: service(acting_user=request.user, campaign=campaign),
            success,
            campaign.get_absolute_url(),
        )

    return view


urlpatterns = [
    path("", CampaignListView.as_view(), name="index"),
    path("campaigns/new/", campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<int:pk>/edit/", campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/stations/", campaign_stations_add, name="campaign_stations_add"),
    path(
        "campaigns/<int:pk>/stations/<int:station_pk>/remove/",
        campaign_station_remove,
        name="campaign_station_remove",
    ),
    path(
        "campaigns/<int:pk>/start/",
        _step(services.campaign_start, _("The campaign is running.")),
        name="campaign_start",
    ),
    path(
        "campaigns/<int:pk>/finish/",
        _step(services.campaign_finish, _("The campaign is finished and its effect measured.")),
        name="campaign_finish",
    ),
    path(
        "campaigns/<int:pk>/measure/",
        _step(services.campaign_measure, _("The effect is measured again from the sales.")),
        name="campaign_measure",
    ),
]
