"""Administrators add and adjust course templates here: a new kind of course is rows, not code.
Support norms per unit live here too. Citizens' courses are not registered (no citizen data)."""

from django.contrib import admin

from hjemvej.access.admin import AdministratorOnly
from hjemvej.courses.models import CourseTemplate, PhaseTemplate, UnitSupportSetting


class PhaseInline(AdministratorOnly, admin.TabularInline):
    model = PhaseTemplate
    extra = 1
    fields = [
        "number",
        "name",
        "length_unit",
        "planned_length",
        "min_length",
        "max_length",
        "planned_contacts_per_week",
        "legal_basis_options",
        "network_meeting",
    ]


@admin.register(CourseTemplate)
class CourseTemplateAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "code", "municipality", "requires_tenancy", "is_active"]
    list_filter = ["is_active", "municipality"]
    inlines = [PhaseInline]


@admin.register(UnitSupportSetting)
class UnitSupportSettingAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["unit", "weekly_hours"]
