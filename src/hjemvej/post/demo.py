"""Demo letters by Digital Post (file backend: var/outbox/post/): the §110 stk. 6 notice of a
stay at Ishøj's shelter whose notice is still open, and the invitation to one planned meeting.
Runs after the stays and meetings steps; safe to run twice (nothing is sent when letters exist)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from hjemvej.accounts.models import User
from hjemvej.audit.context import acting_as
from hjemvej.deadlines.models import Task
from hjemvej.meetings.models import Meeting
from hjemvej.post import services
from hjemvej.post.models import Letter
from hjemvej.stays.models import Stay


def build(out) -> None:
    if Letter.objects.exists():
        return
    jonas = User.objects.filter(username="herberg.ishoj").first()
    if jonas is None:
        out("Digital Post: brugerne mangler – kør foundation-trinnet først.")
        return
    stay = (
        Stay.objects.filter(
            offer__unit__slug="ishoj-herberg",
            tasks__kind=Task.Kind.NOTIFY,
            tasks__done_on__isnull=True,
        )
        .select_related("citizen__acting_municipality", "offer__unit__municipality")
        .first()
    )
    meeting = (
        Meeting.objects.filter(
            contact_person=jonas, status=Meeting.Status.PLANNED, citizen__isnull=False
        )
        .select_related("citizen", "unit__municipality", "contact_person")
        .first()
    )
    sent = 0
    with acting_as(jonas):
        for make in (
            (lambda: services.do_send_stay_notice(user=jonas, stay=stay)) if stay else None,
            (lambda: services.do_send_meeting_invitation(user=jonas, meeting=meeting))
            if meeting
            else None,
        ):
            if make is None:
                continue
            try:
                letter = make()
            except (PermissionDenied, ValidationError) as exc:
                out(f"Digital Post: et demobrev blev ikke sendt ({exc}).")
                continue
            services.deliver(letter.pk)
            sent += 1
    out(f"Digital Post: {sent} demobreve sendt til {settings.DIGITAL_POST_OUTBOX_DIR}.")
