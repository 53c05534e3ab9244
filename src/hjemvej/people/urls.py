from django.urls import path

from hjemvej.people import views

app_name = "people"
# The overview (`<uuid>/`, "overview") is composed in hjemvej.front.citizen and added to this
# namespace in hjemvej/urls.py: it shows a section from every app.
urlpatterns = [
    path("", views.search, name="search"),
    path("ny/", views.create, name="create"),
    path("<uuid:citizen_uuid>/rediger/", views.edit, name="edit"),
    path("<uuid:citizen_uuid>/paarorende/ny/", views.add_relative, name="add_relative"),
    path(
        "<uuid:citizen_uuid>/paarorende/<uuid:relative_uuid>/fjern/",
        views.remove_relative,
        name="remove_relative",
    ),
    path("<uuid:citizen_uuid>/samtykker/nyt/", views.add_consent, name="add_consent"),
    path(
        "<uuid:citizen_uuid>/samtykker/<uuid:consent_uuid>/tilbagetraek/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
]
