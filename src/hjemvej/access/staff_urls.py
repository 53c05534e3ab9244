from django.urls import path

from hjemvej.access import staff_views as views

app_name = "staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("brugere/", views.users, name="users"),
    path("brugere/ny/", views.user_new, name="user_new"),
    path("brugere/<uuid:user_uuid>/", views.user_detail, name="user"),
    path("brugere/<uuid:user_uuid>/ret/", views.user_edit, name="user_edit"),
    path("brugere/<uuid:user_uuid>/aktiv/", views.user_active, name="user_active"),
    path("brugere/<uuid:user_uuid>/roller/ny/", views.membership_add, name="membership_add"),
    path(
        "brugere/<uuid:user_uuid>/roller/<int:membership_id>/fjern/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("enheder/", views.units, name="units"),
    path("enheder/ny/", views.unit_new, name="unit_new"),
    path("enheder/<uuid:unit_uuid>/ret/", views.unit_edit, name="unit_edit"),
]
