"""National-scale synthetic data for load tests: `hjemvej generate --citizens N [--seed S]`.

The rows are written with bulk_create in batches, past the services (no audit rows, no
notifications), but they hold what the services would write: CPR numbers that python-stdnum
accepts, stays that never overlap for one citizen or in one room, one relationship per stay (so
offer staff see their citizens), the §110 tasks of each stay, plans with goals, sub-goals and
scores, meetings, courses with phases, support time, housing applications and referrals, from
1 January 2019 to the end of 2026. The 98 municipalities are Denmark's; the demo municipalities
(`hjemvej demo`) get a big caseload, Ishøj about 3 % of all citizens, and the Ishøj shelter's
history is planned room by room over its 9 rooms.

The same seed gives the same data (names, CPR numbers, dates, UUIDs) on the same day; dates
are laid out relative to the day the command runs, so "this week" always has meetings."""

from __future__ import annotations

import datetime
import heapq
import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from hjemvej.accounts.models import Membership, Municipality, Role, Unit, User
from hjemvej.common import dates
from hjemvej.courses.models import Course, CoursePhase, CourseTemplate, SupportEntry
from hjemvej.deadlines.models import Task
from hjemvej.demo import foundation
from hjemvej.demo.municipalities import MUNICIPALITIES, weights
from hjemvej.economics.models import CostSheet
from hjemvej.housing.models import HousingApplication
from hjemvej.journal.models import Note
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings.models import Meeting, Participant
from hjemvej.offers.models import LegalBasis, Offer, Referral, ReferralStatus, Room
from hjemvej.people.models import Citizen, Relationship, fold
from hjemvej.plans import rules as plan_rules
from hjemvej.plans.models import Goal, Plan, Score, SubGoal
from hjemvej.stays import rules as stay_rules
from hjemvej.stays.models import Stay

FIRST_DAY = datetime.date(2019, 1, 1)
LAST_MEETING_DAY = datetime.date(2026, 12, 31)
ISHOJ, COPENHAGEN = 183, 101
ISHOJ_SHELTER = "ishoj-herberg"
DEMO_SLUGS = {183: "ishoj", 151: "ballerup", 657: "herning"}
STAYS_PER_CITIZEN = 5
NOTES_PER_CITIZEN = 20
HEAVY_NOTES = 3000  # one Ishøj citizen with a long history, for the citizen overview benchmark
CHUNK = 2000  # citizens written per transaction
BATCH = 5000  # rows per INSERT
OCCUPANCY = 0.9
TZ = ZoneInfo("Europe/Copenhagen")

NOTE_TEXTS = [
    "Samtale om boligsituationen. Borgeren har søgt bolig gennem boliganvisningen og venter svar.",
    "Borgeren mødte ikke op til aftalen. Ringet op, aftalt ny tid i næste uge.",
    "Kontakt til jobcentret om kontanthjælp. Borgeren er motiveret for et praktikforløb.",
    "Borgeren fortæller om søvnproblemer og har fået tid hos egen læge.",
    "Gennemgang af økonomi: husleje, el og afdrag på gæld til boligforeningen.",
    "Netværksmøde med søster og kontaktperson. Aftalt ugentlige opkald.",
    "Borgeren har deltaget i fællesspisning og gåtur med de andre beboere.",
    "Afgørelse: borgeren er bevilget bostøtte efter servicelovens §85.",
]
PURPOSES = [
    "At borgeren kommer i egen bolig med den støtte, borgeren har brug for.",
    "At borgeren får styr på økonomien og afdrager gælden til boligforeningen.",
    "At borgeren bliver stabil i behandlingen og får en fast døgnrytme.",
]
GOAL_TITLES = [
    "Jeg klarer selv madlavning, indkøb, tøjvask og rengøring.",
    "Jeg betaler min husleje til tiden hver måned.",
    "Jeg har et netværk, jeg kan ringe til, når det er svært.",
    "Jeg går til lægen, når jeg har brug for det.",
]
SUB_GOALS = ["Jeg har en ugeplan.", "Jeg følger planen selv.", "Jeg har PBS på regningerne."]
MEETING_KINDS = [
    meeting_rules.FOLLOWUP_141,
    meeting_rules.MUNICIPALITY_SHELTER,
    meeting_rules.GOAL_YEARLY,
    meeting_rules.TREATMENT_PLAN,
]
DESTINATIONS = list(stay_rules.DESTINATIONS)
OCCUPATIONS = [code for code, _ in stay_rules.OCCUPATION_CHOICES]


@dataclass
class Place:
    """A municipality's authority, its shelter and the two staff users who write its data."""

    municipality: Municipality
    authority: Unit
    shelter: Offer
    rooms: list[int]
    caseworker: User
    shelter_worker: User
    citizens: list[int] = field(default_factory=list)  # indexes into the citizen plan


@dataclass
class CitizenPlan:
    code: int
    first_name: str
    last_name: str
    birth: datetime.date
    male: bool
    cpr: str
    weight: float
    wanted: int  # how many stays this citizen will have at most
    entry: datetime.date  # first day the citizen can arrive at a shelter
    stays: list[tuple[int, datetime.date, datetime.date | None, int]] = field(default_factory=list)
    # (shelter municipality code, start, end or None while open, room id)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    span = max(0, (last - first).days)
    return first + datetime.timedelta(days=rng.randint(0, span))


def _nights(rng: random.Random) -> int:
    """Most stays are short, some last a season, a few more than a year."""
    r = rng.random()
    if r < 0.5:
        return rng.randint(1, 14)
    if r < 0.85:
        return rng.randint(15, 90)
    return rng.randint(91, 400)


MEAN_ROOM_DAYS = 0.5 * 7.5 + 0.35 * 52.5 + 0.15 * 245.5 + 3  # nights plus the gap between stays


def generate(*, citizens: int, seed: int = 1, out: Callable[[str], None] = print) -> None:
    if citizens < 1:
        raise ValueError("Antallet af borgere skal være mindst 1.")
    today = timezone.localdate()
    if not Unit.objects.filter(slug=ISHOJ_SHELTER).exists():
        call_command("demo", no_migrate=True, stdout=_Sink())
    if Unit.objects.filter(slug__startswith="gen-").exists():
        raise ValueError("Databasen har allerede genererede data. Brug en tom database.")
    rng = random.Random(seed)
    writer = _Writer()
    unchecked = writer.postgres and _may_skip_key_checks()
    if writer.postgres:
        with connection.cursor() as cursor:
            # Generated data: a crash mid-way means starting again on an empty database, so the
            # commits need not wait for the disk (this session only).
            cursor.execute("SET synchronous_commit TO off")
            if unchecked:
                # The foreign keys are checked once at the end, set-based, instead of row by row
                # at each commit (half the time of a national load); this session only, and it
                # skips no other rule: the two triggers fire on UPDATE and DELETE, not INSERT.
                cursor.execute("SET session_replication_role TO replica")
    try:
        with transaction.atomic():
            places = _places(rng, citizens)
        plans = _plan_citizens(rng, citizens, places, today)
        _plan_stays(rng, plans, places, today)
        for start in range(0, len(plans), CHUNK):
            chunk_rng = random.Random(f"{seed}-{start}")
            with transaction.atomic():
                _write_chunk(chunk_rng, plans, start, places, today, writer)
            out(f"  {min(start + CHUNK, len(plans)):>7} / {len(plans)} borgere")
        with transaction.atomic():
            _waiting_lists(random.Random(f"{seed}-waiting"), places, writer)
    finally:
        if writer.postgres:
            with connection.cursor() as cursor:
                cursor.execute("RESET session_replication_role")
                cursor.execute("RESET synchronous_commit")
    if unchecked:
        broken = _broken_keys([Unit, Offer, Room, CostSheet, Membership, *writer.models])
        if broken:
            raise ValueError("Genererede rækker peger på rækker, der ikke findes: " + broken)
    if writer.postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out(", ".join(f"{name}: {n}" for name, n in writer.total.items()))


def _may_skip_key_checks() -> bool:
    """session_replication_role needs a superuser; anyone else loads with the row-by-row
    checks (slower, the same data)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def _broken_keys(written: list[type[models.Model]]) -> str:
    """Every foreign key of the tables the generator wrote, checked with one anti-join each:
    the columns whose values point at no row ("" when all hold)."""
    broken = []
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in written:
            for f in model._meta.concrete_fields:
                if not isinstance(f, models.ForeignKey) or not getattr(f, "db_constraint", True):
                    continue
                table, column = q(model._meta.db_table), q(f.column or f.attname)
                target = f.target_field
                parent, key = q(target.model._meta.db_table), q(target.column or target.attname)
                cursor.execute(  # names from the models, quoted; no input
                    f"SELECT count(*) FROM {table} c WHERE c.{column} IS NOT NULL "  # noqa: S608
                    f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = c.{column})"
                )
                (n,) = cursor.fetchone()
                if n:
                    broken.append(f"{model._meta.db_table}.{f.column} ({n})")
    return ", ".join(broken)


class _Sink:
    def write(self, *_args, **_kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def _places(rng: random.Random, citizens: int) -> dict[int, Place]:
    """All 98 municipalities, each with an authority, a §110 shelter and two staff users. The
    demo municipalities keep their demo units and users; Ishøj keeps its 9-room shelter."""
    share = weights()
    places: dict[int, Place] = {}
    for code, name in MUNICIPALITIES:
        muni, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        expected = max(1, round(citizens * share[code]))
        demo = DEMO_SLUGS.get(code)
        authority = Unit.objects.filter(slug=f"{demo}-myndighed").first() if demo else None
        if authority is None:
            authority = Unit.objects.create(
                uuid=_uuid(rng),
                municipality=muni,
                kind=Unit.Kind.AUTHORITY,
                name="Myndighed, Voksne udsatte",
                slug=f"gen-{code}-myndighed",
            )
        if code == ISHOJ:
            shelter = Offer.objects.get(unit__slug=ISHOJ_SHELTER)
        else:
            pool = expected + (round(citizens * share[ISHOJ]) if code == COPENHAGEN else 0)
            rooms = max(1, math.ceil(pool * STAYS_PER_CITIZEN * MEAN_ROOM_DAYS / 2900 / OCCUPANCY))
            unit = Unit.objects.create(
                uuid=_uuid(rng),
                municipality=muni,
                kind=Unit.Kind.OFFER,
                name=f"Herberget i {name} (§110)",
                slug=f"gen-{code}-herberg",
            )
            shelter = Offer.objects.create(
                uuid=_uuid(rng),
                unit=unit,
                legal_basis=LegalBasis.SEL_110,
                target_group="Hjemløse voksne",
                places=rooms,
            )
            Room.objects.bulk_create(
                [Room(offer=shelter, name=f"Værelse {n}", position=n) for n in range(1, rooms + 1)]
            )
            # One cost sheet from the first year prices every year's nights (economics.pricing:
            # the oldest sheet when none is older), 600–800 kr. a night. Its own random draw, so
            # the sheet changes none of the seed's citizens.
            CostSheet.objects.create(
                unit=unit,
                budget_year=FIRST_DAY.year,
                salaries=Decimal(rooms * 365 * random.Random(f"sheet-{code}").randint(600, 800)),
                other=Decimal(0),
                salary_pools_pct=Decimal(0),
                maintenance_pct=Decimal(0),
                indirect_pct=Decimal(0),
                places=rooms,
                note="Genererede data",
            )
        caseworker = _staff(demo, code, "sagsbehandler", Role.CASEWORKER, authority)
        worker = _staff(demo, code, "herberg", Role.OFFER_STAFF, shelter.unit)
        places[code] = Place(
            municipality=muni,
            authority=authority,
            shelter=shelter,
            rooms=list(shelter.rooms.order_by("position", "id").values_list("id", flat=True)),
            caseworker=caseworker,
            shelter_worker=worker,
        )
    return places


def _staff(demo: str | None, code: int, prefix: str, role: str, unit: Unit) -> User:
    if demo:
        user = User.objects.filter(username=f"{prefix}.{demo}").first()
        if user is not None:
            Membership.objects.get_or_create(user=user, unit=unit, role=role)
            return user
    user = User(
        username=f"gen.{prefix}.{code}", first_name=prefix.capitalize(), last_name=str(code)
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def _cpr(rng: random.Random, birth: datetime.date, male: bool, taken: set[str]) -> str:
    """Ten digits that python-stdnum accepts: the 7th digit gives the century (0–3 for the
    1900s, 4 for 2000–2036), the last digit the legal gender (odd for men)."""
    while True:
        first = rng.randint(0, 3) if birth.year < 2000 else 4
        middle = rng.randint(0, 99)
        last = rng.randrange(1 if male else 0, 10, 2)
        cpr = f"{birth:%d%m%y}{first}{middle:02d}{last}"
        if cpr not in taken:
            taken.add(cpr)
            return cpr


def _plan_citizens(
    rng: random.Random, citizens: int, places: dict[int, Place], today: datetime.date
) -> list[CitizenPlan]:
    share = weights()
    codes = [code for code, _ in MUNICIPALITIES]
    cum = []
    acc = 0.0
    for code in codes:
        acc += share[code]
        cum.append(acc)
    taken = set(Citizen.objects.values_list("cpr", flat=True))
    plans = []
    for i in range(citizens):
        x = rng.random() * acc
        code = codes[min(_bisect(cum, x), len(codes) - 1)]
        male = rng.random() < 0.75
        birth = _day(rng, datetime.date(1950, 1, 1), today - datetime.timedelta(days=365 * 18))
        first = rng.choice(foundation.MALE if male else foundation.FEMALE)
        weight = rng.choice([0.3, 0.3, 1.0, 1.0, 1.0, 3.0])
        wanted = 1 + int(rng.expovariate(1 / (STAYS_PER_CITIZEN + 0.6)))
        entry = _day(rng, FIRST_DAY, today - datetime.timedelta(days=30))
        plan = CitizenPlan(
            code, first, rng.choice(foundation.SURNAMES), birth, male, "", weight, wanted, entry
        )
        plan.cpr = _cpr(rng, birth, male, taken)
        places[code].citizens.append(i)
        plans.append(plan)
    heavy = places[ISHOJ].citizens[0] if places[ISHOJ].citizens else None
    if heavy is not None:
        plans[heavy].weight = 100.0
        plans[heavy].wanted = 60
        plans[heavy].entry = FIRST_DAY
    return plans


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum)
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _plan_stays(
    rng: random.Random, plans: list[CitizenPlan], places: dict[int, Place], today: datetime.date
) -> None:
    """Lay out each room's history as back-to-back stays with short gaps, then hand the stays,
    in order of arrival, to citizens who are not staying anywhere at that time and have not had
    all their stays (a room nobody needs stays empty). A room is never
    double-booked, a citizen never has two stays at once, and only the last stay of a room or
    a citizen can be open. Ishøj's citizens use Ishøj's 9 rooms and Copenhagen's shelter."""
    existing: dict[int, datetime.date] = {}
    for room_id, started in Stay.objects.filter(room__isnull=False).values_list(
        "room_id", "started_on"
    ):
        existing[room_id] = min(started, existing.get(room_id, started))
    slots: list[tuple[datetime.date, datetime.date | None, int, int]] = []
    for code, place in places.items():
        for room in place.rooms:
            stop = existing.get(room, today + datetime.timedelta(days=1))
            day = FIRST_DAY + datetime.timedelta(days=rng.randint(0, 60))
            while day < stop:
                leaves = day + datetime.timedelta(days=_nights(rng))
                if room in existing and leaves >= stop:
                    break
                slots.append((day, leaves if leaves <= today else None, code, room))
                day = leaves + datetime.timedelta(days=rng.randint(0, 6))
    slots.sort(key=lambda s: (s[0], s[2], s[3]))
    sources = {code: [code] for code in places}
    sources[COPENHAGEN] = [COPENHAGEN, ISHOJ]
    # A citizen waits in `busy` until their entry day or the end of their last stay.
    free: dict[int, list[int]] = {code: [] for code in places}
    busy: dict[int, list[tuple[datetime.date, int]]] = {
        code: sorted((plans[i].entry, i) for i in place.citizens) for code, place in places.items()
    }
    sizes = {code: max(1, len(place.citizens)) for code, place in places.items()}
    gap = datetime.timedelta(days=1)
    for start, end, shelter_code, room in slots:
        pools = sources[shelter_code]
        pool = pools[0]
        if len(pools) > 1:
            pool = rng.choices(pools, weights=[sizes[p] for p in pools])[0]
        heap = busy[pool]
        while heap and heap[0][0] <= start:
            free[pool].append(heapq.heappop(heap)[1])
        candidates = free[pool]
        if not candidates:
            continue
        pick = None
        for _ in range(4):
            k = rng.randrange(len(candidates))
            if rng.random() * 3.0 < plans[candidates[k]].weight:
                pick = k
                break
        if pick is None:
            pick = rng.randrange(len(candidates))
        citizen = candidates[pick]
        candidates[pick] = candidates[-1]
        candidates.pop()
        plans[citizen].stays.append((shelter_code, start, end, room))
        if end is not None and len(plans[citizen].stays) < plans[citizen].wanted:
            heapq.heappush(heap, (end + gap, citizen))


class _Writer:
    """Inserts plain rows (dicts of attribute name → value, with the id chosen up front, so
    that later rows can point at earlier ones without reading them back). On PostgreSQL the
    rows go in with COPY, several times faster than bulk_create; elsewhere (SQLite, small N)
    through the model's bulk_create in batches. Fields left out get the model's default."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now()
        self.next_id: dict[type[models.Model], int] = {}
        self.total: dict[str, int] = {}
        self.models: list[type[models.Model]] = []  # the tables written, in order

    def ids(self, model: type[models.Model], n: int) -> list[int]:
        if n == 0:
            return []
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [model._meta.db_table, n],
                )
                return [row[0] for row in cursor.fetchall()]
        if model not in self.next_id:
            self.next_id[model] = (model._default_manager.aggregate(m=Max("id"))["m"] or 0) + 1
        first = self.next_id[model]
        self.next_id[model] = first + n
        return list(range(first, first + n))

    def insert(self, model: type[models.Model], rows: list[dict]) -> None:
        if not rows:
            return
        name = model._meta.model_name or ""
        self.total[name] = self.total.get(name, 0) + len(rows)
        if model not in self.models:
            self.models.append(model)
        if not self.postgres:
            model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
            return
        fields = model._meta.concrete_fields
        defaults = []
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults.append(self.now)
            else:
                defaults.append(f.get_default())  # "" for text fields without a default
        json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
        columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
        attnames = [f.attname for f in fields]
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = [row.get(a, d) for a, d in zip(attnames, defaults, strict=True)]
                for i, a in enumerate(attnames):
                    if a in json_fields:
                        values[i] = json.dumps(values[i])
                copy.write_row(values)


def _write_chunk(rng, plans, start, places, today, writer: _Writer) -> None:
    batch = plans[start : start + CHUNK]
    ids = writer.ids(Citizen, len(batch))
    writer.insert(
        Citizen,
        [
            {
                "id": citizen_id,
                "uuid": _uuid(rng),
                "cpr": p.cpr,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "search_name": fold(f"{p.first_name} {p.last_name}"),
                "birth_date": p.birth,
                "gender": "male" if p.male else "female",
                "acting_municipality_id": places[p.code].municipality.id,
                "phone": f"2{rng.randint(0, 9999999):07d}",
            }
            for p, citizen_id in zip(batch, ids, strict=True)
        ],
    )
    people = list(zip(batch, ids, strict=True))
    _stays(rng, people, places, today, writer)
    _notes(rng, people, places, today, writer)
    _plans(rng, people, places, today, writer)
    _meetings(rng, people, places, today, writer)
    _courses_and_support(rng, people, places, today, writer)
    _housing_and_referrals(rng, people, places, today, writer)


def _stays(rng, people, places, today, writer: _Writer) -> None:
    meta = [
        (plan, citizen_id, places[code], started, ended, room)
        for plan, citizen_id in people
        for code, started, ended, room in plan.stays
    ]
    relationship_ids = writer.ids(Relationship, len(meta))
    stay_ids = writer.ids(Stay, len(meta))
    relationships, stays, tasks = [], [], []
    for (plan, citizen_id, place, started, ended, room), rel_id, stay_id in zip(
        meta, relationship_ids, stay_ids, strict=True
    ):
        unit_id = place.shelter.unit_id
        worker_id = place.shelter_worker.id
        relationships.append(
            {
                "id": rel_id,
                "citizen_id": citizen_id,
                "unit_id": unit_id,
                "kind": Relationship.Kind.STAY,
                "started_on": started,
                "ended_on": ended,
                "source": "Ophold",
            }
        )
        stays.append(
            {
                "id": stay_id,
                "uuid": _uuid(rng),
                "citizen_id": citizen_id,
                "offer_id": place.shelter.id,
                "room_id": room,
                "residential": True,
                "decided_on": started,
                "started_on": started,
                "ended_on": ended,
                "destination": rng.choice(DESTINATIONS) if ended else "",
                "occupation_after": rng.choice(OCCUPATIONS) if ended else "",
                "own_payment_per_night": Decimal(rng.choice([0, 0, 45, 90])),
                "relationship_id": rel_id,
                "admitted_by_id": worker_id,
                "discharged_by_id": worker_id if ended else None,
            }
        )
        age = (today - started).days
        tasks.append(
            {
                "uuid": _uuid(rng),
                "citizen_id": citizen_id,
                "stay_id": stay_id,
                "kind": Task.Kind.NOTIFY,
                "due_on": dates.add_working_days(started, stay_rules.NOTIFY_WORKING_DAYS),
                "unit_id": unit_id,
                "done_on": started + datetime.timedelta(days=1) if age > 10 else None,
                "done_by_id": worker_id if age > 10 else None,
            }
        )
        tasks.append(
            {
                "uuid": _uuid(rng),
                "citizen_id": citizen_id,
                "stay_id": stay_id,
                "kind": Task.Kind.ACTION_PLAN,
                "due_on": started + datetime.timedelta(days=stay_rules.ACTION_PLAN_DAYS),
                "municipality_id": places[plan.code].municipality.id,
                "done_on": started + datetime.timedelta(days=20) if age > 60 else None,
            }
        )
    writer.insert(Relationship, relationships)
    writer.insert(Stay, stays)
    for row, task_id in zip(tasks, writer.ids(Task, len(tasks)), strict=True):
        row["id"] = task_id
    writer.insert(Task, tasks)


def _first_day(plan: CitizenPlan) -> datetime.date:
    return plan.stays[0][1] if plan.stays else plan.entry


def _with_ids(writer: _Writer, model: type[models.Model], rows: list[dict]) -> list[dict]:
    for row, row_id in zip(rows, writer.ids(model, len(rows)), strict=True):
        row["id"] = row_id
    return rows


def _notes(rng, people, places, today, writer: _Writer) -> None:
    notes = []
    kinds = Note.Kind.values
    for plan, citizen_id in people:
        place = places[plan.code]
        n = min(200, int(rng.expovariate(1 / NOTES_PER_CITIZEN)))
        if plan.weight >= 100:
            n = HEAVY_NOTES
        first = _first_day(plan)
        span = max(0, (today - first).days)
        for _ in range(n):
            on = first + datetime.timedelta(days=rng.randint(0, span))
            by_shelter = rng.random() < 0.5
            notes.append(
                {
                    "uuid": _uuid(rng),
                    "citizen_id": citizen_id,
                    "unit_id": place.shelter.unit_id if by_shelter else place.authority.id,
                    "author_id": place.shelter_worker.id if by_shelter else place.caseworker.id,
                    "kind": rng.choice(kinds),
                    "sensitivity": Note.Sensitivity.HEALTH if rng.random() < 0.1 else "",
                    "occurred_on": on,
                    "text": rng.choice(NOTE_TEXTS),
                    "signed_at": _at(on, 14),
                }
            )
    writer.insert(Note, _with_ids(writer, Note, notes))


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def _plans(rng, people, places, today, writer: _Writer) -> None:
    plans = []
    for plan, citizen_id in people:
        r = rng.random()
        count = 2 if r < 0.1 else 1 if r < 0.6 else 0
        place = places[plan.code]
        for _ in range(count):
            starts = _day(rng, _first_day(plan), today)
            ended = rng.random() < 0.6
            plans.append(
                {
                    "uuid": _uuid(rng),
                    "citizen_id": citizen_id,
                    "kind": rng.choice(Plan.Kind.values),
                    "unit_id": place.authority.id,
                    "starts_on": starts,
                    "ends_on": _day(rng, starts, today) if ended else None,
                    "purpose": rng.choice(PURPOSES),
                    "citizen_wishes": "Jeg vil have mit eget sted at bo.",
                    "created_by_id": place.caseworker.id,
                }
            )
    writer.insert(Plan, _with_ids(writer, Plan, plans))
    goals = [
        {
            "uuid": _uuid(rng),
            "plan_id": plan["id"],
            "kind": Goal.Kind.PROFESSIONAL if position else Goal.Kind.CITIZEN,
            "title": rng.choice(GOAL_TITLES),
            "deadline": plan["starts_on"] + datetime.timedelta(days=365),
            "position": position,
            "created_by_id": plan["created_by_id"],
            "_plan": plan,
        }
        for plan in plans
        for position in range(2)
    ]
    _with_ids(writer, Goal, goals)
    sub_goals = [
        {
            "uuid": _uuid(rng),
            "goal_id": goal["id"],
            "text": SUB_GOALS[position],
            "target_date": goal["deadline"],
            "follow_up_on": goal["_plan"]["starts_on"]
            + datetime.timedelta(days=30 * (position + 1)),
            "position": position,
            "_plan": goal["_plan"],
        }
        for goal in goals
        for position in range(2)
    ]
    _with_ids(writer, SubGoal, sub_goals)
    scores = []
    for sub_goal in sub_goals:
        value = rng.randint(2, 4)
        for step in range(2):
            scores.append(
                {
                    "uuid": _uuid(rng),
                    "sub_goal_id": sub_goal["id"],
                    "scored_on": sub_goal["_plan"]["starts_on"]
                    + datetime.timedelta(days=90 * step),
                    "value": max(0, value - step * rng.randint(0, 2)),
                    "scored_by": "staff",
                    "user_id": sub_goal["_plan"]["created_by_id"],
                }
            )
    # The goal's stored yearly follow-up (Goal.follow_up_due_on) by the rule, as
    # plans.follow_up.store_goal_follow_ups writes it: these rows bypass the models' save.
    goal_of = {sub_goal["id"]: sub_goal["goal_id"] for sub_goal in sub_goals}
    last_scored: dict[int, datetime.date] = {}
    for score in scores:
        goal_id = goal_of[score["sub_goal_id"]]
        last_scored[goal_id] = max(score["scored_on"], last_scored.get(goal_id, score["scored_on"]))
    for goal in goals:
        plan = goal["_plan"]
        goal["follow_up_due_on"] = plan_rules.goal_follow_up_due(
            since=max(d for d in (plan["starts_on"], plan.get("last_followed_up_on")) if d),
            last_scored_on=last_scored.get(goal["id"]),
        )
    for rows in (goals, sub_goals):
        for row in rows:
            del row["_plan"]
    writer.insert(Goal, goals)
    writer.insert(SubGoal, sub_goals)
    writer.insert(Score, _with_ids(writer, Score, scores))


def _meetings(rng, people, places, today, writer: _Writer) -> None:
    meetings, participants = [], []
    now = timezone.now()
    statuses = [Meeting.Status.HELD] * 4 + [Meeting.Status.MISSED]
    for plan, citizen_id in people:
        place = places[plan.code]
        for _ in range(rng.choice([0, 1, 2, 3, 4, 5])):
            day = _day(rng, _first_day(plan), LAST_MEETING_DAY)
            if rng.random() < 0.03:  # a share of meetings in the coming weeks
                day = today + datetime.timedelta(days=rng.randint(0, 21))
            starts = _at(day, rng.randint(8, 14), rng.choice([0, 30]))
            by_shelter = rng.random() < 0.4
            future = starts > now
            reply = ""
            if future:
                r = rng.random()
                reply = "move" if r < 0.1 else "confirmed" if r < 0.4 else ""
            contact = place.shelter_worker.id if by_shelter else place.caseworker.id
            meetings.append(
                {
                    "uuid": _uuid(rng),
                    "kind": rng.choice(MEETING_KINDS),
                    "citizen_id": citizen_id,
                    "unit_id": place.shelter.unit_id if by_shelter else place.authority.id,
                    "starts_at": starts,
                    "ends_at": starts + datetime.timedelta(hours=1),
                    "place": "Rådhuset, mødelokale 2",
                    "contact_person_id": contact,
                    "status": Meeting.Status.PLANNED if future else rng.choice(statuses),
                    "citizen_reply": reply,
                    "citizen_reply_text": "Kan vi tage det om eftermiddagen?"
                    if reply == "move"
                    else "",
                    "citizen_replied_at": now if reply else None,
                }
            )
    _with_ids(writer, Meeting, meetings)
    for meeting in meetings:
        participants.append({"meeting_id": meeting["id"], "kind": Participant.Kind.CITIZEN})
        participants.append(
            {
                "meeting_id": meeting["id"],
                "kind": Participant.Kind.STAFF,
                "user_id": meeting["contact_person_id"],
            }
        )
    writer.insert(Meeting, meetings)
    writer.insert(Participant, _with_ids(writer, Participant, participants))


def _courses_and_support(rng, people, places, today, writer: _Writer) -> None:
    template = CourseTemplate.objects.filter(code="cti").first()
    phase_templates = list(template.phases.order_by("number")) if template else []
    courses, phases = [], []
    for plan, citizen_id in people:
        if template is None or rng.random() >= 0.1:
            continue
        started = _day(rng, _first_day(plan), today)
        ended = started + datetime.timedelta(days=270)
        done = ended < today
        courses.append(
            {
                "uuid": _uuid(rng),
                "citizen_id": citizen_id,
                "template_id": template.id,
                "unit_id": places[plan.code].authority.id,
                "started_on": started,
                "tenancy_from": started,
                "status": Course.Status.ENDED if done else Course.Status.ACTIVE,
                "ended_on": ended if done else None,
                "outcome": rng.choice(Course.Outcome.values) if done else "",
                "created_by_id": places[plan.code].caseworker.id,
            }
        )
    _with_ids(writer, Course, courses)
    for course in courses:
        day = course["started_on"]
        for phase in phase_templates:
            end = day + datetime.timedelta(days=90)
            phases.append(
                {
                    "course_id": course["id"],
                    "template_id": phase.id,
                    "number": phase.number,
                    "planned_start": day,
                    "planned_end": end,
                    "started_on": day if day <= today else None,
                    "ended_on": end if end <= today else None,
                }
            )
            day = end
    _with_ids(writer, CoursePhase, phases)
    running = {p["course_id"]: p["id"] for p in phases if p["started_on"] and not p["ended_on"]}
    for course in courses:
        if course["status"] == Course.Status.ACTIVE:
            course["current_phase_id"] = running.get(course["id"])
    # The course points at its current phase and the phase at its course: phases first, with
    # the courses' ids chosen already, then the courses (no foreign keys are checked mid-way
    # inside the transaction on PostgreSQL; the constraints are DEFERRABLE INITIALLY DEFERRED).
    writer.insert(Course, courses)
    writer.insert(CoursePhase, phases)
    entries = []
    for plan, citizen_id in people:
        place = places[plan.code]
        for _ in range(rng.choice([0, 1, 2, 3, 4])):
            entries.append(
                {
                    "uuid": _uuid(rng),
                    "citizen_id": citizen_id,
                    "unit_id": place.shelter.unit_id,
                    "date": _day(rng, _first_day(plan), today),
                    "minutes": rng.choice([15, 30, 45, 60, 90]),
                    "kind": rng.choice(["conversation", "practical", "phone", "walk_talk"]),
                    "registered_by_id": place.shelter_worker.id,
                }
            )
    writer.insert(SupportEntry, _with_ids(writer, SupportEntry, entries))


def _housing_and_referrals(rng, people, places, today, writer: _Writer) -> None:
    applications, referrals = [], []
    for plan, citizen_id in people:
        place = places[plan.code]
        if rng.random() < 0.3:
            applied = _day(rng, _first_day(plan), today)
            status = rng.choice(HousingApplication.Status.values)
            moved = status == HousingApplication.Status.MOVED_IN
            applications.append(
                {
                    "uuid": _uuid(rng),
                    "citizen_id": citizen_id,
                    "channel": rng.choice(HousingApplication.Channel.values),
                    "landlord": "Boligforeningen",
                    "applied_on": applied,
                    "status": status,
                    "move_in_on": applied + datetime.timedelta(days=120) if moved else None,
                    "created_by_id": place.caseworker.id,
                }
            )
        if plan.stays and rng.random() < 0.4:
            code, started, _end, _room = plan.stays[0]
            referrals.append(
                {
                    "uuid": _uuid(rng),
                    "citizen_id": citizen_id,
                    "offer_id": places[code].shelter.id,
                    "status": ReferralStatus.ADMITTED,
                    "self_referral": True,
                    "requested_on": started,
                    "decided_on": started,
                    "referred_by_id": place.caseworker.id,
                }
            )
    writer.insert(HousingApplication, _with_ids(writer, HousingApplication, applications))
    writer.insert(Referral, _with_ids(writer, Referral, referrals))


def _waiting_lists(rng, places, writer: _Writer) -> None:
    """Each shelter has a waiting list of about 1 % of its municipality's citizens; Ishøj's is
    long (5 %, at least 60), so the waiting list page has more than one page."""
    rows = []
    now = timezone.now()
    for code, place in places.items():
        wanted = max(1, len(place.citizens) // 100)
        if code == ISHOJ:
            wanted = max(60, len(place.citizens) // 20)
        candidates = list(
            Citizen.objects.filter(acting_municipality=place.municipality)
            .order_by("id")
            .values_list("id", flat=True)[: wanted * 3]
        )
        for citizen_id in rng.sample(candidates, min(wanted, len(candidates))):
            since = now - datetime.timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 23))
            rows.append(
                {
                    "uuid": _uuid(rng),
                    "citizen_id": citizen_id,
                    "offer_id": place.shelter.id,
                    "status": ReferralStatus.WAITING,
                    "requested_on": timezone.localtime(since).date(),
                    "decided_on": timezone.localtime(since).date(),
                    "waiting_since": since,
                    "referred_by_id": place.caseworker.id,
                }
            )
    writer.insert(Referral, _with_ids(writer, Referral, rows))
