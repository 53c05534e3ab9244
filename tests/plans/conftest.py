import datetime

import pytest
from django.utils import timezone

from hjemvej.plans import rules, services
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import Goal, Plan, Term


def term(vocabulary: str, display: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, display=display, depth__gt=0)


def level(rank: int) -> Term:
    return Term.objects.get(vocabulary=Vocabulary.FUNCTIONAL_LEVEL, rank=rank)


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def action_plan(caseworker_ishoj, citizen_ishoj, ishoj_authority, today):
    return services.do_create_plan(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        kind=Plan.Kind.ACTION_141,
        unit=ishoj_authority,
        starts_on=rules.add_months(today, -8),
        purpose="At Jørgen får sin egen bolig på Østergården",
        citizen_wishes="Jeg vil have et sted med plads til min hund",
    )


def smart_goal(user, plan, **extra) -> Goal:
    fields = {
        "kind": Goal.Kind.PROFESSIONAL,
        "title": "Jeg klarer selv madlavning, indkøb, tøjvask og rengøring",
        "proposed_by": "citizen",
        "specific": "Laver mad, køber ind, vasker tøj og gør rent selv",
        "measurable": "Følger ugeplanen fire uger i træk",
        "attractive": "Vil kunne bo i egen bolig",
        "realistic": "Har klaret det før; har støtte fra kontaktpersonen",
        "deadline": rules.add_months(plan.starts_on, 12),
        "goal_type": term(Vocabulary.GOAL_TYPE, "Udvikle funktionsevne"),
        "themes": [term(Vocabulary.THEME, "Praktiske opgaver")],
        "target_level": level(1),
    }
    fields.update(extra)
    return services.do_add_goal(user=user, plan=plan, **fields)
