"""The sales staff registry (销售员, 持证上岗): the list, a person's page, registering a
person at a station (phone-sized, for owners too), transfers and leaving, the seller's
invitation to set a password, and the station page's "Sales staff" tab."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import audit, roles
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.core.roles import has_permission
from fucai.core.tables import escape

from .. import selectors, services
from ..choices import CertificateStatus, StaffRole
from ..forms import AssignmentEndForm, StaffFilterForm, StaffRegisterForm, TransferForm
from ..models import SalesStaff, StaffAssignment, Station

CERTIFICATE_BADGE_COLOURS = {
    CertificateStatus.VALID: "green",
    CertificateStatus.EXPIRING: "orange",
    CertificateStatus.EXPIRED: "red",
    CertificateStatus.REVOKED: "red",
    selectors.NO_CERTIFICATE: "secondary",
}


def staff_url_maker():
    """The URL of a person's page by id, the pattern reversed once (an int converter,
    which core.tables.url_maker's placeholder does not fit)."""
    prefix = reverse("stations:staff_detail", args=[0])[: -len("0/")]
    return lambda pk: f"{prefix}{int(pk)}/"


def certificate_labels() -> dict[str, str]:
    labels = {value: str(label) for value, label in CertificateStatus.choices}
    labels[selectors.NO_CERTIFICATE] = str(_("No certificate"))
    return labels


def certificate_badges() -> dict[str, str]:
    """Status → its badge HTML, built once per page."""
    return {
        status: mark_safe(  # noqa: S308 -- the label is escaped
            f'<span class="badge bg-{CERTIFICATE_BADGE_COLOURS[status]}-lt" '
            f'data-certificate="{status}">{escape(label)}</span>'
        )
        for status, label in certificate_labels().items()
    }


ROW_HTML = (
    "\n      <tr>"
    '\n        <td><a href="{url}" class="fw-semibold">{name}</a>'
    '<div class="small text-secondary d-md-none">{stations}</div></td>'
    '\n        <td class="d-none d-lg-table-cell font-monospace">{id_number}</td>'
    '\n        <td class="d-none d-lg-table-cell font-monospace">{phone}</td>'
    '\n        <td class="d-none d-md-table-cell">{stations}</td>'
    "\n        <td>{certificate}</td>"
    '\n        <td class="d-none d-md-table-cell text-nowrap">{valid_to}</td>'
    "\n      </tr>"
)


class StaffListView(ObjectListView):
    model = SalesStaff
    permission = roles.VIEW_STAFF
    export_permission = roles.EXPORT_STATION
    filter_form_class = StaffFilterForm
    template_name = "stations/staff_list.html"
    table_template_name = "stations/_staff_table.html"
    row_html = ROW_HTML
    rows_escaped = True
    sort_fields = {"name": "name", "valid_to": "best_valid_to"}
    default_sort = "name"
    export_filename = "sales-staff"

    def get_queryset(self):
        return selectors.with_certificate_status(super().get_queryset())

    @property
    def export_columns(self):
        labels = certificate_labels()
        return [
            (_("Full name"), lambda s: s.name),
            (_("ID number"), lambda s: s.id_number_masked),
            (_("Mobile"), lambda s: s.phone_masked),
            (_("Certificate"), lambda s: labels.get(s.certificate_status, "")),
            (_("Certificate valid to"), lambda s: s.best_valid_to),
        ]

    def page_queryset(self, queryset):
        return queryset.only("id", "name", "id_number_masked", "phone_masked")

    def get_rows(self, objects):
        objects = list(objects)
        stations = selectors.current_stations([s.pk for s in objects])
        badges = certificate_badges()
        roles_ = {value: str(label) for value, label in StaffRole.choices}
        url = staff_url_maker()
        rows = []
        for staff in objects:
            here = stations.get(staff.pk, [])
            rows.append(
                {
                    "url": escape(url(staff.pk)),
                    "name": escape(staff.name),
                    "id_number": escape(staff.id_number_masked),
                    "phone": escape(staff.phone_masked),
                    "stations": "<br>".join(
                        escape(f"{a['station__code']} {a['station__name']}")
                        + (
                            f' <span class="text-secondary small">{escape(roles_[a["role"]])}'
                            "</span>"
                            if a["role"] == StaffRole.OWNER
                            else ""
                        )
                        for a in here
                    )
                    or "—",
                    "certificate": badges.get(staff.certificate_status, ""),
                    "valid_to": staff.best_valid_to.isoformat() if staff.best_valid_to else "—",
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not (getattr(self.request, "htmx", False) and not self.request.htmx.boosted):
            user = self.request.user
            context["flagged_count"] = selectors.stations_without_certified_seller(
                Station.objects.visible_to(user)
            ).count()
            context["can_manage"] = has_permission(user, roles.MANAGE_STAFF)
        return context


class StaffDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = SalesStaff
    permission = roles.VIEW_STAFF
    template_name = "stations/staff_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        staff = self.get_object()
        user, today = self.request.user, timezone.localdate()
        assignments = list(
            staff.assignments.select_related("station", "station__region").order_by(
                "-starts_on", "-id"
            )
        )
        visible = set(
            Station.objects.visible_to(user)
            .filter(pk__in=[a.station_id for a in assignments])
            .values_list("pk", flat=True)
        )
        certificates = list(staff.certificates.order_by("-valid_to", "-id"))
        badges = certificate_badges()
        for certificate in certificates:
            certificate.status_today = certificate.status_on(today)
            certificate.badge = badges[certificate.status_today]
        for assignment in assignments:
            assignment.running = assignment.ends_on is None or assignment.ends_on >= today
            assignment.manageable = assignment.station_id in visible and assignment.ends_on is None
        context.update(
            staff=staff,
            assignments=assignments,
            certificates=certificates,
            can_manage=has_permission(user, roles.MANAGE_STAFF),
            history=audit.history_for(staff, *assignments, *certificates)[:50],
        )
        return context


class StaffRegisterView(RolePermissionMixin, View):
    """Register a person at a station (a full page, fit for a phone)."""

    permission = roles.MANAGE_STAFF
    template_name = "stations/staff_form.html"

    def get(self, request, *args, **kwargs):
        initial = {}
        if request.GET.get("station"):
            initial["station"] = request.GET["station"][:20]
        form = StaffRegisterForm(initial=initial, user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request, *args, **kwargs):
        form = StaffRegisterForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment = services.staff_register(
                    acting_user=request.user,
                    station=data["station"],
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    role=data["role"],
                    starts_on=data["starts_on"],
                )
                if data["invite"]:
                    services.seller_account_invite(
                        acting_user=request.user,
                        staff=assignment.staff,
                        base_url=request.build_absolute_uri("/"),
                    )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s registered at %(code)s.")
                    % {"name": assignment.staff.name, "code": assignment.station.code},
                )
                return redirect(f"{assignment.station.get_absolute_url()}?tab=staff")
        return render(request, self.template_name, {"form": form}, status=400)


class StaffInviteView(RolePermissionMixin, ScopedObjectMixin, View):
    """POST: (re)send the seller an invitation to set their password."""

    model = SalesStaff
    permission = roles.MANAGE_STAFF
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        staff = self.get_object()
        try:
            services.seller_account_invite(
                acting_user=request.user, staff=staff, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The invitation was sent by SMS."))
        return redirect(staff.get_absolute_url())


class AssignmentActionView(ScopedObjectMixin, ModalActionView):
    model = StaffAssignment
    permission = roles.MANAGE_STAFF
    template_name = "stations/_action_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("staff", "station")


class AssignmentTransferView(AssignmentActionView):
    title = _("Transfer to another station")
    success_message = _("Transfer recorded.")

    def make_form(self, obj, data=None, files=None):
        return TransferForm(data, user=self.request.user)

    def perform(self, assignment, data):
        services.staff_transfer(
            acting_user=self.request.user,
            assignment=assignment,
            to_station=data["to_station"],
            on=data["on"],
        )


class AssignmentEndView(AssignmentActionView):
    form_class = AssignmentEndForm
    title = _("End the assignment")
    success_message = _("The assignment ended.")

    def perform(self, assignment, data):
        services.assignment_end(
            acting_user=self.request.user,
            assignment=assignment,
            reason=data["reason"],
            ends_on=data["ends_on"],
        )


class SellerWelcomeView(auth_views.PasswordResetConfirmView):
    """The invitation link: the seller chooses a password, then signs in at the staff
    sign-in page. The token leaves the URL at once (Django keeps it in the session)."""

    token_generator = services.seller_invite_tokens
    template_name = "stations/seller_welcome.html"
    form_class = SetPasswordForm

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        # The link's token never leaves the site in a Referer (and the browser still
        # sends the Origin its CSRF check needs, which "no-referrer" would blank).
        response["Referrer-Policy"] = "same-origin"
        return response

    def form_valid(self, form):
        services.seller_password_set(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return render(
            self.request,
            self.template_name,
            {"done": True, "username": form.user.get_username()},
        )


def station_staff_tab(user, station) -> dict:
    """The station page's "Sales staff" tab (registered in apps.py)."""
    staffing = selectors.station_staff(station)
    badges = certificate_badges()
    for row in staffing["current"] + staffing["past"]:
        row["badge"] = badges[row["status"]]
    return {
        "staffing": staffing,
        "can_manage_staff": has_permission(user, roles.MANAGE_STAFF),
        "register_url": f"{reverse('stations:staff_create')}?station={station.code}",
    }


def can_see_station_staff(user) -> bool:
    return has_permission(user, roles.VIEW_STAFF)


urlpatterns = [
    path("staff/", StaffListView.as_view(), name="staff_list"),
    path("staff/new/", StaffRegisterView.as_view(), name="staff_create"),
    path("staff/<int:pk>/", StaffDetailView.as_view(), name="staff_detail"),
    path("staff/<int:pk>/invite/", StaffInviteView.as_view(), name="staff_invite"),
    path(
        "staff/assignments/<int:pk>/transfer/",
        AssignmentTransferView.as_view(),
        name="assignment_transfer",
    ),
    path("staff/assignments/<int:pk>/end/", AssignmentEndView.as_view(), name="assignment_end"),
    path("welcome/<uidb64>/<token>/", SellerWelcomeView.as_view(), name="seller_welcome"),
]
