"""`hjemvej backup` and `hjemvej restore` as an operator runs them, as real processes: a backup
while the system runs, a restore onto a new machine's empty database (a fresh SQLite file or a
fresh PostgreSQL database), the checks of row counts and audit chain, and the refusal to
overwrite a database that is not empty."""

import json
import subprocess

from tests.meetings.test_worker_exactly_once import HJEMVEJ, ROOT, WorkerDatabase, _env


def _hjemvej(args, env, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*HJEMVEJ, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_backup_and_restore_onto_an_empty_database_round_trip(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    source, target, second = (WorkerDatabase(tmp_path / d) for d in "abc")
    try:
        anchors = tmp_path / "anchors"
        env = {**_env(source, tmp_path), "HJEMVEJ_AUDIT_ANCHOR_DIR": str(anchors)}
        _hjemvej(["migrate", "-v", "0"], env)
        _hjemvej(["shell", "-c", "from tests.operations.backup_setup import setup; setup()"], env)

        backup = tmp_path / "backups" / "hjemvej.backup"
        out = _hjemvej(["backup", str(backup)], env).stdout
        assert f"Backup skrevet til {backup} ({source.vendor}" in out
        manifest = json.loads((tmp_path / "backups" / "hjemvej.backup.json").read_text())
        assert manifest["tables"]["people_citizen"] == 5
        assert manifest["tables"]["audit_auditentry"] == 10
        # The system goes on after the backup: more rows, a newer anchor.
        _hjemvej(["shell", "-c", "from tests.operations.backup_setup import more; more()"], env)

        new_machine = {**env, "HJEMVEJ_DATABASE_URL": target.url}
        out = _hjemvej(["restore", str(backup)], new_machine).stdout
        assert f"Backuppen {backup} er gendannet." in out
        assert f"Rækkeantallet passer: {len(manifest['tables'])} tabeller" in out
        assert "Logkæden er hel: 10 rækker" in out
        assert "1 ankre er skrevet efter backuppen" in out
        assert target.query("SELECT COUNT(*) FROM people_citizen") == [(5,)]
        assert _hjemvej(["audit", "verify"], new_machine, check=False).returncode != 0  # the
        # newer anchor names the rows written after the backup: verify says they are missing

        refused = _hjemvej(["restore", str(backup)], new_machine, check=False)
        assert refused.returncode != 0
        assert "Databasen er ikke tom" in refused.stderr
        forced = _hjemvej(["restore", "--force", str(backup)], new_machine).stdout
        assert "Rækkeantallet passer" in forced

        # A backup file that was changed after it was written is refused.
        with backup.open("ab") as handle:
            handle.write(b"x")
        tampered = _hjemvej(
            ["restore", str(backup)], {**env, "HJEMVEJ_DATABASE_URL": second.url}, check=False
        )
        assert "passer ikke med sin manifestfil" in tampered.stderr
    finally:
        for db in (source, target, second):
            db.drop()
