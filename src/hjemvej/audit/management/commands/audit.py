from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hjemvej.audit.services import prune, verify_chain


class Command(BaseCommand):
    help = (
        "Kontrollér logkæden (verify) eller slet logposter ældre end opbevaringsperioden (prune)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Kontrollér at ingen logpost er ændret eller fjernet.")
        p = sub.add_parser("prune", help="Slet logposter ældre end opbevaringsperioden.")
        p.add_argument("--days", type=int, default=None, help="Opbevaringsperiode i dage.")

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            result = verify_chain()
            if not result.ok:
                entry = result.broken
                raise CommandError(
                    f"Logkæden er brudt ved række {entry.pk} "
                    f"({timezone.localtime(entry.at):%d.%m.%Y %H:%M:%S}, {entry.actor_username}, "
                    f"{entry.get_action_display()}): {result.reason}."
                )
            self.stdout.write(f"Logkæden er hel: {result.checked} rækker kontrolleret.")
        else:
            count = prune(days=options["days"])
            self.stdout.write(f"{count} logposter slettet.")
