from django.core.management.base import BaseCommand

from hjemvej.meetings.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send de påmindelser, der er forfaldne, hver præcis én gang. Baggrundsarbejderen "
        "(hjemvej db_worker) gør det samme hvert minut; kommandoen er til drift og fejlsøgning."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"Sendte {sent} påmindelse(r).")
