"""`hjemvej serve`: the production web server (gunicorn) with the project's settings.

The process becomes gunicorn (exec), so systemd supervises gunicorn itself."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

# Text access log: no query string (searches may carry names or CPR numbers), with the time
# taken and the request id the app returns in X-Request-ID.
TEXT_ACCESS_FORMAT = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'


def gunicorn_argv(*, bind: str, workers: int, timeout: int) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "hjemvej.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "30",
        "--keep-alive",
        "5",
        # Only the proxy may tell gunicorn the original scheme (X-Forwarded-Proto).
        "--forwarded-allow-ips",
        settings.FORWARDED_ALLOW_IPS,
        # Load the app (and every view, hjemvej.wsgi) once in the master before forking: a
        # worker starts warm instead of spending its first request on seconds of imports, also
        # when it is restarted after --max-requests. New code needs a restart, not a HUP.
        "--preload",
        # Server hooks: the request's garbage is collected after its response is sent.
        "--config",
        "python:hjemvej.ops.gunicorn_hooks",
        # Restart workers now and then, so a slow leak never grows large.
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]
    if settings.LOG_FORMAT == "json":
        argv += ["--logger-class", "hjemvej.ops.gunicorn_log.JsonAccessLogger"]
    else:
        argv += ["--access-logformat", TEXT_ACCESS_FORMAT]
    shm = "/dev/shm"  # noqa: S108 - gunicorn's worker heartbeat files, in memory not on disk
    if os.path.isdir(shm):
        argv += ["--worker-tmp-dir", shm]
    return argv


class Command(BaseCommand):
    help = "Start produktionswebserveren (gunicorn) bag en proxy, der afslutter TLS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=settings.WEB_BIND, help="Adresse:port (HJEMVEJ_WEB_BIND)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.WEB_WORKERS,
            help="Antal processer (HJEMVEJ_WEB_WORKERS; standard 2 × kerner + 1, højst 9).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=settings.WEB_TIMEOUT,
            help="Sekunder før en hængende forespørgsel afbrydes (HJEMVEJ_WEB_TIMEOUT).",
        )
        parser.add_argument(
            "--print", action="store_true", help="Vis gunicorn-kommandoen uden at starte den."
        )

    def handle(self, *args, **options):
        argv = gunicorn_argv(
            bind=options["bind"], workers=options["workers"], timeout=options["timeout"]
        )
        if options["print"]:
            self.stdout.write(" ".join(argv[1:]))
            return
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - our own interpreter, fixed arguments
