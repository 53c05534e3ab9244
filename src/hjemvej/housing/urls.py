from django.urls import path

from hjemvej.housing import views

app_name = "housing"
urlpatterns = [
    path("<uuid:citizen_uuid>/ansoegning/ny/", views.add_application, name="add_application"),
    path(
        "ansoegning/<uuid:application_uuid>/tilbud/nyt/",
        views.add_housing_offer,
        name="add_housing_offer",
    ),
    path(
        "ansoegning/<uuid:application_uuid>/afslut/",
        views.close_application,
        name="close_application",
    ),
    path("tilbud/<uuid:offer_uuid>/svar/", views.answer_housing_offer, name="answer_housing_offer"),
    path("<uuid:citizen_uuid>/gaeld/ny/", views.add_debt, name="add_debt"),
    path("gaeld/<uuid:debt_uuid>/afdragsordning/", views.add_agreement, name="add_agreement"),
    path(
        "afdragsordning/<uuid:agreement_uuid>/afdrag/nyt/",
        views.add_instalment,
        name="add_instalment",
    ),
    path("<uuid:citizen_uuid>/indkomst/ny/", views.add_income, name="add_income"),
    path("indkomst/<uuid:income_uuid>/afslut/", views.end_income, name="end_income"),
]
