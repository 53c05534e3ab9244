from django.urls import path

from hjemvej.sso import views

app_name = "sso"
urlpatterns = [
    path("", views.start, name="start"),
    path("retur/", views.finish, name="return"),
    path("saml/", views.saml_start, name="saml_start"),
    path("saml/acs/", views.saml_acs, name="saml_acs"),
    path("saml/metadata/", views.saml_metadata, name="saml_metadata"),
    path("roller/", views.role_mappings, name="role_mappings"),
    path("roller/<uuid:mapping_uuid>/slet/", views.remove_role_mapping, name="remove_mapping"),
    path("noedlogins/", views.emergency_logins, name="emergency_logins"),
]
