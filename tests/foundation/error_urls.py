"""The project's URLs plus three views that fail, for the production error pages' tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from hjemvej.urls import urlpatterns as project_urls


def forbidden(request):
    raise PermissionDenied("hemmelig-årsag-403")


def bad(request):
    raise SuspiciousOperation("hemmelig-årsag-400")


def broken(request):
    raise RuntimeError("hemmelig-årsag-500")


urlpatterns = [
    path("test-fejl/403/", forbidden),
    path("test-fejl/400/", bad),
    path("test-fejl/500/", broken),
    *project_urls,
]
