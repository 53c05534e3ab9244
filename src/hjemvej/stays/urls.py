from django.urls import path

from hjemvej.stays import views, views_placements

app_name = "stays"
urlpatterns = [
    path("belaegning/", views.board_index, name="board_index"),
    path("arbejdsliste/<slug:kind>/", views.worklist_page, name="worklist"),
    path("borger/<uuid:citizen_uuid>/", views.citizen_stays, name="citizen_stays"),
    path("belaegning/<uuid:offer_uuid>/", views.board, name="board"),
    path("ankomst/<uuid:offer_uuid>/", views.arrival, name="arrival"),
    path("optag/<uuid:referral_uuid>/", views.admit, name="admit"),
    path("<uuid:stay_uuid>/udskriv/", views.discharge, name="discharge"),
    path("koebt/<uuid:offer_uuid>/", views.external_new, name="external_new"),
    path("koebt/borger/<uuid:citizen_uuid>/", views.external_for_citizen, name="external_citizen"),
    path("<uuid:stay_uuid>/aftalt-pris/", views.agreed_price, name="agreed_price"),
    path("<uuid:stay_uuid>/dst/", views.dst_fields, name="dst_fields"),
    path("<uuid:stay_uuid>/egenbetaling/", views.own_payment, name="own_payment"),
    path("<uuid:stay_uuid>/alternativ/", views.youth_alternative, name="youth_alternative"),
    path("opgave/<uuid:task_uuid>/udfoer/", views.complete_task, name="complete_task"),
    path("hjemtagning/", views_placements.bring_home, name="bring_home"),
    path(
        "borger/<uuid:citizen_uuid>/anbringelse/",
        views_placements.placement_new,
        name="placement_new",
    ),
    path(
        "anbringelse/<uuid:placement_uuid>/",
        views_placements.placement_edit,
        name="placement_edit",
    ),
]
