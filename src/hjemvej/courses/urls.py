from django.urls import path

from hjemvej.courses import cohort_views, views

app_name = "courses"
urlpatterns = [
    path("tilbud/<uuid:offer_uuid>/grupper/", cohort_views.cohort_list, name="cohorts"),
    path("tilbud/<uuid:offer_uuid>/grupper/ny/", cohort_views.cohort_create, name="cohort_create"),
    path("grupper/deltager/<uuid:member_uuid>/adl/", cohort_views.cohort_adl, name="cohort_adl"),
    path("grupper/<uuid:cohort_uuid>/", cohort_views.cohort_detail, name="cohort"),
    path("grupper/<uuid:cohort_uuid>/optag/", cohort_views.cohort_admit, name="cohort_admit"),
    path(
        "grupper/<uuid:cohort_uuid>/tilbagefaldsregel/",
        cohort_views.cohort_apply_rule,
        name="cohort_apply_rule",
    ),
    path(
        "grupper/deltager/<uuid:member_uuid>/tilbagefald/",
        cohort_views.cohort_relapse,
        name="cohort_relapse",
    ),
    path(
        "grupper/deltager/<uuid:member_uuid>/forlad/",
        cohort_views.cohort_leave,
        name="cohort_leave",
    ),
    path(
        "grupper/tilbagefald/<uuid:relapse_uuid>/behandling/",
        cohort_views.cohort_treatment,
        name="cohort_treatment",
    ),
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
