from django.urls import path

from hjemvej.reports import views, views_dst, views_outcome

app_name = "reports"
urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("koersel/<uuid:job_uuid>/", views.job, name="job"),
    path("koersel/<uuid:job_uuid>/status/", views.job_status, name="job_status"),
    path("koersel/<uuid:job_uuid>/hent/", views.download, name="download"),
    path("resultater/", views_outcome.choose, name="choose"),
    path("resultater/vis/", views_outcome.outcome_page, name="outcome"),
    path("resultater/tal/<slug:key>/", views_outcome.figure_records, name="records"),
    path("bestil/", views_outcome.order, name="order"),
    path("optaelling/", views_outcome.national_count, name="count"),
    path("dst/", views_dst.index, name="dst_index"),
    path("dst/<uuid:offer_uuid>/", views_dst.check, name="dst_check"),
    path("dst/<uuid:offer_uuid>/bestil/", views_dst.order, name="dst_order"),
    path(
        "dst/myndighed/<uuid:unit_uuid>/<slug:kind>/",
        views_dst.authority_check,
        name="dst_authority_check",
    ),
    path(
        "dst/myndighed/<uuid:unit_uuid>/<slug:kind>/bestil/",
        views_dst.authority_order,
        name="dst_authority_order",
    ),
]
