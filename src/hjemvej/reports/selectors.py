"""Who may see which report, and the plain records the reports are computed from.

A fixed number of queries per report, whatever the number of citizens."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality, Unit
from hjemvej.common.perf import without_collector
from hjemvej.common.templatetags.hjemvej import kr
from hjemvej.courses.models import Course, FollowUpTask, MoveToOwnHome, SupportEntry
from hjemvej.courses.selectors import support_norms
from hjemvej.economics import pricing, reimbursement
from hjemvej.economics.selectors import daily_rates, reimbursement_rules
from hjemvej.housing.models import Income
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import LegalBasis
from hjemvej.people.models import Citizen
from hjemvej.plans.models import Plan, Score, ScoredBy
from hjemvej.reports import count, outcome
from hjemvej.stays.models import Flag, Stay
from hjemvej.tracks.models import Track, TrackStep

# ---------------------------------------------------------------- who may see what


@dataclass
class Scope:
    """What a report covers: one offer, or all the offers of a municipality."""

    title: str
    municipality: Municipality
    units: list[Unit]
    unit: Unit | None = None
    params: dict = field(default_factory=dict)

    @property
    def unit_ids(self) -> list[int]:
        return [u.pk for u in self.units]


def report_units(user) -> list[Unit]:
    """The offers whose report the user may see."""
    municipality_ids = policy.report_municipality_ids(user)
    managed = policy.managed_unit_ids(user)
    return list(
        Unit.objects.filter(kind=Unit.Kind.OFFER)
        .filter(Q(municipality_id__in=municipality_ids) | Q(pk__in=managed))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def report_municipalities(user) -> list[Municipality]:
    return list(Municipality.objects.filter(pk__in=policy.report_municipality_ids(user)))


def scope_for(user, params) -> Scope:
    """The scope asked for in `params` (tilbud=<unit uuid> or kommune=<code>), or 404."""
    if not policy.may_use_reports(user):
        raise Http404
    unit_uuid, code = params.get("tilbud"), params.get("kommune")
    if unit_uuid:
        unit = next((u for u in report_units(user) if str(u.uuid) == unit_uuid), None)
        if unit is None:
            raise Http404
        return Scope(unit.name, unit.municipality, [unit], unit, {"tilbud": str(unit.uuid)})
    municipality = next((m for m in report_municipalities(user) if str(m.code) == code), None)
    if municipality is None:
        raise Http404
    units = list(
        Unit.objects.filter(municipality=municipality, kind=Unit.Kind.OFFER).select_related(
            "municipality"
        )
    )
    return Scope(f"{municipality.name} Kommune", municipality, units, None, {"kommune": code})


def year_choices(today: datetime.date) -> list[int]:
    return list(range(today.year, today.year - 6, -1))


# ---------------------------------------------------------------- the yearly outcome report


def load_year(scope: Scope, year: int) -> outcome.YearData:
    """The plain records of the report's year: a fixed number of queries."""
    unit_ids = scope.unit_ids
    norms = support_norms(unit_ids)
    stay_rows = _stay_rows(unit_ids, year)
    stays = [_stay_record(s, norms) for s in stay_rows]
    courses = _course_records(unit_ids, year, norms)
    data = outcome.YearData(
        year=year,
        stays=stays,
        courses=courses,
        moves=_move_records(unit_ids, year),
        sub_goals=_sub_goal_records(unit_ids, year),
        follow_ups=_follow_up_records(unit_ids, year),
        support_minutes=_support_minutes(unit_ids, year),
        treatment_plans=_treatment_plan_records(unit_ids, year),
    )
    data.tracks = _track_records(scope, year)
    _add_money(data, stay_rows, unit_ids, year)
    data.year_follow_ups = _year_follow_up_records(unit_ids, year)
    data.incomes = _income_records(unit_ids, year)
    if scope.municipality.youth_shelter_policy:
        data.youth_policy = True
        data.youth = _youth_records(scope, year)
    return data


def _treatment_plan_records(unit_ids: list[int], year: int) -> list[outcome.TreatmentPlanRecord]:
    """The offers' treatment plans in force in the year, with the citizen's treatment goal."""
    first, last = outcome.year_bounds(year)
    return [
        outcome.TreatmentPlanRecord(
            p["citizen_id"], p["starts_on"], p["ends_on"], p["treatment_goal"]
        )
        for p in Plan.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=first),
            kind=Plan.Kind.TREATMENT,
            unit_id__in=unit_ids,
            starts_on__lte=last,
        )
        .values("citizen_id", "starts_on", "ends_on", "treatment_goal")
        .order_by("starts_on", "pk")
    ]


def _track_records(scope: Scope, year: int) -> list[outcome.TrackRecord]:
    """The tracks overlapping the year, with their steps (two queries): the municipality's
    citizens' tracks, or the tracks one offer owns."""
    first, last = outcome.year_bounds(year)
    where = Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    if scope.unit is None:
        where &= Q(citizen__acting_municipality=scope.municipality) | Q(
            unit__municipality=scope.municipality
        )
    else:
        where &= Q(unit_id=scope.unit.pk)
    tracks = list(
        Track.objects.filter(where)
        .values("pk", "citizen_id", "kind", "template__name", "started_on", "ended_on", "status")
        .order_by("started_on", "pk")
    )
    steps: dict[int, list[outcome.TrackStepRecord]] = defaultdict(list)
    for s in (
        TrackStep.objects.filter(track_id__in=[t["pk"] for t in tracks])
        .values("track_id", "code", "due_on", "done_on", "status")
        .order_by("track_id", "number")
    ):
        steps[s["track_id"]].append(
            outcome.TrackStepRecord(s["code"], s["due_on"], s["done_on"], s["status"])
        )
    return [
        outcome.TrackRecord(
            t["citizen_id"],
            t["kind"],
            t["template__name"],
            t["started_on"],
            t["ended_on"],
            t["status"],
            tuple(steps[t["pk"]]),
        )
        for t in tracks
    ]


def _youth_records(scope: Scope, year: int) -> list[outcome.YouthRecord]:
    """Flagged under-25 shelter stays begun in the year: the municipality's citizens wherever
    they stay (the alternative is the acting municipality's duty), or the one offer's stays."""
    first, last = outcome.year_bounds(year)
    where = Q(flags__kind=Flag.Kind.UNDER_25, started_on__range=(first, last))
    if scope.unit is None:
        where &= Q(citizen__acting_municipality=scope.municipality)
    else:
        where &= Q(offer__unit_id=scope.unit.pk)
    return [
        outcome.YouthRecord(
            s["citizen_id"],
            s["offer__unit__name"],
            s["started_on"],
            s["youth_alternative__alternative"] or "",
            s["youth_alternative__answer"] or "",
        )
        for s in Stay.objects.filter(where)
        .values(
            "citizen_id",
            "offer__unit__name",
            "started_on",
            "youth_alternative__alternative",
            "youth_alternative__answer",
        )
        .order_by("started_on", "pk")
    ]


def _overlapping(year: int) -> Q:
    first, last = outcome.year_bounds(year)
    return Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))


def _stay_rows(unit_ids: list[int], year: int) -> list[Any]:
    return list(
        Stay.objects.filter(_overlapping(year), offer__unit_id__in=unit_ids)
        .values(
            "pk",
            "uuid",
            "citizen_id",
            "offer__unit_id",
            "offer__unit__name",
            "offer__legal_basis",
            "started_on",
            "ended_on",
            "destination",
            "occupation_after",
            "own_payment_per_night",
            "price_per_night",
        )
        .order_by("started_on", "pk")
    )


def _stay_record(s: Any, norms: dict) -> outcome.StayRecord:
    return outcome.StayRecord(
        ref=str(s["uuid"]),
        citizen_id=s["citizen_id"],
        offer=s["offer__unit__name"],
        started_on=s["started_on"],
        ended_on=s["ended_on"],
        destination=s["destination"],
        occupation_after=s["occupation_after"],
        weekly_norm=norms.get(s["offer__unit_id"]),
    )


def _course_records(unit_ids: list[int], year: int, norms: dict) -> list[outcome.CourseRecord]:
    return [
        outcome.CourseRecord(
            ref=str(c["uuid"]),
            citizen_id=c["citizen_id"],
            name=c["template__name"],
            started_on=c["started_on"],
            ended_on=c["ended_on"],
            outcome=c["outcome"],
            weekly_norm=c["weekly_support_hours"] or norms.get(c["unit_id"]),
        )
        for c in Course.objects.filter(_overlapping(year), unit_id__in=unit_ids)
        .values(
            "uuid",
            "citizen_id",
            "template__name",
            "unit_id",
            "started_on",
            "ended_on",
            "outcome",
            "weekly_support_hours",
        )
        .order_by("started_on", "pk")
    ]


def _move_records(unit_ids: list[int], year: int) -> list[outcome.MoveRecord]:
    first, last = outcome.year_bounds(year)
    return [
        outcome.MoveRecord(m["citizen_id"], m["moved_on"], m["returned_on"], m["source"])
        for m in MoveToOwnHome.objects.filter(
            unit_id__in=unit_ids, moved_on__range=(first, last)
        ).values("citizen_id", "moved_on", "returned_on", "source")
    ]


def _sub_goal_records(unit_ids: list[int], year: int) -> list[outcome.SubGoalRecord]:
    """The staff's scores of the served citizens' sub-goals up to the end of the year. The
    served citizens (a stay or a course in the year) as subqueries: a national report has tens
    of thousands."""
    _first, last = outcome.year_bounds(year)
    scores: dict[int, list] = defaultdict(list)
    texts: dict[int, tuple[int, str]] = {}
    stayed = Stay.objects.filter(_overlapping(year), offer__unit_id__in=unit_ids)
    followed = Course.objects.filter(_overlapping(year), unit_id__in=unit_ids)
    for s in (
        Score.objects.filter(
            Q(sub_goal__goal__plan__citizen_id__in=stayed.values("citizen_id"))
            | Q(sub_goal__goal__plan__citizen_id__in=followed.values("citizen_id")),
            scored_by=ScoredBy.STAFF,
            sub_goal__goal__plan__unit_id__in=unit_ids,
            scored_on__lte=last,
        )
        .values(
            "sub_goal_id",
            "sub_goal__text",
            "sub_goal__goal__plan__citizen_id",
            "scored_on",
            "value",
        )
        .order_by("sub_goal_id", "scored_on", "created_at")
    ):
        scores[s["sub_goal_id"]].append((s["scored_on"], s["value"]))
        texts[s["sub_goal_id"]] = (s["sub_goal__goal__plan__citizen_id"], s["sub_goal__text"])
    return [outcome.SubGoalRecord(texts[k][0], texts[k][1], tuple(v)) for k, v in scores.items()]


def _follow_up_records(unit_ids: list[int], year: int) -> list[outcome.FollowUpRecord]:
    first, last = outcome.year_bounds(year)
    tz = timezone.get_current_timezone()
    return [
        outcome.FollowUpRecord(
            m["citizen_id"], timezone.localtime(m["starts_at"], tz).date(), m["living_situation"]
        )
        for m in Meeting.objects.filter(
            kind=meeting_rules.AFTER_END,
            status=Meeting.Status.HELD,
            unit_id__in=unit_ids,
            citizen__isnull=False,
            starts_at__date__range=(first, last),
        ).values("citizen_id", "starts_at", "living_situation")
    ]


def _year_follow_up_records(unit_ids: list[int], year: int) -> list[outcome.YearFollowUpRecord]:
    """The follow-ups 12 months after a move to own home, done in the year."""
    first, last = outcome.year_bounds(year)
    return [
        outcome.YearFollowUpRecord(t["citizen_id"], t["done_on"])
        for t in FollowUpTask.objects.filter(
            unit_id__in=unit_ids,
            months_after=12,
            done_on__range=(first, last),
        )
        .values("citizen_id", "done_on")
        .order_by("done_on", "pk")
        if t["done_on"] is not None
    ]


def _income_records(unit_ids: list[int], year: int) -> list[outcome.IncomeRecord]:
    """The incomes of the citizens discharged in the year or followed up a year after their
    move (one query; the citizens as subqueries)."""
    first, last = outcome.year_bounds(year)
    discharged = Stay.objects.filter(offer__unit_id__in=unit_ids, ended_on__range=(first, last))
    followed = FollowUpTask.objects.filter(
        unit_id__in=unit_ids, months_after=12, done_on__range=(first, last)
    )
    return [
        outcome.IncomeRecord(i["citizen_id"], i["source"], i["valid_from"], i["valid_to"])
        for i in Income.objects.filter(
            Q(citizen_id__in=discharged.values("citizen_id"))
            | Q(citizen_id__in=followed.values("citizen_id")),
            valid_from__lte=last,
        )
        .values("citizen_id", "source", "valid_from", "valid_to")
        .order_by("citizen_id", "valid_from")
    ]


def _support_minutes(unit_ids: list[int], year: int) -> dict[int, int]:
    first, last = outcome.year_bounds(year)
    return {
        r["citizen_id"]: r["minutes"]
        for r in SupportEntry.objects.filter(unit_id__in=unit_ids, date__range=(first, last))
        .values("citizen_id")
        .annotate(minutes=Sum("minutes"))
        .order_by("citizen_id")
    }


def _span(s: Any) -> pricing.StaySpan:
    return pricing.StaySpan(
        ref=s["pk"],
        citizen=str(s["citizen_id"]),
        unit_id=s["offer__unit_id"],
        start=s["started_on"],
        end=s["ended_on"],
        own_payment_per_night=s["own_payment_per_night"],
        price_per_night=s["price_per_night"],
    )


def _add_money(data: outcome.YearData, stay_rows: list[Any], unit_ids, year: int) -> None:
    """The year's costs from economics.pricing: each night × the daily rate of the cost sheet in
    force for its year, the citizens' own payment, and the §110 reimbursement. A citizen's §110
    stays share running years, so each citizen's §110 stays at any offer are counted (from the
    first night that can count, `reimbursement.counted_from`), and the nights of the report's
    offers in the report year are priced and summed."""
    first, last = outcome.year_bounds(year)
    cut = last + datetime.timedelta(days=1)
    rules = reimbursement_rules()
    # The citizens with a §110 stay in the report (as a subquery: a national report has tens
    # of thousands of them).
    shelter_citizens = Stay.objects.filter(
        _overlapping(year), offer__unit_id__in=unit_ids, offer__legal_basis=LegalBasis.SEL_110
    ).values("citizen_id")
    # Stays that ended before the first night that can count towards a limit change nothing in
    # the year (reimbursement.counted_from); the earlier nights are counted, not priced.
    history = min(reimbursement.counted_from(rules) or first, first)
    # As plain tuples in no particular order (the counter orders each citizen's stays).
    spans = [
        pricing.StaySpan(pk, str(citizen), unit_id, start, end, own, price)
        for pk, citizen, unit_id, start, end, own, price in Stay.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=history),
            citizen_id__in=shelter_citizens,
            offer__legal_basis=LegalBasis.SEL_110,
            started_on__lt=cut,
        )
        .values_list(
            "pk",
            "citizen_id",
            "offer__unit_id",
            "started_on",
            "ended_on",
            "own_payment_per_night",
            "price_per_night",
        )
        .order_by()
    ]
    rates = daily_rates({span.unit_id for span in spans} | set(unit_ids))
    in_scope = {s["pk"]: s for s in stay_rows}
    money = pricing.year_money(spans, rates, rules, year)
    for span, (tally, sheet) in zip(spans, money, strict=True):
        if not tally.nights:
            continue
        s = in_scope.get(span.ref)
        if s is None:
            continue
        data.priced = data.priced or sheet is not None
        data.money.add(tally)
        data.money_rows.append(_money_row(s["citizen_id"], s, tally))
    for s in stay_rows:
        if s["offer__legal_basis"] == LegalBasis.SEL_110:
            continue
        gross = pricing.gross_in_year(_span(s), rates, year)
        if gross is None or not gross.nights:
            continue
        data.priced = True
        data.money.add(gross)
        data.money_rows.append(_money_row(s["citizen_id"], s, gross))
    without_rate = sorted(
        {
            s["offer__unit__name"]
            for s in stay_rows
            if not rates.priced(s["offer__unit_id"]) and s["price_per_night"] is None
        }
    )
    data.money_note = (
        "Døgnprisen er fra tilbuddets takstblad for året; refusion efter de gældende regler "
        "for §110. Forløb og ambulant støtte er ikke prissat her."
        + (f" Uden takstblad (ikke prissat): {', '.join(without_rate)}." if without_rate else "")
    )


def _money_text(name: str, tally: reimbursement.Tally) -> str:
    return (
        f"Ophold på {name}: {tally.nights} nætter i året, brutto {kr(tally.gross)}, "
        f"egenbetaling {kr(tally.own_payment)}, refusion {kr(tally.reimbursement)} "
        f"({tally.reimbursed_nights} nætter)"
    )


def _money_row(citizen_id: int, s: Any, tally: reimbursement.Tally) -> outcome.Row:
    # The text is written when a user opens the figure (outcome.Row): formatting the kroner of
    # every stay of a national report takes longer than computing them.
    return outcome.Row(citizen_id, s["started_on"], _money_text, s["offer__unit__name"], tally)


@without_collector
def outcome_report(scope: Scope, year: int) -> outcome.Report:
    return outcome.compute(load_year(scope, year))


@without_collector
def year_reimbursement(
    year: int,
) -> tuple[dict[tuple[int, int], reimbursement.Tally], reimbursement.Tally]:
    """The nights, money and state reimbursement of every §110 stay in `year`, all offers, per
    month: the stays of the citizens who stayed in the year, counted back to the first night
    that can count (`reimbursement.counted_from`), and the year's nights priced by the offers'
    cost sheets (economics.pricing). Three queries, whatever the number of stays.

    All §110 stays since the first night that can count are read in one pass, and the citizens
    without a stay in the year are left out here: a subquery for those citizens made
    PostgreSQL read the stays twice and hash every citizen (40 % of the query's time)."""
    first, last = outcome.year_bounds(year)
    cut = last + datetime.timedelta(days=1)
    rules = reimbursement_rules()
    history = min(reimbursement.counted_from(rules) or first, first)
    rows = list(
        Stay.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=history),
            offer__legal_basis=LegalBasis.SEL_110,
            started_on__lt=cut,
        )
        .values_list(
            "pk",
            "citizen_id",
            "offer__unit_id",
            "started_on",
            "ended_on",
            "own_payment_per_night",
            "price_per_night",
        )
        .order_by()
    )
    # The citizens who stayed in the year (outcome._overlaps); their stays ended by `history`
    # change nothing in the year (reimbursement.counted_from) and are not read.
    stayed = {
        citizen
        for _pk, citizen, _unit, start, end, _own, _price in rows
        if start <= last and (end is None or end >= first)
    }
    spans = [
        pricing.StaySpan(pk, str(citizen), unit_id, start, end, own, price)
        for pk, citizen, unit_id, start, end, own, price in rows
        if citizen in stayed
    ]
    rates = daily_rates({span.unit_id for span in spans})
    stays, _owners = pricing.priced_stays(spans, rates, until=cut, since=first)
    return reimbursement.reimbursement_totals(stays, rules, since=first)


# ---------------------------------------------------------------- the records behind a figure


@dataclass
class DrillRow:
    citizen: Citizen
    on: datetime.date | None
    text: str


def drill_rows(user, figure: outcome.Figure) -> tuple[list[DrillRow], int]:
    """The records behind a figure that the user may see, and how many they may not see."""
    ids = {r.citizen_id for r in figure.rows}
    visible = {
        c.pk: c
        for c in policy.visible_citizens(user)
        .filter(pk__in=ids)
        .only("uuid", "first_name", "last_name", "birth_date")
    }
    rows = [
        DrillRow(visible[r.citizen_id], r.on, r.text)
        for r in figure.rows
        if r.citizen_id in visible
    ]
    # The citizen's id last: the report's rows come in no fixed order between namesakes.
    rows.sort(
        key=lambda r: (
            r.citizen.last_name,
            r.citizen.first_name,
            r.on or datetime.date.min,
            r.citizen.pk,
        )
    )
    return rows, len(figure.rows) - len(rows)


# ---------------------------------------------------------------- the national count

# A stay at these offers is itself a homelessness situation in the count.
# Ågården's emergency homes (§99) and the Housing First group's temporary homes are homes
# without a permanent contract; skæve boliger and §107 youth housing are not homelessness.
STAY_CATEGORY: dict[str, str] = {
    LegalBasis.SEL_110: "shelter",
    LegalBasis.SEL_99: "transitional",
    LegalBasis.HOUSING_FIRST: "transitional",
}


def count_municipalities(user) -> list[Municipality]:
    """Managers and analysts take part in the count for their municipalities."""
    return list(Municipality.objects.filter(pk__in=policy.finance_municipality_ids(user)))


@without_collector
def load_count(
    municipalities: list[Municipality], monday: datetime.date, sunday: datetime.date
) -> list[count.CountRow]:
    """Two queries: the stays and returns around the week, each with its citizen's
    municipality, birth date and gender (a third query binding the tens of thousands of
    citizens' ids cost more than both)."""
    ids = [m.pk for m in municipalities]
    horizon = monday - datetime.timedelta(days=count.RECENT_DAYS)
    events: list[count.Event] = []
    people: dict[int, count.Person] = {}
    citizen = ("citizen__acting_municipality__name", "citizen__birth_date", "citizen__gender")
    stays = (
        Stay.objects.filter(citizen__acting_municipality_id__in=ids, started_on__lte=sunday)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=horizon))
        .values_list(
            "citizen_id",
            "started_on",
            "ended_on",
            "destination",
            "residential",
            "offer__legal_basis",
            *citizen,
        )
        # The stays' own order, the latest begun first: count.situation takes the first stay.
        .order_by("-started_on")
    )
    for cid, started, ended, destination, residential, basis, town, born, gender in stays:
        if cid not in people:
            people[cid] = count.Person(cid, town, born, gender)
        category = STAY_CATEGORY.get(basis) if residential else None
        if category:
            events.append(count.Event(cid, started, ended, category))
        if ended and destination:
            events.append(count.Event(cid, ended, None, f"discharge:{destination}"))
    returns = MoveToOwnHome.objects.filter(
        citizen__acting_municipality_id__in=ids, returned_on__range=(horizon, sunday)
    ).values_list("citizen_id", "returned_on", *citizen)
    for cid, returned, town, born, gender in returns:
        if cid not in people:
            people[cid] = count.Person(cid, town, born, gender)
        events.append(count.Event(cid, returned, None, "return"))
    return count.national_count(list(people.values()), events, monday, sunday)
