from django.core.management.base import BaseCommand, CommandError

from hjemvej.audit.services import anchor, prune, verify_chain


class Command(BaseCommand):
    help = (
        "Kontrollér logkæden mod ankrene (verify), skriv kædens hoved i ankerlageret (anchor) "
        "eller slet logposter ældre end opbevaringsperioden (prune)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser(
            "verify", help="Kontrollér at ingen logpost er ændret eller fjernet, også mod ankrene."
        )
        a = sub.add_parser("anchor", help="Skriv kædens hoved i ankerlageret uden for databasen.")
        a.add_argument("--force", action="store_true", help="Skriv også, når kæden ikke er vokset.")
        p = sub.add_parser("prune", help="Slet logposter ældre end opbevaringsperioden.")
        p.add_argument("--days", type=int, default=None, help="Opbevaringsperiode i dage.")

    def handle(self, *args, **options):
        match options["subcommand"]:
            case "verify":
                result = verify_chain()
                if not result.ok:
                    raise CommandError("\n".join(result.problems))
                self.stdout.write(
                    f"Logkæden er hel: {result.checked} rækker i {result.lanes} spor "
                    f"kontrolleret mod {result.anchors_checked} ankre."
                )
            case "anchor":
                record = anchor(force=options["force"])
                if record is None:
                    self.stdout.write("Kæden er ikke vokset siden sidste anker; intet skrevet.")
                else:
                    heads = ", ".join(f"spor {h['lane']} nr. {h['seq']}" for h in record["heads"])
                    self.stdout.write(f"Anker skrevet: {heads or 'tom log'}.")
            case "prune":
                count = prune(days=options["days"])
                self.stdout.write(f"{count} logposter slettet.")
