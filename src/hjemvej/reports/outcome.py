"""The yearly outcome report of an offer or a municipality (DOMAIN.md §6, §7), computed by pure
functions over plain records that selectors.load_year() reads from the database.

Every figure keeps the records behind it (`Figure.rows`), so a user allowed to see them can open
the figure to its citizens; analysts get the counts only, with small counts suppressed."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from hjemvej.courses.rules import add_months
from hjemvej.economics.reimbursement import Tally
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


@dataclass(frozen=True)
class Row:
    """One record behind a figure."""

    citizen_id: int
    on: datetime.date | None
    text: str


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


def length_bucket(nights: int) -> str:
    for label, lo, hi in LENGTH_BUCKETS:
        if nights >= lo and (hi is None or nights <= hi):
            return label
    raise ValueError(nights)


def _d(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def compute(data: YearData) -> Report:
    """All figures of the year. Pure: the same data gives the same report."""
    y = data.year
    stays = [s for s in data.stays if _overlaps(s.started_on, s.ended_on, y)]
    courses = [c for c in data.courses if _overlaps(c.started_on, c.ended_on, y)]
    ended_stays = [s for s in stays if _ended_in(s.ended_on, y)]
    ended_courses = [c for c in courses if _ended_in(c.ended_on, y)]

    # Citizens served: everyone with a stay or a course in the year.
    served_rows = [
        Row(s.citizen_id, s.started_on, f"Ophold på {s.offer} {_d(s.started_on)}–{_d(s.ended_on)}")
        for s in stays
    ] + [
        Row(c.citizen_id, c.started_on, f"{c.name} {_d(c.started_on)}–{_d(c.ended_on)}")
        for c in courses
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
        count=sum(1 for s in stays if s.started_on.year == y)
        + sum(1 for c in courses if c.started_on.year == y),
        rows=[r for r in served_rows if r.on and r.on.year == y],
    )

    # Length of the stays that ended in the year.
    lengths = [((s.ended_on - s.started_on).days, s) for s in ended_stays if s.ended_on]
    median = (
        Decimal(str(statistics.median(n for n, _ in lengths))).quantize(Decimal("0.1"))
        if lengths
        else None
    )
    length_rows = [
        Row(
            s.citizen_id,
            s.ended_on,
            f"{n} nætter på {s.offer} ({_d(s.started_on)}–{_d(s.ended_on)})",
        )
        for n, s in lengths
    ]
    length_figures = [
        Figure(
            "length_median",
            "Median opholdslængde (afsluttede ophold)",
            value=median,
            unit="nætter",
            rows=length_rows,
            basis=len(lengths),
        )
    ]
    for i, (label, _lo, _hi) in enumerate(LENGTH_BUCKETS):
        rows = [
            r for (n, _), r in zip(lengths, length_rows, strict=True) if length_bucket(n) == label
        ]
        length_figures.append(
            Figure(f"length-{i}", label, count=len(rows), total=len(lengths), rows=rows)
        )

    # Discharges by destination (stays) and course outcomes.
    destination_figures = []
    for code, (label, _category) in DESTINATIONS.items():
        rows = [
            Row(s.citizen_id, s.ended_on, f"Fraflyttet {s.offer} {_d(s.ended_on)}: {label.lower()}")
            for s in ended_stays
            if s.destination == code
        ]
        destination_figures.append(
            Figure(f"destination-{code}", label, count=len(rows), total=len(ended_stays), rows=rows)
        )

    # Own home after the stay or course, with and without support, beside the benchmarks.
    endings = [
        (s.citizen_id, s.ended_on, s.destination, f"Ophold på {s.offer}") for s in ended_stays
    ] + [(c.citizen_id, c.ended_on, c.outcome, c.name) for c in ended_courses]
    without = [
        Row(cid, on, f"{what} sluttede {_d(on)}: egen bolig uden støtte")
        for cid, on, result, what in endings
        if result == COURSE_OWN_HOME
    ]
    with_support = [
        Row(cid, on, f"{what} sluttede {_d(on)}: egen bolig med støtte")
        for cid, on, result, what in endings
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

    # Returns to homelessness within 12 months of a move to own home in the year.
    moves = [m for m in data.moves if m.moved_on.year == y]
    returned = [
        Row(
            m.citizen_id,
            m.returned_on,
            f"Flyttede i egen bolig {_d(m.moved_on)}, tilbage i hjemløshed {_d(m.returned_on)}",
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

    # Average change of the functional level, baseline to the latest staff score in the year.
    _first, last_day = year_bounds(y)
    changes: list[int] = []
    change_rows: list[Row] = []
    for sg in data.sub_goals:
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
                f"Delmål «{sg.text}»: {base.value} → {latest.value} "
                f"({plan_rules.format_change(change)})",
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

    # Work or education after the stay (recorded at discharge).
    recorded = [s for s in ended_stays if s.occupation_after]
    occupation_label = dict(OCCUPATION_CHOICES)
    work_rows = [
        Row(
            s.citizen_id,
            s.ended_on,
            f"Fraflyttet {s.offer} {_d(s.ended_on)}: {occupation_label[s.occupation_after].lower()}",
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
        f"(ikke registreret: {len(ended_stays) - len(recorded)}).",
    )

    # Drop-outs against courses followed as planned.
    dropped = [
        Row(c.citizen_id, c.ended_on, f"{c.name} stoppet før tid {_d(c.ended_on)}")
        for c in ended_courses
        if c.outcome == COURSE_DROPPED_OUT
    ]
    planned = [
        Row(c.citizen_id, c.ended_on, f"{c.name} afsluttet {_d(c.ended_on)}")
        for c in ended_courses
        if c.outcome != COURSE_DROPPED_OUT
    ]
    course_figures = [
        Figure("dropped_out", "Stoppet før tid", len(dropped), len(ended_courses), rows=dropped),
        Figure(
            "as_planned", "Gennemført som planlagt", len(planned), len(ended_courses), rows=planned
        ),
    ]

    # Living on their own a year after (the follow-up conversations held in the year).
    follow_ups = [f for f in data.follow_ups if f.held_on.year == y and f.living_situation]
    living_label = dict(LIVING_CHOICES)
    on_own = [
        Row(
            f.citizen_id,
            f.held_on,
            f"Samtale {_d(f.held_on)}: {living_label[f.living_situation].lower()}",
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

    # Support delivered against entitlement.
    entitled = Decimal(0)
    entitled_rows: list[Row] = []
    for cid, start, end, norm, what in [
        (s.citizen_id, s.started_on, s.ended_on, s.weekly_norm, f"Ophold på {s.offer}")
        for s in stays
    ] + [(c.citizen_id, c.started_on, c.ended_on, c.weekly_norm, c.name) for c in courses]:
        if norm is None:
            continue
        days = _days_in_year(start, end, y)
        hours = (norm * days / 7).quantize(Decimal("0.01"), ROUND_HALF_UP)
        entitled += hours
        entitled_rows.append(Row(cid, start, f"{what}: {days} dage à {norm} t/uge = {hours} t"))
    delivered_minutes = sum(data.support_minutes.values())
    delivered = (Decimal(delivered_minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)
    support_rows = [
        Row(cid, None, f"{(Decimal(m) / 60).quantize(Decimal('0.1'), ROUND_HALF_UP)} timer leveret")
        for cid, m in sorted(data.support_minutes.items())
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

    m = data.money
    n_money = len({r.citizen_id for r in data.money_rows})
    money = [
        Figure(
            "nights", "Overnatninger i året", count=m.nights, rows=data.money_rows, basis=n_money
        ),
        Figure(
            "gross",
            "Udgift (brutto)",
            value=m.gross if data.priced else None,
            unit="kr",
            rows=data.money_rows,
            basis=n_money,
        ),
        Figure(
            "own_payment",
            "Borgernes egenbetaling",
            value=m.own_payment if data.priced else None,
            unit="kr",
            rows=data.money_rows,
            basis=n_money,
        ),
        Figure(
            "reimbursement",
            "Statsrefusion (§110)",
            value=m.reimbursement if data.priced else None,
            unit="kr",
            rows=data.money_rows,
            basis=n_money,
        ),
        Figure(
            "net",
            "Kommunens nettoudgift",
            value=m.net if data.priced else None,
            unit="kr",
            rows=data.money_rows,
            basis=n_money,
        ),
    ]

    return Report(
        year=y,
        sections=[
            Section("Borgere", [served, started]),
            Section("Opholdslængde", length_figures, chart="bars"),
            Section("Fraflytninger efter destination", destination_figures, chart="bars"),
            Section(
                "Egen bolig efter ophold eller forløb",
                own_home,
                chart="shares",
                text=BENCHMARK_TEXT,
            ),
            Section("Tilbagefald", [returns], chart="shares"),
            Section("Funktionsniveau", [level]),
            Section("Arbejde og uddannelse", [work], chart="shares"),
            Section("Forløb: frafald og gennemførelse", course_figures, chart="shares"),
            Section("Et år efter", [living], chart="shares"),
            Section("Støttetimer", support),
            Section("Økonomi", money, text=data.money_note),
        ],
    )
