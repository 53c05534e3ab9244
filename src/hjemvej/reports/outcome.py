"""The yearly outcome report of an offer or a municipality (DOMAIN.md §6, §7), computed by pure
functions over plain records that selectors.load_year() reads from the database.

Every figure keeps the records behind it (`Figure.rows`), so a user allowed to see them can open
the figure to its citizens; analysts get the counts only, with small counts suppressed."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hjemvej.courses.rules import add_months
from hjemvej.economics.reimbursement import Tally
from hjemvej.housing.models import IncomeSource
from hjemvej.meetings.rules import LIVING_CHOICES, LIVING_ON_OWN
from hjemvej.plans import rules as plan_rules
from hjemvej.stays.rules import DESTINATIONS, OCCUPATION_CHOICES, WORK_OR_EDUCATION

# The benchmarks the municipalities quote (DOMAIN.md §6).
BENCHMARK_MARKS = [("CTI 88 %", Decimal(88)), ("Housing First 80–85 %", Decimal(80))]
BENCHMARK_TEXT = "Til sammenligning: 88 % efter et CTI-forløb, 80–85 % i Housing First."

# Length of stay in nights: (label, lowest, highest) — the shelters' own experience is 12–18
# months for half of their residents (DOMAIN.md §3), so the buckets go beyond a year.
LENGTH_BUCKETS = [
    ("Under 1 måned", 0, 30),
    ("1–3 måneder", 31, 91),
    ("3–6 måneder", 92, 182),
    ("6–12 måneder", 183, 365),
    ("12–18 måneder", 366, 547),
    ("Over 18 måneder", 548, None),
]

COURSE_OWN_HOME = "own_home"
COURSE_OWN_HOME_SUPPORT = "own_home_support"
COURSE_DROPPED_OUT = "dropped_out"


@dataclass(frozen=True)
class StayRecord:
    ref: str
    citizen_id: int
    offer: str
    started_on: datetime.date
    ended_on: datetime.date | None
    destination: str = ""
    occupation_after: str = ""
    weekly_norm: Decimal | None = None


@dataclass(frozen=True)
class CourseRecord:
    ref: str
    citizen_id: int
    name: str
    started_on: datetime.date
    ended_on: datetime.date | None
    outcome: str = ""
    weekly_norm: Decimal | None = None


@dataclass(frozen=True)
class MoveRecord:
    citizen_id: int
    moved_on: datetime.date
    returned_on: datetime.date | None
    source: str = ""


@dataclass(frozen=True)
class SubGoalRecord:
    citizen_id: int
    text: str
    scores: tuple[tuple[datetime.date, int], ...]  # staff scores


@dataclass(frozen=True)
class FollowUpRecord:
    citizen_id: int
    held_on: datetime.date
    living_situation: str


@dataclass(frozen=True)
class YouthRecord:
    """A §110 stay of a citizen under the youth age that began in the year (issue 15), with the
    alternative the acting municipality offered and the answer ("" while not recorded)."""

    citizen_id: int
    offer: str
    started_on: datetime.date
    alternative: str = ""
    answer: str = ""


@dataclass(frozen=True)
class TreatmentPlanRecord:
    """A treatment plan in force in the year, with the citizen's own treatment goal ("" when
    not chosen yet): stop, reduce or stabilise (DOMAIN.md §2, Pitstop)."""

    citizen_id: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    goal: str = ""


@dataclass(frozen=True)
class IncomeRecord:
    """A period of a citizen's income (housing.Income); `valid_to` inclusive, None runs on."""

    citizen_id: int
    source: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None


@dataclass(frozen=True)
class YearFollowUpRecord:
    """The follow-up 12 months after a move to own home (courses.FollowUpTask), done on `on`."""

    citizen_id: int
    on: datetime.date


@dataclass(frozen=True)
class TrackStepRecord:
    code: str
    due_on: datetime.date | None
    done_on: datetime.date | None
    status: str  # "open", "done" or "not_relevant"


@dataclass(frozen=True)
class TrackRecord:
    """A citizen's track (Herning's strategy: health, employment, communities) with its steps."""

    citizen_id: int
    kind: str
    name: str
    started_on: datetime.date
    ended_on: datetime.date | None
    status: str  # "active", "goal_met" or "stopped"
    steps: tuple[TrackStepRecord, ...] = ()

    def done(self, code: str, by: datetime.date) -> TrackStepRecord | None:
        return next(
            (
                s
                for s in self.steps
                if s.code == code and s.status == "done" and s.done_on and s.done_on <= by
            ),
            None,
        )


@dataclass
class YearData:
    year: int
    stays: list[StayRecord] = field(default_factory=list)
    courses: list[CourseRecord] = field(default_factory=list)
    moves: list[MoveRecord] = field(default_factory=list)
    sub_goals: list[SubGoalRecord] = field(default_factory=list)
    follow_ups: list[FollowUpRecord] = field(default_factory=list)
    support_minutes: dict[int, int] = field(default_factory=dict)  # citizen id → minutes
    money: Tally = field(default_factory=Tally)
    money_rows: list[Row] = field(default_factory=list)
    money_note: str = ""
    priced: bool = False  # at least one stay had a daily rate from a cost sheet
    # The municipality's policy "no one under 25 at a shelter" (Herning) adds its figures.
    youth_policy: bool = False
    youth: list[YouthRecord] = field(default_factory=list)
    treatment_plans: list[TreatmentPlanRecord] = field(default_factory=list)
    incomes: list[IncomeRecord] = field(default_factory=list)
    year_follow_ups: list[YearFollowUpRecord] = field(default_factory=list)
    tracks: list[TrackRecord] = field(default_factory=list)


def _show(value: object) -> str:
    """A value in a row's text: a date as dd.mm.yyyy, a missing date as "–"."""
    if isinstance(value, datetime.date):
        return _d(value)
    return "–" if value is None else str(value)


class Row:
    """One record behind a figure. Its text is written when it is read: `template` with the
    `args` filled in (`str.format`, dates as dd.mm.yyyy, None as "–"), or `template(*args)`
    when it is a function. A national report holds hundreds of thousands of rows, and only
    the rows of the figure a user opens are ever read; writing all their texts took longer
    than computing the report."""

    __slots__ = ("_args", "_template", "citizen_id", "on")

    def __init__(
        self,
        citizen_id: int,
        on: datetime.date | None,
        template: str | Callable[..., str],
        *args: Any,
    ) -> None:
        self.citizen_id = citizen_id
        self.on = on
        self._template = template
        self._args = args

    @property
    def text(self) -> str:
        template = self._template
        if not isinstance(template, str):
            return template(*self._args)
        if not self._args:
            return template
        return template.format(*map(_show, self._args))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return (self.citizen_id, self.on, self.text) == (other.citizen_id, other.on, other.text)

    def __hash__(self) -> int:
        return hash((self.citizen_id, self.on, self.text))

    def __repr__(self) -> str:
        return f"Row({self.citizen_id!r}, {self.on!r}, {self.text!r})"


@dataclass
class Figure:
    key: str
    label: str
    count: int | None = None  # how many citizens or records
    total: int | None = None  # of how many (for shares)
    value: Decimal | None = None  # a measure: days, points, hours, kroner
    unit: str = ""
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    basis: int | None = None  # how many records a measure rests on (for suppression)

    @property
    def share(self) -> Decimal | None:
        if self.count is None or not self.total:
            return None
        return percent(self.count, self.total)


@dataclass
class Section:
    title: str
    figures: list[Figure]
    chart: str = ""  # "bars" or "shares": how the section is drawn
    text: str = ""


@dataclass
class Report:
    year: int
    sections: list[Section]

    def figure(self, key: str) -> Figure | None:
        for section in self.sections:
            for f in section.figures:
                if f.key == key:
                    return f
        return None


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _overlaps(start: datetime.date, end: datetime.date | None, year: int) -> bool:
    first, last = year_bounds(year)
    return start <= last and (end is None or end >= first)


def _days_in_year(start: datetime.date, end: datetime.date | None, year: int) -> int:
    """Days of a stay or course inside the year (the end day not counted, as with nights)."""
    first, last = year_bounds(year)
    lo = max(start, first)
    hi = min(end, last + datetime.timedelta(days=1)) if end else last + datetime.timedelta(days=1)
    return max(0, (hi - lo).days)


def _ended_in(end: datetime.date | None, year: int) -> bool:
    return end is not None and end.year == year


# What ended or was entitled, in a row's text: "Ophold på <offer>" or the course's name.
_STAY, _COURSE = "Ophold på ", ""


def _change_text(text: str, first: int, latest: int, change: int) -> str:
    return f"Delmål «{text}»: {first} → {latest} ({plan_rules.format_change(change)})"


def _delivered_text(minutes: int) -> str:
    return f"{(Decimal(minutes) / 60).quantize(Decimal('0.1'), ROUND_HALF_UP)} timer leveret"


def length_bucket(nights: int) -> str:
    for label, lo, hi in LENGTH_BUCKETS:
        if nights >= lo and (hi is None or nights <= hi):
            return label
    raise ValueError(nights)


def _d(d: datetime.date | None) -> str:
    # As strftime("%d.%m.%Y"), several times faster (a national report has 100,000s of dates).
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}" if d else "–"


@dataclass(frozen=True)
class _Year:
    """The records of the report year that every section reads."""

    year: int
    stays: list[StayRecord]  # overlapping the year
    courses: list[CourseRecord]
    ended_stays: list[StayRecord]  # ended in the year
    ended_courses: list[CourseRecord]


def compute(data: YearData) -> Report:
    """All figures of the year, one section at a time. Pure: the same data gives the same
    report."""
    y = data.year
    stays = [s for s in data.stays if _overlaps(s.started_on, s.ended_on, y)]
    courses = [c for c in data.courses if _overlaps(c.started_on, c.ended_on, y)]
    year = _Year(
        y,
        stays,
        courses,
        [s for s in stays if _ended_in(s.ended_on, y)],
        [c for c in courses if _ended_in(c.ended_on, y)],
    )
    return Report(
        year=y,
        sections=[
            _citizens_section(year),
            _length_section(year),
            _destination_section(year),
            _own_home_section(year),
            _returns_section(data.moves, y),
            _level_section(data.sub_goals, y),
            _work_section(year),
            _course_section(year),
            _one_year_after_section(data.follow_ups, y),
            *_income_sections(year, data),
            _support_section(year, data.support_minutes),
            _money_section(data),
        ]
        + ([_treatment_goal_section(data.treatment_plans, y)] if data.treatment_plans else [])
        + ([_youth_section(data.youth, y)] if data.youth_policy else [])
        + ([_tracks_section(data.tracks, y)] if data.tracks else []),
    )


def _citizens_section(year: _Year) -> Section:
    """Citizens served: everyone with a stay or a course in the year."""
    served_rows = [
        Row(s.citizen_id, s.started_on, "Ophold på {} {}–{}", s.offer, s.started_on, s.ended_on)
        for s in year.stays
    ] + [
        Row(c.citizen_id, c.started_on, "{} {}–{}", c.name, c.started_on, c.ended_on)
        for c in year.courses
    ]
    served = Figure(
        "served",
        "Borgere i tilbuddet i året",
        count=len({r.citizen_id for r in served_rows}),
        rows=served_rows,
    )
    started = Figure(
        "started",
        "Nye ophold og forløb i året",
        count=sum(1 for s in year.stays if s.started_on.year == year.year)
        + sum(1 for c in year.courses if c.started_on.year == year.year),
        rows=[r for r in served_rows if r.on and r.on.year == year.year],
    )
    return Section("Borgere", [served, started])


def _length_section(year: _Year) -> Section:
    """Length of the stays that ended in the year."""
    lengths = [((s.ended_on - s.started_on).days, s) for s in year.ended_stays if s.ended_on]
    median = (
        Decimal(str(statistics.median(n for n, _ in lengths))).quantize(Decimal("0.1"))
        if lengths
        else None
    )
    length_rows = [
        Row(
            s.citizen_id,
            s.ended_on,
            "{} nætter på {} ({}–{})",
            n,
            s.offer,
            s.started_on,
            s.ended_on,
        )
        for n, s in lengths
    ]
    figures = [
        Figure(
            "length_median",
            "Median opholdslængde (afsluttede ophold)",
            value=median,
            unit="nætter",
            rows=length_rows,
            basis=len(lengths),
        )
    ]
    by_bucket: dict[str, list[Row]] = {label: [] for label, _lo, _hi in LENGTH_BUCKETS}
    for (n, _s), row in zip(lengths, length_rows, strict=True):  # one pass, in the stays' order
        by_bucket[length_bucket(n)].append(row)
    for i, (label, _lo, _hi) in enumerate(LENGTH_BUCKETS):
        rows = by_bucket[label]
        figures.append(Figure(f"length-{i}", label, count=len(rows), total=len(lengths), rows=rows))
    return Section("Opholdslængde", figures, chart="bars")


def _destination_section(year: _Year) -> Section:
    """Discharges by destination."""
    figures = []
    lower = {code: label.lower() for code, (label, _category) in DESTINATIONS.items()}
    by_code: dict[str, list[Row]] = {code: [] for code in DESTINATIONS}
    for s in year.ended_stays:  # one pass, in the stays' order
        if s.destination in by_code:
            by_code[s.destination].append(
                Row(
                    s.citizen_id,
                    s.ended_on,
                    "Fraflyttet {} {}: {}",
                    s.offer,
                    s.ended_on,
                    lower[s.destination],
                )
            )
    for code, (label, _category) in DESTINATIONS.items():
        rows = by_code[code]
        figures.append(
            Figure(
                f"destination-{code}",
                label,
                count=len(rows),
                total=len(year.ended_stays),
                rows=rows,
            )
        )
    return Section("Fraflytninger efter destination", figures, chart="bars")


def _own_home_section(year: _Year) -> Section:
    """Own home after the stay or course, with and without support, beside the benchmarks."""
    endings = [
        (s.citizen_id, s.ended_on, s.destination, _STAY, s.offer) for s in year.ended_stays
    ] + [(c.citizen_id, c.ended_on, c.outcome, _COURSE, c.name) for c in year.ended_courses]
    without = [
        Row(cid, on, "{}{} sluttede {}: egen bolig uden støtte", kind, what, on)
        for cid, on, result, kind, what in endings
        if result == COURSE_OWN_HOME
    ]
    with_support = [
        Row(cid, on, "{}{} sluttede {}: egen bolig med støtte", kind, what, on)
        for cid, on, result, kind, what in endings
        if result == COURSE_OWN_HOME_SUPPORT
    ]
    n_endings = len(endings)
    own_home = [
        Figure(
            "own_home",
            "Egen bolig i alt",
            count=len(without) + len(with_support),
            total=n_endings,
            rows=without + with_support,
        ),
        Figure("own_home_without", "Egen bolig uden støtte", len(without), n_endings, rows=without),
        Figure(
            "own_home_with",
            "Egen bolig med støtte",
            len(with_support),
            n_endings,
            rows=with_support,
        ),
    ]
    return Section(
        "Egen bolig efter ophold eller forløb", own_home, chart="shares", text=BENCHMARK_TEXT
    )


def _returns_section(all_moves: list[MoveRecord], y: int) -> Section:
    """Returns to homelessness within 12 months of a move to own home in the year."""
    moves = [m for m in all_moves if m.moved_on.year == y]
    returned = [
        Row(
            m.citizen_id,
            m.returned_on,
            "Flyttede i egen bolig {}, tilbage i hjemløshed {}",
            m.moved_on,
            m.returned_on,
        )
        for m in moves
        if m.returned_on is not None and m.returned_on <= add_months(m.moved_on, 12)
    ]
    returns = Figure(
        "returns",
        "Tilbage i hjemløshed inden for 12 måneder",
        count=len(returned),
        total=len(moves),
        rows=returned,
        note="Af årets flytninger til egen bolig; flytninger sent på året er fulgt kortere tid.",
    )
    return Section("Tilbagefald", [returns], chart="shares")


def _level_section(sub_goals: list[SubGoalRecord], y: int) -> Section:
    """Average change of the functional level, baseline to the latest staff score in the year."""
    _first, last_day = year_bounds(y)
    changes: list[int] = []
    change_rows: list[Row] = []
    for sg in sub_goals:
        points = [plan_rules.Point(on, v) for on, v in sg.scores if on <= last_day]
        change = plan_rules.change(points)
        if change is None:
            continue
        base, latest = plan_rules.baseline(points), plan_rules.latest(points)
        changes.append(change)
        assert base is not None and latest is not None
        change_rows.append(
            Row(
                sg.citizen_id,
                latest.on,
                _change_text,
                sg.text,
                base.value,
                latest.value,
                change,
            )
        )
    level = Figure(
        "level_change",
        "Gennemsnitlig ændring i funktionsniveau (0–4)",
        value=plan_rules.average_change(changes),
        unit="point",
        rows=change_rows,
        basis=len(changes),
        note="Fra første til seneste score pr. delmål; et negativt tal er fremgang.",
    )
    return Section("Funktionsniveau", [level])


def _work_section(year: _Year) -> Section:
    """Work or education after the stay (recorded at discharge)."""
    recorded = [s for s in year.ended_stays if s.occupation_after]
    occupation_label = {code: label.lower() for code, label in OCCUPATION_CHOICES}
    work_rows = [
        Row(
            s.citizen_id,
            s.ended_on,
            "Fraflyttet {} {}: {}",
            s.offer,
            s.ended_on,
            occupation_label[s.occupation_after],
        )
        for s in recorded
        if s.occupation_after in WORK_OR_EDUCATION
    ]
    work = Figure(
        "work_education",
        "I arbejde eller uddannelse efter opholdet",
        count=len(work_rows),
        total=len(recorded),
        rows=work_rows,
        note=f"Af de {len(recorded)} afsluttede ophold, hvor det er registreret ved udskrivningen "
        f"(ikke registreret: {len(year.ended_stays) - len(recorded)}).",
    )
    return Section("Arbejde og uddannelse", [work], chart="shares")


def _treatment_goal_section(records: list[TreatmentPlanRecord], y: int) -> Section:
    """The citizens' own treatment goals on the treatment plans in force in the year."""
    plans = [r for r in records if _overlaps(r.starts_on, r.ends_on, y)]
    figures = []
    for code, label in [*plan_rules.TREATMENT_GOALS, ("", "Ikke valgt endnu")]:
        lower = label.lower()
        rows = [
            Row(r.citizen_id, r.starts_on, "Behandlingsplan fra {}: {}", r.starts_on, lower)
            for r in plans
            if r.goal == code
        ]
        figures.append(
            Figure(f"treatment_goal-{code or 'none'}", label, len(rows), len(plans), rows=rows)
        )
    return Section(
        "Behandlingsmål (borgerens eget valg)",
        figures,
        chart="shares",
        text="Borgeren vælger selv målet for behandlingen: ophør, reduktion eller stabilisering.",
    )


def _youth_section(records: list[YouthRecord], y: int) -> Section:
    """Under-25 shelter stays begun in the year, the alternatives offered and how many were
    accepted (a municipality's policy, e.g. Herning: as a rule no one under 25 at a shelter)."""
    youth = [r for r in records if r.started_on.year == y]
    stays = [
        Row(r.citizen_id, r.started_on, "Ophold på {} fra {}", r.offer, r.started_on) for r in youth
    ]
    offered = [
        Row(r.citizen_id, r.started_on, "Alternativ tilbudt ({}, {})", r.offer, r.started_on)
        for r in youth
        if r.alternative
    ]
    accepted = [
        Row(r.citizen_id, r.started_on, "Tog imod alternativet ({}, {})", r.offer, r.started_on)
        for r in youth
        if r.alternative and r.answer == "accepted"
    ]
    return Section(
        "Unge under 25 år på herberg",
        [
            Figure("youth_stays", "Herbergsophold for unge under 25 år", len(stays), rows=stays),
            Figure(
                "youth_offered",
                "Tilbudt et alternativ",
                len(offered),
                len(stays),
                rows=offered,
            ),
            Figure(
                "youth_accepted",
                "Tog imod alternativet",
                len(accepted),
                len(offered),
                rows=accepted,
            ),
        ],
        chart="shares",
        text="Kommunens politik: som hovedregel bor ingen borger under 25 år på et herberg. "
        "Borgeren optages som alle andre og tilbydes et alternativ.",
    )


def _course_section(year: _Year) -> Section:
    """Drop-outs against courses followed as planned."""
    ended = year.ended_courses
    dropped = [
        Row(c.citizen_id, c.ended_on, "{} stoppet før tid {}", c.name, c.ended_on)
        for c in ended
        if c.outcome == COURSE_DROPPED_OUT
    ]
    planned = [
        Row(c.citizen_id, c.ended_on, "{} afsluttet {}", c.name, c.ended_on)
        for c in ended
        if c.outcome != COURSE_DROPPED_OUT
    ]
    figures = [
        Figure("dropped_out", "Stoppet før tid", len(dropped), len(ended), rows=dropped),
        Figure("as_planned", "Gennemført som planlagt", len(planned), len(ended), rows=planned),
    ]
    return Section("Forløb: frafald og gennemførelse", figures, chart="shares")


def _one_year_after_section(all_follow_ups: list[FollowUpRecord], y: int) -> Section:
    """Living on their own a year after (the follow-up conversations held in the year)."""
    follow_ups = [f for f in all_follow_ups if f.held_on.year == y and f.living_situation]
    living_label = {code: label.lower() for code, label in LIVING_CHOICES}
    on_own = [
        Row(
            f.citizen_id,
            f.held_on,
            "Samtale {}: {}",
            f.held_on,
            living_label[f.living_situation],
        )
        for f in follow_ups
        if f.living_situation in LIVING_ON_OWN
    ]
    living = Figure(
        "living_on_own",
        "Bor selv et år efter (ingen eller begrænset støtte)",
        count=len(on_own),
        total=len(follow_ups),
        rows=on_own,
        note="Fra opfølgningssamtalerne et år efter forløbet, holdt i året.",
    )
    return Section("Et år efter", [living], chart="shares")


NO_INCOME = "unrecorded"


def income_source_on(incomes: list[IncomeRecord], day: datetime.date) -> str:
    """The citizen's income source on `day` (the periods do not overlap), or NO_INCOME."""
    for i in incomes:
        if i.valid_from <= day and (i.valid_to is None or day <= i.valid_to):
            return i.source
    return NO_INCOME


def _income_figures(key: str, events: list[tuple[int, datetime.date, str]], by_citizen) -> list:
    """One bar per income source (and "not recorded") over the events (citizen, day, what)."""
    labels = [*IncomeSource.choices, (NO_INCOME, "Ikke registreret")]
    sources = [income_source_on(by_citizen.get(cid, []), on) for cid, on, _ in events]
    figures = []
    for code, label in labels:
        rows = [
            Row(cid, on, f"{what}: {label.lower()}")
            for (cid, on, what), source in zip(events, sources, strict=True)
            if source == code
        ]
        figures.append(Figure(f"{key}-{code}", label, len(rows), len(events), rows=rows))
    return figures


def _income_sections(year: _Year, data: YearData) -> list[Section]:
    """What the citizens live on when they leave a stay, and at the follow-up a year after they
    moved to their own home (DOMAIN.md §9: income decides housing)."""
    by_citizen: dict[int, list[IncomeRecord]] = {}
    for i in data.incomes:
        by_citizen.setdefault(i.citizen_id, []).append(i)
    discharges = [
        (s.citizen_id, s.ended_on, f"Udskrevet fra {s.offer} {_d(s.ended_on)}")
        for s in year.ended_stays
        if s.ended_on is not None
    ]
    follow_ups = [
        (f.citizen_id, f.on, f"Opfølgning et år efter flytning {_d(f.on)}")
        for f in data.year_follow_ups
        if f.on.year == year.year
    ]
    return [
        Section(
            "Indkomst ved udskrivning",
            _income_figures("income_discharge", discharges, by_citizen),
            chart="bars",
            text="Borgerens indkomstkilde på udskrivningsdagen (afsluttede ophold i året).",
        ),
        Section(
            "Indkomst et år efter flytning",
            _income_figures("income_year_after", follow_ups, by_citizen),
            chart="bars",
            text="Borgerens indkomstkilde ved opfølgningen 12 måneder efter flytning til egen "
            "bolig (opfølgninger udført i året).",
        ),
    ]


def _support_section(year: _Year, support_minutes: dict[int, int]) -> Section:
    """Support delivered against entitlement."""
    entitled = Decimal(0)
    entitled_rows: list[Row] = []
    for cid, start, end, norm, kind, what in [
        (s.citizen_id, s.started_on, s.ended_on, s.weekly_norm, _STAY, s.offer) for s in year.stays
    ] + [
        (c.citizen_id, c.started_on, c.ended_on, c.weekly_norm, _COURSE, c.name)
        for c in year.courses
    ]:
        if norm is None:
            continue
        days = _days_in_year(start, end, year.year)
        hours = (norm * days / 7).quantize(Decimal("0.01"), ROUND_HALF_UP)
        entitled += hours
        entitled_rows.append(
            Row(cid, start, "{}{}: {} dage à {} t/uge = {} t", kind, what, days, norm, hours)
        )
    delivered_minutes = sum(support_minutes.values())
    delivered = (Decimal(delivered_minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)
    support_rows = [
        Row(cid, None, _delivered_text, m) for cid, m in sorted(support_minutes.items())
    ]
    support = [
        Figure(
            "support_delivered",
            "Leveret støtte",
            value=delivered,
            unit="timer",
            rows=support_rows,
            basis=len(support_rows),
        ),
        Figure(
            "support_entitled",
            "Borgernes ret til støtte",
            value=entitled.quantize(Decimal("0.1"), ROUND_HALF_UP),
            unit="timer",
            rows=entitled_rows,
            basis=len(entitled_rows),
        ),
    ]
    if entitled:
        support.append(
            Figure(
                "support_share",
                "Leveret i procent af retten",
                value=(delivered * 100 / entitled).quantize(Decimal("0.1"), ROUND_HALF_UP),
                unit="%",
                rows=support_rows,
                basis=len(support_rows),
            )
        )
    return Section("Støttetimer", support)


def _money_section(data: YearData) -> Section:
    """The year's nights and money (from economics.pricing via selectors._add_money)."""
    m = data.money
    n_money = len({r.citizen_id for r in data.money_rows})

    def amount(key: str, label: str, value: Decimal) -> Figure:
        return Figure(
            key,
            label,
            value=value if data.priced else None,
            unit="kr",
            rows=data.money_rows,
            basis=n_money,
        )

    money = [
        Figure(
            "nights", "Overnatninger i året", count=m.nights, rows=data.money_rows, basis=n_money
        ),
        amount("gross", "Udgift (brutto)", m.gross),
        amount("own_payment", "Borgernes egenbetaling", m.own_payment),
        amount("reimbursement", "Statsrefusion (§110)", m.reimbursement),
        amount("net", "Kommunens nettoudgift", m.net),
    ]
    return Section("Økonomi", money, text=data.money_note)


# Herning's tracks (tracks.models.TrackKind) and the steps whose completion the strategy counts.
TRACK_KINDS = [
    ("health", "Forebyggelse og sundhed"),
    ("employment", "Beskæftigelse"),
    ("community", "Meningsfulde fællesskaber"),
]
TRACK_GOAL_STEPS = [
    ("health", "health_team_contact", "track_health_team", "Kontakt til sundhedsteamet"),
    ("health", "hepatitis_vaccination", "track_vaccinated", "Vaccineret mod hepatitis"),
    ("employment", "bridge", "track_bridge", "I brobygning til arbejde eller uddannelse"),
]


def _tracks_section(records: list[TrackRecord], y: int) -> Section:
    """The strategy's goals: citizens started on each track, steps done on time, health-team
    contact and vaccination on the health track, the bridge to work or education on the
    employment track, and communities the citizen seeks alone when the track ends."""
    _, last = year_bounds(y)
    tracks = [t for t in records if _overlaps(t.started_on, t.ended_on, y)]
    figures = []
    for kind, label in TRACK_KINDS:
        started = [
            Row(t.citizen_id, t.started_on, f"{t.name} startet {_d(t.started_on)}")
            for t in tracks
            if t.kind == kind and t.started_on.year == y
        ]
        figures.append(
            Figure(f"track_started-{kind}", f"Startet: {label.lower()}", len(started), rows=started)
        )
    done = [
        (t, s)
        for t in tracks
        for s in t.steps
        if s.status == "done" and s.done_on is not None and s.done_on.year == y
    ]
    on_time = [
        Row(
            t.citizen_id, s.done_on, f"{t.name}: trin udført {_d(s.done_on)} (frist {_d(s.due_on)})"
        )
        for t, s in done
        if s.due_on is None or (s.done_on is not None and s.done_on <= s.due_on)
    ]
    figures.append(
        Figure(
            "track_steps_on_time",
            "Trin udført til tiden",
            len(on_time),
            len(done),
            rows=on_time,
            note="Af de trin, der er udført i året.",
        )
    )
    for kind, code, key, label in TRACK_GOAL_STEPS:
        of_kind = [t for t in tracks if t.kind == kind]
        rows = []
        for t in of_kind:
            step = t.done(code, last)
            if step is not None:
                rows.append(
                    Row(t.citizen_id, step.done_on, f"{t.name}: {label.lower()} {_d(step.done_on)}")
                )
        figures.append(Figure(key, label, len(rows), len(of_kind), rows=rows))
    ended = [t for t in tracks if t.kind == "community" and _ended_in(t.ended_on, y)]
    alone = [
        Row(
            t.citizen_id,
            t.ended_on,
            f"{t.name} afsluttet {_d(t.ended_on)}: opsøger selv fællesskaber",
        )
        for t in ended
        if t.status == "goal_met"
    ]
    figures.append(
        Figure(
            "track_community_alone",
            "Opsøger selv fællesskaber, da sporet slutter",
            len(alone),
            len(ended),
            rows=alone,
            note="Af de spor for meningsfulde fællesskaber, der er afsluttet i året.",
        )
    )
    return Section(
        "Strategiens spor: sundhed, beskæftigelse og fællesskaber",
        figures,
        text="Hjemløsestrategiens mål (Herning): sundhedsteamet og vaccination, kontakt til "
        "beskæftigelse og brobygning, og fællesskaber borgeren selv opsøger.",
    )
