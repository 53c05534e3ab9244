"""Issue 12, item 7: with DEBUG off, the 400, 403 (also a CSRF failure), 404 and 500 pages are
Danish, in DKFDS (the project's base template), and reveal nothing: no stack, no exception
text, no echo of the path. The 500 page renders without a database or context processors."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

DKFDS = "dkfds/css/dkfds.min.css"
SECRET_PATH = "/borgere/hemmelig-sti-0101701234/"


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.foundation.error_urls"


def _page(response, status: int) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="da">' in html and DKFDS in html
    for leak in ("Traceback", "hemmelig", "0101701234", "DEBUG", "Django", "exception"):
        assert leak not in html, leak
    return html


@pytest.mark.django_db
def test_404_is_danish_and_does_not_echo_the_path(caseworker_ishoj):
    client = Client()
    client.force_login(caseworker_ishoj)
    html = _page(client.get(SECRET_PATH), 404)
    assert "<h1>Siden findes ikke</h1>" in html
    assert "Mette" in html  # the page is the project's own, with the user's header


@pytest.mark.django_db
def test_403_is_danish_and_hides_the_reason(caseworker_ishoj):
    client = Client()
    client.force_login(caseworker_ishoj)
    html = _page(client.get("/test-fejl/403/"), 403)
    assert "<h1>Du har ikke adgang</h1>" in html


@pytest.mark.django_db
def test_400_is_danish():
    html = _page(Client().get("/test-fejl/400/"), 400)
    assert "<h1>Forespørgslen kunne ikke behandles</h1>" in html


@pytest.mark.django_db
def test_csrf_failure_is_danish(caseworker_ishoj):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/log-ind/", {"username": "sagsbehandler.ishoj", "password": "x"})
    html = _page(response, 403)
    assert "<h1>Formularen er udløbet</h1>" in html
    assert "CSRF" not in html.split('id="main-content"')[1]  # no reason shown, only the help


@pytest.mark.django_db
def test_500_is_danish_and_shows_no_stack():
    client = Client(raise_request_exception=False)
    html = _page(client.get("/test-fejl/500/"), 500)
    assert "<h1>Der er sket en fejl</h1>" in html


def test_500_renders_without_database_or_context_processors():
    # No django_db mark: any database query here fails the test.
    response = server_error(RequestFactory().get(SECRET_PATH))
    html = _page(response, 500)
    assert "<h1>Der er sket en fejl</h1>" in html
