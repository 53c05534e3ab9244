"""The seed offers of DOMAIN.md §2 with the criteria the municipalities state for them, keyed by
unit slug. Used by the demo step and by the tests (which build the same offers)."""

from __future__ import annotations

from decimal import Decimal

from hjemvej.offers.models import LegalBasis, Offer, Room

NO_ACTIVE_USE = {"kind": "excludes", "condition": "active_substance_use"}
NO_UNTREATED_MENTAL = {"kind": "excludes", "condition": "untreated_mental_illness"}
NO_CARE_NEEDS = {"kind": "excludes", "condition": "physical_care_needs"}

# Ballerup youth housing's eligibility criteria, the full list of DOMAIN.md §7, each a data
# criterion with its question (offers.eligibility.FACTS).
YOUTH_CRITERIA: list[dict] = [
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

SHELTER_ROOMS = [
    "Værelse 1 – Ask",
    "Værelse 2 – Bøg",
    "Værelse 3 – Birk",
    "Værelse 4 – Eg",
    "Værelse 5 – El",
    "Værelse 6 – Hyld",
    "Værelse 7 – Lind",
    "Værelse 8 – Pil",
    "Værelse 9 – Røn",
]

OFFERS: dict[str, dict] = {
    "ishoj-herberg": {
        "legal_basis": LegalBasis.SEL_110,
        "target_group": (
            "Udsatte borgere over 18 år – ikke kun hjemløse. Eget værelse, fælles køkken, "
            "opholdsstue og toiletter. "
            "Altid boligsøgning, individuelle samtaler, fysisk og psykisk sundhed. Borgeren "
            "sætter målene for opholdet."
        ),
        "residential": True,
        "places": 9,
        "support_hours_per_week": Decimal("11.51"),
        "opening_hours": (
            "Bemandet kl. 08.00–15.30, to aftener til kl. 19.00. Borgerne er alene om natten og "
            "i weekenden."
        ),
        "contact": "Ishøj Kommune, De fleksible afklaringspladser, tlf. 43 57 75 75",
        "daily_rate_reference": "Takst efter Ishøj Kommunes takstblad",
        "rooms": SHELTER_ROOMS,
        "criteria": [
            {"kind": "age", "min": 18},
            {
                **NO_ACTIVE_USE,
                "text": "Ikke aktivt misbrug",
            },
            {**NO_UNTREATED_MENTAL, "text": "Ikke ubehandlet psykisk sygdom"},
            {
                **NO_CARE_NEEDS,
                "text": "Ikke behov for fysisk pleje (Socialtilsynets godkendelse)",
            },
        ],
    },
    "ishoj-pitstop": {
        "legal_basis": LegalBasis.SEL_101,
        "target_group": (
            "Borgere fra 13 år med brug af stoffer (hash, kokain, amfetamin m.fl.) – ikke "
            "alkohol. Ambulant op til 2 gange om ugen; borgeren vælger målet: ophør, reduktion "
            "eller stabilisering."
        ),
        "residential": False,
        "places": None,
        "opening_hours": "Ambulant, fleksible tider op til 2 gange om ugen",
        "contact": "Pitstop, Ishøj Kommune",
        "criteria": [
            {"kind": "age", "min": 13},
            {"kind": "substances", "accepted": ["drugs"], "refused": ["alcohol"]},
            {
                "kind": "assessment",
                "fact": "pre_interview_done",
                "text": "Forsamtale med behandler",
            },
        ],
    },
    "ishoj-skaeve-boliger": {
        "legal_basis": LegalBasis.SKAEVE,
        "target_group": (
            "Tidligere hjemløse borgere. 6 toværelses boliger med eget køkken, bad, terrasse og "
            "have, ved siden af herberget og behandlingen."
        ),
        "residential": True,
        "places": 6,
        "contact": "Ishøj Kommune, Skæve boliger",
        "rooms": [f"Bolig {n}" for n in range(1, 7)],
        "criteria": [{"kind": "age", "min": 18}],
    },
    "ishoj-aagaarden": {
        "legal_basis": LegalBasis.SEL_99,
        "target_group": (
            "Akutboliger med opsøgende støtte (§99), som bruges til at flytte borgere fra "
            "herberget til egen lejlighed med støtte."
        ),
        "residential": True,
        "places": None,
        "contact": "Ishøj Kommune, Akutboligerne Ågården",
        "criteria": [{"kind": "age", "min": 18}],
    },
    "ballerup-ungebolig": {
        "legal_basis": LegalBasis.SEL_107,
        "target_group": (
            "Unge 16–25 år ved indflytning (§107; §66 stk. 5 under 18; §76 18–22), socialt eller "
            "psykisk sårbare, som har brug for praktisk træning og kan bo selv efter op til 2 år. "
            "9 beboere: 6 boende og 3 dagbeboere i udflytningsfasen."
        ),
        "residential": True,
        "places": 9,
        "opening_hours": "Ophold op til 2 år (mindst 9 måneder forventet)",
        "contact": "Ballerup Kommune, Ungebolig og træning",
        "daily_rate_reference": "Takstblad 2022: 1.788 kr. pr. beboer pr. døgn",
        "rooms": [f"Bolig {n}" for n in range(1, 7)] + [f"Dagplads {n}" for n in range(1, 4)],
        "criteria": YOUTH_CRITERIA,
    },
    "ballerup-housing-first": {
        "legal_basis": LegalBasis.HOUSING_FIRST,
        "target_group": (
            "Voksne med et forholdsvis lille støttebehov, motiverede for at ændre livsstil. "
            "Homogen gruppe på 4–6 med samme funktionsniveau; 9 måneder i midlertidig bolig "
            "(Egebjerg/Klakkebjerg, 5 boliger), derefter egen bolig. Obligatorisk ADL-kursus. "
            "3 forløb à 5 = 15 borgere i alt (ikke pr. år)."
        ),
        "residential": False,
        "places": 5,
        "start_with_men": True,
        "group_min": 4,
        "group_max": 6,
        "support_hours_per_week": Decimal("2"),
        "opening_hours": "Ingen bemanding om aftenen, natten eller i weekenden",
        "contact": "Ballerup Kommune, Housing First-gruppen",
        "criteria": [
            {"kind": "age", "min": 18},
            {
                **NO_CARE_NEEDS,
                "text": "Før start: ikke behov for fysisk pleje (§83)",
            },
            {
                "kind": "treatment",
                "text": "Før start: ikke aktivt misbrug med afvisning af behandling (§101 / SUL §142)",
            },
            {
                "kind": "excludes",
                "condition": "relapse_without_treatment",
                "phase": "after_start",
                "text": "Efter start: tilbagefald, hvor behandlingen ikke kan genoptages, betyder "
                "at deltageren forlader forløbet",
            },
        ],
    },
    "herning-hjemloeseteam": {
        "legal_basis": LegalBasis.SEL_85,
        "target_group": (
            "Hjemløse borgere, som får Housing First i almindelig bolig med opfølgning og "
            "nedtrapning af støtten."
        ),
        "residential": False,
        "contact": "Herning Kommune, Hjemløseteamet",
        "criteria": [{"kind": "age", "min": 18}],
    },
    "herning-bostoette": {
        "legal_basis": LegalBasis.SEL_85,
        "target_group": "Almindelig bostøtte efter §85 i egen bolig.",
        "residential": False,
        "contact": "Herning Kommune, Bostøtten",
        "criteria": [{"kind": "age", "min": 18}],
    },
}


def ensure_offer(unit, spec: dict | None = None) -> Offer:
    """Create or update the catalogue row (and rooms) of an offer unit from its seed spec."""
    spec = dict(spec if spec is not None else OFFERS[unit.slug])
    rooms = spec.pop("rooms", [])
    offer, _ = Offer.objects.update_or_create(unit=unit, defaults=spec)
    for position, name in enumerate(rooms, start=1):
        Room.objects.get_or_create(offer=offer, name=name, defaults={"position": position})
    return offer
