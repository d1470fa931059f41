"""Sales certificates (销售员上岗证): the list with its expiry status and Excel export, a
certificate's page, revoking one, and a seller's own certificates."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fucai.core import audit, roles
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
)
from fucai.core.masking import mask_name
from fucai.core.roles import has_permission
from fucai.core.tables import escape, escaped_labels, url_maker

from .. import selectors, services
from ..choices import CertificateScope
from ..forms import CertificateFilterForm, RevokeForm
from ..models import CERTIFICATE_EXPIRING_DAYS, Certificate
from .staff import certificate_badges, certificate_labels, staff_url_maker

ROW_HTML = (
    "\n      <tr>"
    '\n        <td><a href="{url}" class="fw-semibold font-monospace">{number}</a></td>'
    '\n        <td><a href="{holder_url}" class="text-reset">{holder}</a></td>'
    '\n        <td class="d-none d-md-table-cell">{scope}</td>'
    '\n        <td class="d-none d-lg-table-cell text-nowrap">{valid_from}</td>'
    '\n        <td class="text-nowrap">{valid_to}</td>'
    "\n        <td>{status}</td>"
    "\n      </tr>"
)


class CertificateListView(ObjectListView):
    model = Certificate
    permission = roles.VIEW_STAFF
    export_permission = roles.EXPORT_STATION
    filter_form_class = CertificateFilterForm
    template_name = "stations/certificate_list.html"
    table_template_name = "stations/_certificate_table.html"
    row_html = ROW_HTML
    rows_escaped = True
    sort_fields = {"number": "number", "valid_to": "valid_to", "holder": "holder__name"}
    default_sort = "valid_to"
    export_filename = "certificates"

    def get_queryset(self):
        return super().get_queryset().with_status().select_related("holder")

    @property
    def export_columns(self):
        labels = certificate_labels()
        return [
            (_("Certificate number"), lambda c: c.number),
            (_("Holder"), lambda c: c.holder.name),
            (_("ID number"), lambda c: c.holder.id_number_masked),
            (_("Scope"), lambda c: c.get_scope_display()),
            (_("Valid from"), lambda c: c.valid_from),
            (_("Valid to"), lambda c: c.valid_to),
            (_("Status"), lambda c: labels.get(c.status_now, "")),
            (_("Reason for revoking"), lambda c: c.revoked_reason),
        ]

    def page_queryset(self, queryset):
        return queryset.values_list(
            "number",
            "holder_id",
            "holder__name",
            "scope",
            "valid_from",
            "valid_to",
            "status_now",
            named=True,
        )

    def get_rows(self, objects):
        badges = certificate_badges()
        scopes = escaped_labels(CertificateScope.choices)
        url = url_maker("stations:certificate_detail", "number")
        holder_url = staff_url_maker()
        return [
            {
                "url": escape(url(c.number)),
                "number": escape(c.number),
                "holder_url": escape(holder_url(c.holder_id)),
                "holder": escape(c.holder__name),
                "scope": scopes.get(c.scope, escape(c.scope)),
                "valid_from": c.valid_from.isoformat(),
                "valid_to": c.valid_to.isoformat(),
                "status": badges.get(c.status_now, ""),
            }
            for c in objects
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expiring_days"] = CERTIFICATE_EXPIRING_DAYS
        return context


class CertificateDetailView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Certificate
    permission = roles.VIEW_STAFF
    lookup_field = "number"
    lookup_url_kwarg = "number"
    template_name = "stations/certificate_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("holder", "renewed_from", "renewal")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.get_object()
        status = certificate.status_on(timezone.localdate())
        context.update(
            certificate=certificate,
            status=status,
            badge=certificate_badges()[status],
            can_revoke=has_permission(self.request.user, roles.REVOKE_CERTIFICATE)
            and certificate.revoked_at is None,
            renewable=selectors.renewal_eligible(certificate),
            history=audit.history_for(certificate)[:50],
            expiring_days=CERTIFICATE_EXPIRING_DAYS,
        )
        return context


class CertificateRevokeView(ScopedObjectMixin, ModalActionView):
    model = Certificate
    permission = roles.REVOKE_CERTIFICATE
    lookup_field = "number"
    lookup_url_kwarg = "number"
    form_class = RevokeForm
    template_name = "stations/_action_form.html"
    title = _("Revoke the certificate")
    success_message = _("The certificate was revoked.")

    def perform(self, certificate, data):
        services.certificate_revoke(
            acting_user=self.request.user, certificate=certificate, reason=data["reason"]
        )


class MyCertificatesView(RolePermissionMixin, TemplateView):
    """A seller's (or a selling owner's) own certificates, with the number anyone can
    check on the public verification page."""

    permission = roles.LEARN
    template_name = "stations/my_certificates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        certificates = list(
            Certificate.objects.visible_to(user)
            .filter(holder__user=user)
            .select_related("holder")
            .order_by("-valid_to", "-id")
        )
        badges = certificate_badges()
        for certificate in certificates:
            certificate.status_today = certificate.status_on(today)
            certificate.badge = badges[certificate.status_today]
        context.update(
            certificates=certificates,
            masked_name=mask_name(certificates[0].holder.name) if certificates else "",
        )
        return context


urlpatterns = [
    path("certificates/", CertificateListView.as_view(), name="certificate_list"),
    path("certificates/mine/", MyCertificatesView.as_view(), name="certificate_mine"),
    path("certificates/<str:number>/", CertificateDetailView.as_view(), name="certificate_detail"),
    path(
        "certificates/<str:number>/revoke/",
        CertificateRevokeView.as_view(),
        name="certificate_revoke",
    ),
]
