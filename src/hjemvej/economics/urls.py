from django.urls import path

from hjemvej.economics import views

app_name = "economics"
urlpatterns = [
    path("", views.index, name="index"),
    path("takstblade/nyt/", views.cost_sheet_create, name="cost_sheet_create"),
    path("takstblade/<uuid:sheet_uuid>/", views.cost_sheet_detail, name="cost_sheet"),
    path("takstblade/<uuid:sheet_uuid>/ret/", views.cost_sheet_edit, name="cost_sheet_edit"),
    path("takstblade/<uuid:sheet_uuid>/excel/", views.cost_sheet_excel, name="cost_sheet_excel"),
    path("refusion/", views.reimbursement_calculator, name="reimbursement"),
    path("prognose/", views.forecast_page, name="forecast"),
    path("budget/", views.budget_page, name="budget"),
    path("investering/", views.investment_page, name="investment"),
    path("investering/sammenlign/", views.investment_compare, name="investment_compare"),
    path("investering/<uuid:case_uuid>/slet/", views.investment_delete, name="investment_delete"),
]
