"""The citizen's timeline: stays (own and bought offers), referrals, decisions, meetings, plans,
notes, placements in bought offers, income periods and tracks, newest first.

One page costs a fixed number of queries: per kind, a count and the newest `number × PAGE_SIZE`
rows (the rows of an earlier page can only come from there); they are merged in Python and the
page sliced out. Notes show their kind, unit and author, never their text: the journal decides
who reads a note (drafts only to their author; sensitive notes by `policy.may_read_sensitive_note`).
Placements, income and tracks are shown to those who see their tabs (`may_work_with_citizens`)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.common.numbers import kroner_ore
from hjemvej.housing.models import Income
from hjemvej.journal.models import Note
from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import Referral
from hjemvej.plans.models import Plan
from hjemvej.stays.models import Placement, Stay
from hjemvej.tracks.models import Track

PAGE_SIZE = 20
# A page beyond this is not offered: a timeline that long is read in the tabs' own lists.
MAX_PAGE = 50

KINDS = {
    "ophold": "Ophold",
    "visitation": "Visitationer",
    "afgoerelse": "Afgørelser",
    "moede": "Møder",
    "plan": "Planer",
    "notat": "Notater",
    "anbringelse": "Anbringelser",
    "indkomst": "Indkomst",
    "spor": "Spor",
}


@dataclass(frozen=True)
class Event:
    on: datetime.date
    kind: str
    label: str
    text: str
    url: str
    order: int = 0  # ties on a day: newest created first


def _fmt(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "nu"


def _querysets(user, citizen, grant) -> dict:
    notes = Note.objects.filter(citizen=citizen).filter(
        Q(signed_at__isnull=False) | Q(author_id=user.pk)
    )
    # The tabs "Ophold" (placements), "Indkomst" and "Spor" are for those who work with
    # citizens; for others the kinds are empty (no query).
    working = policy.may_work_with_citizens(user)
    placements = Placement.objects.filter(citizen=citizen) if working else Placement.objects.none()
    incomes = Income.objects.filter(citizen=citizen) if working else Income.objects.none()
    tracks = Track.objects.filter(citizen=citizen) if working else Track.objects.none()
    return {
        "ophold": (
            Stay.objects.filter(citizen=citizen).select_related("offer__unit"),
            ("-started_on", "-id"),
        ),
        "visitation": (
            Referral.objects.filter(citizen=citizen).select_related("offer__unit"),
            ("-requested_on", "-id"),
        ),
        "afgoerelse": (
            Referral.objects.filter(citizen=citizen, decided_on__isnull=False).select_related(
                "offer__unit"
            ),
            ("-decided_on", "-id"),
        ),
        "moede": (
            Meeting.objects.filter(citizen=citizen).select_related("unit"),
            ("-starts_at", "-id"),
        ),
        "plan": (
            Plan.objects.filter(policy.plan_q(grant), citizen=citizen).select_related("unit"),
            ("-starts_on", "-id"),
        ),
        "notat": (notes.select_related("unit", "author"), ("-occurred_on", "-id")),
        "anbringelse": (placements.select_related("offer__unit"), ("-started_on", "-id")),
        "indkomst": (incomes, ("-valid_from", "-id")),
        "spor": (tracks.select_related("template", "unit"), ("-started_on", "-id")),
    }


def _event(kind: str, obj, citizen) -> Event:
    section = lambda key: reverse("people:section", args=[citizen.uuid, key])  # noqa: E731
    if kind == "ophold":
        return Event(
            obj.started_on,
            kind,
            "Ophold",
            f"{obj.offer.unit.name}, {_fmt(obj.started_on)}–{_fmt(obj.ended_on)}",
            section("ophold"),
            obj.pk,
        )
    if kind == "visitation":
        return Event(
            obj.requested_on,
            kind,
            "Visitation",
            f"{obj.offer.unit.name} ({obj.get_status_display().lower()})",
            section("ophold"),
            obj.pk,
        )
    if kind == "afgoerelse":
        return Event(
            obj.decided_on,
            kind,
            "Afgørelse",
            f"{obj.get_status_display()}: {obj.offer.unit.name}",
            section("ophold"),
            obj.pk,
        )
    if kind == "moede":
        return Event(
            timezone.localtime(obj.starts_at).date(),
            kind,
            "Møde",
            f"{obj.get_kind_display()} – {obj.unit.name} ({obj.get_status_display().lower()})",
            reverse("meetings:detail", args=[obj.uuid]),
            obj.pk,
        )
    if kind == "plan":
        return Event(
            obj.starts_on,
            kind,
            "Plan",
            f"{obj.get_kind_display()} – {obj.unit.name}"
            + (f", afsluttet {_fmt(obj.ends_on)}" if obj.ends_on else ""),
            reverse("plans:plan", args=[citizen.uuid, obj.uuid]),
            obj.pk,
        )
    if kind == "anbringelse":
        plan = obj.get_plan_status_display().lower() if obj.plan_status else "ingen"
        if obj.target_date:
            plan += f", måldato {_fmt(obj.target_date)}"
        return Event(
            obj.started_on,
            kind,
            "Anbringelse",
            f"{obj.offer.name}, {_fmt(obj.started_on)}–{_fmt(obj.ended_on)}"
            f" (hjemtagningsplan: {plan})",
            section("ophold") + "#anbringelser",
            obj.pk,
        )
    if kind == "indkomst":
        return Event(
            obj.valid_from,
            kind,
            "Indkomst",
            f"{obj.get_source_display()}, {kroner_ore(obj.monthly_amount)} pr. måned, "
            f"{_fmt(obj.valid_from)}–{_fmt(obj.valid_to)}",
            section("indkomst"),
            obj.pk,
        )
    if kind == "spor":
        return Event(
            obj.started_on,
            kind,
            "Spor",
            f"{obj.template.name} – {obj.unit.name} ({obj.get_status_display().lower()})",
            reverse("tracks:track", args=[obj.uuid]),
            obj.pk,
        )
    author = obj.author.get_full_name() or obj.author.get_username()
    text = f"{obj.get_kind_display()} – {obj.unit.name}, {author}"
    if obj.sensitivity:
        text += " (følsomme oplysninger)"
    if obj.signed_at is None:
        text += " (kladde)"
    return Event(
        obj.occurred_on,
        kind,
        "Notat",
        text,
        reverse("journal:journal", args=[citizen.uuid]),
        obj.pk,
    )


def page(user, citizen, grant, *, kind: str = "", number: int = 1) -> tuple[list[Event], dict]:
    """The events of page `number` (of `kind`, or every kind) and the count per kind."""
    querysets = _querysets(user, citizen, grant)
    counts = {k: qs.count() for k, (qs, _) in querysets.items()}
    wanted = [kind] if kind else list(KINDS)
    limit = number * PAGE_SIZE
    events: list[Event] = []
    for k in wanted:
        qs, order = querysets[k]
        events.extend(_event(k, obj, citizen) for obj in qs.order_by(*order)[:limit])
    events.sort(key=lambda e: (e.on, e.order), reverse=True)
    start = (number - 1) * PAGE_SIZE
    return events[start : start + PAGE_SIZE], counts
