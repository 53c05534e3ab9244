"""Demo data for courses and support time: the weekly support norms of Ishøj's shelter and
Ballerup's Housing First group, a CTI course, a youth-housing course and some registered
support. The meetings step books their meetings. Safe to run twice."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Unit, User
from hjemvej.courses import services
from hjemvej.courses.models import Course, CourseTemplate, SupportEntry, UnitSupportSetting
from hjemvej.people.models import Citizen

SUPPORT_NORMS = {"ishoj-herberg": Decimal("11.51"), "ballerup-housing-first": Decimal("2.00")}


def _first_citizen(municipality: str, *, exclude=(), max_age: int | None = None):
    today = timezone.localdate()
    for citizen in Citizen.objects.filter(acting_municipality__name=municipality).order_by("cpr"):
        if citizen.pk in exclude:
            continue
        if max_age is not None and not (16 <= citizen.age_on(today) <= max_age):
            continue
        return citizen
    return None


def _course(citizen, template_code, unit, user, started_on, **extra) -> Course | None:
    template = CourseTemplate.objects.filter(code=template_code).first()
    if citizen is None or template is None or user is None:
        return None
    # One demo course per template and unit, whoever the citizen is: safe to run twice.
    existing = Course.objects.filter(template=template, unit=unit).first()
    if existing:
        return existing
    return services.do_start_course(
        user=user, citizen=citizen, template=template, unit=unit, started_on=started_on, **extra
    )


def build(out) -> None:
    units = {u.slug: u for u in Unit.objects.all()}
    if "ishoj-herberg" not in units:
        out("Forløb: enhederne mangler – kør foundation-trinnet først.")
        return
    today = timezone.localdate()
    with transaction.atomic():
        for slug, hours in SUPPORT_NORMS.items():
            UnitSupportSetting.objects.get_or_create(
                unit=units[slug], defaults={"weekly_hours": hours}
            )
        jonas = User.objects.get(username="herberg.ishoj")
        # The authority starts the courses (the offers see the citizens from then on).
        ishoj_caseworker = User.objects.get(username="sagsbehandler.ishoj")
        ballerup_caseworker = User.objects.get(username="sagsbehandler.ballerup")

        cti_citizen = _first_citizen("Ishøj")
        cti = _course(
            cti_citizen,
            "cti",
            units["ishoj-aagaarden"],
            ishoj_caseworker,
            today - datetime.timedelta(days=80),
            tenancy_from=today - datetime.timedelta(days=85),
            tenancy_address="Ishøj Strandvej 44, 2. th.",
            contact_started_on=today - datetime.timedelta(days=100),
        )
        young = _first_citizen("Ballerup", max_age=25)
        _course(
            young,
            "ballerup-ungebolig",
            units["ballerup-ungebolig"],
            ballerup_caseworker,
            today - datetime.timedelta(days=40),
        )
        hf_citizen = _first_citizen("Ballerup", exclude={young.pk} if young else ())
        _course(
            hf_citizen,
            "ballerup-housing-first",
            units["ballerup-housing-first"],
            ballerup_caseworker,
            today - datetime.timedelta(days=200),
        )

        monday = today - datetime.timedelta(days=today.weekday())
        shelter = units["ishoj-herberg"]
        residents = list(
            Citizen.objects.filter(
                relationships__unit=shelter, relationships__ended_on__isnull=True
            )
            .exclude(courses__isnull=False)
            .distinct()
            .order_by("cpr")[:4]
        )
        if residents and jonas and not SupportEntry.objects.filter(unit=shelter).exists():
            last_monday = monday - datetime.timedelta(days=7)
            for n, citizen in enumerate(residents):
                for day in range(5):
                    services.do_register_support(
                        user=jonas,
                        citizen=citizen,
                        unit=shelter,
                        date=last_monday + datetime.timedelta(days=day),
                        minutes=150 if n % 2 == 0 else 60,
                        kind="conversation" if day % 2 == 0 else "practical",
                    )
        if cti and not SupportEntry.objects.filter(course=cti).exists():
            for week in range(10):
                services.do_register_support(
                    user=jonas,
                    citizen=cti.citizen,
                    unit=cti.unit,
                    course=cti,
                    date=cti.started_on + datetime.timedelta(days=7 * week + 1),
                    minutes=90,
                    kind="home_visit" if week % 2 == 0 else "phone",
                )
    out("Forløb: CTI- og ungeforløb og støttetid er indlæst.")
