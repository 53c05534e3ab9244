"""Demo data for Herning's tracks: a few citizens on each of the three tracks (some steps done,
one overdue, a community track that met its goal), and Herning's partners with contact persons
and a meeting of the ad hoc forum. Safe to run twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.people.models import Citizen
from hjemvej.tracks import services
from hjemvej.tracks.models import Partner, Track, TrackTemplate

PARTNERS = [
    (
        "jobcenter",
        "Jobcenter Herning og ydelseskontoret",
        "Borgere i hjemløshed får en kontaktperson i jobcentret inden for 2 arbejdsdage. "
        "Ydelseskontoret udbetaler kontanthjælp til borgere uden fast adresse.",
        [("Henrik Vestergaard", "Teamleder, jobcentret", "96 28 30 00", "", True)],
    ),
    (
        "housing",
        "Boligselskabet Fjordhusene",
        "Kommunen har anvisningsret til hver fjerde ledige bolig; boligsocial medarbejder "
        "deltager i ad hoc-mødeforummet.",
        [("Lise Damgaard", "Boligsocial medarbejder", "97 12 34 56", "", True)],
    ),
    (
        "shelter",
        "Herberget Hjemly",
        "Herberget underretter myndigheden ved indskrivning og deltager i opfølgningsmøder.",
        [("Jens Kirk", "Forstander", "97 22 11 00", "", False)],
    ),
    (
        "health",
        "Sundhedsteamet",
        "Sundhedsteamet tilbyder vaccination, sårbehandling og screening på herberget og ved "
        "opsøgende arbejde.",
        [("Anja Møller", "Sygeplejerske", "", "sundhedsteam@demo.invalid", True)],
    ),
]

# (template, days ago started, steps to mark done: code → days after start, ending)
TRACKS = [
    ("herning-sundhed", 60, {"health_team_contact": 3, "hepatitis_vaccination": 20}, None),
    ("herning-sundhed", 25, {}, None),  # health-team contact overdue: on the worklist
    ("herning-beskaeftigelse", 45, {"employment_contact": 1, "motivation": 15}, None),
    ("herning-beskaeftigelse", 90, {"employment_contact": 2, "motivation": 18, "bridge": 50}, None),
    (
        "herning-faellesskaber",
        120,
        {"find_community": 7, "support_participation": 25, "seeks_alone": 80},
        "goal_met",
    ),
    ("herning-faellesskaber", 30, {"find_community": 6}, None),
]


def build(out) -> None:
    herning = Municipality.objects.filter(name="Herning").first()
    authority = Unit.objects.filter(slug="herning-myndighed").first()
    user = User.objects.filter(username="sagsbehandler.herning").first()
    if herning is None or authority is None or user is None:
        out("Spor: Herning mangler – kør foundation-trinnet først.")
        return
    today = timezone.localdate()
    with transaction.atomic():
        if not Partner.objects.filter(municipality=herning).exists():
            contacts = []
            for kind, name, agreement, people in PARTNERS:
                partner = services.do_save_partner(
                    user=user,
                    municipality=herning,
                    kind=kind,
                    name=name,
                    agreement=agreement,
                    valid_from=datetime.date(today.year - 1, 1, 1),
                    valid_until=datetime.date(today.year + 1, 12, 31),
                )
                for person, role, phone, email, forum in people:
                    contacts.append(
                        services.do_add_contact(
                            user=user,
                            partner=partner,
                            name=person,
                            role=role,
                            phone=phone,
                            email=email,
                            forum_member=forum,
                        )
                    )
            services.do_record_forum_meeting(
                user=user,
                municipality=herning,
                held_on=today - datetime.timedelta(days=14),
                subject="Boliger til borgere på herberget: ledige boliger og anvisning",
                participants=[c for c in contacts if c.forum_member],
                other_participants="Myndighed, Voksne udsatte",
            )
        if not Track.objects.filter(unit=authority).exists():
            citizens = list(
                Citizen.objects.filter(acting_municipality=herning).order_by("cpr")[: len(TRACKS)]
            )
            for citizen, (code, ago, done, ending) in zip(citizens, TRACKS, strict=False):
                template = TrackTemplate.objects.get(code=code)
                started = today - datetime.timedelta(days=ago)
                track = services.do_start_track(
                    user=user,
                    citizen=citizen,
                    template=template,
                    unit=authority,
                    started_on=started,
                )
                for step in track.steps.all():
                    if step.code in done:
                        services.do_record_step(
                            user=user,
                            step=step,
                            status="done",
                            done_on=started + datetime.timedelta(days=done[step.code]),
                            outcome="Gennemført",
                        )
                    elif step.code == "needle_exchange":
                        services.do_record_step(
                            user=user,
                            step=step,
                            status="not_relevant",
                            done_on=started,
                            outcome="Borgeren bruger ikke stoffer intravenøst",
                        )
                if ending:
                    services.do_end_track(
                        user=user,
                        track=track,
                        status=ending,
                        ended_on=started + datetime.timedelta(days=85),
                        reason="Borgeren går selv i værestedet og løbeklubben.",
                    )
    out("Spor: Hernings spor og samarbejdspartnere er indlæst.")
