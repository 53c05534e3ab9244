"""Administrators change the tracks' steps, owners and deadlines here: a new step is a row, not
code. Citizens' tracks are not registered (citizen data)."""

from django.contrib import admin

from hjemvej.access.admin import AdministratorOnly
from hjemvej.tracks.models import StepTemplate, TrackTemplate


class StepInline(AdministratorOnly, admin.TabularInline):
    model = StepTemplate
    extra = 1
    fields = ["number", "code", "name", "owner_role", "deadline_working_days", "description"]


@admin.register(TrackTemplate)
class TrackTemplateAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    inlines = [StepInline]
