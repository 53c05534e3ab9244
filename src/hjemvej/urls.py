from django.contrib import admin
from django.urls import include, path, re_path

from hjemvej.api.api import api
from hjemvej.api.contract import not_found as api_not_found
from hjemvej.front import away, citizen, home, navigation, worklists
from hjemvej.people import urls as people_urls
from hjemvej.sso import views as sso_views

# The citizen overview shows a section from every app, so it is composed in hjemvej.front; it
# keeps its place (and its name, "people:overview") among the citizen's pages.
people_patterns = [
    path("<uuid:citizen_uuid>/", citizen.overview, name="overview"),
    path("<uuid:citizen_uuid>/tidslinje/", citizen.events, name="timeline"),
    path("<uuid:citizen_uuid>/personoplysninger/", citizen.personal, name="personal"),
    path("<uuid:citizen_uuid>/cpr/", citizen.reveal_cpr, name="reveal_cpr"),
    path("<uuid:citizen_uuid>/afsnit/<slug:key>/", citizen.section, name="section"),
    *people_urls.urlpatterns,
]

urlpatterns = [
    path("", home.home, name="home"),
    path("forside/opdater-tal/", home.refresh_counts, name="home_refresh_counts"),
    path("log-ind/", sso_views.LoginView.as_view(), name="login"),
    path("log-af/", sso_views.logout, name="logout"),
    path("enhed/", navigation.choose_unit, name="acting_unit"),
    path("arbejdsliste/<slug:key>/", worklists.worklist, name="worklist"),
    path("borgere-paa-tilbud/", away.citizens_at_offers, name="citizens_at_offers"),
    path("kommunens-login/", include("hjemvej.sso.urls")),
    path("borgere/", include((people_patterns, people_urls.app_name))),
    path("nodadgang/", include("hjemvej.access.urls")),
    path("logning/", include("hjemvej.access.log_urls")),
    path("planer/", include("hjemvej.plans.urls")),
    path("forloeb/", include("hjemvej.courses.urls")),
    path("moeder/", include("hjemvej.meetings.urls")),
    path("journal/", include("hjemvej.journal.urls")),
    path("spor/", include("hjemvej.tracks.urls")),
    path("tilbud/", include("hjemvej.offers.urls")),
    path("ophold/", include("hjemvej.stays.urls")),
    path("bolig/", include("hjemvej.housing.urls")),
    path("okonomi/", include("hjemvej.economics.urls")),
    path("administration/", include("hjemvej.access.staff_urls")),
    path("django-admin/", admin.site.urls),
    path("mine-sider/", include("hjemvej.portal.urls")),
    path("rapporter/", include("hjemvej.reports.urls")),
    path("rettigheder/", include("hjemvej.rights.urls")),
    path("digital-post/", include("hjemvej.post.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
]
