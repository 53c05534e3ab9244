"""The Housing First cohort's rules (issue 15, DOMAIN §2 and §6), in one place. Pure functions,
no database: services.py gives them the facts and acts on the answer.

- Places are homes. Admission beyond the cohort's places (5 temporary homes at Egebjerg/
  Klakkebjerg) is REFUSED: there is no home for the 6th. The same for more than the group's
  maximum (6).
- Below the group's minimum (4) the cohort is FLAGGED, not refused: a group is filled one
  admission at a time, so it is under 4 until enough are admitted. Before the start the flag
  says how many are missing; from the start it says the group runs below its minimum.
- Similar functional level: the level is the latest VUM assessment's overall level
  (plans.rules.overall_level). An admission that makes the group's levels spread more than
  LEVEL_SPREAD steps, or a participant without an assessed level, is FLAGGED with the reason
  (the staff judge the group; the rule does not decide for them).
- "Start with men" (Offer.start_with_men, a composition rule the offer switches on): a cohort
  created while it is on admits only men; others are REFUSED with the rule named.
- Relapse: a conversation task due at once (the day it is recorded). Treatment must be
  re-established within RELAPSE_TREATMENT_DAYS calendar days of the relapse — the same 14 days
  §101 gives for a treatment start; if it is not recorded as re-established by then, the
  participant leaves the cohort with that reason (services.end_lapsed_participants, run daily by
  ops.maintenance and from the cohort page).
- 3 courses of 5 = 15 citizens in all: each cohort is one 9-month course; totals are counted over
  the cohorts, never multiplied by years."""

import datetime
from dataclasses import dataclass, field

from hjemvej.common.dates import add_months

COURSE_MONTHS = 9
RELAPSE_TREATMENT_DAYS = 14
LEVEL_SPREAD = 1
# The participant's own course (courses.Course) is started from this template on admission.
COURSE_TEMPLATE_CODE = "ballerup-housing-first"
# The mandatory ADL course (DOMAIN §5).
ADL_TOPICS = [
    "Rengøring",
    "Tøjvask",
    "Økonomi",
    "Egenomsorg",
    "Kommunikation",
    "Samfundsliv",
    "Social kontakt",
]


@dataclass
class Admission:
    refusals: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.refusals)


def planned_end(starts_on: datetime.date) -> datetime.date:
    return add_months(starts_on, COURSE_MONTHS)


def check_cohort(
    *,
    name: str,
    starts_on: datetime.date | None,
    planned_end: datetime.date | None,
    adl_starts_on: datetime.date | None,
    adl_ends_on: datetime.date | None,
    places: int | None,
    group_min: int | None,
    group_max: int | None,
) -> dict[str, str]:
    """Errors by field for a new cohort."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Skriv gruppens navn."
    if not places or places < 1:
        errors["places"] = "Skriv antallet af pladser (boliger), mindst 1."
    if not group_min or not group_max or group_min > group_max:
        errors["places"] = "Tilbuddet skal have en mindste og største gruppe (fx 4–6)."
    if starts_on is None:
        errors["starts_on"] = "Skriv gruppens startdato."
    if planned_end is None:
        errors["planned_end"] = "Skriv den planlagte slutdato."
    if starts_on and planned_end:
        if planned_end <= starts_on:
            errors["planned_end"] = "Den planlagte slutdato skal ligge efter starten."
        elif planned_end > add_months(starts_on, COURSE_MONTHS):
            errors["planned_end"] = (
                f"Forløbet varer højst {COURSE_MONTHS} måneder: senest "
                f"{add_months(starts_on, COURSE_MONTHS):%d.%m.%Y}."
            )
    if adl_starts_on is None or adl_ends_on is None:
        errors["adl_starts_on"] = "ADL-kurset er obligatorisk: skriv hvornår det holdes."
    elif adl_ends_on < adl_starts_on:
        errors["adl_ends_on"] = "ADL-kurset skal slutte efter, det er begyndt."
    elif (
        starts_on
        and planned_end
        and not (starts_on <= adl_starts_on and adl_ends_on <= planned_end)
    ):
        errors["adl_starts_on"] = "ADL-kurset skal ligge inden for gruppens forløb."
    return errors


def admission(
    *,
    places: int,
    group_max: int,
    active: int,
    men_only: bool,
    is_man: bool,
    level: int | None,
    other_levels: list[int],
    on: datetime.date,
    cohort_ends: datetime.date,
) -> Admission:
    """May one more participant join a cohort with `active` participants? Refusals by field,
    flags as reasons."""
    result = Admission()
    if active >= places:
        result.refusals["citizen"] = (
            f"Alle {places} pladser (boliger) i gruppen er optaget. Der er ikke en bolig til "
            "flere deltagere."
        )
    elif active >= group_max:
        result.refusals["citizen"] = f"Gruppen er fuld: højst {group_max} deltagere."
    if men_only and not is_man:
        result.refusals.setdefault(
            "citizen",
            "Tilbuddet starter med mænd: gruppen optager kun mænd (tilbuddets "
            "sammensætningsregel).",
        )
    if on >= cohort_ends:
        result.refusals["admitted_on"] = "Gruppens forløb er slut på den dato."
    if level is None:
        result.flags.append(
            "Intet funktionsniveau: borgeren har ingen udredning (VUM) med et vurderet niveau."
        )
    elif other_levels:
        levels = [*other_levels, level]
        if max(levels) - min(levels) > LEVEL_SPREAD:
            result.flags.append(
                f"Funktionsniveau {level} ligger langt fra gruppens "
                f"({', '.join(str(n) for n in sorted(other_levels))}): gruppen skal have "
                f"nogenlunde samme funktionsniveau (højst {LEVEL_SPREAD} trin imellem)."
            )
    return result


def cohort_flags(
    *, active: int, group_min: int, starts_on: datetime.date, today: datetime.date
) -> list[str]:
    """The cohort's own flags: below its minimum, before and after the start."""
    if active >= group_min:
        return []
    if today < starts_on:
        return [
            f"Under {group_min} deltagere: gruppen har {active} og skal have mindst "
            f"{group_min} ved starten {starts_on:%d.%m.%Y}."
        ]
    return [f"Gruppen kører med {active} deltagere – under de {group_min}, den skal have."]


def treatment_deadline(occurred_on: datetime.date) -> datetime.date:
    return occurred_on + datetime.timedelta(days=RELAPSE_TREATMENT_DAYS)


def has_lapsed(
    *, deadline: datetime.date, reestablished_on: datetime.date | None, today: datetime.date
) -> bool:
    """Treatment not re-established by the deadline: the participant leaves."""
    return reestablished_on is None and today > deadline


def lapse_reason(occurred_on: datetime.date, deadline: datetime.date) -> str:
    return (
        f"Behandlingen blev ikke genoptaget efter tilbagefaldet den {occurred_on:%d.%m.%Y} "
        f"(frist {deadline:%d.%m.%Y}, {RELAPSE_TREATMENT_DAYS} dage)."
    )


OPEN_RELAPSE_MESSAGE = (
    "Deltageren har et tilbagefald, hvor behandlingen ikke er genoptaget. Flytning til egen "
    "bolig og opfølgningen starter først, når behandlingen er genoptaget; ellers forlader "
    "deltageren gruppen efter reglen om tilbagefald."
)


def open_relapse_blocks_move(reestablished: list[datetime.date | None]) -> bool:
    """Leaving to own home (and the follow-up after it) needs every relapse's treatment
    re-established: a participant who leaves for relapse does not start the follow-up."""
    return any(day is None for day in reestablished)
