from django.urls import path

from hjemvej.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.login, name="login"),
    path("log-ind/mitid/", views.mitid_start, name="mitid"),
    path("log-ind/mitid/retur/", views.mitid_return, name="mitid_return"),
    path("log-ud/", views.logout, name="logout"),
    path("kontakter/", views.contacts, name="contacts"),
    path("samtykker/", views.consents, name="consents"),
    path(
        "samtykker/<uuid:consent_uuid>/tilbagetraek/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("hvem-har-set-mine-oplysninger/", views.who_looked, name="who_looked"),
    path("plan/", views.plans, name="plans"),
    path("plan/<uuid:plan_uuid>/", views.plan_detail, name="plan"),
    path("plan/<uuid:plan_uuid>/nyt-maal/", views.add_goal, name="add_goal"),
    path("maal/<uuid:goal_uuid>/ret/", views.edit_goal, name="edit_goal"),
    path("delmaal/<uuid:sub_goal_uuid>/min-vurdering/", views.score_sub_goal, name="score"),
    path("moeder/", views.meetings, name="meetings"),
    path("moeder/<uuid:meeting_uuid>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("moeder/<uuid:meeting_uuid>/bekraeft/", views.confirm_meeting, name="confirm_meeting"),
    path("moeder/<uuid:meeting_uuid>/flyt/", views.move_meeting, name="move_meeting"),
    path("beskeder/", views.write_message, name="messages"),
    path("indsigt/", views.insight, name="insight"),
    path("rettelse/", views.correction, name="correction"),
]
