"""Danmarks Statistik's statistics of §101 drug treatment and of the adult decisions and offers
under §§82a, 82b, 85, 85a and 107 (DOMAIN.md §9), in the spirit of the §110 stays export
(stays/dst.py: the code lists with effective dates, the quarter and the file writers are shared
from there; nothing here hard-codes a DST code).

Our reading: both statistics are reported by the authority, i.e. the acting municipality
(handlekommune), not by the offer — an authority reports every citizen it acts for, also at
offers it buys. They are exported per authority unit (its municipality's citizens, by
`Citizen.acting_municipality`) and per quarter, like the §110 stays: DST's adult statistics
are collected from the municipalities' systems with start and end dates, so a quarter's file
with the courses that overlap the quarter lets DST build both its quarterly counts and its
yearly figures. Only the authority's manager exports them (the files carry CPR numbers).

Treatment (TREATMENT_FIELDS): one line per §101 treatment course of the authority's citizens
that overlaps the quarter. A course is a stay at an offer with legal basis SEL_101 (started at
the admission, ended at the discharge). Fields: CPR; the offer's Tilbudsportalen id; the date
the citizen asked for treatment (the referral's `requested_on`, the 14-day treatment guarantee
counts from it); start; treatment form (list treatment_form, valid on the start); end, if in
the quarter; how it ended (list treatment_ended_how, valid on the end).

Decisions (DECISION_FIELDS): one line per granted referral (a visitation decision) to an offer
with legal basis §82, §85, §85a or §107, for a citizen aged 18 or more on the decision date,
decided in the quarter or whose offer ran in the quarter. Fields: CPR; paragraph (list
paragraph, mapped from `Referral.paragraph` through the entries' `destinations`, valid on the
decision date); decision date; the offer's Tilbudsportalen id; the offer's start (the stay
started on the referral, empty if not yet started); its end, if in the quarter; how it ended
(list offer_ended_how).

Text file and Excel are written by dst.text_file / dst.workbook: UTF-8, ";" separated, dates
as YYYYMMDD, an empty field where nothing is recorded."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q

from hjemvej.deadlines.rules import TREATMENT_START_DAYS
from hjemvej.offers.models import (
    DECISION_PARAGRAPHS,
    GRANTED_STATUSES,
    LegalBasis,
    Referral,
)
from hjemvej.stays import dst
from hjemvej.stays.dst import Gap
from hjemvej.stays.models import Stay

TREATMENT = "behandling"
DECISIONS = "afgoerelser"
KINDS = {
    TREATMENT: "§101-stofmisbrugsbehandling",
    DECISIONS: "Afgørelser og indsatser for voksne (§§82a, 82b, 85, 85a, 107)",
}

TREATMENT_FIELDS = [
    ("cpr", "CPR-nummer"),
    ("tilbudsportalen_id", "Tilbudsportalen-id"),
    ("contact_on", "Henvendelsesdato"),
    ("started_on", "Behandlingsstart"),
    ("treatment_form", "Behandlingsform"),
    ("ended_on", "Behandlingsslut"),
    ("ended_how", "Afslutningsårsag"),
]

DECISION_FIELDS = [
    ("cpr", "CPR-nummer"),
    ("paragraph", "Paragraf"),
    ("decided_on", "Afgørelsesdato"),
    ("tilbudsportalen_id", "Tilbudsportalen-id"),
    ("started_on", "Indsatsens start"),
    ("ended_on", "Indsatsens slut"),
    ("ended_how", "Ophørsårsag"),
]

ADULT_AGE = 18


def _ymd(day: datetime.date | None) -> str:
    return f"{day:%Y%m%d}" if day else ""


def _overlaps(first: datetime.date, last: datetime.date) -> Q:
    return Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))


# ---------------------------------------------------------------- §101 treatment
def quarter_treatments(municipality_id: int, year: int, quarter: int):
    """The §101 courses of the municipality's citizens overlapping the quarter: one query."""
    first, last = dst.quarter_bounds(year, quarter)
    return (
        Stay.objects.filter(
            _overlaps(first, last),
            offer__legal_basis=LegalBasis.SEL_101,
            citizen__acting_municipality_id=municipality_id,
        )
        .select_related("citizen", "offer__unit", "referral")
        .order_by("citizen_id", "started_on", "pk")
    )


def check_treatments(year: int, quarter: int, stays) -> list[Gap]:
    """What DST would reject or fill with "unknown" in the treatment file, and courses that
    started later than the treatment guarantee's 14 days after the citizen asked."""
    _, last = dst.quarter_bounds(year, quarter)
    book = dst.CodeBook()
    gaps: list[Gap] = []
    offers_seen: set[int] = set()
    previous: Any = None
    for stay in stays:
        offer = stay.offer
        if offer.pk not in offers_seen:
            offers_seen.add(offer.pk)
            if not offer.tilbudsportalen_id:
                gaps.append(
                    Gap(
                        None,
                        "tilbudsportalen_id",
                        "Tilbuddet har intet Tilbudsportalen-id.",
                        offer=offer,
                    )
                )
        if not stay.treatment_form:
            gaps.append(Gap(stay, "treatment_form", "Behandlingsformen mangler."))
        elif not book.is_valid("treatment_form", stay.treatment_form, stay.started_on):
            gaps.append(Gap(stay, "treatment_form", "Behandlingsformen er ikke på DST's liste."))
        contact = stay.referral.requested_on if stay.referral else None
        if contact is None:
            gaps.append(Gap(stay, "contact", "Datoen for borgerens henvendelse kendes ikke."))
        elif (stay.started_on - contact).days > TREATMENT_START_DAYS:
            gaps.append(
                Gap(
                    stay,
                    "guarantee",
                    f"Behandlingen startede {(stay.started_on - contact).days} dage efter "
                    f"henvendelsen {contact:%d.%m.%Y} (garantien er {TREATMENT_START_DAYS} dage).",
                )
            )
        if stay.ended_on and stay.ended_on <= last:
            if not stay.ended_how:
                gaps.append(Gap(stay, "treatment_ended_how", "Afslutningsårsagen mangler."))
            elif not book.is_valid("treatment_ended_how", stay.ended_how, stay.ended_on):
                gaps.append(
                    Gap(stay, "treatment_ended_how", "Afslutningsårsagen er ikke på DST's liste.")
                )
        if (
            previous is not None
            and previous.citizen_id == stay.citizen_id
            and (previous.ended_on is None or previous.ended_on > stay.started_on)
        ):
            gaps.append(
                Gap(
                    stay,
                    "treatment_overlap",
                    f"Overlapper behandlingen fra {previous.started_on:%d.%m.%Y} "
                    f"på {previous.offer.name}.",
                )
            )
        previous = stay
    return gaps


def treatment_rows(year: int, quarter: int, stays) -> list[list[str]]:
    """One row per course, the fields of TREATMENT_FIELDS as text. A course that ends after
    the quarter is reported without its end."""
    _, last = dst.quarter_bounds(year, quarter)
    rows = []
    for stay in stays:
        ended = stay.ended_on if stay.ended_on and stay.ended_on <= last else None
        rows.append(
            [
                stay.citizen.cpr,
                stay.offer.tilbudsportalen_id,
                _ymd(stay.referral.requested_on if stay.referral else None),
                _ymd(stay.started_on),
                stay.treatment_form,
                _ymd(ended),
                stay.ended_how if ended else "",
            ]
        )
    return rows


# ---------------------------------------------------------------- adult decisions
def quarter_decisions(municipality_id: int, year: int, quarter: int) -> list[Referral]:
    """The granted decisions on adult offers of the municipality's citizens, decided in the
    quarter or with their offer running in it, citizens 18+ on the decision date; two queries
    (the referrals, then their stays)."""
    first, last = dst.quarter_bounds(year, quarter)
    running = Stay.objects.filter(_overlaps(first, last), referral=OuterRef("pk"))
    referrals = (
        Referral.objects.filter(
            offer__legal_basis__in=list(DECISION_PARAGRAPHS),
            status__in=GRANTED_STATUSES,
            decided_on__lte=last,
            citizen__acting_municipality_id=municipality_id,
        )
        .filter(Q(decided_on__gte=first) | Exists(running))
        .select_related("citizen", "offer__unit")
        .prefetch_related(
            Prefetch(
                "stays",
                queryset=Stay.objects.filter(started_on__lte=last).order_by("started_on", "pk"),
            )
        )
        .order_by("citizen_id", "decided_on", "pk")
    )
    return [
        r
        for r in referrals
        if r.decided_on is not None and r.citizen.age_on(r.decided_on) >= ADULT_AGE
    ]


def offer_stay(referral: Referral):
    """The offer given on the decision: the first stay started on it (prefetched)."""
    stays = list(referral.stays.all())
    return stays[0] if stays else None


def check_decisions(year: int, quarter: int, referrals) -> list[Gap]:
    """What DST would reject or fill with "unknown" in the decision file."""
    _, last = dst.quarter_bounds(year, quarter)
    book = dst.CodeBook()
    gaps: list[Gap] = []
    for referral in referrals:
        if not referral.paragraph:
            gaps.append(
                Gap(None, "paragraph", "Afgørelsen siger ikke §82a eller §82b.", referral=referral)
            )
        elif not book.code_for("paragraph", referral.paragraph, referral.decided_on):
            gaps.append(Gap(None, "paragraph", "Paragrafen har ingen DST-kode.", referral=referral))
        stay = offer_stay(referral)
        if stay is not None and stay.ended_on and stay.ended_on <= last:
            if not stay.ended_how:
                gaps.append(
                    Gap(stay, "offer_ended_how", "Ophørsårsagen mangler.", referral=referral)
                )
            elif not book.is_valid("offer_ended_how", stay.ended_how, stay.ended_on):
                gaps.append(
                    Gap(
                        stay,
                        "offer_ended_how",
                        "Ophørsårsagen er ikke på DST's liste.",
                        referral=referral,
                    )
                )
    return gaps


def decision_rows(year: int, quarter: int, referrals) -> list[list[str]]:
    """One row per decision, the fields of DECISION_FIELDS as text."""
    _, last = dst.quarter_bounds(year, quarter)
    book = dst.CodeBook()
    rows = []
    for referral in referrals:
        stay = offer_stay(referral)
        ended = stay.ended_on if stay and stay.ended_on and stay.ended_on <= last else None
        rows.append(
            [
                referral.citizen.cpr,
                book.code_for("paragraph", referral.paragraph, referral.decided_on),
                _ymd(referral.decided_on),
                referral.offer.tilbudsportalen_id,
                _ymd(stay.started_on if stay else None),
                _ymd(ended),
                stay.ended_how if stay and ended else "",
            ]
        )
    return rows


# ---------------------------------------------------------------- one statistic
def load(kind: str, municipality_id: int, year: int, quarter: int) -> list:
    """The quarter's records of one statistic (TREATMENT or DECISIONS)."""
    if kind == TREATMENT:
        return list(quarter_treatments(municipality_id, year, quarter))
    return quarter_decisions(municipality_id, year, quarter)


def check(kind: str, year: int, quarter: int, records) -> list[Gap]:
    if kind == TREATMENT:
        return check_treatments(year, quarter, records)
    return check_decisions(year, quarter, records)


def rows(kind: str, year: int, quarter: int, records) -> list[list[str]]:
    if kind == TREATMENT:
        return treatment_rows(year, quarter, records)
    return decision_rows(year, quarter, records)


def fields(kind: str) -> list[tuple[str, str]]:
    return TREATMENT_FIELDS if kind == TREATMENT else DECISION_FIELDS


def text_file(kind: str, rows: list[list[str]]) -> bytes:
    return dst.text_file(rows, fields(kind))


def workbook(kind: str, rows: list[list[str]], title: str) -> bytes:
    if kind == TREATMENT:
        sheet, source = "Behandlinger", "Hjemvej: §101-behandlinger, der overlapper kvartalet"
    else:
        sheet, source = (
            "Afgørelser",
            "Hjemvej: bevillinger efter §§82a–107 til voksne, afgjort i kvartalet eller med "
            "indsatsen i gang i kvartalet",
        )
    return dst.workbook(rows, title, fields=fields(kind), sheet=sheet, source=source)
