"""Sending a letter as a django-tasks job, run by `hjemvej db_worker` (post.services.deliver
holds the retries and the exactly-once check)."""

from django_tasks import task


@task()
def send_letter(letter_id: int) -> str:
    from hjemvej.post.services import deliver

    return deliver(letter_id)
