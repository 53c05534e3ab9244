from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hjemvej.plans import ffb
from hjemvej.plans.models import Term


class Command(BaseCommand):
    help = "Indlæser KL's FFB CodeSystem (FHIR JSON). Koderne bevares; udgåede begreber markeres."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(ffb.SHIPPED_FILE))

    def handle(self, *args, path: str, **options):
        try:
            data = ffb.read_codesystem(path)
            with transaction.atomic():
                result = ffb.sync_terms(Term, data)
        except ffb.CodeSystemError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"FFB version {data.get('version', '?')}: {result.created} nye, "
            f"{result.updated} ændrede, {result.retired} udgåede, {result.unchanged} uændrede."
        )
