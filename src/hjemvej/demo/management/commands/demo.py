from django.core.management import call_command
from django.core.management.base import BaseCommand

from hjemvej.demo.steps import STEPS


class Command(BaseCommand):
    help = "Indlæs demokommunerne (Ishøj, Ballerup, Herning) med tilbud, brugere og borgere. Kan køres flere gange."

    def add_arguments(self, parser):
        parser.add_argument("--no-migrate", action="store_true", help="Spring migrering over.")

    def handle(self, *args, **options):
        if not options["no_migrate"]:
            call_command("migrate", verbosity=0)
        for _name, step in STEPS:
            step(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demodata er indlæst."))
