from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hjemvej.stays import dst


class Command(BaseCommand):
    help = (
        "Indlæser Danmarks Statistiks kodelister til §110-statistikken (JSON eller CSV) med "
        "gyldighedsdatoer. Kan køres igen: uændrede koder røres ikke."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(dst.DEFAULT_FILE))

    def handle(self, *args, path: str, **options):
        try:
            with transaction.atomic():
                counts = dst.load_codes(path)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Kodelisten kunne ikke indlæses: {exc}") from None
        self.stdout.write(
            f"DST-koder: {counts['created']} nye, {counts['updated']} ændrede, "
            f"{counts['unchanged']} uændrede."
        )
