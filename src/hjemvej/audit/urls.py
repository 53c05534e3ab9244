from django.urls import path

from hjemvej.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("stikproeve/", views.spot_check, name="spot_check"),
]
