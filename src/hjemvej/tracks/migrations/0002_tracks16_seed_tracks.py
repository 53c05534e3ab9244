"""Herning's three tracks (DOMAIN.md §3) as data: steps, default owner role and deadline in
working days. Administrators change them afterwards in the administration."""

from django.db import migrations

CASEWORKER = "caseworker"
STAFF = "offer_staff"

TRACKS = [
    {
        "code": "herning-sundhed",
        "kind": "health",
        "name": "Forebyggelse og sundhed",
        "description": "Sundhedsteamet, opsøgende arbejde og hjemmebesøg.",
        "goal": "Borgeren har kontakt til sundhedsteamet og egen læge og får den nødvendige behandling",
        "steps": [
            ("health_team_contact", "Kontakt til sundhedsteamet", CASEWORKER, 5),
            ("hepatitis_vaccination", "Hepatitisvaccination", STAFF, 30),
            ("wound_care", "Sårbehandling", STAFF, None),
            ("screening", "Screening", STAFF, 30),
            ("dentist_doctor", "Tandlæge og læge", CASEWORKER, 40),
            ("outreach", "Opsøgende arbejde og hjemmebesøg", STAFF, 10),
            ("needle_exchange", "Sprøjtebytte", STAFF, None),
            ("contraception", "Gratis prævention", STAFF, None),
        ],
    },
    {
        "code": "herning-beskaeftigelse",
        "kind": "employment",
        "name": "Beskæftigelse",
        "description": "Kontakt til beskæftigelsesafdelingen hurtigst muligt, motivation og "
        "brobygning.",
        "goal": "Borgeren er i arbejde, uddannelse eller et brobygningsforløb",
        "steps": [
            (
                "employment_contact",
                "Kontakt til beskæftigelsesafdelingen (hurtigst muligt)",
                CASEWORKER,
                2,
            ),
            ("motivation", "Motivationsarbejde", STAFF, 20),
            ("bridge", "Brobygning til arbejde eller uddannelse", CASEWORKER, 60),
        ],
    },
    {
        "code": "herning-faellesskaber",
        "kind": "community",
        "name": "Meningsfulde fællesskaber",
        "description": "Find og støt deltagelse i fællesskaber og dagtilbud, indtil borgeren "
        "selv opsøger dem.",
        "goal": "Borgeren opsøger selv fællesskaber og dagtilbud",
        "steps": [
            ("find_community", "Find fællesskaber og dagtilbud sammen med borgeren", STAFF, 10),
            ("support_participation", "Støt deltagelsen (følges)", STAFF, 30),
            ("seeks_alone", "Borgeren opsøger selv fællesskabet", STAFF, None),
        ],
    },
]


def seed(apps, schema_editor):
    TrackTemplate = apps.get_model("tracks", "TrackTemplate")
    StepTemplate = apps.get_model("tracks", "StepTemplate")
    for t in TRACKS:
        template, _ = TrackTemplate.objects.update_or_create(
            code=t["code"],
            defaults={k: t[k] for k in ("kind", "name", "description", "goal")},
        )
        for number, (code, name, role, days) in enumerate(t["steps"], start=1):
            StepTemplate.objects.update_or_create(
                template=template,
                code=code,
                defaults={
                    "number": number,
                    "name": name,
                    "owner_role": role,
                    "deadline_working_days": days,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("tracks", "0001_tracks16_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
