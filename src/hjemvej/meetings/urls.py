from django.urls import path

from hjemvej.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.my_meetings, name="list"),
    path("borger/<uuid:citizen_uuid>/nyt/", views.book, name="book"),
    path("tilbud/nyt/", views.book_unit_meeting, name="book_unit"),
    path("borger/<uuid:citizen_uuid>/paamindelser/", views.preferences, name="preferences"),
    path("<uuid:meeting_uuid>/", views.detail, name="detail"),
    path("<uuid:meeting_uuid>/invitation.ics", views.ics, name="ics"),
    path("<uuid:meeting_uuid>/afholdt/", views.record, name="record"),
    path("<uuid:meeting_uuid>/udeblevet/", views.missed, name="missed"),
    path("<uuid:meeting_uuid>/aflys/", views.cancel, name="cancel"),
    path("<uuid:meeting_uuid>/flyt/", views.move, name="move"),
    path("<uuid:meeting_uuid>/paarorende/", views.add_relative, name="add_relative"),
]
