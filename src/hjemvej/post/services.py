"""Letters by Digital Post: the services that write a letter and queue it, and the delivery the
background job runs (post.tasks.send_letter).

- `do_send_stay_notice`: the §110 stk. 6 notice to the acting municipality; when it has been
  sent, the stay's "notify" task is done.
- `do_send_meeting_invitation`: the invitation to a planned meeting, to the citizen.
- `do_send_decision`: an approved or refused referral with the reason and the complaint guidance.

A citizen exempt from Digital Post (Citizen.digital_post_exempt) gets no digital letter: the
letter is kept with status "print" and a deadlines.Task "print_letter" asks the sender's office to
print it (the PDF is downloadable) and post it. Every letter written and every letter sent is a
row in the audit log."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import User
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common import dates
from hjemvej.deadlines.models import Task
from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import Referral, ReferralStatus
from hjemvej.people.models import Citizen
from hjemvej.post import letters
from hjemvej.post.backends import Outgoing, SendError, backend
from hjemvej.post.models import Letter
from hjemvej.stays.models import Stay

PURPOSE = "Breve med Digital Post"
# A printed letter for a citizen exempt from Digital Post is due this many working days after.
PRINT_WORKING_DAYS = 1


def _check(user: User, citizen: Citizen) -> None:
    policy.require(
        policy.may_send_letter(user, citizen),
        "Du har ikke ret til at sende breve til eller om denne borger.",
    )


def _sender(unit) -> str:
    """The letter's sender: the unit it comes from, in its municipality."""
    return f"{unit.name}, {unit.municipality.name} Kommune"


def _write(
    *,
    user: User,
    citizen: Citizen,
    kind: str,
    text: letters.LetterText,
    sender: str,
    recipient_municipality=None,
    stay: Stay | None = None,
    meeting: Meeting | None = None,
    referral: Referral | None = None,
    task: Task | None = None,
) -> Letter:
    pdf = letters.render_pdf(text, sender=sender)
    exempt = recipient_municipality is None and citizen.digital_post_exempt
    with transaction.atomic():
        letter = Letter.objects.create(
            citizen=citizen,
            recipient_municipality=recipient_municipality,
            kind=kind,
            subject=text.subject[:200],
            pdf=pdf,
            status=Letter.Status.PRINT if exempt else Letter.Status.QUEUED,
            sent_by=user,
            stay=stay,
            meeting=meeting,
            referral=referral,
            task=task,
        )
        if exempt:
            letter.task = Task.objects.create(
                citizen=citizen,
                kind=Task.Kind.PRINT_LETTER,
                due_on=dates.add_working_days(timezone.localdate(), PRINT_WORKING_DAYS),
                municipality=citizen.acting_municipality,
                note=f"Fritaget for digital post: {text.subject}"[:300],
            )
            letter.save(update_fields=["task"])
        log_event(
            action=Action.CREATE,
            summary=(
                f"Brev til udskrivning (fritaget for digital post): {letter.get_kind_display()}"
                if exempt
                else f"Brev lagt i kø til Digital Post: {letter.get_kind_display()}"
            ),
            citizen=citizen,
            obj=letter,
            purpose=PURPOSE,
        )
        if not exempt:
            letter_id = letter.pk
            transaction.on_commit(lambda: enqueue(letter_id))
    return letter


def do_send_stay_notice(*, user: User, stay: Stay) -> Letter:
    _check(user, stay.citizen)
    notify = stay.tasks.filter(kind=Task.Kind.NOTIFY).first()
    if notify is None:
        raise ValidationError("Opholdet har ingen pligt til at underrette handlekommunen.")
    if notify.done_on is not None:
        raise ValidationError("Handlekommunen er allerede underrettet om opholdet.")
    if stay.letters.filter(
        kind=Letter.Kind.STAY_NOTICE, status__in=[Letter.Status.QUEUED, Letter.Status.SENT]
    ).exists():
        raise ValidationError("Underretningen er allerede sendt eller på vej.")
    return _write(
        user=user,
        citizen=stay.citizen,
        kind=Letter.Kind.STAY_NOTICE,
        text=letters.stay_notice(stay),
        sender=_sender(stay.offer.unit),
        recipient_municipality=stay.citizen.acting_municipality,
        stay=stay,
        task=notify,
    )


def do_send_meeting_invitation(*, user: User, meeting: Meeting) -> Letter:
    if meeting.citizen is None:
        raise ValidationError("Mødet har ingen borger at sende indkaldelsen til.")
    _check(user, meeting.citizen)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("Der kan kun sendes indkaldelse til et planlagt møde.")
    return _write(
        user=user,
        citizen=meeting.citizen,
        kind=Letter.Kind.MEETING_INVITATION,
        text=letters.meeting_invitation(meeting),
        sender=_sender(meeting.unit),
        meeting=meeting,
    )


def do_send_decision(*, user: User, referral: Referral) -> Letter:
    policy.require(
        policy.may_send_decision(user, referral),
        "Du har ikke ret til at sende afgørelsen om denne visitation.",
    )
    if referral.status not in (ReferralStatus.APPROVED, ReferralStatus.REFUSED):
        raise ValidationError("Der er ingen afgørelse at sende: visitationen er ikke afgjort.")
    return _write(
        user=user,
        citizen=referral.citizen,
        kind=Letter.Kind.DECISION,
        text=letters.decision(referral),
        sender=_sender(referral.offer.unit),
        referral=referral,
    )


# ---------------------------------------------------------------- delivery (the background job)


def enqueue(letter_id: int, *, at: datetime.datetime | None = None) -> None:
    from hjemvej.post.tasks import send_letter

    if at is None:
        send_letter.enqueue(letter_id)
    else:
        send_letter.using(run_after=at).enqueue(letter_id)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Backoff after the n-th failed attempt: the base delay, doubled each time."""
    return datetime.timedelta(seconds=settings.DIGITAL_POST_RETRY_SECONDS * 2 ** (attempts - 1))


def _outgoing(letter: Letter) -> Outgoing:
    if letter.recipient_municipality_id:
        authority = letter.recipient_municipality
        assert authority is not None
        return Outgoing(
            reference=str(letter.uuid),
            recipient_id=str(authority.code),
            recipient_id_type="KOMMUNEKODE",
            recipient_name=f"{authority.name} Kommune",
            subject=letter.subject,
            pdf=bytes(letter.pdf),
        )
    return Outgoing(
        reference=str(letter.uuid),
        recipient_id=letter.citizen.cpr,
        recipient_id_type="CPR",
        recipient_name=letter.citizen.full_name,
        subject=letter.subject,
        pdf=bytes(letter.pdf),
    )


def deliver(letter_id: int) -> str:
    """One attempt to send a queued letter. The row is locked, and a letter that is no longer
    queued is left alone, so a success is sent once even when the job runs twice. A failure is
    tried again after `retry_delay`, at most DIGITAL_POST_MAX_ATTEMPTS times in all."""
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("citizen", "recipient_municipality", "sent_by", "task")
            .filter(pk=letter_id)
            .first()
        )
        if letter is None or letter.status != Letter.Status.QUEUED:
            return letter.status if letter else "missing"
        letter.attempts += 1
        with acting_as(letter.sent_by):
            try:
                receipt = backend().send(_outgoing(letter))
            except SendError as exc:
                letter.last_error = str(exc)[:300]
                if letter.attempts >= settings.DIGITAL_POST_MAX_ATTEMPTS:
                    letter.status = Letter.Status.FAILED
                    log_event(
                        action=Action.CHANGE,
                        summary=f"Digital Post fejlede efter {letter.attempts} forsøg",
                        citizen=letter.citizen,
                        obj=letter,
                        purpose=PURPOSE,
                    )
                else:
                    at = timezone.now() + retry_delay(letter.attempts)
                    transaction.on_commit(lambda: enqueue(letter_id, at=at))
                letter.save(update_fields=["attempts", "last_error", "status", "updated_at"])
                return letter.status
            letter.status = Letter.Status.SENT
            letter.receipt_id = receipt[:200]
            letter.sent_at = timezone.now()
            letter.last_error = ""
            letter.save()
            task = letter.task
            if task is not None and task.kind == Task.Kind.NOTIFY and task.done_on is None:
                Task.objects.filter(pk=task.pk, done_on__isnull=True).update(
                    done_on=timezone.localdate(),
                    done_by=letter.sent_by,
                    note=f"Sendt med Digital Post, kvittering {letter.receipt_id}"[:300],
                    updated_at=timezone.now(),
                )
            log_event(
                action=Action.EXPORT,
                summary=f"Brev sendt med Digital Post: {letter.get_kind_display()}",
                citizen=letter.citizen,
                obj=letter,
                purpose=PURPOSE,
                detail={"receipt": letter.receipt_id, "attempts": letter.attempts},
            )
    return letter.status
