"""Helpers for tests that play the attacker with direct database access to the audit log."""

from contextlib import contextmanager

from django.db import connection

ON_POSTGRES = connection.vendor == "postgresql"


@contextmanager
def trigger_off():
    """Someone with the table owner's rights switches the append-only trigger off (PostgreSQL);
    on SQLite there is no trigger. Used to show that verify catches what follows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only"
                )
