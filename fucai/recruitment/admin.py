from django.contrib import admin

from fucai.stations.admin import AuditedAdmin

from .models import (
    ApplicantProfile,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    CalendarDay,
    CallQuota,
    Draw,
    GovIdentity,
    GovSubmission,
    Objection,
    OpeningChecklist,
    OpeningChecklistItem,
    RecruitmentCall,
    School,
)


class QuotaInline(admin.TabularInline):
    model = CallQuota
    extra = 0


@admin.register(RecruitmentCall)
class RecruitmentCallAdmin(AuditedAdmin):
    list_display = ["title", "status", "opens_on", "closes_on"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [QuotaInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


@admin.register(School)
class SchoolAdmin(AuditedAdmin):
    list_display = ["name", "region", "latitude", "longitude"]
    list_filter = ["region"]
    search_fields = ["name"]


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    readonly_fields = ["kind", "file", "original_name", "content_type", "size", "sha256"]
    can_delete = False


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "at", "comment", "deadline_on"]
    exclude = ["handled_by", "in_person"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
    """Read-mostly: the workflow moves through services, never by editing the status."""

    list_display = ["tracking_code", "call", "region", "status", "due_on"]
    list_filter = ["status", "call", "region"]
    search_fields = ["tracking_code"]
    exclude = ["id_number", "phone"]
    readonly_fields = ["status", "tracking_code", "id_number_masked", "phone_masked"]
    raw_id_fields = ["applicant", "surveyor", "station", "draw"]
    inlines = [DocumentInline, EventInline]


@admin.register(Objection)
class ObjectionAdmin(AuditedAdmin):
    list_display = ["application", "received_on", "upheld"]
    raw_id_fields = ["application"]


@admin.register(Draw)
class DrawAdmin(admin.ModelAdmin):
    list_display = ["call", "region", "seed", "places", "at"]
    readonly_fields = ["candidates", "order", "winners"]


class ChecklistItemInline(admin.TabularInline):
    model = OpeningChecklistItem
    extra = 0


@admin.register(OpeningChecklist)
class OpeningChecklistAdmin(AuditedAdmin):
    list_display = ["station", "created_at"]
    raw_id_fields = ["application", "station"]
    inlines = [ChecklistItemInline]


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "phone_masked", "created_at"]
    exclude = ["phone"]
    readonly_fields = ["phone_masked"]


@admin.register(GovIdentity)
class GovIdentityAdmin(admin.ModelAdmin):
    """Read-only: an identity is written only by the 浙里办 sign-in and the platform's API."""

    list_display = ["user", "id_number_masked", "last_verified_at"]
    exclude = ["id_number", "id_number_digest"]
    readonly_fields = ["user", "name", "id_number_masked", "issuer", "subject", "last_verified_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GovSubmission)
class GovSubmissionAdmin(admin.ModelAdmin):
    list_display = ["reference", "application", "received_at"]
    search_fields = ["reference"]
    raw_id_fields = ["application"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
