from django.urls import path

from hjemvej.offers import views

app_name = "offers"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("ventelister/", views.waiting_index, name="waiting_index"),
    path("koebte/", views.bought_list, name="bought_list"),
    path("koebte/nyt/", views.bought_new, name="bought_new"),
    path("<uuid:offer_uuid>/rediger-koebt/", views.bought_edit, name="bought_edit"),
    path("<uuid:offer_uuid>/", views.offer_detail, name="detail"),
    path("<uuid:offer_uuid>/rediger/", views.offer_edit, name="edit"),
    path("<uuid:offer_uuid>/venteliste/", views.waiting_list, name="waiting_list"),
    path("<uuid:offer_uuid>/gruppe/", views.group, name="group"),
    path("henvis/<uuid:citizen_uuid>/", views.refer, name="refer"),
    path("visitation/<uuid:referral_uuid>/", views.referral_detail, name="referral"),
    path(
        "visitation/<uuid:referral_uuid>/<slug:action>/",
        views.referral_action,
        name="referral_action",
    ),
]
