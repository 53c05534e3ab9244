from django.urls import path

from hjemvej.access import views

app_name = "access"
urlpatterns = [
    path("", views.break_glass, name="break_glass"),
    path("oversigt/", views.break_glass_list, name="break_glass_list"),
    path("anmodninger/", views.requests, name="requests"),
    path("anmodninger/ny/", views.request_new, name="request_new"),
    path("anmodninger/<uuid:request_uuid>/svar/", views.request_answer, name="request_answer"),
]
