"""Issue 15: under 25 at a §110 shelter is a duty to offer an alternative, not an admission
criterion – the "alternative_under" criterion goes from every offer (the stay is flagged and the
acting municipality gets a task instead). The youth housing's criteria become the full list of
DOMAIN.md §7 where the offer still holds the seed's three."""

from django.db import migrations

YOUTH_CRITERIA = [
    {"kind": "age", "min": 16, "max": 25},
    {"kind": "assessment", "fact": "normally_gifted", "text": "Normalt begavet"},
    {
        "kind": "assessment",
        "fact": "socially_or_mentally_vulnerable",
        "text": "Socialt eller psykisk sårbar",
    },
    {
        "kind": "assessment",
        "fact": "needs_practical_training",
        "text": "Har en tendens til at isolere sig og brug for praktisk træning",
    },
    {
        "kind": "assessment",
        "fact": "potential_to_live_alone",
        "text": "Potentiale til at bo selv efter op til 2 års støtte",
    },
    {"kind": "assessment", "fact": "motivated", "text": "Motiveret"},
    {
        "kind": "excludes",
        "condition": "risk_to_others",
        "text": "Kan være en del af et lille fællesskab – ikke en risiko for andre (trusler, "
        "vold, salg af stoffer, bandetilknytning)",
    },
    {
        "kind": "treatment",
        "text": "Brug af rusmidler på hverdage kræver, at den unge tager imod behandling",
    },
    {
        "kind": "assessment",
        "fact": "no_other_adequate_support",
        "text": "Intet andet passende tilbud (for velfungerende til et permanent botilbud, for "
        "sårbar til et ungdomskollegium)",
    },
    {
        "kind": "excludes",
        "condition": "family_can_replace",
        "applies_under": 20,
        "text": "Under 20 år: ingen familie, der kan erstatte tilbuddet",
    },
    {
        "kind": "excludes",
        "condition": "would_benefit_from_85",
        "applies_from": 18,
        "text": "Fra 18 år: ville ikke have gavn af §85-støtte på op til 15 timer om ugen",
    },
]


def forward(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    for offer in Offer.objects.select_related("unit"):
        criteria = [c for c in offer.criteria if c.get("kind") != "alternative_under"]
        kinds = [c.get("kind") for c in criteria]
        if offer.unit.slug == "ballerup-ungebolig" and kinds == ["age", "treatment", "excludes"]:
            criteria = YOUTH_CRITERIA
        if criteria != offer.criteria:
            offer.criteria = criteria
            offer.save(update_fields=["criteria"])


class Migration(migrations.Migration):
    dependencies = [("offers", "0003_cohort15_start_with_men")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
