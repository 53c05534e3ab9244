from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import do_download


def _own_job(request, job_uuid) -> ReportJob:
    # A report belongs to the user who asked for it; anyone else gets 404.
    return get_object_or_404(
        ReportJob.objects.defer("content"), uuid=job_uuid, requested_by=request.user
    )


@login_required
def job(request, job_uuid):
    return render(request, "reports/job.html", {"job": _own_job(request, job_uuid)})


@login_required
def job_status(request, job_uuid):
    return render(request, "reports/_status.html", {"job": _own_job(request, job_uuid)})


@login_required
def my_reports(request):
    jobs = ReportJob.objects.filter(requested_by=request.user).defer("content")[:50]
    return render(request, "reports/my_reports.html", {"jobs": jobs})


@login_required
def download(request, job_uuid):
    job = get_object_or_404(
        ReportJob, uuid=job_uuid, requested_by=request.user, status=ReportJob.Status.DONE
    )
    if not job.content:
        raise Http404
    do_download(user=request.user, job=job)
    response = HttpResponse(bytes(job.content), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
