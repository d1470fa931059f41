from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import audit, roles
from fucai.core.excel import excel_response, yuan
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.money import yuan_to_fen
from fucai.core.roles import has_permission
from fucai.core.scope import regions_visible
from fucai.core.tabs import tabs_for

from .. import numbering, selectors, services
from ..cover import station_cover_on
from ..forms import ContractForm, InsuranceForm, StationFilterForm, StationForm, TransitionForm
from ..models import AgencyContract, InsurancePolicy, Station
from ..tables import LIST_COLUMNS, ROW_HTML, insurance_badge, insurance_label, station_rows
from .insurance import coverage_chart


class StationListView(ObjectListView):
    model = Station
    permission = roles.VIEW_STATION
    export_permission = roles.EXPORT_STATION
    filter_form_class = StationFilterForm
    template_name = "stations/station_list.html"
    table_template_name = "stations/_station_table.html"
    row_html = ROW_HTML
    rows_escaped = True  # station_rows builds each cell as HTML
    sort_fields = {
        "code": "code",
        "name": "name",
        "region": ["region__sort_order", "code"],
        "kind": "kind",
        "status": "status",
        "opened_on": "opened_on",
        "area": "premises_area",
        "grade": ["grade", "code"],
        "stars": ["stars", "provincial_star_year", "code"],
    }
    default_sort = "code"
    export_filename = "stations"
    export_columns = [
        (_("Station code"), lambda s: s.code),
        (_("Station name"), lambda s: s.name),
        (_("District"), lambda s: s.region.name),
        (_("Kind"), lambda s: s.get_kind_display()),
        (_("Class"), lambda s: s.get_station_class_display()),
        (_("Status"), lambda s: s.get_status_display()),
        (_("Address"), lambda s: s.address),
        (_("Premises area (m²)"), lambda s: s.premises_area),
        (_("Owner"), lambda s: s.owner.name),
        (_("Owner phone"), lambda s: s.owner.phone_masked),
        (_("Terminals"), lambda s: s.terminal_count),
        (_("Opened on"), lambda s: s.opened_on),
        (_("Closed on"), lambda s: s.closed_on),
        (_("Grade"), lambda s: s.grade or None),
        (_("Grade year"), lambda s: s.grade_year),
        (_("Stars"), lambda s: s.stars or None),
        (_("Star year"), lambda s: s.stars_year),
        (_("Provincial star station since"), lambda s: s.provincial_star_year),
        (_("Liability insurance until"), lambda s: _insured_until(s, timezone.localdate())),
        (
            _("Insurance"),
            lambda s: insurance_label(
                s.status, *station_cover_on(s, timezone.localdate()), timezone.localdate()
            ),
        ),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("region", "owner")

    def page_queryset(self, queryset):
        return queryset.values_list(*LIST_COLUMNS, named=True)

    def get_rows(self, objects):
        return station_rows(objects)


def _insured_until(station, on):
    insured, until = station_cover_on(station, on)
    return until if insured else None


class InsuranceWindowForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Expiring within"),
        coerce=int,
        required=False,
        empty_value=selectors.EXPIRY_WINDOWS[0],
        choices=[(d, _("%(days)s days") % {"days": d}) for d in selectors.EXPIRY_WINDOWS],
    )
    # The coverage chart's year (the last twelve months when empty).
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class InsuranceOverviewView(RolePermissionMixin, TemplateView):
    """Liability insurance (责任险) at a glance: coverage of active stations today by
    district, policies expiring within 30/60/90 days (with an Excel export), and the
    active stations without a policy in force. Everything through the user's scope."""

    permission = roles.VIEW_STATION
    template_name = "stations/insurance.html"

    def get(self, request, *args, **kwargs):
        self.form = InsuranceWindowForm(request.GET or None)
        if self.form.is_bound and not self.form.is_valid():
            context = self.get_context_data(invalid=True)
            return self.render_to_response(context, status=400)
        days = self.days()
        if request.GET.get("export") == "xlsx":
            if not has_permission(request.user, roles.EXPORT_STATION):
                raise PermissionDenied
            return self.export(days)
        return super().get(request, *args, **kwargs)

    def days(self) -> int:
        if self.form.is_bound and self.form.is_valid():
            return self.form.cleaned_data["days"]
        return selectors.EXPIRY_WINDOWS[0]

    def year(self) -> int | None:
        if self.form.is_bound and self.form.is_valid():
            return self.form.cleaned_data["year"]
        return None

    def export(self, days: int):
        policies = selectors.expiring_policies(self.request.user, days)
        headers = [
            _("Station code"),
            _("Station name"),
            _("District"),
            _("Insurer"),
            _("Policy number"),
            _("Coverage (yuan)"),
            _("End date"),
            _("Days left"),
            _("Renewed"),
            _("Premium (yuan)"),
        ]
        today = timezone.localdate()
        rows = (
            [
                p.station.code,
                p.station.name,
                p.station.region.name,
                p.insurer,
                p.policy_number,
                yuan.from_fen(p.coverage_fen),
                p.ends_on,
                (p.ends_on - today).days,
                _("Yes") if p.renewed else _("No"),
                yuan.from_fen(p.premium_fen),
            ]
            for p in policies.iterator(2000)
        )
        return excel_response(
            f"insurance-expiring-{days}",
            [str(h) for h in headers],
            rows,
            title=_("Expiring within %(days)s days") % {"days": days},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        days = self.days()
        coverage, total = selectors.insurance_coverage(user, today)
        context.update(
            form=self.form,
            days=days,
            windows=selectors.EXPIRY_WINDOWS,
            today=today,
            coverage=coverage,
            total=total,
            expiring=list(selectors.expiring_policies(user, days, today)[:500]),
            uninsured=list(selectors.uninsured_stations(user, today)[:500]),
            uninsured_count=total.uninsured,
            can_export=has_permission(user, roles.EXPORT_STATION),
            can_import=has_permission(user, roles.MANAGE_INSURANCE),
            **coverage_chart(user, self.year(), today),
        )
        return context


class StationDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Station
    permission = roles.VIEW_STATION
    lookup_field = "code"
    lookup_url_kwarg = "code"
    template_name = "stations/station_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "owner")
            .prefetch_related(
                Prefetch("contracts", queryset=AgencyContract.objects.order_by("-starts_on")),
                Prefetch(
                    "insurance_policies", queryset=InsurancePolicy.objects.order_by("-starts_on")
                ),
                "status_changes__actor",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station = self.get_object()
        today = timezone.localdate()
        contracts = list(station.contracts.all())
        policies = list(station.insurance_policies.all())
        context.update(
            station=station,
            contracts=contracts,
            policies=policies,
            current_contract=next((c for c in contracts if c.is_current(today)), None),
            current_policy=next((p for p in policies if p.is_current(today)), None),
            status_changes=station.status_changes.all(),
            history=audit.history_for(station, station.owner, *contracts, *policies)[:100],
            tab=self.request.GET.get("tab", "overview"),
            today=today,
            insurance_badge=insurance_badge(
                station.status, *station_cover_on(station, today), today
            ),
            # 持证上岗: an active station needs a certified seller on duty.
            no_certified_seller=has_permission(self.request.user, roles.VIEW_STAFF)
            and selectors.station_is_flagged(station, today),
        )
        # Tabs contributed by downstream apps (the sales app's "Sales" tab).
        extra_tabs = tabs_for("stations.station", self.request.user)
        active = next((t for t in extra_tabs if t.key == context["tab"]), None)
        context.update(extra_tabs=extra_tabs, extra_tab=active)
        if active is not None:
            context.update(active.context(self.request.user, station))
        return context


class StationEditView(RolePermissionMixin, ScopedObjectMixin, View):
    """Create (no code in the URL) or edit a station."""

    model = Station
    permission = roles.CHANGE_STATION
    lookup_field = "code"
    lookup_url_kwarg = "code"
    template_name = "stations/station_form.html"

    def get_instance(self):
        return self.get_object() if "code" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        station = self.get_instance()
        form = StationForm(instance=station, user=request.user)
        return render(request, self.template_name, {"form": form, "station": station})

    def post(self, request, *args, **kwargs):
        station = self.get_instance()
        form = StationForm(request.POST, instance=station, user=request.user)
        if form.is_valid():
            try:
                if station is None:
                    owner = form.owner_data()
                    station = services.station_create(
                        acting_user=request.user, owner=owner, **form.station_data()
                    )
                    messages.success(
                        request, _("Station %(code)s registered.") % {"code": station.code}
                    )
                else:
                    station = services.station_update(
                        acting_user=request.user,
                        station=station,
                        version=form.cleaned_data.get("version") or 0,
                        owner=form.owner_data(),
                        **form.station_data(),
                    )
                    messages.success(request, _("Station %(code)s saved.") % {"code": station.code})
                return redirect(station.get_absolute_url())
            except ValidationError as error:
                add_validation_errors(form, error)
            except IntegrityError:
                form.add_error(None, _("Another record already uses one of these numbers."))
        return render(request, self.template_name, {"form": form, "station": station}, status=400)


class NextCodeView(RolePermissionMixin, View):
    """The suggested code of a new station in a district (JSON, for the create form):
    ``?region=<id>`` → ``{"code": "33035277"}``; a district outside the user's scope is
    not found, a missing or malformed one is a bad request."""

    permission = roles.CHANGE_STATION

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("region", "")
        if not raw.isdigit() or len(raw) > 9:
            return JsonResponse({"detail": str(_("Choose a district."))}, status=400)
        region = regions_visible(request.user).filter(pk=int(raw)).first()
        if region is None:
            raise Http404
        return JsonResponse({"code": numbering.next_code(region) or ""})


class StationActionView(ScopedObjectMixin, ModalActionView):
    """The small forms on a station's page (status, contract, insurance), in the modal."""

    model = Station
    permission = roles.CHANGE_STATION
    lookup_field = "code"
    lookup_url_kwarg = "code"
    template_name = "stations/_action_form.html"

    def get_context(self, station) -> dict:
        return {"station": station}


class StationTransitionView(StationActionView):
    title = _("Change status")
    success_message = _("Status changed.")

    def make_form(self, station, data=None, files=None):
        return TransitionForm(data, station=station, initial={"effective_on": timezone.localdate()})

    def perform(self, station, data):
        services.station_transition(acting_user=self.request.user, station=station, **data)


class ContractAddView(StationActionView):
    form_class = ContractForm
    title = _("Add agency contract")
    success_message = _("Contract added.")

    def perform(self, station, data):
        services.contract_add(
            acting_user=self.request.user,
            station=station,
            number=data["number"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            deposit_fen=yuan_to_fen(data["deposit"]),
        )


class InsuranceAddView(StationActionView):
    form_class = InsuranceForm
    title = _("Add liability insurance")
    success_message = _("Insurance policy added.")

    def perform(self, station, data):
        services.insurance_add(
            acting_user=self.request.user,
            station=station,
            insurer=data["insurer"],
            policy_number=data["policy_number"],
            coverage_fen=yuan_to_fen(data["coverage"]),
            premium_fen=yuan_to_fen(data["premium"] or 0),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )


class OwnerRevealView(RolePermissionMixin, ScopedObjectMixin, View):
    """POST-only: shows the owner's full ID number and phone once, audited."""

    model = Station
    permission = roles.REVEAL_PERSONAL_DATA
    lookup_field = "code"
    lookup_url_kwarg = "code"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        station = self.get_object()
        revealed = services.owner_identity_reveal(acting_user=request.user, station=station)
        response = render(request, "stations/_owner_revealed.html", {"revealed": revealed})
        response["Cache-Control"] = "no-store"
        return response
