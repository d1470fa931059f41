from django.contrib import admin

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.fields import defer_encrypted

from .models import AgencyContract, InsurancePolicy, Station, StationOwner, StationStatusChange


class AuditedAdmin(admin.ModelAdmin):
    """Superusers may still edit in the Django admin; those edits are audited too."""

    def get_queryset(self, request):
        # Change lists show stored masks: leave the ciphertexts undecrypted.
        return defer_encrypted(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(type(obj), before, audit.snapshot(obj))
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        audit.record(actor=request.user, action=action, obj=obj, changes=changes, comment="admin")

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action=AuditAction.DELETE, obj=obj, comment="admin")
        super().delete_model(request, obj)


class ContractInline(admin.TabularInline):
    model = AgencyContract
    extra = 0


class PolicyInline(admin.TabularInline):
    model = InsurancePolicy
    extra = 0


@admin.register(Station)
class StationAdmin(AuditedAdmin):
    list_display = ["code", "name", "region", "kind", "station_class", "status"]
    list_filter = ["status", "kind", "station_class", "region"]
    search_fields = ["code", "name", "address"]
    raw_id_fields = ["owner"]
    # The contact phone is personal data: the admin shows only its mask.
    exclude = ["contact_phone"]
    readonly_fields = ["version", "contact_phone_masked"]
    inlines = [ContractInline, PolicyInline]


@admin.register(StationOwner)
class StationOwnerAdmin(AuditedAdmin):
    list_display = ["name", "kind", "id_number_masked", "phone_masked"]
    search_fields = ["name"]
    exclude = ["id_number", "phone"]
    raw_id_fields = ["user"]


@admin.register(StationStatusChange)
class StationStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["station", "from_status", "to_status", "effective_on", "actor"]
    list_filter = ["to_status"]
    raw_id_fields = ["station"]
