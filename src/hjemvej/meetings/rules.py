"""When the next meeting of each kind is due. Pure functions over dates, no database.

The intervals are the municipalities' own (DOMAIN.md §3, §5, §7): §141/§142 follow-up with the
shelter and the municipality–shelter meeting every 3 months, the monthly status meeting in the
youth housing, the yearly goal follow-up, the follow-up conversation one year after a course
ends, and the treatment-plan follow-up at least every 3 months."""

import datetime
from dataclasses import dataclass

from hjemvej.common.dates import add_months


@dataclass(frozen=True)
class MeetingRule:
    kind: str
    label: str
    every_months: int | None  # None: a one-off meeting


FOLLOWUP_141 = "followup_141"
STATUS_MONTHLY = "status_monthly"
GOAL_YEARLY = "goal_yearly"
NETWORK = "network"
AFTER_END = "after_end"
MUNICIPALITY_SHELTER = "municipality_shelter"
TREATMENT_PLAN = "treatment_plan"
OTHER = "other"

RULES: dict[str, MeetingRule] = {
    FOLLOWUP_141: MeetingRule(
        FOLLOWUP_141, "Opfølgning på handleplan (§141/§142) med herberget", 3
    ),
    STATUS_MONTHLY: MeetingRule(STATUS_MONTHLY, "Månedligt statusmøde", 1),
    GOAL_YEARLY: MeetingRule(GOAL_YEARLY, "Årlig opfølgning på mål", 12),
    NETWORK: MeetingRule(NETWORK, "Netværksmøde før udflytning", None),
    AFTER_END: MeetingRule(AFTER_END, "Opfølgningssamtale et år efter forløbet", None),
    MUNICIPALITY_SHELTER: MeetingRule(MUNICIPALITY_SHELTER, "Møde mellem kommune og herberg", 3),
    TREATMENT_PLAN: MeetingRule(TREATMENT_PLAN, "Opfølgning på behandlingsplan", 3),
    OTHER: MeetingRule(OTHER, "Andet møde", None),
}


# The answer of the follow-up conversation a year after the course (DOMAIN.md §7: most still
# live on their own with no or limited support), for the yearly outcome report.
LIVING_CHOICES = [
    ("own_no_support", "Bor i egen bolig uden støtte"),
    ("own_limited_support", "Bor i egen bolig med begrænset støtte (§85)"),
    ("not_own", "Bor ikke i egen bolig"),
]
LIVING_ON_OWN = frozenset({"own_no_support", "own_limited_support"})


def next_due(
    kind: str, *, last_held: datetime.date | None, since: datetime.date
) -> datetime.date | None:
    """The date the next recurring meeting is due: one interval after the last held meeting,
    or after `since` (when the obligation began) when none has been held."""
    rule = RULES[kind]
    if rule.every_months is None:
        return None
    return add_months(last_held or since, rule.every_months)


@dataclass(frozen=True)
class Facts:
    """What is known about a citizen that makes meetings due."""

    today: datetime.date
    course_started: datetime.date | None = None  # an active course
    monthly_status: bool = False  # the active course has monthly status meetings
    network_phase_started: datetime.date | None = None  # in a phase that ends in a move-out
    course_ended: datetime.date | None = None  # the last ended course
    shelter_stay_since: datetime.date | None = None  # an active shelter stay relationship
    treatment_since: datetime.date | None = None  # an active treatment relationship or plan
    goals_since: datetime.date | None = None  # the oldest active plan with goals (plans app)


@dataclass(frozen=True)
class Proposal:
    kind: str
    label: str
    due: datetime.date
    overdue: bool


def propose(facts: Facts, last_held: dict[str, datetime.date], booked: set[str]) -> list[Proposal]:
    """The meetings to book next, earliest first. Kinds already booked in the future are left
    out (`booked`)."""
    wanted: list[tuple[str, datetime.date | None]] = []
    goal_since = min((d for d in (facts.course_started, facts.goals_since) if d), default=None)
    if goal_since:
        # Goals are followed up at least once a year (DOMAIN.md §5), from the course's start
        # or the oldest active plan with goals, whichever came first.
        wanted.append(
            (
                GOAL_YEARLY,
                next_due(GOAL_YEARLY, last_held=last_held.get(GOAL_YEARLY), since=goal_since),
            )
        )
    if facts.course_started and facts.monthly_status:
        wanted.append(
            (
                STATUS_MONTHLY,
                next_due(
                    STATUS_MONTHLY,
                    last_held=last_held.get(STATUS_MONTHLY),
                    since=facts.course_started,
                ),
            )
        )
    if facts.network_phase_started and NETWORK not in last_held:
        wanted.append((NETWORK, facts.network_phase_started))
    if facts.course_ended and not facts.course_started and AFTER_END not in last_held:
        wanted.append((AFTER_END, add_months(facts.course_ended, 12)))
    if facts.shelter_stay_since:
        wanted.append(
            (
                FOLLOWUP_141,
                next_due(
                    FOLLOWUP_141,
                    last_held=last_held.get(FOLLOWUP_141),
                    since=facts.shelter_stay_since,
                ),
            )
        )
    if facts.treatment_since:
        wanted.append(
            (
                TREATMENT_PLAN,
                next_due(
                    TREATMENT_PLAN,
                    last_held=last_held.get(TREATMENT_PLAN),
                    since=facts.treatment_since,
                ),
            )
        )
    proposals = [
        Proposal(kind, RULES[kind].label, due, due < facts.today)
        for kind, due in wanted
        if due is not None and kind not in booked
    ]
    return sorted(proposals, key=lambda p: p.due)
