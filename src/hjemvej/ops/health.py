"""/healthz and /readyz for the proxy and the monitoring: no login, no personal data, JSON.

They are answered by a middleware at the top of the stack, before host validation, HTTPS
redirect and sessions, so a load balancer can ask each app server directly on its own
address."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone

from hjemvej.ops.models import WorkerHeartbeat

_migrations_applied = False  # once true in a process it stays true: checked once


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return f"{len(pending)} migreringer mangler"
        _migrations_applied = True
    return "ok"


def _worker() -> str:
    newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if newest is None:
        return "ingen baggrundsarbejder har meldt sig"
    age = (timezone.now() - newest).total_seconds()
    if age > settings.HEARTBEAT_STALE_SECONDS:
        return f"baggrundsarbejderen har ikke meldt sig i {int(age)} sekunder"
    return "ok"


def readiness() -> dict[str, str]:
    try:
        checks = {"database": _database()}
    except DatabaseError:
        return {"database": "databasen svarer ikke"}
    for name, check in (("migrations", _migrations), ("worker", _worker)):
        try:
            checks[name] = check()
        except DatabaseError:
            checks[name] = "databasefejl"
    return checks


def _json(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _json({"status": "ok"}, 200)
        if request.path == "/readyz":
            checks = readiness()
            ready = all(v == "ok" for v in checks.values())
            return _json(
                {"status": "ok" if ready else "fejl", "checks": checks}, 200 if ready else 503
            )
        return self.get_response(request)
