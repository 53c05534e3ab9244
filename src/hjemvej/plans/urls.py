from django.urls import path

from hjemvej.plans import views

app_name = "plans"
P = "<uuid:citizen_uuid>/plan/<uuid:plan_uuid>/"
urlpatterns = [
    path("tilbud/", views.offer_list, name="offers"),
    path("tilbud/<uuid:unit_uuid>/", views.offer_detail, name="offer"),
    path("<uuid:citizen_uuid>/", views.citizen_plans, name="citizen"),
    path("<uuid:citizen_uuid>/udredning/ny/", views.assessment_new, name="assessment_new"),
    path("<uuid:citizen_uuid>/signs-of-safety/ny/", views.safety_new, name="safety_new"),
    path(
        "<uuid:citizen_uuid>/signs-of-safety/<uuid:assessment_uuid>/",
        views.safety_detail,
        name="safety",
    ),
    path(
        "<uuid:citizen_uuid>/udredning/sammenlign/",
        views.assessment_compare,
        name="assessment_compare",
    ),
    path(
        "<uuid:citizen_uuid>/udredning/<uuid:assessment_uuid>/",
        views.assessment_detail,
        name="assessment",
    ),
    path("<uuid:citizen_uuid>/plan/ny/", views.plan_new, name="plan_new"),
    path(P, views.plan_detail, name="plan"),
    path(P + "ret/", views.plan_edit, name="plan_edit"),
    path(P + "mal/<str:kind>/nyt/", views.goal_new, name="goal_new"),
    path(P + "mal/<uuid:goal_uuid>/ret/", views.goal_edit, name="goal_edit"),
    path(P + "mal/<uuid:goal_uuid>/delmal/nyt/", views.sub_goal_new, name="sub_goal_new"),
    path(P + "delmal/<uuid:sub_goal_uuid>/ret/", views.sub_goal_edit, name="sub_goal_edit"),
    path(P + "delmal/<uuid:sub_goal_uuid>/score/", views.score_new, name="score_new"),
    path(P + "godkendelse/", views.sign_off_new, name="sign_off_new"),
    path(P + "opfolgning/", views.follow_up_new, name="follow_up_new"),
    path(P + "version/<int:number>/", views.plan_version, name="plan_version"),
    path(P + "udskrift/", views.plan_print, name="plan_print"),
    path(P + "pdf/", views.plan_pdf, name="plan_pdf"),
    path(P + "del/", views.share_plan, name="share"),
    path(
        P + "del/<uuid:share_uuid>/tilbagekald/", views.withdraw_plan_share, name="share_withdraw"
    ),
]
