import time

from django.core.management.base import BaseCommand, CommandError

from hjemvej.common.db import refresh_statistics
from hjemvej.demo.generate import generate


class Command(BaseCommand):
    help = (
        "Fyld en migreret database med landsdækkende, opdigtede data til belastningstest "
        "(98 kommuner, ophold, notater, planer, møder …). Samme --seed giver samme data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, required=True, help="Antal borgere.")
        parser.add_argument("--seed", type=int, default=1, help="Startværdi for tilfældigheden.")

    def handle(self, *args, **options):
        began = time.monotonic()
        try:
            generate(citizens=options["citizens"], seed=options["seed"], out=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("Opdaterer databasens statistik …")
        refresh_statistics()
        seconds = time.monotonic() - began
        self.stdout.write(self.style.SUCCESS(f"Data er genereret på {seconds:.0f} sekunder."))
