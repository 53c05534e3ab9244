from django.urls import path

from hjemvej.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.login, name="login"),
    path("log-ind/mitid/", views.mitid_start, name="mitid"),
    path("log-ind/mitid/retur/", views.mitid_return, name="mitid_return"),
    path("log-ud/", views.logout, name="logout"),
    path("kontakter/", views.contacts, name="contacts"),
    path("samtykker/", views.consents, name="consents"),
    path(
        "samtykker/<uuid:consent_uuid>/tilbagetraek/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("hvem-har-set-mine-oplysninger/", views.who_looked, name="who_looked"),
]
