from django.urls import path

from hjemvej.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("koersel/<uuid:job_uuid>/", views.job, name="job"),
    path("koersel/<uuid:job_uuid>/status/", views.job_status, name="job_status"),
    path("koersel/<uuid:job_uuid>/hent/", views.download, name="download"),
]
