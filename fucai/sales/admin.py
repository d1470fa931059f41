from django.contrib import admin

from fucai.stations.admin import AuditedAdmin

from .models import Game, SalesImport, SplitRate


class SplitRateInline(admin.TabularInline):
    model = SplitRate
    extra = 0
    # Past rates explain past welfare-fund figures: add a new rate, never rewrite one.
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Game)
class GameAdmin(AuditedAdmin):
    list_display = ["code", "name", "game_type", "active", "sort_order"]
    list_filter = ["game_type", "active"]
    search_fields = ["code", "name"]
    inlines = [SplitRateInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SplitRate)
class SplitRateAdmin(AuditedAdmin):
    list_display = [
        "game",
        "effective_from",
        "prize_pct",
        "issuance_pct",
        "welfare_pct",
        "commission_pct",
    ]
    list_filter = ["game"]
    date_hierarchy = "effective_from"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SalesImport)
class SalesImportAdmin(admin.ModelAdmin):
    """Batches are written only by the import service; the admin shows them."""

    list_display = [
        "filename",
        "status",
        "mode",
        "rows",
        "inserted",
        "replaced",
        "date_from",
        "date_to",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "mode"]
    search_fields = ["filename", "checksum"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
