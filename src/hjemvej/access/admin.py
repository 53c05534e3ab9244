"""Administrators manage users, units and municipalities here (Django's admin, in Danish).

The admin of the accounts models lives in `access` because who may administer what is an
access decision (`policy`), and accounts sits below access. Citizen records are deliberately
not registered: administrators do not see citizens."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models

from hjemvej.access import policy
from hjemvej.accounts.models import ApiToken, Membership, Municipality, Unit, User


class AdministratorOnly:
    def has_module_permission(self, request):
        return policy.is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return policy.is_administrator(request.user)

    def has_add_permission(self, request, *args):
        return policy.is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return policy.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return policy.is_administrator(request.user)


class MembershipInline(AdministratorOnly, admin.TabularInline):
    model = Membership
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(
                municipality_id__in=policy.administered_municipality_ids(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            "Personlige oplysninger",
            {"fields": ("first_name", "last_name", "email", "title", "phone")},
        ),
        ("Status", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            ApiToken.objects.revoke_all(obj)

    def save_formset(self, request, form, formset, change):
        # A role taken away (a membership removed or changed) ends the user's API tokens, as a
        # new password and deactivation do: whoever holds them must log in again.
        super().save_formset(request, form, formset, change)
        if formset.model is Membership and (formset.deleted_objects or formset.changed_objects):
            ApiToken.objects.revoke_all(form.instance)

    def get_queryset(self, request):
        # An administrator manages the users of their own municipalities (and users with no unit
        # yet, so a new user can be given one).
        ids = policy.administered_municipality_ids(request.user)
        qs = super().get_queryset(request)
        return qs.filter(
            models.Q(memberships__unit__municipality_id__in=ids)
            | models.Q(memberships__isnull=True)
        ).distinct()


@admin.register(Municipality)
class MunicipalityAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "code", "youth_age", "youth_shelter_policy"]
    fields = ["name", "code", "youth_age", "youth_shelter_policy"]

    def get_queryset(self, request):
        # An administrator sets the municipality's own settings (e.g. Herning's policy on
        # citizens under 25 at a shelter), not another municipality's.
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=policy.administered_municipality_ids(request.user))
        )


@admin.register(Unit)
class UnitAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "municipality", "kind"]
    list_filter = ["municipality", "kind"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(municipality_id__in=policy.administered_municipality_ids(request.user))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(
                id__in=policy.administered_municipality_ids(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.site_header = "Hjemvej – administration"
admin.site.site_title = "Hjemvej"
admin.site.index_title = "Brugere og enheder"
admin.site.has_permission = lambda request: (  # type: ignore[method-assign]
    request.user.is_active and policy.is_administrator(request.user)
)
