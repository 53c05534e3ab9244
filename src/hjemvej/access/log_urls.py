from django.urls import path

from hjemvej.access import log_views as views

# The managers' review of the audit log keeps its URL names ("audit:search", …).
app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("stikproeve/", views.spot_check, name="spot_check"),
]
