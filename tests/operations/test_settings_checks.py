"""With HJEMVEJ_DEBUG=0 the system refuses to start without an audit key and an anchor
directory, and with settings that are unsafe in production; `check --deploy` stays clean."""

import pytest

from tests.foundation.test_security import PROD_ENV, _run

CASES = [
    ({"HJEMVEJ_AUDIT_KEY": ""}, "HJEMVEJ_AUDIT_KEY skal sættes til en hemmelig nøgle"),
    ({"HJEMVEJ_AUDIT_KEY": "for-kort"}, "HJEMVEJ_AUDIT_KEY skal sættes til en hemmelig nøgle"),
    (
        {"HJEMVEJ_AUDIT_KEY": PROD_ENV["HJEMVEJ_SECRET_KEY"]},
        "(en anden end HJEMVEJ_SECRET_KEY)",
    ),
    ({"HJEMVEJ_AUDIT_ANCHOR_DIR": ""}, "HJEMVEJ_AUDIT_ANCHOR_DIR skal angive en absolut sti"),
    ({"HJEMVEJ_AUDIT_ANCHOR_DIR": "var/ankre"}, "HJEMVEJ_AUDIT_ANCHOR_DIR skal angive en absolut"),
    ({"HJEMVEJ_ALLOWED_HOSTS": "*"}, "HJEMVEJ_ALLOWED_HOSTS må ikke indeholde '*'"),
    ({"HJEMVEJ_PORTAL_DEMO_LOGIN": "1"}, "HJEMVEJ_PORTAL_DEMO_LOGIN=1 er demoens login"),
    ({"HJEMVEJ_LOG_FORMAT": "xml"}, "HJEMVEJ_LOG_FORMAT skal være text eller json"),
]


@pytest.mark.parametrize(("change", "message"), CASES)
def test_production_refuses_to_start_with_a_clear_danish_message(change, message):
    env = {k: v for k, v in {**PROD_ENV, **change}.items() if v}
    result = _run("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_with_json_logs_and_syslog_anchors():
    env = {**PROD_ENV, "HJEMVEJ_LOG_FORMAT": "json", "HJEMVEJ_AUDIT_ANCHOR_SYSLOG": "1"}
    result = _run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
