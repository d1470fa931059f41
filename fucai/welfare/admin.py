"""Reference data in the admin: retention rates (dated; add a new one, never rewrite a
past one — re-run the accruals to book the difference) and approval rules (who approves
what, from which amount). Ledger entries have no admin: they are append-only and
written by the services."""

from django.contrib import admin

from fucai.stations.admin import AuditedAdmin

from .models import ApprovalRule, RetentionRate


@admin.register(RetentionRate)
class RetentionRateAdmin(AuditedAdmin):
    list_display = ["effective_from", "retained_pct", "confidence", "source"]
    list_filter = ["confidence"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(AuditedAdmin):
    list_display = ["kind", "min_amount_fen", "steps"]
    list_filter = ["kind"]
