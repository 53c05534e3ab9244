"""`hjemvej serve` starts gunicorn with the settings an operator sets (a real gunicorn serves
the two-server test)."""

from django.core.management import call_command


def test_serve_builds_the_gunicorn_command_from_the_settings(settings, capsys):
    settings.WEB_WORKERS = 5
    settings.WEB_TIMEOUT = 45
    settings.FORWARDED_ALLOW_IPS = "10.0.0.10"
    call_command("serve", "--print", "--bind", "0.0.0.0:8000")
    line = capsys.readouterr().out
    assert line.startswith("-m gunicorn hjemvej.wsgi:application --bind 0.0.0.0:8000")
    assert "--workers 5 --timeout 45" in line
    assert "--forwarded-allow-ips 10.0.0.10" in line
    # The app (and every view) is loaded before the workers fork: none starts cold.
    assert "--preload" in line
    # Its hooks: the request's garbage is collected after the response (common.perf).
    assert "--config python:hjemvej.ops.gunicorn_hooks" in line
    assert "rid=%({x-request-id}o)s" in line
    assert "%(r)s" not in line and "%(q)s" not in line  # no query strings (CPR, names) in logs


def test_json_logs_switch_the_access_log_to_json_lines(settings, capsys):
    settings.LOG_FORMAT = "json"
    call_command("serve", "--print")
    assert "--logger-class hjemvej.ops.gunicorn_log.JsonAccessLogger" in capsys.readouterr().out


def test_the_app_is_warm_before_it_serves(django_db_blocker):
    """hjemvej.wsgi (which `hjemvej serve` loads before forking its workers) imports every view,
    compiles every template into the cached loader and sends no query to the database."""
    from django.db import connection
    from django.template import engines
    from django.test.utils import CaptureQueriesContext

    # The request Django runs looks at an open connection (an earlier test's) before it starts.
    with django_db_blocker.unblock(), CaptureQueriesContext(connection) as ctx:
        from hjemvej import wsgi

        wsgi.warm_up()
    assert ctx.captured_queries == []
    names = wsgi.templates()
    assert "accounts/home.html" in names and len(names) > 100
    cached = engines["django"].engine.template_loaders[0]
    assert all(any(key.startswith(name) for key in cached.get_template_cache) for name in names), (
        "every template compiled"
    )
