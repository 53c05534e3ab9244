from django.urls import path

from hjemvej.journal import views

app_name = "journal"
urlpatterns = [
    path("borger/<uuid:citizen_uuid>/", views.journal, name="journal"),
    path("notat/<uuid:note_uuid>/underskriv/", views.sign, name="sign"),
    path("notat/<uuid:note_uuid>/ret/", views.edit_or_correct, name="edit"),
    path("besked/<uuid:message_uuid>/behandlet/", views.message_handled, name="message_handled"),
]
