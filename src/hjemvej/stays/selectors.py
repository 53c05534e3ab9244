"""Reads for the occupancy board, the occupancy chart, the worklists and a citizen's stays.
Each runs a fixed number of queries whatever the number of citizens (tests prove it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from hjemvej.access import policy
from hjemvej.common import dates
from hjemvej.common.db import InIds, RowsByIds
from hjemvej.deadlines.models import Task
from hjemvej.economics.money import ZERO
from hjemvej.economics.pricing import (
    BringHomeSaving,
    DailyRates,
    StaySpan,
    bring_home_saving,
    yearly_cost,
)
from hjemvej.economics.reimbursement import (
    Rule,
    RunningYearStatus,
    counted_from,
    running_year_status,
)
from hjemvej.economics.selectors import daily_rates, reimbursement_rules
from hjemvej.offers.models import LegalBasis, Offer, Operator, ReferralStatus
from hjemvej.people.models import Citizen
from hjemvej.stays.models import OPEN_PLAN_STATUSES, Placement, Stay
from hjemvej.stays.rules import BRING_HOME_SOON_DAYS


def _shelter_stays_prefetch() -> Prefetch:
    return Prefetch(
        "citizen__stays",
        queryset=Stay.objects.filter(offer__legal_basis=LegalBasis.SEL_110).only(
            "id", "citizen_id", "started_on", "ended_on"
        ),
        to_attr="shelter_stays",
    )


def reimbursement_for(
    stay: Stay, today: datetime.date, rules: list[Rule]
) -> RunningYearStatus | None:
    """The running year of a §110 stay's citizen (needs the `shelter_stays` prefetch); `rules`
    from economics.selectors.reimbursement_rules()."""
    if stay.offer.legal_basis != LegalBasis.SEL_110:
        return None
    # `shelter_stays` is set by _shelter_stays_prefetch().
    shelter_stays = stay.citizen.shelter_stays  # type: ignore[attr-defined]
    return running_year_status([(s.started_on, s.ended_on) for s in shelter_stays], today, rules)


def citizen_running_year(stays: list[Stay], today: datetime.date) -> RunningYearStatus | None:
    """The citizen page's running year, from the citizen's stays (any offers)."""
    spans = [(s.started_on, s.ended_on) for s in stays if s.offer.is_shelter]
    if not spans:
        return None
    return running_year_status(spans, today, reimbursement_rules())


@dataclass
class BoardRow:
    room: object | None
    stay: Stay | None
    visible: bool = True
    nights: int = 0
    running_year: RunningYearStatus | None = None


@dataclass
class Board:
    offer: Offer
    rows: list[BoardRow]
    occupied: int
    capacity: int | None
    waiting: int = 0
    flags: int = 0


def occupancy_board(*, user, offer: Offer, today: datetime.date) -> Board:
    # One offer's rooms: the rooms' default order begins with the offer's own (municipality and
    # unit name), which joined three tables to sort rows that all share it.
    rooms = list(offer.rooms.order_by("position", "name"))
    stays = list(
        Stay.objects.filter(offer=offer, ended_on__isnull=True, started_on__lte=today)
        .select_related("citizen", "room", "offer")
        .prefetch_related("flags", _shelter_stays_prefetch())
        .order_by("started_on")
    )
    visible = set(
        policy.visible_citizens(user)
        .filter(pk__in=[s.citizen_id for s in stays])
        .order_by()
        .values_list("pk", flat=True)
    )
    by_room = {s.room_id: s for s in stays if s.room_id}
    rules = reimbursement_rules() if offer.is_shelter else []
    rows = []
    for room in rooms:
        stay = by_room.get(room.pk)
        rows.append(_row(room, stay, visible, today, rules))
    for stay in stays:
        if stay.room_id is None:
            rows.append(_row(None, stay, visible, today, rules))

    waiting = offer.referrals.filter(status=ReferralStatus.WAITING).count()
    capacity = len(rooms) if rooms else offer.places
    return Board(
        offer=offer,
        rows=rows,
        occupied=len(stays),
        capacity=capacity,
        waiting=waiting,
        flags=sum(len(s.flags.all()) for s in stays),
    )


def _row(room, stay, visible, today, rules) -> BoardRow:
    if stay is None:
        return BoardRow(room=room, stay=None)
    return BoardRow(
        room=room,
        stay=stay,
        visible=stay.citizen_id in visible,
        nights=stay.nights_until(today),
        running_year=reimbursement_for(stay, today, rules),
    )


@dataclass
class SeriesPoint:
    day: datetime.date
    occupied: int


def occupancy_series(*, offer: Offer, today: datetime.date, weeks: int = 12) -> list[SeriesPoint]:
    """Occupied places on each Monday of the last `weeks` weeks and today: one query."""
    first = today - datetime.timedelta(weeks=weeks)
    spans = list(
        Stay.objects.filter(offer=offer, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first))
        .values_list("started_on", "ended_on")
    )
    days = [first + datetime.timedelta(weeks=i) for i in range(weeks)] + [today]
    return [
        SeriesPoint(
            day=day, occupied=sum(1 for s, e in spans if s <= day and (e is None or e > day))
        )
        for day in days
    ]


@dataclass
class Worklist:
    """The home page's stay worklist. Each list holds at most WORKLIST_LIMIT rows; the counts
    say how many there are in all (the full lists are paginated pages of their own)."""

    arrivals: list[Stay] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    open_tasks: list[Task] = field(default_factory=list)
    reimbursement: list[tuple[Stay, RunningYearStatus]] = field(default_factory=list)
    long_stays: list[tuple[Stay, int]] = field(default_factory=list)
    arrivals_count: int = 0
    overdue_count: int = 0
    open_tasks_count: int = 0
    # At most WORKLIST_LIMIT, as the lists.
    reimbursement_count: int = 0
    long_stays_count: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.arrivals
            or self.overdue
            or self.open_tasks
            or self.reimbursement
            or self.long_stays
        )


ARRIVAL_DAYS = 7
REIMBURSEMENT_WARNING_NIGHTS = 14
WORKLIST_LIMIT = 50


@dataclass
class _Scope:
    municipality_ids: set[int]
    unit_ids: set[int]
    visible: QuerySet | RawSQL  # policy.visible_citizen_ids


def _worklist_scope(user) -> _Scope:
    return _Scope(
        policy.authority_municipality_ids(user),
        policy.staff_unit_ids(user),
        policy.visible_citizen_ids(user),
    )


def _municipality_citizens(scope: _Scope) -> QuerySet:
    # A subquery, not a join to the citizens: inside an OR a join made PostgreSQL hash every
    # citizen of the installation for each list.
    return Citizen.objects.filter(acting_municipality_id__in=scope.municipality_ids).values("pk")


def _scoped_stays(scope: _Scope) -> QuerySet[Stay]:
    where = Q(citizen_id__in=_municipality_citizens(scope)) | Q(offer__unit_id__in=scope.unit_ids)
    return Stay.objects.filter(where, citizen_id__in=scope.visible).select_related(
        "citizen", "offer__unit", "room"
    )


def arrivals(*, user, today: datetime.date) -> QuerySet[Stay]:
    """Stays that began in the last ARRIVAL_DAYS days, newest first."""
    since = today - datetime.timedelta(days=ARRIVAL_DAYS)
    return (
        _scoped_stays(_worklist_scope(user))
        .filter(started_on__gte=since)
        .order_by("-started_on", "-id")
    )


def _open_tasks(scope: _Scope) -> QuerySet[Task]:
    where = (
        Q(municipality_id__in=scope.municipality_ids)
        | Q(unit_id__in=scope.unit_ids)
        | Q(kind=Task.Kind.NOTIFY, citizen_id__in=_municipality_citizens(scope))
    )
    return Task.objects.filter(where, done_on__isnull=True, citizen_id__in=scope.visible)


def open_tasks(*, user, overdue: bool, today: datetime.date) -> QuerySet[Task]:
    """The stay tasks not done yet, overdue ones or the rest, by deadline."""
    due = Q(due_on__lt=today) if overdue else Q(due_on__gte=today)
    return (
        _open_tasks(_worklist_scope(user))
        .filter(due)
        # What the lists show: the citizen, the task and its stay's offer (not the task's
        # unit or municipality; an offer is named by its unit).
        .select_related("citizen", "stay__offer__unit")
        # Only the columns the lists show (50 rows of five models: their timestamps alone
        # were 400 date-times to parse a page).
        .only(
            *("uuid", "kind", "due_on", "citizen", "stay"),
            *("citizen__uuid", "citizen__first_name", "citizen__last_name"),
            *("stay__uuid", "stay__offer", "stay__offer__unit", "stay__offer__unit__name"),
        )
        .order_by("due_on", "id")
    )


def open_task_counts(*, user, today: datetime.date) -> dict[str, int]:
    """How many of open_tasks are overdue and how many are not: one query, so the visible
    citizens are gathered once for both counts."""
    return _open_tasks(_worklist_scope(user)).aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)),
        upcoming=Count("id", filter=Q(due_on__gte=today)),
    )


def worklist(*, user, today: datetime.date, rows: bool = True) -> Worklist:
    """The authority's (and the offers') list of what needs doing about stays: a fixed number
    of queries and at most WORKLIST_LIMIT rows per list, however many citizens there are.

    With `rows=False` (the home page, which shows only the counts) no row is loaded as an
    object: the lists stay empty and the counts say how many there are."""
    rules = reimbursement_rules()
    wl = Worklist()
    arrived = arrivals(user=user, today=today)
    if rows:
        wl.arrivals = list(arrived[:WORKLIST_LIMIT])
    wl.arrivals_count = arrived.count()
    # Open shelter stays: each is judged for the reimbursement limit and its length. They are
    # read as rows of numbers (the stay, the citizen's §110 stays); only the stays shown are
    # loaded as objects – at national scale a caseload holds hundreds of open shelter stays.
    active_shelter = list(
        _scoped_stays(_worklist_scope(user))
        .filter(ended_on__isnull=True, offer__legal_basis=LegalBasis.SEL_110)
        .order_by("started_on", "id")
        .values_list("id", "citizen_id", "started_on")
    )
    spans: dict[int, list[tuple[datetime.date, datetime.date | None]]] = {}
    # The citizens' ids bound as one array (common.db.InIds): bound one by one, hundreds of
    # them cost more to send than the query takes. Stays ended before the first night that
    # counts towards a limit (economics.reimbursement.counted_from) change no running year.
    counted = counted_from(rules)
    for citizen_id, started_on, ended_on in (
        Stay.objects.filter(
            InIds("citizen_id", {citizen_id for _, citizen_id, _ in active_shelter}),
            offer__legal_basis=LegalBasis.SEL_110,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=counted or datetime.date.min))
        .values_list("citizen_id", "started_on", "ended_on")
    ):
        spans.setdefault(citizen_id, []).append((started_on, ended_on))
    warnings: list[tuple[int, RunningYearStatus]] = []
    long_stays: list[tuple[int, int]] = []
    # Both lists keep their first WORKLIST_LIMIT stays in this order (oldest first) and the
    # counts stop there too, so the judging stops once both are full or can grow no more: the
    # running year (economics) is worked out only for the stays up to the 50th warning, not for
    # every open shelter stay of the caseload. A stay's months only fall as its start gets
    # later, so after the first stay under 12 months no later one is long.
    long_done = False
    for stay_id, citizen_id, started_on in active_shelter:
        if len(warnings) < WORKLIST_LIMIT:
            ry = running_year_status(spans.get(citizen_id, []), today, rules)
            if ry is not None and ry.nights_left <= REIMBURSEMENT_WARNING_NIGHTS:
                warnings.append((stay_id, ry))
        if not long_done:
            months = dates.months_between(started_on, today)
            if months >= 12:
                long_stays.append((stay_id, 18 if months >= 18 else 12))
            long_done = months < 12 or len(long_stays) == WORKLIST_LIMIT
        if long_done and len(warnings) == WORKLIST_LIMIT:
            break
    wl.reimbursement_count, wl.long_stays_count = len(warnings), len(long_stays)
    # The open tasks overdue and not yet due, counted in one pass over the open tasks.
    counts = open_task_counts(user=user, today=today)
    wl.overdue_count, wl.open_tasks_count = counts["overdue"], counts["upcoming"]
    if not rows:
        return wl
    # `or {0}` (no such stay): one query also when nothing is shown, so the page's query count
    # does not depend on the data.
    shown = Stay.objects.select_related("citizen", "offer__unit", "room").in_bulk(
        {stay_id for stay_id, _ in warnings} | {stay_id for stay_id, _ in long_stays} or {0}
    )
    wl.reimbursement = [(shown[stay_id], ry) for stay_id, ry in warnings]
    wl.long_stays = [(shown[stay_id], months) for stay_id, months in long_stays]
    # The tasks shown found by id in the open tasks' index first (common.db.RowsByIds).
    wl.overdue = RowsByIds(open_tasks(user=user, overdue=True, today=today))[:WORKLIST_LIMIT]
    wl.open_tasks = RowsByIds(open_tasks(user=user, overdue=False, today=today))[:WORKLIST_LIMIT]
    return wl


def citizen_stays_queryset(citizen) -> QuerySet[Stay]:
    """A citizen's stays, newest first, for the stays table (stays/_stays_table.html): only the
    columns the table shows, each stay with its offer and room, and as plain lists its flags
    (`flag_list`), its tasks (`task_list`) and its letters by Digital Post (`letter_list`,
    post.Letter: the §110 stk. 6 notice). Plain lists, not the related managers' caches: a
    manager and a filtered queryset made per stay and relation cost more than the rows."""
    return (
        citizen.stays.select_related("offer__unit", "room")
        .only(
            *("uuid", "citizen", "started_on", "ended_on", "destination", "out_of_turn_reason"),
            *("notice_received_on", "price_per_night", "room__name"),
            # The offer's name is its unit's; is_external reads the operator.
            *("offer__unit__name", "offer__operator", "offer__provider"),
        )
        # The task buttons name the citizen and link to the stay. A stay's tasks are about
        # the stay's citizen: read through the citizen's own manager, each task's `citizen` is
        # the citizen given and its `stay` the stay it was read for, so the page's query count
        # does not grow with the open tasks and no copy of the citizen or the stay is made
        # per task (only more objects for the garbage collector).
        .prefetch_related(
            Prefetch("flags", to_attr="flag_list"),
            Prefetch(
                "tasks",
                queryset=citizen.stay_tasks.only(
                    "uuid", "citizen", "stay", "kind", "due_on", "done_on", "lapsed", "note"
                ),
                to_attr="task_list",
            ),
            Prefetch("letters", to_attr="letter_list"),
        )
        .order_by("-started_on", "-id")
    )


# ---------------------------------------------------------------- stays for economics


def stay_span(stay: Stay, citizen_key: str) -> StaySpan:
    """A stay as economics reads it: dates, unit and own payment, the citizen only as a key."""
    return StaySpan(
        ref=stay.pk,
        citizen=citizen_key,
        unit_id=stay.offer.unit_id,
        start=stay.started_on,
        end=stay.ended_on,
        own_payment_per_night=stay.own_payment_per_night,
        price_per_night=stay.price_per_night,
    )


def _keyed(stays: list[Stay]) -> list[StaySpan]:
    """Citizens keyed "Borger 1", "Borger 2", … in the order met: no person data leaves."""
    keys: dict[int, str] = {}
    return [stay_span(s, keys.setdefault(s.citizen_id, f"Borger {len(keys) + 1}")) for s in stays]


def current_shelter_spans(municipality_ids, today: datetime.date) -> list[StaySpan]:
    """The §110 stays of the citizens now at a shelter (acting municipality among
    `municipality_ids`), with their earlier stays in the last year so running years are right,
    for the economics forecast. Two queries, whatever the number of stays."""
    shelter = Stay.objects.filter(
        offer__legal_basis=LegalBasis.SEL_110, citizen__acting_municipality_id__in=municipality_ids
    ).select_related("offer")
    current = (
        shelter.filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values("citizen_id")
    )
    horizon = today - datetime.timedelta(days=366)
    return _keyed(
        list(
            shelter.filter(citizen_id__in=current)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=horizon))
            .order_by("citizen_id", "started_on")
        )
    )


def unit_spans(unit_id: int, year: int) -> list[StaySpan]:
    """The stays at one offer that overlap a budget year, for the economics budget page."""
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    return _keyed(
        list(
            Stay.objects.filter(offer__unit_id=unit_id, started_on__lt=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
            .select_related("offer")
            .order_by("citizen_id", "started_on")
        )
    )


def citizen_stays(citizen) -> list[Stay]:
    return list(citizen_stays_queryset(citizen))


# ---------------------------------------------------------------- placements and bringing home


def placements_for(user) -> QuerySet[Placement]:
    """Placements in bought offers the user may see: their authority's municipalities, and
    only citizens they may see (need-to-know)."""
    return Placement.objects.filter(
        municipality_id__in=sorted(policy.placement_municipality_ids(user)),
        citizen_id__in=policy.visible_citizen_ids(user),
    )


def _with_names(qs: QuerySet[Placement]) -> QuerySet[Placement]:
    return qs.select_related(
        "citizen", "offer__unit", "local_offer__unit", "responsible", "municipality", "stay"
    )


def untied_bought_stay(citizen: Citizen) -> Stay | None:
    """The citizen's newest open stay at an offer the acting municipality buys that no
    placement is tied to: the new placement form starts from it (`Placement.stay`)."""
    return (
        Stay.objects.filter(
            citizen=citizen,
            ended_on__isnull=True,
            offer__unit__municipality_id=citizen.acting_municipality_id,
        )
        .exclude(offer__operator=Operator.OWN)
        .exclude(placements__isnull=False)
        .select_related("offer")
        .order_by("-started_on", "-pk")
        .first()
    )


def citizen_placements(citizen: Citizen) -> QuerySet[Placement]:
    """A citizen's placements in bought offers, open ones first, newest first."""
    return _with_names(citizen.placements.all()).order_by(
        F("ended_on").desc(nulls_first=True), "-started_on"
    )


@dataclass
class PlacementRow:
    placement: Placement
    money: BringHomeSaving
    overdue: bool  # an open plan whose target date has passed


@dataclass
class BringHomeTotals:
    placements: int = 0
    citizens: int = 0
    cost_per_month: Decimal = ZERO
    cost_per_year: Decimal = ZERO
    saving_per_month: Decimal = ZERO  # over the placements with a local rate
    saving_per_year: Decimal = ZERO
    unpriced: int = 0  # placements without a local offer with a cost sheet
    overdue: int = 0
    without_plan: int = 0


def plan_overdue(status: str, target: datetime.date | None, today: datetime.date) -> bool:
    """An open bring-home plan whose target date has passed."""
    return status in OPEN_PLAN_STATUSES and dates.is_overdue(target, today)


def bring_home_report(
    user, municipality_id: int, today: datetime.date
) -> tuple[BringHomeTotals, QuerySet[Placement], DailyRates]:
    """The bring-home report of one municipality (DOMAIN.md §9): its open placements in bought
    offers that the user may see, the totals (citizens, cost per month and year, the saving if
    brought home at the local offers' rates from their cost sheets, plans past their target
    date), the placements to page through and the rates to price a page's rows with
    (`placement_rows`). Three queries whatever the number of placements."""
    placements = placements_for(user).filter(municipality_id=municipality_id, ended_on__isnull=True)
    facts = list(
        placements.values_list(
            "citizen_id", "cost_per_month", "local_offer__unit_id", "plan_status", "target_date"
        )
    )
    rates = daily_rates({unit_id for _, _, unit_id, _, _ in facts if unit_id is not None})
    totals = BringHomeTotals(placements=len(facts), citizens=len({f[0] for f in facts}))
    for _, cost, unit_id, status, target in facts:
        money = bring_home_saving(cost, unit_id, rates, today.year)
        totals.cost_per_month += money.cost_per_month
        if money.saving_per_month is None:
            totals.unpriced += 1
        else:
            totals.saving_per_month += money.saving_per_month
        totals.overdue += plan_overdue(status, target, today)
        totals.without_plan += not status
    totals.cost_per_year = yearly_cost(totals.cost_per_month)
    totals.saving_per_year = yearly_cost(totals.saving_per_month)
    ordered = _with_names(placements).order_by("target_date", "started_on", "pk")
    return totals, ordered, rates


def placement_rows(placements, rates: DailyRates, today: datetime.date) -> list[PlacementRow]:
    return [
        PlacementRow(
            p,
            bring_home_saving(
                p.cost_per_month,
                p.local_offer.unit_id if p.local_offer else None,
                rates,
                today.year,
            ),
            plan_overdue(p.plan_status, p.target_date, today),
        )
        for p in placements
    ]


def _bring_home_due(placements: QuerySet[Placement], today: datetime.date):
    return placements.filter(
        ended_on__isnull=True,
        plan_status__in=OPEN_PLAN_STATUSES,
        target_date__lte=today + datetime.timedelta(days=BRING_HOME_SOON_DAYS),
    ).order_by("target_date", "pk")


def bring_home_due(user, today: datetime.date) -> QuerySet[Placement]:
    """Open bring-home plans whose target date is within BRING_HOME_SOON_DAYS or passed, for
    the worklist: the user's municipalities' placements of citizens they may see."""
    return _with_names(_bring_home_due(placements_for(user), today))


def bring_home_due_targets(user, today: datetime.date, cap: int) -> list[datetime.date | None]:
    """The target dates of bring_home_due's first `cap` plans, for the home page's count: no
    names loaded, and the citizen's visibility checked plan by plan (a correlated EXISTS on
    the same rule, policy.visible_citizens) for the few plans due, instead of listing every
    citizen the user may see."""
    visible = policy.visible_citizens(user).filter(pk=OuterRef("citizen_id"))
    placements = Placement.objects.filter(
        Exists(visible),
        municipality_id__in=sorted(policy.placement_municipality_ids(user)),
    )
    return list(_bring_home_due(placements, today).values_list("target_date", flat=True)[:cap])
