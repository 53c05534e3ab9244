from django_tasks import task

from hjemvej.reports.services import run_job


@task()
def run_report(job_uuid: str) -> None:
    run_job(job_uuid)
