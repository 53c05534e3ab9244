from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hjemvej.ops.backup import BackupError, backup, manifest_path


class Command(BaseCommand):
    help = (
        "Tag en backup af hele databasen, mens systemet kører (SQLite: online backup; "
        "PostgreSQL: pg_dump -Fc). Ved siden af filen skrives FIL.json med rækkeantal."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Backupfilen, der skal skrives.")

    def handle(self, *args, **options):
        target = options["file"]
        try:
            manifest = backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Backup skrevet til {target} ({manifest.vendor}, {len(manifest.tables)} tabeller, "
            f"{rows} rækker). Manifest: {manifest_path(target)}."
        )
