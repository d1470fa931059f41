from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, AuditEntry, LoginEvent, Notification, OrgUnit, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "population"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "head"]
    list_filter = ["kind"]
    filter_horizontal = ["regions"]
    raw_id_fields = ["head"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "channel", "subject", "status", "created_at", "read_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["target_type", "target_id", "sent_at", "error"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "org_unit", "is_active", "last_login"]
    list_filter = ["role", "org_unit", "is_active", "is_superuser"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and organization"), {"fields": ("display_name", "role", "org_unit")}),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "content_type", "object_repr", "ip"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_name", "request_id", "comment"]


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "event", "success", "ip"]
    list_filter = ["success", "event"]
    search_fields = ["username", "ip"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at", "expires_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
