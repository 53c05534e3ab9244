"""Run inside `hjemvej shell` by test_two_servers: the reports test's manager (with a password)
and a batch of report jobs for the workers."""

from hjemvej.accounts.models import User
from hjemvej.reports.services import do_request_report
from tests.conftest import PASSWORD
from tests.reports.worker_setup import setup as reports_setup

BATCH = 6


def setup() -> None:
    reports_setup()  # one outcome PDF ordered
    manager = User.objects.get(username="leder.ishoj")
    manager.set_password(PASSWORD)
    manager.save(update_fields=["password"])
    for _ in range(BATCH - 1):
        do_request_report(
            user=manager, kind="outcome-xlsx", params={"kommune": "183", "aar": "2025"}
        )
