"""Reference data in the admin: the minimum frequency of each kind of organizational life
(audited like every admin change). Members, activities and evaluations have no admin:
they are written by the services."""

from django.contrib import admin

from fucai.stations.admin import AuditedAdmin

from .models import FrequencyRule, PartyBranch


@admin.register(FrequencyRule)
class FrequencyRuleAdmin(AuditedAdmin):
    list_display = ["kind", "period", "minimum"]


@admin.register(PartyBranch)
class PartyBranchAdmin(AuditedAdmin):
    list_display = ["name", "founded_on"]
