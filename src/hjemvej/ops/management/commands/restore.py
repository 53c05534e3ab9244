from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hjemvej.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Gendan en backup fra 'hjemvej backup' i en tom database og kontrollér rækkeantal og "
        "logkæden bagefter."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Backupfilen.")
        parser.add_argument(
            "--force", action="store_true", help="Overskriv en database, der ikke er tom."
        )

    def handle(self, *args, **options):
        try:
            report = restore(options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(f"Backuppen {options['file']} er gendannet.")
        if report.manifest is None:
            out.write(
                "Ingen manifestfil ved siden af backuppen: rækkeantallet er ikke kontrolleret."
            )
        elif report.count_mismatches:
            out.write("Rækkeantallet passer IKKE med backuppens manifest:")
            for line in report.count_mismatches:
                out.write(f"  {line}")
        else:
            rows = sum(report.manifest.tables.values())
            out.write(
                f"Rækkeantallet passer: {len(report.manifest.tables)} tabeller, {rows} rækker "
                f"som ved backuppen {report.manifest.created_at}."
            )
        audit = report.audit
        if audit.ok:
            out.write(
                f"Logkæden er hel: {audit.checked} rækker i {audit.lanes} spor kontrolleret mod "
                f"{audit.anchors_checked} ankre."
            )
        else:
            out.write("Logkæden er IKKE hel:")
            for line in audit.problems:
                out.write(f"  {line}")
        if audit.anchors_later:
            out.write(
                f"{audit.anchors_later} ankre er skrevet efter backuppen: logposter fra tiden "
                "efter backuppen findes ikke i den gendannede database (det er ventet ved en "
                "gendannelse)."
            )
        if not report.ok:
            raise CommandError("Gendannelsen er ikke i orden; se ovenfor.")
