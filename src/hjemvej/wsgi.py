import os

from django.core.wsgi import get_wsgi_application

from hjemvej.common.perf import settle_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemvej.settings")
application = get_wsgi_application()


def templates() -> list[str]:
    """The names of every installed app's templates (…/templates/**/*.html)."""
    from pathlib import Path

    from django.apps import apps

    names = []
    for config in apps.get_app_configs():
        root = Path(config.path) / "templates"
        if root.is_dir():
            names += sorted(str(f.relative_to(root)) for f in root.rglob("*.html"))
    return names


def warm_up() -> None:
    """Import every view, compile every template and run the login page once, now rather than
    in a user's request.

    The URLconf pulls in all apps' views and their libraries, the login page the SAML library,
    and each template is parsed the first time a process renders it: together seconds that
    would otherwise fall on each worker's first requests (a page's first rendering in a worker
    took 150–200 ms more than the next). `hjemvej serve` loads this module in gunicorn's master
    before it forks (--preload), so every worker, also one restarted after --max-requests,
    starts with the cached loader full. The login page reads nothing from the database; any
    connection opened is closed before the fork."""
    from io import BytesIO
    from wsgiref.util import setup_testing_defaults

    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse

    get_resolver().url_patterns  # noqa: B018 - evaluated for its side effect: the imports
    for name in templates():
        get_template(name)
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    environ = {
        "PATH_INFO": reverse("login"),
        "HTTP_HOST": host.lstrip("."),
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.url_scheme": "https",
        "wsgi.input": BytesIO(),
    }
    setup_testing_defaults(environ)

    def start_response(status, headers, exc_info=None):
        return lambda data: None

    response = application(environ, start_response)
    response.close()
    connections.close_all()


warm_up()
# The garbage collector tuned for a web worker, with what the app has loaded frozen out of its
# sight (common.perf.settle_for_serving): gunicorn's --preload runs this in the master, and
# the workers inherit it.
settle_for_serving()
