"""The course templates the municipalities describe (DOMAIN.md §6). New templates are added
the same way, as rows, without code."""

from decimal import Decimal

from django.db import migrations

M, W = "months", "weeks"

TEMPLATES = [
    {
        "code": "cti",
        "name": "CTI-forløb",
        "legal_basis": "§85a (Housing First-metode: CTI)",
        "description": (
            "Critical Time Intervention: en koordinerende støtteperson følger borgeren fra "
            "institution til egen bolig i højst 9 måneder. Først en kort kontaktskabende periode; "
            "borgeren har lejekontrakt eller er flyttet ind, før forløbet starter. Intensiteten er "
            "høj i starten og trappes ned. Borgeren vælger selv sine fokusområder blandt de otte "
            "livsområder. Planlagte kontakter pr. uge er startværdier, som kommunen kan rette."
        ),
        "requires_tenancy": True,
        "has_contact_period": True,
        "uses_focus_areas": True,
        "phases": [
            (1, "Overgang til egen bolig", M, 3, None, None, "2.0", "", False),
            (2, "Afprøvning af livet i egen bolig", M, 3, None, None, "1.0", "", False),
            (3, "Overdragelse til borger og netværk", M, 3, None, None, "0.5", "", False),
        ],
    },
    {
        "code": "ballerup-ungebolig",
        "name": "Ungebolig og træning (Ballerup)",
        "legal_basis": "§107 / §66 stk. 5 / §76",
        "description": (
            "Ophold i op til 2 år (mindst 9 måneder forventes) for unge på 16–25 år ved "
            "indflytning. Månedligt statusmøde med kontaktpersonen; netværksmøde før udflytning."
        ),
        "monthly_status_meeting": True,
        "phases": [
            (0, "Visitation og indflytning", M, None, None, None, "1.0", "", False),
            (1, "Behov og handleplan", M, None, 3, 6, "2.0", "", False),
            (2, "Forandring", M, None, 3, 18, "2.0", "", False),
            (3, "Udflytning og sikkerhedsnet", M, None, 3, 4, "2.0", "", True),
            (4, "Efter udflytning", M, None, 0, 6, "1.0", "", False),
        ],
    },
    {
        "code": "ballerup-housing-first",
        "name": "Housing First-gruppen (Ballerup)",
        "legal_basis": "Housing First (CTI-baseret)",
        "description": (
            "9 måneder i midlertidig bolig i en gruppe på 4–6 med 2 timers støtte pr. deltager "
            "pr. uge og obligatorisk ADL-kursus; derefter et obligatorisk overgangsforløb på "
            "højst 20 uger, i gruppe (§82a) eller individuelt (§82b)."
        ),
        "phases": [
            (1, "Housing First-forløb i midlertidig bolig", M, 9, None, 9, "2.0", "", False),
            (2, "Overgangsforløb", W, 20, None, 20, "1.0", "§82a,§82b", True),
        ],
    },
    {
        "code": "herning-opfoelgning",
        "name": "Opfølgning med nedtrappet støtte (Herning)",
        "legal_basis": "§85 / §85a",
        "description": (
            "Hjemløseteamets Housing First i almindelig bolig med løbende opfølgning, der sigter "
            "mod at trappe støtten ned. Faselængder og kontakter er startværdier, som kommunen "
            "retter i skabelonen."
        ),
        "phases": [
            (1, "Opstart i egen bolig", M, 3, None, None, "3.0", "", False),
            (2, "Nedtrapning", M, 3, None, None, "1.5", "", False),
            (3, "Afslutning og overdragelse", M, 3, None, None, "0.5", "", False),
        ],
    },
]


def seed(apps, schema_editor):
    CourseTemplate = apps.get_model("courses", "CourseTemplate")
    PhaseTemplate = apps.get_model("courses", "PhaseTemplate")
    for data in TEMPLATES:
        data = dict(data)
        phases = data.pop("phases")
        template, created = CourseTemplate.objects.get_or_create(code=data["code"], defaults=data)
        if not created:
            continue
        for number, name, unit, planned, minimum, maximum, contacts, bases, network in phases:
            PhaseTemplate.objects.create(
                template=template,
                number=number,
                name=name,
                length_unit=unit,
                planned_length=planned,
                min_length=minimum,
                max_length=maximum,
                planned_contacts_per_week=Decimal(contacts),
                legal_basis_options=bases,
                network_meeting=network,
            )


def unseed(apps, schema_editor):
    CourseTemplate = apps.get_model("courses", "CourseTemplate")
    CourseTemplate.objects.filter(
        code__in=[t["code"] for t in TEMPLATES], courses__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
