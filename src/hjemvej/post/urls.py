from django.urls import path

from hjemvej.post import views

app_name = "post"

urlpatterns = [
    path("ophold/<uuid:stay_uuid>/underretning/", views.stay_notice, name="stay_notice"),
    path(
        "moede/<uuid:meeting_uuid>/indkaldelse/",
        views.meeting_invitation,
        name="meeting_invitation",
    ),
    path("visitation/<uuid:referral_uuid>/afgoerelse/", views.decision, name="decision"),
    path("brev/<uuid:letter_uuid>.pdf", views.letter_pdf, name="letter_pdf"),
    path("opgave/<uuid:task_uuid>/brev.pdf", views.task_pdf, name="task_pdf"),
    path("borger/<uuid:citizen_uuid>/", views.citizen_letters, name="citizen_letters"),
]
