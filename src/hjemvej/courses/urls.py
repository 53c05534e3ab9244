from django.urls import path

from hjemvej.courses import views

app_name = "courses"
urlpatterns = [
    path("stoettetid/", views.support_overview, name="support_overview"),
    path("borger/<uuid:citizen_uuid>/nyt/", views.start, name="start"),
    path("borger/<uuid:citizen_uuid>/stoettetid/", views.register_support, name="support"),
    path("<uuid:course_uuid>/", views.detail, name="detail"),
    path("<uuid:course_uuid>/fase/", views.move_phase, name="move_phase"),
    path("<uuid:course_uuid>/afslut/", views.end, name="end"),
    path("<uuid:course_uuid>/fokusomraade/", views.focus_area, name="focus_area"),
    path(
        "opfoelgning/<uuid:task_uuid>/udfoert/",
        views.complete_followup,
        name="complete_followup",
    ),
]
