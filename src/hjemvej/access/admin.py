"""Django's own admin, for superusers only (/django-admin/). The municipality's administrators
manage their users, units and roles in the DKFDS pages (access.staff_views, /administration/);
one who opens Django's admin is sent there.

The admin of the accounts models lives in `access` because who may administer what is an
access decision (`policy`), and accounts sits below access. Citizen records are deliberately
not registered: administrators do not see citizens."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.shortcuts import redirect

from hjemvej.access import policy
from hjemvej.accounts.models import ApiToken, Membership, Municipality, Unit, User


def _superuser(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class AdministratorOnly:
    def has_module_permission(self, request):
        return _superuser(request)

    def has_view_permission(self, request, obj=None):
        return _superuser(request)

    def has_add_permission(self, request, *args):
        return _superuser(request)

    def has_change_permission(self, request, obj=None):
        return _superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request)


class MembershipInline(AdministratorOnly, admin.TabularInline):
    model = Membership
    extra = 1


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


@admin.register(Municipality)
class MunicipalityAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "municipality", "kind"]
    list_filter = ["municipality", "kind"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.site_header = "Hjemvej – administration"
admin.site.site_title = "Hjemvej"
admin.site.index_title = "Brugere og enheder"
admin.site.has_permission = _superuser  # type: ignore[method-assign,assignment]
_django_login = admin.site.login


def _login(request, extra_context=None):
    """A logged-in user who is not a superuser is sent on: the municipality's administrator to
    the DKFDS administration, anyone else to the front page."""
    if request.user.is_authenticated and not _superuser(request):
        if policy.administered_municipality_ids(request.user):
            return redirect("staff:index")
        return redirect("home")
    return _django_login(request, extra_context)


admin.site.login = _login  # type: ignore[method-assign]
