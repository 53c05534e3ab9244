"""The demo municipalities, their units, the demo users and about 60 synthetic citizens."""

import datetime
import random

from django.conf import settings
from django.db import transaction

from hjemvej.accounts.models import Membership, Municipality, Role, Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people.models import Citizen, Consent, Relationship, Relative

MUNICIPALITIES = [(183, "Ishøj"), (151, "Ballerup"), (657, "Herning")]
# Herning's policy (DOMAIN.md §3): as a rule no citizen under 25 at a shelter – a setting that
# adds its words to the stay's flag and a figure to the outcome report, never a criterion.
YOUTH_SHELTER_POLICY = {"Herning"}

# (municipality, slug, name, kind)
UNITS = [
    ("Ishøj", "ishoj-myndighed", "Myndighed, Voksne udsatte", Unit.Kind.AUTHORITY),
    ("Ishøj", "ishoj-herberg", "De fleksible afklaringspladser (herberg §110)", Unit.Kind.OFFER),
    ("Ishøj", "ishoj-pitstop", "Pitstop (stofbehandling)", Unit.Kind.OFFER),
    ("Ishøj", "ishoj-skaeve-boliger", "Skæve boliger", Unit.Kind.OFFER),
    ("Ishøj", "ishoj-aagaarden", "Akutboligerne Ågården", Unit.Kind.OFFER),
    ("Ballerup", "ballerup-myndighed", "Myndighed, Socialafdelingen", Unit.Kind.AUTHORITY),
    ("Ballerup", "ballerup-ungebolig", "Ungebolig og træning", Unit.Kind.OFFER),
    (
        "Ballerup",
        "ballerup-housing-first",
        "Housing First-gruppen (Egebjerg/Klakkebjerg)",
        Unit.Kind.OFFER,
    ),
    ("Herning", "herning-myndighed", "Myndighed, Voksne udsatte", Unit.Kind.AUTHORITY),
    ("Herning", "herning-hjemloeseteam", "Hjemløseteamet", Unit.Kind.OFFER),
    ("Herning", "herning-bostoette", "Almindelig bostøtte (§85)", Unit.Kind.OFFER),
]

# username prefix, role, first name, last name, which units (slug suffixes; "*" = all)
STAFF = [
    ("sagsbehandler", Role.CASEWORKER, ["myndighed"]),
    (
        "herberg",
        Role.OFFER_STAFF,
        {
            "ishoj": ["herberg", "skaeve-boliger", "aagaarden"],
            "ballerup": ["ungebolig", "housing-first"],
            "herning": ["hjemloeseteam", "bostoette"],
        },
    ),
    ("leder", Role.MANAGER, ["*"]),
    ("analytiker", Role.ANALYST, ["myndighed"]),
]
STAFF_NAMES = {
    "sagsbehandler.ishoj": ("Mette", "Lund"),
    "herberg.ishoj": ("Jonas", "Dam"),
    "leder.ishoj": ("Hanne", "Krogh"),
    "analytiker.ishoj": ("Peter", "Bach"),
    "sagsbehandler.ballerup": ("Sara", "Holm"),
    "herberg.ballerup": ("Ali", "Demir"),
    "leder.ballerup": ("Karen", "Vestergaard"),
    "analytiker.ballerup": ("Lars", "Friis"),
    "sagsbehandler.herning": ("Birgitte", "Mikkelsen"),
    "herberg.herning": ("Mads", "Kjær"),
    "leder.herning": ("Inger", "Dahl"),
    "analytiker.herning": ("Thomas", "Bro"),
}
SLUG_OF = {"Ishøj": "ishoj", "Ballerup": "ballerup", "Herning": "herning"}

MALE = [
    "Anders",
    "Bo",
    "Christian",
    "Daniel",
    "Erik",
    "Frederik",
    "Henrik",
    "Jesper",
    "Kasper",
    "Lasse",
    "Martin",
    "Niels",
    "Ole",
    "Rasmus",
    "Søren",
    "Torben",
    "Mohammed",
    "Jørgen",
    "Kim",
    "Per",
]
FEMALE = [
    "Anne",
    "Birthe",
    "Camilla",
    "Dorthe",
    "Emma",
    "Freja",
    "Gitte",
    "Helle",
    "Ida",
    "Julie",
    "Katrine",
    "Lene",
    "Maria",
    "Nanna",
    "Pia",
    "Sofie",
    "Tina",
    "Ulla",
    "Vibeke",
    "Åse",
]
SURNAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Kjærgaard",
    "Østergaard",
    "Bøgh",
]
STREETS = {
    "Ishøj": ("Ishøj Strandvej", "2635", "Ishøj"),
    "Ballerup": ("Banegårdspladsen", "2750", "Ballerup"),
    "Herning": ("Bredgade", "7400", "Herning"),
}
CITIZENS_PER_MUNICIPALITY = {"Ishøj": 24, "Ballerup": 20, "Herning": 16}


def demo_cpr(birth: datetime.date, serial: int, male: bool) -> str:
    """A CPR number with the right century digit for the birth year (no modulus-11 since 2007)."""
    if birth.year < 2000:
        first = serial % 4  # 0–3: born 1900–1999
    else:
        first = 4  # 4 with year 00–36: born 2000–2036
    middle = f"{(serial * 7) % 100:02d}"
    last = (serial % 5) * 2 + (1 if male else 0)
    return f"{birth:%d%m%y}{first}{middle}{last}"


def build(out) -> None:
    with transaction.atomic():
        munis = {
            name: Municipality.objects.update_or_create(
                code=code,
                defaults={"name": name, "youth_shelter_policy": name in YOUTH_SHELTER_POLICY},
            )[0]
            for code, name in MUNICIPALITIES
        }
        units = {}
        for muni, slug, name, kind in UNITS:
            units[slug], _ = Unit.objects.update_or_create(
                slug=slug, defaults={"municipality": munis[muni], "name": name, "kind": kind}
            )
        password = settings.DEMO_PASSWORD
        logins = []
        for muni_name, muni_slug in SLUG_OF.items():
            for prefix, staff_role, unit_spec in STAFF:
                username = f"{prefix}.{muni_slug}"
                first, last = STAFF_NAMES[username]
                user = _user(username, first, last, password)
                suffixes = unit_spec[muni_slug] if isinstance(unit_spec, dict) else unit_spec
                for slug, unit in units.items():
                    if unit.municipality.name != muni_name:
                        continue
                    if "*" in suffixes or any(slug == f"{muni_slug}-{s}" for s in suffixes):
                        Membership.objects.get_or_create(user=user, unit=unit, role=staff_role)
                logins.append((username, staff_role.label, muni_name))
        admin = _user("admin", "Systemadministrator", "", password, is_staff=True)
        for slug in ("ishoj-myndighed", "ballerup-myndighed", "herning-myndighed"):
            Membership.objects.get_or_create(user=admin, unit=units[slug], role=Role.ADMINISTRATOR)
        logins.append(("admin", Role.ADMINISTRATOR.label, "alle"))
        created = _citizens(munis, units)
    out(f"Kommuner: {', '.join(f'{m.name} ({m.code})' for m in munis.values())}")
    out(f"Borgere: {Citizen.objects.count()} ({created} nye)")
    out("")
    out(f"Demo-logins (adgangskode: {password}):")
    for username, role_label, muni in logins:
        out(f"  {username:<24} {role_label} – {muni}")


def _user(username, first, last, password, is_staff=False) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "is_staff": is_staff}
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _citizens(munis, units) -> int:
    created = 0
    serial = 0
    today = datetime.date(2026, 11, 1)
    for muni_name, count in CITIZENS_PER_MUNICIPALITY.items():
        street, postal, city = STREETS[muni_name]
        for i in range(count):
            serial += 1
            # Each citizen draws from their own seeded generator, so a second run gives the
            # same people whatever the first run created (the demo is safe to run twice).
            rng = random.Random(f"hjemvej-demo-{serial}")
            male = rng.random() < 0.7  # most homeless citizens in the count are men
            if muni_name == "Ballerup" and i < 8:
                age = rng.randint(17, 24)  # youth housing candidates
            else:
                age = rng.randint(19, 68)
            birth = datetime.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            cpr = demo_cpr(birth, serial, male)
            first = rng.choice(MALE if male else FEMALE)
            last = rng.choice(SURNAMES)
            homeless = rng.random() < 0.6
            citizen, was_created = Citizen.objects.get_or_create(
                cpr=cpr,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "birth_date": birth,
                    "gender": "male" if male else "female",
                    "phone": f"2{serial:03d}{rng.randint(1000, 9999)}",
                    "address": "" if homeless else f"{street} {rng.randint(1, 120)}",
                    "postal_code": "" if homeless else postal,
                    "city": "" if homeless else city,
                    "protected_address": (serial % 13 == 0),
                    "acting_municipality": munis[muni_name],
                },
            )
            if not was_created:
                continue
            created += 1
            log_event(
                action=Action.CREATE,
                summary="Borger oprettet (demodata)",
                citizen=citizen,
                obj=citizen,
                purpose="Indlæsning af demodata",
            )
            if rng.random() < 0.5:
                Relative.objects.create(
                    citizen=citizen,
                    name=f"{rng.choice(FEMALE)} {last}",
                    role=rng.choice(["parent", "sibling", "friend", "network"]),
                    phone=f"4{serial:03d}{rng.randint(1000, 9999)}",
                    is_next_of_kin=rng.random() < 0.5,
                )
            if rng.random() < 0.4:
                Consent.objects.create(
                    citizen=citizen,
                    direction="collect",
                    information="Oplysninger om misbrugsbehandling",
                    party="Regionens misbrugscenter",
                    purpose="Handleplan efter §141",
                    valid_from=datetime.date(2026, 1, 1),
                    valid_until=datetime.date(2027, 12, 31),
                )
            _demo_relationship(citizen, muni_name, i, units)
    return created


def _demo_relationship(citizen, muni_name, i, units) -> None:
    """Ties some citizens to the offers, so the offer staff have someone to see."""
    slug = {
        "Ishøj": ["ishoj-herberg", "ishoj-pitstop", "ishoj-skaeve-boliger"],
        "Ballerup": ["ballerup-ungebolig", "ballerup-housing-first"],
        "Herning": ["herning-hjemloeseteam", "herning-bostoette"],
    }[muni_name]
    if i % 3 == 2:
        return
    unit = units[slug[i % len(slug)]]
    Relationship.objects.get_or_create(
        citizen=citizen,
        unit=unit,
        defaults={
            "kind": Relationship.Kind.CONTACT,
            "started_on": datetime.date(2026, 1, 1) + datetime.timedelta(days=i * 7),
            "source": "demodata",
        },
    )
