"""`hjemvej db_worker`: django-tasks' database worker, which first books the maintenance tick
(hjemvej.ops.tasks) so that a freshly started worker also runs the scheduled maintenance."""

from django_tasks_db.management.commands import db_worker

from hjemvej.ops.tasks import schedule


class Command(db_worker.Command):
    help = (
        "Baggrundsarbejderen: kører påmindelser, rapporter og den faste vedligeholdelse "
        "(logningens ankre, oprydning, hjerteslag)."
    )

    def handle(self, *args, **options):
        schedule()
        return super().handle(*args, **options)
