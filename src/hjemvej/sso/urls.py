from django.urls import path

from hjemvej.sso import views

app_name = "sso"
urlpatterns = [
    path("", views.start, name="start"),
    path("retur/", views.finish, name="return"),
    path("roller/", views.role_mappings, name="role_mappings"),
    path("roller/<uuid:mapping_uuid>/slet/", views.remove_role_mapping, name="remove_mapping"),
    path("noedlogins/", views.emergency_logins, name="emergency_logins"),
]
