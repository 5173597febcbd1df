from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Department, Organization, Person, Site, WorkUnit


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "siret", "naf_code", "headcount"]


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "headcount", "is_active"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "site"]
    list_filter = ["site"]


@admin.register(WorkUnit)
class WorkUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "site", "department", "headcount"]
    list_filter = ["site"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "job_title", "site", "role", "user", "has_all_sites"]
    list_filter = ["role", "site", "has_all_sites"]
    search_fields = ["last_name", "first_name", "email"]
    filter_horizontal = ["scope_sites"]
    autocomplete_fields = ["user"]
