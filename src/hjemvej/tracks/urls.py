from django.urls import path

from hjemvej.tracks import views

app_name = "tracks"
urlpatterns = [
    path("borger/<uuid:citizen_uuid>/start/", views.start, name="start"),
    path("<uuid:track_uuid>/", views.track, name="track"),
    path("<uuid:track_uuid>/afslut/", views.end, name="end"),
    path("trin/<uuid:step_uuid>/", views.step, name="step"),
    path("samarbejde/", views.cooperation, name="cooperation"),
    path("samarbejde/ny/", views.partner_new, name="partner_new"),
    path("samarbejde/<uuid:partner_uuid>/", views.partner, name="partner"),
    path(
        "samarbejde/kontakt/<uuid:contact_uuid>/fjern/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("samarbejde/moedeforum/nyt/", views.forum_meeting_new, name="forum_meeting_new"),
]
