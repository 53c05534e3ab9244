"""The audit log becomes a keyed chain in lanes, and append-only on PostgreSQL.

Existing rows go into lane 0 in id order. Their plain SHA-256 chain is checked first (a broken
chain stops the migration: re-keying it would hide the break); then every row is re-hashed with
HJEMVEJ_AUDIT_KEY. Existing prune anchors are signed. On PostgreSQL a trigger then refuses
UPDATE and DELETE on the table, except a DELETE in a transaction that has set
`hjemvej.audit_prune = 'on'` (what `hjemvej audit prune` does)."""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _fields(row) -> list:
    return [
        row.actor_id,
        row.actor_username,
        row.actor_unit,
        row.action,
        str(row.citizen_uuid) if row.citizen_uuid else None,
        row.object_type,
        row.object_id,
        row.summary,
        row.detail,
        row.purpose,
        row.prev_hash,
    ]


def _plain_hash(row) -> str:
    return hashlib.sha256(_canonical([row.at.isoformat(), *_fields(row)]).encode()).hexdigest()


def _keyed(payload: str) -> str:
    return hmac.new(settings.AUDIT_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()


def rechain(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditAnchor = apps.get_model("audit", "AuditAnchor")
    anchor = AuditAnchor.objects.order_by("-pruned_through_id").first()
    expected = anchor.last_hash if anchor else GENESIS
    for row in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != expected or _plain_hash(row) != row.hash:
            raise RuntimeError(
                f"Logkæden er brudt ved række {row.pk}; den bliver ikke nøglet om. Undersøg "
                "bruddet (hjemvej audit verify på den tidligere version) før migreringen."
            )
        expected = row.hash
    prev = anchor.last_hash if anchor else GENESIS
    batch = []
    for seq, row in enumerate(AuditEntry.objects.order_by("id").iterator(chunk_size=2000), 1):
        row.lane, row.seq, row.prev_hash = 0, seq, prev
        millis = (row.at - EPOCH) // datetime.timedelta(milliseconds=1)
        row.hash = _keyed(_canonical([0, seq, millis, *_fields(row)]))
        prev = row.hash
        batch.append(row)
        if len(batch) >= 1000:
            AuditEntry.objects.bulk_update(batch, ["lane", "seq", "prev_hash", "hash"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["lane", "seq", "prev_hash", "hash"])
    for pruning in AuditAnchor.objects.all():
        millis = (pruning.cutoff - EPOCH) // datetime.timedelta(milliseconds=1)
        pruning.signature = _keyed(_canonical(["prune", 0, 0, pruning.last_hash, millis]))
        pruning.save(update_fields=["signature"])


# Row by row: an UPDATE that touches no row (loaddata tries one before its INSERT) passes.
TRIGGER = """
CREATE OR REPLACE FUNCTION hjemvej_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('hjemvej.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Logposter kan ikke ændres eller slettes (kun hjemvej audit prune sletter '
        'efter opbevaringsperioden).';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION hjemvej_audit_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS hjemvej_audit_append_only();
"""


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="lane",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="spor"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(null=True, verbose_name="nummer i sporet"),
        ),
        migrations.AddField(
            model_name="auditanchor",
            name="lane",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditanchor",
            name="through_seq",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditanchor",
            name="signature",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(verbose_name="nummer i sporet"),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                fields=("lane", "seq"), name="audit_entry_one_row_per_seq"
            ),
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
