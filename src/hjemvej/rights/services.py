"""The citizen's rights and the data's lifetime: requests for insight and correction, retention
rules, legal holds, and the deletions the nightly job lists and a person confirms."""

import datetime
import secrets

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import User
from hjemvej.audit.models import Action
from hjemvej.audit.services import anchor, log_event
from hjemvej.common.dates import add_months, add_working_days
from hjemvej.deadlines.models import Task
from hjemvej.journal import services as journal_services
from hjemvej.journal.models import Note
from hjemvej.meetings.models import Reminder
from hjemvej.people import services as people_services
from hjemvej.people.models import Citizen, Relationship
from hjemvej.reports.models import ReportJob
from hjemvej.rights import archive, selectors
from hjemvej.rights.coverage import DELETE, ERASE_ALSO, KEEP, PARTS
from hjemvej.rights.export import WITHHOLD_REASONS, build_export, render_pdf
from hjemvej.rights.models import (
    Category,
    CorrectionRequest,
    Disposal,
    InsightRequest,
    LegalHold,
    RetentionRule,
)
from hjemvej.rights.retention import case_expires_on, cutoff, rule_in_force

PURPOSE = "Borgerens rettigheder"
TEXT_MAX = 2000
# Facts about the citizen a correction may change (people.services.CITIZEN_FIELDS' plain ones).
CORRECTABLE = ["first_name", "last_name", "phone", "email", "address", "postal_code", "city"]


def legal_deadline(basis: str, received: datetime.date) -> datetime.date:
    """Aktindsigt: 7 working days (forvaltningsloven § 16, stk. 2); GDPR art. 15: one month."""
    if basis == InsightRequest.Basis.AKTINDSIGT:
        return add_working_days(received, 7)
    return add_months(received, 1)


# ---------------------------------------------------------------- insight


def do_request_insight(*, citizen: Citizen, basis: str, note: str = "") -> InsightRequest:
    """The citizen asks on Mine sider; the request becomes a task with the legal deadline for the
    acting municipality's caseworkers."""
    return _open_insight(citizen=citizen, basis=basis, note=note, received=None, by_citizen=True)


def do_register_insight(
    *, user: User, citizen: Citizen, basis: str, received_on: datetime.date, note: str = ""
) -> InsightRequest:
    """The caseworker registers a request the citizen made by letter, phone or in person; the
    deadline runs from the day it was received."""
    policy.require(
        policy.may_handle_rights_requests(user, citizen),
        "Du har ikke ret til at registrere anmodninger for denne borger.",
    )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "Datoen kan ikke ligge i fremtiden."})
    return _open_insight(
        citizen=citizen, basis=basis, note=note, received=received_on, by_citizen=False
    )


def _open_insight(
    *, citizen: Citizen, basis: str, note: str, received: datetime.date | None, by_citizen: bool
) -> InsightRequest:
    if basis not in InsightRequest.Basis.values:
        raise ValidationError({"basis": "Vælg, hvad du beder om."})
    if len(note) > 500:
        raise ValidationError({"note": "Skriv højst 500 tegn."})
    today = received or timezone.localdate()
    due = legal_deadline(basis, today)
    with transaction.atomic():
        task = Task.objects.create(
            citizen=citizen,
            kind=Task.Kind.INSIGHT,
            due_on=due,
            municipality=citizen.acting_municipality,
            note=InsightRequest.Basis(basis).label[:300],
        )
        request = InsightRequest.objects.create(
            citizen=citizen,
            basis=basis,
            requested_on=today,
            due_on=due,
            by_citizen=by_citizen,
            note=note.strip(),
            task=task,
        )
        log_event(
            action=Action.CREATE,
            summary="Borgeren bad om indsigt i sine oplysninger"
            if by_citizen
            else "Borgerens anmodning om indsigt registreret",
            citizen=citizen,
            obj=request,
            purpose=PURPOSE,
            detail={"basis": basis, "due_on": due.isoformat()},
        )
    return request


def do_deliver_insight(
    *, user: User, request: InsightRequest, withhold: dict[int, str] | None = None
) -> InsightRequest:
    """Make the export (JSON and PDF with the cover letter), keep it for download, close the
    task and log the delivery. `withhold` maps a signed note's id to a reason key
    (export.WITHHOLD_REASONS)."""
    citizen = request.citizen
    policy.require(
        policy.may_handle_rights_requests(user, citizen),
        "Du har ikke ret til at udlevere denne borgers oplysninger.",
    )
    withhold = withhold or {}
    unknown = [k for k in withhold.values() if k not in WITHHOLD_REASONS]
    if unknown:
        raise ValidationError({"reason": "Vælg en begrundelse for at undtage notaterne."})
    own_notes = set(
        Note.objects.filter(citizen=citizen, pk__in=list(withhold)).values_list("pk", flat=True)
    )
    if own_notes != set(withhold):
        raise ValidationError({"notes": "Et af notaterne hører ikke til borgerens sag."})
    with transaction.atomic():
        current = InsightRequest.objects.select_for_update().get(pk=request.pk)
        if current.delivered_at is not None:
            raise ValidationError("Anmodningen er allerede besvaret.")
        export = build_export(
            citizen,
            basis=current.get_basis_display(),
            withheld_notes={pk: WITHHOLD_REASONS[key] for pk, key in withhold.items()},
        )
        now = timezone.now()
        current.export_json = export.json_bytes()
        current.export_pdf = render_pdf(export, municipality=citizen.acting_municipality.name)
        current.withheld = export.data["withheld"]
        current.delivered_at = now
        current.delivered_by = user
        current.save(
            update_fields=[
                "export_json",
                "export_pdf",
                "withheld",
                "delivered_at",
                "delivered_by",
                "updated_at",
            ]
        )
        if current.task_id:
            Task.objects.filter(pk=current.task_id, done_on__isnull=True).update(
                done_on=timezone.localdate(), done_by=user
            )
        log_event(
            action=Action.EXPORT,
            summary="Borgerens oplysninger udleveret (indsigt)",
            citizen=citizen,
            obj=current,
            purpose=PURPOSE,
            detail={
                "basis": current.basis,
                "sections": len(export.data["sections"]),
                "withheld": len(export.data["withheld"]),
            },
        )
    return current


def do_download_insight(*, user: User, request: InsightRequest, kind: str) -> bytes:
    """The delivered export's file; every download is logged."""
    policy.require(
        policy.may_handle_rights_requests(user, request.citizen),
        "Du har ikke ret til at se denne borgers udtræk.",
    )
    content = request.export_pdf if kind == "pdf" else request.export_json
    if content is None:
        raise ValidationError("Udtrækket findes ikke (længere).")
    log_event(
        action=Action.EXPORT,
        summary=f"Udtræk til borgeren hentet ({kind.upper()})",
        citizen=request.citizen,
        obj=request,
        purpose=PURPOSE,
    )
    return bytes(content)


# ---------------------------------------------------------------- correction


def do_request_correction(*, citizen: Citizen, text: str) -> CorrectionRequest:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Skriv, hvad der er forkert, og hvad der skal stå."})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": f"Skriv højst {TEXT_MAX} tegn."})
    with transaction.atomic():
        correction = CorrectionRequest.objects.create(citizen=citizen, text=text)
        log_event(
            action=Action.CREATE,
            summary="Borgeren bad om en rettelse",
            citizen=citizen,
            obj=correction,
            purpose=PURPOSE,
        )
    return correction


def do_answer_correction(
    *,
    user: User,
    correction: CorrectionRequest,
    accept: bool,
    answer: str,
    changes: dict | None = None,
    note: Note | None = None,
    note_text: str = "",
) -> CorrectionRequest:
    """Accept (the facts are changed with the old values kept on the request; a signed note is
    never changed: the correction is a new signed note pointing at it) or reject with a reason."""
    citizen = correction.citizen
    policy.require(
        policy.may_handle_rights_requests(user, citizen),
        "Du har ikke ret til at besvare denne borgers anmodning.",
    )
    answer = (answer or "").strip()
    changes = {k: v for k, v in (changes or {}).items() if v not in (None, "")}
    if not accept and not answer:
        raise ValidationError({"answer": "Skriv begrundelsen for afslaget."})
    if accept and not changes and note is None:
        raise ValidationError("Ret mindst én oplysning eller et notat, eller afvis anmodningen.")
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationError({f: "Feltet kan ikke rettes her." for f in unknown})
    if note is not None and (note.citizen_id != citizen.pk or not note_text.strip()):
        raise ValidationError({"note_text": "Skriv rettelsen til notatet."})
    with transaction.atomic():
        current = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
        if current.status != CorrectionRequest.Status.OPEN:
            raise ValidationError("Anmodningen er allerede besvaret.")
        history: dict = {}
        if accept and changes:
            before = Citizen.objects.get(pk=citizen.pk)
            history = {
                f: {"før": getattr(before, f), "efter": v}
                for f, v in changes.items()
                if getattr(before, f) != v
            }
            people_services.do_update_citizen(
                user=user,
                citizen=before,
                version=None,
                changes=changes,
                purpose="Rettelse efter borgerens anmodning",
            )
        correcting = None
        if accept and note is not None:
            unit = policy.work_units(user).filter(municipality=citizen.acting_municipality).first()
            if unit is None:
                raise ValidationError("Du arbejder ikke for borgerens handlekommune.")
            correcting = journal_services.do_write_note(
                user=user,
                citizen=citizen,
                unit=unit,
                kind=Note.Kind.OBSERVATION,
                text=note_text.strip(),
                occurred_on=timezone.localdate(),
                sign=True,
                corrects=note,
            )
        current.status = (
            CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.REJECTED
        )
        current.answer = answer
        current.answered_at = timezone.now()
        current.answered_by = user
        current.changes = history
        current.correcting_note = correcting
        current.save(
            update_fields=[
                "status",
                "answer",
                "answered_at",
                "answered_by",
                "changes",
                "correcting_note",
                "updated_at",
            ]
        )
        log_event(
            action=Action.CHANGE,
            summary="Anmodning om rettelse imødekommet"
            if accept
            else "Anmodning om rettelse afvist",
            citizen=citizen,
            obj=current,
            purpose=PURPOSE,
            detail={"fields": sorted(history), "note": bool(correcting)},
        )
    return current


# ---------------------------------------------------------------- retention rules and holds


def do_add_retention_rule(
    *,
    user: User,
    category: str,
    months: int,
    days: int,
    archive: bool,
    valid_from: datetime.date,
    reason: str,
) -> RetentionRule:
    """A new rule from a day on (the old one stays, like the reimbursement rules)."""
    policy.require(
        policy.may_edit_retention_rules(user), "Kun en administrator kan ændre opbevaringsreglerne."
    )
    errors = {}
    if category not in Category.values or category == Category.AUDIT:
        errors["category"] = "Logningens opbevaring styres af HJEMVEJ_AUDIT_RETENTION_DAYS."
    if months < 0 or days < 0 or months + days == 0:
        errors["months"] = "Angiv en periode på mindst én dag."
    if valid_from < timezone.localdate():
        errors["valid_from"] = "En regel kan ikke gælde bagud."
    if not (reason or "").strip():
        errors["reason"] = "Skriv begrundelsen for ændringen."
    if not errors and RetentionRule.objects.filter(category=category, valid_from=valid_from):
        errors["valid_from"] = "Der er allerede en regel fra den dag."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule = RetentionRule.objects.create(
            category=category,
            months=months,
            days=days,
            archive=archive,
            valid_from=valid_from,
            reason=reason.strip()[:300],
            changed_by=user,
        )
        log_event(
            action=Action.CHANGE,
            summary=f"Opbevaringsregel for {rule.get_category_display().lower()} ændret",
            obj=rule,
            purpose="Opbevaring og sletning",
            detail={"months": months, "days": days, "from": valid_from.isoformat()},
        )
    return rule


def do_place_hold(*, user: User, citizen: Citizen, reason: str) -> LegalHold:
    policy.require(policy.may_hold_case(user, citizen), "Du kan ikke tilbageholde denne sag.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Skriv, hvorfor sagen skal tilbageholdes."})
    with transaction.atomic():
        hold = LegalHold.objects.create(citizen=citizen, reason=reason.strip(), placed_by=user)
        Disposal.objects.filter(
            citizen=citizen, status__in=[Disposal.Status.LISTED, Disposal.Status.ARCHIVING]
        ).update(status=Disposal.Status.HELD)
        log_event(
            action=Action.CREATE,
            summary="Sagen tilbageholdt (må ikke slettes)",
            citizen=citizen,
            obj=hold,
            purpose="Opbevaring og sletning",
        )
    return hold


def do_lift_hold(*, user: User, hold: LegalHold, reason: str) -> LegalHold:
    policy.require(policy.may_hold_case(user, hold.citizen), "Du kan ikke ophæve tilbageholdelsen.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Skriv, hvorfor tilbageholdelsen ophæves."})
    with transaction.atomic():
        current = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if current.lifted_at is not None:
            raise ValidationError("Tilbageholdelsen er allerede ophævet.")
        current.lifted_at = timezone.now()
        current.lifted_by = user
        current.lift_reason = reason.strip()[:500]
        current.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary="Tilbageholdelsen af sagen ophævet",
            citizen=current.citizen,
            obj=current,
            purpose="Opbevaring og sletning",
        )
    return current


# ---------------------------------------------------------------- the nightly listing


def _fk(model) -> str:
    return next(
        f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Citizen
    )


def last_activity(citizen_ids) -> dict[int, datetime.date]:
    """Each citizen's last activity: the newest change to any row of the case, or the end of a
    tie. One query per part, whatever the number of citizens."""
    last: dict[int, datetime.datetime] = dict(
        Citizen.objects.filter(pk__in=citizen_ids).values_list("pk", "updated_at")
    )
    for part in PARTS:
        model = apps.get_model(part.model)
        for cid, at in selectors.last_change(model, _fk(model), citizen_ids).items():
            if at and at > last.get(cid, at):
                last[cid] = at
    days = {cid: timezone.localdate(at) for cid, at in last.items()}
    ends = (
        Relationship.objects.filter(citizen_id__in=citizen_ids)
        .order_by()
        .values("citizen")
        .annotate(last=models.Max("ended_on"))
    )
    for row in ends:
        if row["last"] and row["last"] > days.get(row["citizen"], row["last"]):
            days[row["citizen"]] = row["last"]
    return days


def review_retention(*, today: datetime.date | None = None) -> dict[str, int]:
    """The nightly job: list what has passed its time (a person confirms), put held cases aside,
    and finish confirmed deletions whose archival receipt has come."""
    today = today or timezone.localdate()
    rules = selectors.rules()
    counts = {"listed": 0, "held": 0, "finished": 0}
    case_rule = rule_in_force(rules, Category.CASE, today)
    if case_rule is not None:
        done = Disposal.objects.filter(category=Category.CASE, status=Disposal.Status.DONE)
        open_ = Disposal.objects.filter(category=Category.CASE).exclude(status=Disposal.Status.DONE)
        candidates = list(
            Citizen.objects.filter(updated_at__date__lt=cutoff(today, case_rule))
            .exclude(
                models.Exists(
                    Relationship.objects.filter(
                        citizen=models.OuterRef("pk"), ended_on__isnull=True
                    )
                )
            )
            .exclude(pk__in=done.values("citizen_id"))
            .exclude(pk__in=open_.values("citizen_id"))
            .values_list("pk", flat=True)
        )
        activity = last_activity(candidates)
        held = selectors.held_citizen_ids(candidates)
        for cid in candidates:
            expires = case_expires_on(activity[cid], rules, today)
            if expires > today:
                continue
            status = Disposal.Status.HELD if cid in held else Disposal.Status.LISTED
            Disposal.objects.create(
                category=Category.CASE,
                citizen_id=cid,
                count=1,
                due_on=expires,
                status=status,
                result={"last_activity": activity[cid].isoformat()},
            )
            counts["held" if cid in held else "listed"] += 1
        # A hold that was lifted (or an answered request) lets its case back on the list; a new
        # hold or request takes a listed case off it.
        waiting = Disposal.objects.filter(category=Category.CASE, status=Disposal.Status.HELD)
        still = selectors.held_citizen_ids(list(waiting.values_list("citizen_id", flat=True)))
        waiting.exclude(citizen_id__in=still).update(status=Disposal.Status.LISTED)
        listed = Disposal.objects.filter(category=Category.CASE, status=Disposal.Status.LISTED)
        now_held = selectors.held_citizen_ids(list(listed.values_list("citizen_id", flat=True)))
        listed.filter(citizen_id__in=now_held).update(status=Disposal.Status.HELD)
    for category, count in (
        (Category.REMINDERS, _reminders_due),
        (Category.EXPORTS, _exports_due),
    ):
        rule = rule_in_force(rules, category, today)
        if rule is None:
            continue
        limit = cutoff(today, rule)
        n = count(limit)
        if n and not Disposal.objects.filter(category=category, status=Disposal.Status.LISTED):
            Disposal.objects.create(
                category=category, count=n, due_on=limit, result={"before": limit.isoformat()}
            )
            counts["listed"] += 1
    for disposal in Disposal.objects.filter(status=Disposal.Status.ARCHIVING):
        if archive.receipt(disposal) is not None:
            _finish(disposal)
            counts["finished"] += 1
    return counts


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _reminder_rows(before: datetime.date):
    return Reminder.objects.filter(send_at__lt=_start_of(before)).exclude(
        status=Reminder.Status.PENDING
    )


def _reminders_due(before: datetime.date) -> int:
    return _reminder_rows(before).count()


def _export_rows(before: datetime.date):
    return (
        InsightRequest.objects.filter(delivered_at__lt=_start_of(before))
        .exclude(export_json__isnull=True)
        .only("pk"),
        ReportJob.objects.filter(finished_at__lt=_start_of(before))
        .exclude(content__isnull=True)
        .only("pk"),
    )


def _exports_due(before: datetime.date) -> int:
    insight, reports = _export_rows(before)
    return insight.count() + reports.count()


# ---------------------------------------------------------------- confirming and deleting


def _municipality_id(disposal: Disposal) -> int | None:
    return disposal.citizen.acting_municipality_id if disposal.citizen is not None else None


def _case_citizen(disposal: Disposal) -> Citizen:
    if disposal.citizen is None:
        raise ValidationError("En sletning af en sag skal pege på borgeren.")
    return disposal.citizen


def do_confirm_disposal(*, user: User, disposal: Disposal) -> Disposal:
    """A person with the right confirms: housekeeping is deleted at once; a case is written to
    the archive first when its rule says so, and deleted when the archive's receipt is there."""
    policy.require(
        policy.may_confirm_disposal(user, _municipality_id(disposal)),
        "Du har ikke ret til at bekræfte denne sletning.",
    )
    if disposal.citizen_id and selectors.held_citizen_ids([disposal.citizen_id]):
        Disposal.objects.filter(
            pk=disposal.pk, status__in=[Disposal.Status.LISTED, Disposal.Status.ARCHIVING]
        ).update(status=Disposal.Status.HELD)
        raise ValidationError(
            "Sagen er tilbageholdt eller har en ubesvaret anmodning om indsigt; den slettes ikke."
        )
    with transaction.atomic():
        current = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if current.status == Disposal.Status.DONE:
            raise ValidationError("Sletningen er allerede udført.")
        if current.citizen_id and selectors.held_citizen_ids([current.citizen_id]):
            raise ValidationError("Sagen er tilbageholdt; den slettes ikke.")
        if current.status == Disposal.Status.HELD:
            raise ValidationError("Sagen er tilbageholdt; den slettes ikke.")
        if current.confirmed_at is None:
            current.confirmed_by = user
            current.confirmed_at = timezone.now()
            current.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
        rule = rule_in_force(selectors.rules(), current.category, timezone.localdate())
        if current.category == Category.CASE and rule is not None and rule.archive:
            if current.status == Disposal.Status.LISTED:
                _archive(current)
                return current
            if archive.receipt(current) is None:
                raise ValidationError("Arkivet har ikke kvitteret for arkiveringspakken endnu.")
        _finish(current)
    return current


def _archive(disposal: Disposal) -> None:
    citizen = _case_citizen(disposal)
    export = build_export(citizen, basis="Arkivering før sletning")
    pdf = render_pdf(export, municipality=citizen.acting_municipality.name)
    metadata = {
        "package": f"hjemvej-{disposal.uuid}",
        "system": "Hjemvej",
        "municipality": citizen.acting_municipality.name,
        "citizen": {
            "cpr": citizen.cpr,
            "name": f"{citizen.first_name} {citizen.last_name}",
            "birth_date": citizen.birth_date.isoformat(),
        },
        "last_activity": disposal.result.get("last_activity"),
        "due_on": disposal.due_on.isoformat(),
        "made_at": export.made_at.isoformat(),
        "files": {"sag.pdf": "Sagen som PDF", "sag.json": "Sagens data som JSON"},
        "receipt": f"Arkivet skriver {archive.RECEIPT} i mappen, når pakken er modtaget.",
    }
    path = archive.write_package(disposal, export=export, pdf=pdf, metadata=metadata)
    disposal.archive_package = str(path)
    disposal.status = Disposal.Status.ARCHIVING
    disposal.save(update_fields=["archive_package", "status", "updated_at"])
    log_event(
        action=Action.EXPORT,
        summary="Sagen skrevet til arkivet før sletning",
        citizen=citizen,
        obj=disposal,
        purpose="Arkivering",
        detail={"package": metadata["package"]},
    )


def _finish(disposal: Disposal) -> None:
    with transaction.atomic():
        if disposal.category == Category.CASE:
            result = erase_case(_case_citizen(disposal))
        elif disposal.category == Category.REMINDERS:
            result = {"meetings.Reminder": _reminder_rows(disposal.due_on).delete()[0]}
        else:
            insight, reports = _export_rows(disposal.due_on)
            result = {
                "rights.InsightRequest": InsightRequest.objects.filter(
                    pk__in=insight.values("pk")
                ).update(export_json=None, export_pdf=None),
                "reports.ReportJob": ReportJob.objects.filter(pk__in=reports.values("pk")).update(
                    content=None
                ),
            }
        receipt = archive.receipt(disposal)
        disposal.status = Disposal.Status.DONE
        disposal.done_at = timezone.now()
        disposal.result = {**disposal.result, "deleted": result}
        if receipt is not None:
            disposal.archive_receipt_at = disposal.done_at
            disposal.result["receipt"] = receipt
        disposal.save(
            update_fields=["status", "done_at", "result", "archive_receipt_at", "updated_at"]
        )
        log_event(
            action=Action.DELETE,
            summary=f"Sletning efter opbevaringsreglen: {disposal.get_category_display().lower()}",
            citizen_uuid=disposal.citizen.uuid if disposal.citizen is not None else None,
            obj=disposal,
            purpose="Opbevaring og sletning",
            detail={"deleted": result, "confirmed_by": disposal.confirmed_by_id},
        )
        # The deletion's own row is anchored outside the database at once, not at the next
        # anchoring (audit_anchor job), so the chain proves the deletion was recorded.
        transaction.on_commit(lambda: anchor(force=True))


def _delete_notes(citizen: Citizen) -> int:
    """Journal notes go last-correction first (a note that is corrected is protected)."""
    total = 0
    while True:
        notes = Note.objects.filter(citizen=citizen)
        leaves = notes.exclude(pk__in=notes.filter(corrects__isnull=False).values("corrects_id"))
        ids = list(leaves.values_list("pk", flat=True))
        if not ids:
            return total
        total += Note.objects.filter(pk__in=ids).delete()[0]


def erase_case(citizen: Citizen) -> dict[str, int]:
    """Delete the case's rows and anonymise what the statistics keep (counts survive, identity
    does not). The audit log is not touched: its own period (audit.prune) deletes it."""
    result: dict[str, int] = {}
    for part in reversed(PARTS):
        model = apps.get_model(part.model)
        rows = model._default_manager.filter(**{_fk(model): citizen})
        if part.erase == DELETE:
            if part.model == "journal.Note":
                result[part.model] = _delete_notes(citizen)
            else:
                result[part.model] = rows.delete()[0]
        elif part.erase == KEEP:
            texts = {
                f.name: ""
                for f in model._meta.concrete_fields
                if isinstance(f, models.TextField) and f.blank
            }
            if texts:
                rows.update(**texts)
            result[part.model] = rows.count()
    for label, action in ERASE_ALSO.items():
        model = apps.get_model(label)
        if action == DELETE:
            result[label] = model._default_manager.filter(**{_fk(model): citizen}).delete()[0]
    Citizen.objects.filter(pk=citizen.pk).update(
        cpr=f"X{secrets.token_hex(5)[:9]}",
        first_name="Anonymiseret",
        last_name="borger",
        search_name="anonymiseret borger",
        birth_date=citizen.birth_date.replace(month=7, day=1),
        phone="",
        email="",
        address="",
        postal_code="",
        city="",
        protected_address=False,
    )
    return result
