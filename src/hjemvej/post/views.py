"""The "Send som digital post" buttons post here; the letters' PDFs are downloaded here, and the
citizen's letters are listed (the citizen page's tab "Breve" shows the newest)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.deadlines.models import Task
from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import Referral
from hjemvej.post import services
from hjemvej.post.models import Letter
from hjemvej.stays.models import Stay

PAGE_SIZE = 50


def _back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return fallback


def _send(request, call, letter_of_what: str):
    try:
        letter = call()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return
    if letter.status == Letter.Status.PRINT:
        messages.success(
            request,
            f"Borgeren er fritaget for digital post: {letter_of_what} skal udskrives og sendes "
            "med almindelig post. Der er oprettet en opgave.",
        )
    else:
        messages.success(request, f"{letter_of_what.capitalize()} er lagt i kø til Digital Post.")


@login_required
@require_POST
def stay_notice(request, stay_uuid):
    stay, _ = policy.access_object(
        request.user,
        Stay.objects.select_related("citizen__acting_municipality", "offer__unit__municipality"),
        stay_uuid,
        what="Ophold (underretning)",
    )
    _send(
        request,
        lambda: services.do_send_stay_notice(user=request.user, stay=stay),
        "underretningen til handlekommunen",
    )
    return _back(request, redirect("people:section", key="ophold", citizen_uuid=stay.citizen.uuid))


@login_required
@require_POST
def meeting_invitation(request, meeting_uuid):
    meeting, _ = policy.access_object(
        request.user,
        Meeting.objects.select_related("citizen", "unit__municipality", "contact_person"),
        meeting_uuid,
        what="Møde (indkaldelse)",
    )
    _send(
        request,
        lambda: services.do_send_meeting_invitation(user=request.user, meeting=meeting),
        "indkaldelsen",
    )
    return _back(request, redirect("meetings:detail", meeting_uuid=meeting.uuid))


@login_required
@require_POST
def decision(request, referral_uuid):
    referral, _ = policy.access_object(
        request.user,
        Referral.objects.select_related("citizen", "offer__unit__municipality"),
        referral_uuid,
        what="Visitation (afgørelse)",
        section=policy.SECTION_REFERRAL,
    )
    _send(
        request,
        lambda: services.do_send_decision(user=request.user, referral=referral),
        "afgørelsen",
    )
    return _back(request, redirect("offers:referral", referral_uuid=referral.uuid))


def _pdf(letter: Letter) -> HttpResponse:
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brev-{letter.uuid}.pdf"'
    return response


@login_required
def letter_pdf(request, letter_uuid):
    # A decision letter belongs to the referral: who may see the referral may read its letter.
    kind = Letter.objects.filter(uuid=letter_uuid).values_list("kind", flat=True).first()
    section = policy.SECTION_REFERRAL if kind == Letter.Kind.DECISION else policy.SECTION_RECORD
    letter, _ = policy.access_object(
        request.user,
        Letter.objects.select_related("citizen"),
        letter_uuid,
        what="Brev (PDF)",
        section=section,
    )
    return _pdf(letter)


@login_required
def task_pdf(request, task_uuid):
    """The printed letter of a "print_letter" task (a citizen exempt from Digital Post)."""
    task, _ = policy.access_object(
        request.user, Task.objects.select_related("citizen"), task_uuid, what="Brev til udskrift"
    )
    letter = task.letters.filter(status=Letter.Status.PRINT).first()
    if letter is None:
        raise Http404
    return _pdf(letter)


@login_required
def citizen_letters(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Borgerens breve")
    letters = Letter.objects.filter(citizen=citizen).select_related("recipient_municipality")
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "post/citizen_letters.html", {"citizen": citizen, "page": page})


SECTION_ROWS = 10


def citizen_section(request, citizen):
    """The tab "Breve" on the citizen's page: the newest letters with status and receipt."""
    if not policy.may_work_with_citizens(request.user):
        return None
    letters = Letter.objects.filter(citizen=citizen).select_related("recipient_municipality")
    count = letters.count()
    return {
        "title": "Breve med Digital Post",
        "template": "post/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "letters": list(letters[:SECTION_ROWS]),
            "count": count,
            "more": count > SECTION_ROWS,
        },
    }
