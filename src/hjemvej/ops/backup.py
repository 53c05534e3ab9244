"""Backup and restore of the whole database while the system runs.

SQLite: the online backup API copies a consistent database file. PostgreSQL: `pg_dump -Fc`
(custom format) inside an exported snapshot, so that the row counts written next to the backup
are those of exactly the rows in it. Each backup FILE gets a manifest FILE.json: the database
kind, the time, the row count of every table, the audit chain's heads and the file's SHA-256.
`restore` restores into an empty database and checks the counts and the audit chain."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from hjemvej.audit.services import VerifyResult, verify_chain
from hjemvej.common.db import refresh_statistics

FORMAT = "hjemvej-backup-1"
AUDIT_HEADS_SQL = "SELECT lane, MAX(seq) FROM audit_auditentry GROUP BY lane ORDER BY lane"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Danish)."""


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------- SQLite


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        t: conn.execute(f"SELECT COUNT(*) FROM {_quote(t)}").fetchone()[0]  # noqa: S608
        for t in _sqlite_tables(conn)
    }


def _sqlite_file() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name in ("", ":memory:") or name.startswith("file:"):
        raise BackupError("SQLite-databasen skal være en fil for at kunne tages backup af.")
    return Path(name)


def _sqlite_backup(target: Path) -> tuple[dict[str, int], dict[str, int]]:
    source = sqlite3.connect(_sqlite_file())
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        heads = {str(lane): seq for lane, seq in copy.execute(AUDIT_HEADS_SQL).fetchall()}
        return _sqlite_counts(copy), heads
    finally:
        copy.close()
        source.close()


def _sqlite_is_empty() -> bool:
    path = _sqlite_file()
    if not path.exists() or path.stat().st_size == 0:
        return True
    conn = sqlite3.connect(path)
    try:
        return not _sqlite_tables(conn)
    finally:
        conn.close()


def _sqlite_restore(source_path: Path) -> None:
    target = _sqlite_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    source = sqlite3.connect(source_path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()


# ---------------------------------------------------------------- PostgreSQL


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} findes ikke på maskinen; installér postgresql-client "
            "(apt-get install postgresql-client)."
        )
    return found


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [r[0] for r in cursor.fetchall()]


def _pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_backup(target: Path) -> tuple[dict[str, int], dict[str, int]]:
    import psycopg

    pg_dump = _tool("pg_dump")
    params = connection.get_connection_params()
    env, args = _pg_env_and_args()
    with psycopg.connect(**{**params, "autocommit": True}) as snap:
        # One snapshot for the counts and for pg_dump: both see exactly the same rows.
        snap.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        exported = snap.execute("SELECT pg_export_snapshot()").fetchone()
        assert exported is not None
        snapshot = exported[0]
        with snap.cursor() as cursor:
            counts = _pg_counts(cursor)
            cursor.execute(AUDIT_HEADS_SQL)
            heads = {str(lane): seq for lane, seq in cursor.fetchall()}
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                pg_dump,
                *args,
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={target}",
                str(settings.DATABASES["default"]["NAME"]),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        snap.execute("COMMIT")
    return counts, heads


def _pg_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not _pg_tables(cursor)


def _pg_restore(source: Path, *, clean: bool) -> None:
    pg_restore = _tool("pg_restore")
    env, args = _pg_env_and_args()
    command = [pg_restore, *args, "--no-owner", "--no-privileges", "--exit-on-error"]
    if clean:
        command += ["--clean", "--if-exists"]
    command += ["--dbname", str(settings.DATABASES["default"]["NAME"]), str(source)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore fejlede: {result.stderr.strip()[:2000]}")


# ---------------------------------------------------------------- both


@dataclass
class Manifest:
    vendor: str
    created_at: str
    tables: dict[str, int]
    sha256: str
    audit_heads: dict[str, int] = field(default_factory=dict)  # lane: last seq
    format: str = FORMAT

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)


def backup(target: Path) -> Manifest:
    """Write a consistent backup of the whole database to `target` and its manifest next to it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    created = timezone.now()
    if connection.vendor == "sqlite":
        counts, heads = _sqlite_backup(partial)
    elif connection.vendor == "postgresql":
        counts, heads = _pg_backup(partial)
    else:
        raise BackupError(f"Databasetypen {connection.vendor} kan ikke tages backup af.")
    os.replace(partial, target)
    manifest = Manifest(
        vendor=connection.vendor,
        created_at=created.isoformat(),
        tables=counts,
        sha256=_sha256(target),
        audit_heads=heads,
    )
    manifest_path(target).write_text(json.dumps(manifest.__dict__, indent=2), encoding="utf-8")
    return manifest


def read_manifest(path: Path) -> Manifest | None:
    mpath = manifest_path(path)
    if not mpath.exists():
        return None
    data = json.loads(mpath.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise BackupError(f"{mpath.name} er ikke en manifestfil fra hjemvej backup.")
    return Manifest(**data)


@dataclass
class RestoreReport:
    manifest: Manifest | None
    counts: dict[str, int]
    count_mismatches: list[str]
    audit: VerifyResult

    @property
    def ok(self) -> bool:
        return not self.count_mismatches and self.audit.ok


def restore(source: Path, *, force: bool = False) -> RestoreReport:
    """Restore `source` into the configured database, which must be empty unless `force`;
    then count the rows against the manifest and verify the audit chain."""
    source = source.resolve()
    if not source.exists():
        raise BackupError(f"Filen {source} findes ikke.")
    manifest = read_manifest(source)
    if manifest is not None and manifest.sha256 != _sha256(source):
        raise BackupError(
            f"{source.name} passer ikke med sin manifestfil (SHA-256): filen er ændret eller "
            "ikke kopieret helt."
        )
    vendor = connection.vendor
    if manifest is not None and manifest.vendor != vendor:
        raise BackupError(
            f"Backuppen er fra {manifest.vendor}, men databasen er {vendor}; gendan i samme slags."
        )
    empty = _sqlite_is_empty() if vendor == "sqlite" else _pg_is_empty()
    if not empty and not force:
        raise BackupError(
            "Databasen er ikke tom. Gendan i en tom database, eller brug --force for at "
            "overskrive den."
        )
    connection.close()
    if vendor == "sqlite":
        _sqlite_restore(source)
    else:
        _pg_restore(source, clean=not empty)
    connection.close()
    refresh_statistics()  # a restored database has no planner statistics until analysed

    if vendor == "sqlite":
        conn = sqlite3.connect(_sqlite_file())
        try:
            counts = _sqlite_counts(conn)
        finally:
            conn.close()
    else:
        with connection.cursor() as cursor:
            counts = _pg_counts(cursor)
    mismatches = []
    if manifest is not None:
        for table, expected in sorted(manifest.tables.items()):
            got = counts.get(table)
            if got != expected:
                mismatches.append(f"{table}: {got if got is not None else 'mangler'} af {expected}")
    audit = verify_chain(until=manifest.created if manifest else None)
    return RestoreReport(manifest, counts, mismatches, audit)
