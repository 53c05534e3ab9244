import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DateField, Exists, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.common.dates import add_months
from hjemvej.courses.models import Course
from hjemvej.economics.pricing import SheetRate, gross_until, rate_for
from hjemvej.economics.selectors import daily_rates
from hjemvej.meetings import rules
from hjemvej.meetings.models import Meeting, Participant, Reminder
from hjemvej.offers.models import LegalBasis, Operator
from hjemvej.people.models import Relationship
from hjemvej.plans.models import Plan
from hjemvej.stays.models import Placement, Stay
from hjemvej.stays.selectors import plan_overdue, stay_span


def meetings_for_citizen(citizen):
    return Meeting.objects.filter(citizen=citizen).select_related("contact_person", "unit")


def missed_count(citizen) -> int:
    return Meeting.objects.filter(citizen=citizen, status=Meeting.Status.MISSED).count()


def proposals_for(citizen, today: datetime.date, *, user) -> list[rules.Proposal]:
    """The next meetings the rules ask for, from the citizen's courses, stays and treatment, as
    `user` may see them: the plans' dates come only from the plans the user's grant shows
    (policy.plan_q), so a proposal never gives away a plan the user may not see."""
    active = (
        Course.objects.filter(citizen=citizen, status=Course.Status.ACTIVE)
        .select_related("template", "current_phase__template")
        .order_by("started_on")
        .first()
    )
    ended = (
        Course.objects.filter(citizen=citizen, status=Course.Status.ENDED)
        .order_by("-ended_on")
        .first()
    )
    rels = Relationship.objects.filter(citizen=citizen, ended_on__isnull=True)
    stay = rels.filter(kind=Relationship.Kind.STAY).order_by("started_on").first()
    treatment = rels.filter(kind=Relationship.Kind.TREATMENT).order_by("started_on").first()
    held = dict(
        Meeting.objects.filter(citizen=citizen, status=Meeting.Status.HELD)
        .values_list("kind")
        .annotate(last=Max("starts_at"))
        .values_list("kind", "last")
    )
    last_held = {k: timezone.localtime(v).date() for k, v in held.items()}
    booked = set(
        Meeting.objects.filter(
            citizen=citizen, status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
        ).values_list("kind", flat=True)
    )
    network_phase = None
    if active and active.current_phase and active.current_phase.template.network_meeting:
        network_phase = active.current_phase.started_on

    grant = policy.grant_for(user, citizen)
    visible = policy.plan_q(grant) if grant is not None else Q(pk__in=[])
    active_plans = Plan.objects.filter(visible, citizen=citizen, ends_on__isnull=True)
    treatment_plan_since = active_plans.filter(kind=Plan.Kind.TREATMENT).aggregate(
        first=Min("starts_on")
    )["first"]
    goals_since = active_plans.filter(goals__isnull=False).aggregate(first=Min("starts_on"))[
        "first"
    ]
    treatment_dates = [
        d for d in (treatment.started_on if treatment else None, treatment_plan_since) if d
    ]
    facts = rules.Facts(
        today=today,
        course_started=active.started_on if active else None,
        monthly_status=bool(active and active.template.monthly_status_meeting),
        network_phase_started=network_phase,
        course_ended=ended.ended_on if ended else None,
        shelter_stay_since=stay.started_on if stay else None,
        treatment_since=min(treatment_dates) if treatment_dates else None,
        goals_since=goals_since,
    )
    return rules.propose(facts, last_held, booked)


def _local_day_bounds(day: datetime.date):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def upcoming_for_user(user, today: datetime.date, days: int):
    """Planned meetings from today for `days` days where the user takes part or which belong
    to the units the user is a member of, for citizens the user may see."""
    start, _ = _local_day_bounds(today)
    end = start + datetime.timedelta(days=days)
    return (
        Meeting.objects.filter(
            starts_at__gte=start, starts_at__lt=end, status=Meeting.Status.PLANNED
        )
        .filter(_citizen_visible(user), _mine(user))
        .select_related("citizen", "contact_person", "unit")
        .order_by("starts_at", "id")
    )


# The visibility first, then the user's part. The citizens the user may see are one hashed
# list (policy.visible_citizen_ids, ids only), tested for every meeting in the window; the
# participation is a correlated EXISTS, looked up only for the meetings that pass (at national
# scale a week has about 4,800 planned meetings, of which a municipality's are a few hundred).
# Inside an OR the list stays a hashed subplan; a plain `citizen IN (visible citizens)` made
# PostgreSQL estimate a scan of every citizen, so costly that its JIT compiler started: about
# 1 s on a manager's home page at national scale. PostgreSQL tests the conditions in the order
# written when their costs are alike, so keep visibility first.
def _mine(user) -> Q:
    takes_part = Participant.objects.filter(meeting=OuterRef("pk"), user=user)
    # The own units first: PostgreSQL tests an OR's parts in the order written, and the units
    # are one hashed list, while the participants are looked up meeting by meeting.
    return Q(unit__in=policy.own_units(user)) | Q(Exists(takes_part))


def _citizen_visible(user) -> Q:
    """Meetings without a citizen (a unit's own), and the meetings of citizens the user may
    see. (A move request always has a citizen: the citizen asked.)"""
    return Q(citizen__isnull=True) | Q(citizen_id__in=policy.visible_citizen_ids(user))


def failed_reminders(user):
    return (
        Reminder.objects.filter(
            status=Reminder.Status.FAILED, citizen_id__in=policy.visible_citizen_ids(user)
        )
        .select_related("citizen", "meeting")
        .order_by("-send_at")
    )


def offer_meeting_status(user, today: datetime.date) -> list[dict]:
    """Per offer the user works with: the last municipality–offer meeting held, the next one
    booked, and when the next is due (every 3 months). Two queries."""
    units = list(policy.work_units(user).filter(kind="offer").order_by("name"))
    meetings = Meeting.objects.filter(
        unit__in=units,
        citizen__isnull=True,
        kind=rules.MUNICIPALITY_SHELTER,
        status__in=[Meeting.Status.HELD, Meeting.Status.PLANNED],
    ).order_by("starts_at")
    last_held: dict[int, datetime.date] = {}
    booked: dict[int, Meeting] = {}
    for m in meetings:
        if m.status == Meeting.Status.HELD:
            last_held[m.unit_id] = timezone.localtime(m.starts_at).date()
        elif m.starts_at >= timezone.now() and m.unit_id not in booked:
            booked[m.unit_id] = m
    rows = []
    for unit in units:
        held = last_held.get(unit.pk)
        due = (
            rules.next_due(rules.MUNICIPALITY_SHELTER, last_held=held, since=today)
            if held
            else today
        )
        rows.append(
            {
                "unit": unit,
                "last_held": held,
                "booked": booked.get(unit.pk),
                "due": due,
                "overdue": due is not None and due <= today and unit.pk not in booked,
            }
        )
    return rows


def coming_for_citizen(citizen, now: datetime.datetime):
    """The citizen's planned meetings that have not ended yet, soonest first."""
    return (
        Meeting.objects.filter(citizen=citizen, status=Meeting.Status.PLANNED, ends_at__gt=now)
        .select_related("contact_person", "unit", "unit__municipality")
        .order_by("starts_at")
    )


def move_requests(user, now: datetime.datetime):
    """Planned meetings the citizen has asked to move, for the meetings the user takes part in
    or that belong to the user's units, for citizens the user may see."""
    from hjemvej.meetings.models import CitizenReply

    # The citizens the user sees first (see _citizen_visible): the participation is then
    # looked up only for the few move requests of those citizens, not for every move request
    # in the installation (1,900 lookups at 100,000 citizens).
    return (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            ends_at__gt=now,
            citizen_reply=CitizenReply.MOVE,
        )
        .filter(_citizen_visible(user), _mine(user))
        .select_related("citizen", "unit")
        .order_by("starts_at", "id")
    )


def meeting_for(user, meeting_uuid, *, what: str) -> Meeting:
    """A meeting the user may open: a unit's own meeting (no citizen) for those who work for
    the unit; a citizen's meeting through the access policy (404 and a logged refusal)."""
    meetings = Meeting.objects.select_related(
        "citizen", "unit", "contact_person", "course", "rescheduled_from"
    )
    meeting = meetings.filter(uuid=meeting_uuid).first()
    if (
        meeting is not None
        and meeting.citizen is None
        and policy.may_work_for_unit(user, meeting.unit)
    ):
        return meeting
    meeting, _ = policy.access_object(user, meetings, meeting_uuid, what=what)
    return meeting


# ---------------------------------------------------------------- citizens at offers (issue 16)


@dataclass
class AwayRow:
    """One of the authority's citizens at an offer, own or bought, with the §141 follow-up."""

    stay: Stay
    nights: int
    rate: SheetRate | None  # what prices the nights now (agreed price or cost sheet)
    cost: Decimal | None  # the nights so far before own payment and reimbursement
    last_held: datetime.date | None  # the last §141 follow-up held during the stay
    booked: datetime.date | None  # the next §141 follow-up booked
    due: datetime.date | None  # when the next follow-up is due (shelter stays)
    placement: Placement | None = None  # the open placement tied to the stay (bring-home plan)

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.booked is None and self.due < timezone.localdate()

    @property
    def plan_overdue(self) -> bool:
        p = self.placement
        return p is not None and plan_overdue(p.plan_status, p.target_date, timezone.localdate())


def _followups_held():
    """The §141 follow-ups held with the stay's citizen since the stay began (correlated to a
    stay: OuterRef citizen_id and started_on)."""
    return Meeting.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        kind=rules.FOLLOWUP_141,
        status=Meeting.Status.HELD,
        starts_at__date__gte=OuterRef("started_on"),
    ).order_by()


def _followups_booked():
    """The §141 follow-ups booked with the stay's citizen from now on (correlated to a stay)."""
    return Meeting.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        kind=rules.FOLLOWUP_141,
        status=Meeting.Status.PLANNED,
        starts_at__gte=timezone.now(),
    ).order_by()


def _authority_open_stays(user, today: datetime.date):
    """The open stays of the citizens whose acting municipality is one of the user's
    authorities."""
    ids = sorted(policy.authority_municipality_ids(user))
    return Stay.objects.filter(
        ended_on__isnull=True, started_on__lte=today, citizen__acting_municipality_id__in=ids
    )


def _with_follow_up(stays):
    """Annotate each stay with its citizen's last §141 follow-up held since the stay began and
    the next one booked: two correlated subqueries in the one query of the list."""
    held = _followups_held().values("citizen_id").annotate(last=Max("starts_at")).values("last")
    booked = (
        _followups_booked().values("citizen_id").annotate(first=Min("starts_at")).values("first")
    )
    return stays.annotate(last_followup=Subquery(held), next_followup=Subquery(booked))


def citizens_at_offers(user, today: datetime.date, *, bought_only: bool = False):
    """The open stays of the citizens whose acting municipality is one of the user's
    authorities (caseworkers, authority managers), at any offer – the municipality's own and
    those it buys – longest first, with the §141 follow-up annotated. A queryset to page."""
    stays = _authority_open_stays(user, today)
    if bought_only:
        stays = stays.exclude(offer__operator=Operator.OWN)
    return _with_follow_up(
        stays.select_related("citizen", "offer__unit__municipality").order_by("started_on", "pk")
    )


def _local_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands a subquery's datetime back as text
        value = datetime.datetime.fromisoformat(value)
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
    return timezone.localtime(value).date()


def away_rows(stays, today: datetime.date) -> list[AwayRow]:
    """The board's rows for one page of `citizens_at_offers`: one more query for the page's
    cost sheets and one for the open placements tied to the stays (their bring-home plans). A
    §110 stay has a §141 follow-up due every 3 months (meetings.rules)."""
    stays = list(stays)
    rates = daily_rates({s.offer.unit_id for s in stays})
    placements = {
        p.stay_id: p
        for p in Placement.objects.filter(
            stay_id__in=[s.pk for s in stays if s.offer.is_external], ended_on__isnull=True
        ).only("uuid", "stay_id", "plan_status", "target_date", "ended_on", "started_on")
    }
    rows = []
    for stay in stays:
        span = stay_span(stay, "borger")
        last = _local_date(stay.last_followup)
        booked = _local_date(stay.next_followup)
        due = (
            rules.next_due(rules.FOLLOWUP_141, last_held=last, since=stay.started_on)
            if stay.offer.is_shelter
            else None
        )
        rows.append(
            AwayRow(
                stay=stay,
                nights=stay.nights_until(today),
                rate=rate_for(span, rates, today.year),
                cost=gross_until(span, rates, today),
                last_held=last,
                booked=booked,
                due=due,
                placement=placements.get(stay.pk),
            )
        )
    return rows


# The §141 follow-ups due (the worklist "opfoelgning-141" and its count on the home page). The
# date is meetings.rules.next_due's alone: the database only narrows the stays down by their
# base date (the last follow-up held during the stay, or the stay's start), and the rule judges
# the few it returns. add_months is monotone, so the due stays are those with the earliest base
# dates: ordered by base date, the due ones come first.
FOLLOW_UP_WITHIN_DAYS = 14


def _follow_up_bases(user, today: datetime.date, horizon: datetime.date | None = None):
    """(stay id, started_on, last follow-up held) of the authority's open §110 stays with no
    follow-up booked, earliest base date first; with `horizon`, only those whose base date is
    old enough to be due by then. One query over the stays (no citizens, offers or prices
    loaded)."""
    last_held = (
        _followups_held()
        .values("citizen_id")
        .annotate(last=Max(TruncDate("starts_at")))
        .values("last")
    )
    stays = (
        _authority_open_stays(user, today)
        .filter(offer__legal_basis=LegalBasis.SEL_110)
        .filter(~Exists(_followups_booked()))
        .annotate(last=Subquery(last_held, output_field=DateField()))
        .annotate(base=Coalesce("last", "started_on"))
    )
    if horizon is not None:
        every = rules.RULES[rules.FOLLOWUP_141].every_months or 0
        # add_months clips at a month's end (30 Nov + 3 months = 28 Feb), so the database is
        # asked with a few days' slack; next_due judges the rows in the slack.
        cut = add_months(horizon, -every) + datetime.timedelta(days=3)
        stays = stays.filter(base__lte=cut)
    return stays.order_by("base", "pk").values_list("pk", "started_on", "last")


def _due(started_on: datetime.date, last: datetime.date | None) -> datetime.date | None:
    return rules.next_due(rules.FOLLOWUP_141, last_held=last, since=started_on)


def follow_ups_due_count(
    user, today: datetime.date, cap: int, *, within_days: int = FOLLOW_UP_WITHIN_DAYS
) -> int:
    """How many §141 follow-ups follow_ups_due lists, counted no further than `cap` (a count
    this high is "at least"): one query of at most `cap` base dates. The due stays are the
    first in base-date order, so counting the due ones among the first `cap` is exact. (No
    filter on the base date in SQL: with one, PostgreSQL looks the stays up citizen by
    citizen instead of merging the open stays with the authority's citizens.)"""
    horizon = today + datetime.timedelta(days=within_days)
    bases = _follow_up_bases(user, today)[:cap]
    dues = (_due(started_on, last) for _, started_on, last in bases)
    return sum(1 for due in dues if due is not None and due <= horizon)


class FollowUpsDue:
    """The §141 follow-ups due, as a sequence the pager slices: the stays' base dates are read
    once (ids and dates only) and ordered by next_due's date; each page then loads its own
    rows with prices (away_rows)."""

    def __init__(self, user, today: datetime.date, *, within_days: int = FOLLOW_UP_WITHIN_DAYS):
        self.user = user
        self.today = today
        self.horizon = today + datetime.timedelta(days=within_days)
        self._ids: list[int] | None = None

    def ids(self) -> list[int]:
        if self._ids is None:
            dues = []
            for pk, started_on, last in _follow_up_bases(self.user, self.today, self.horizon):
                due = _due(started_on, last)
                if due is not None and due <= self.horizon:
                    dues.append((due, pk))
            self._ids = [pk for _, pk in sorted(dues)]
        return self._ids

    def count(self) -> int:
        return len(self.ids())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids()[index]
        if not ids:
            return []
        stays = citizens_at_offers(self.user, self.today).filter(pk__in=ids)
        rows = {r.stay.pk: r for r in away_rows(stays, self.today)}
        return [rows[pk] for pk in ids if pk in rows]


def follow_ups_due(
    user, today: datetime.date, *, within_days: int = FOLLOW_UP_WITHIN_DAYS
) -> list[AwayRow]:
    """The §141 follow-ups with the shelters that are due within `within_days` (or overdue)
    and not booked: the authority's citizens at §110 shelters, own and bought, soonest due
    first. The exact date is meetings.rules.next_due's. All rows; the worklist pages them
    (FollowUpsDue) and the home page counts them (follow_ups_due_count)."""
    rows = FollowUpsDue(user, today, within_days=within_days)
    return rows[:]
