from django.contrib import admin
from django.urls import include, path, re_path

from hjemvej.accounts import views as account_views
from hjemvej.api.api import api
from hjemvej.api.contract import not_found as api_not_found

urlpatterns = [
    path("", account_views.home, name="home"),
    path("log-ind/", account_views.LoginView.as_view(), name="login"),
    path("log-af/", account_views.LogoutView.as_view(), name="logout"),
    path("borgere/", include("hjemvej.people.urls")),
    path("nodadgang/", include("hjemvej.access.urls")),
    path("logning/", include("hjemvej.audit.urls")),
    path("planer/", include("hjemvej.plans.urls")),
    path("forloeb/", include("hjemvej.courses.urls")),
    path("moeder/", include("hjemvej.meetings.urls")),
    path("journal/", include("hjemvej.journal.urls")),
    path("tilbud/", include("hjemvej.offers.urls")),
    path("ophold/", include("hjemvej.stays.urls")),
    path("bolig/", include("hjemvej.housing.urls")),
    path("okonomi/", include("hjemvej.economics.urls")),
    path("administration/", admin.site.urls),
    path("mine-sider/", include("hjemvej.portal.urls")),
    path("rapporter/", include("hjemvej.reports.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
]
