"""Eligibility as data: an offer's criteria are a list of plain dicts (stored on the offer), and
this module judges a citizen's facts against them. No database here.

A criterion is one of these kinds (the fields it reads in brackets):
- "age": age at move-in within [min, max] (min, max; either may be missing).
- "excludes": a condition that rules the citizen out (condition).
- "substances": which substances the offer treats (accepted, refused: lists of substance groups).
- "treatment": active substance use requires that the citizen accepts treatment.
- "assessment": a judgement by the offer, e.g. a pre-interview with a therapist (fact, text).

Under 25 at a §110 shelter is no criterion: §110 is an open door, so an 18–24-year-old is
admitted like anyone else and the stay is flagged, with a task to offer an alternative
(stays.services, issue 15).

Every criterion may carry "phase": "before_start" (default) or "after_start" (the Housing First
group's rules once the course has begun), and "text": the rule in the offer's own words.
A criterion may also apply to part of the age range only: "applies_under" (age below which it
applies, e.g. 20: "under 20: no family that can replace the offer") and "applies_from" (age
from which it applies, e.g. 18: "over 18: would not benefit from §85 support"). Outside its
range it is met ("gælder ikke"); with the age unknown it is unknown.

Facts are True, False or missing (None). A missing fact is never assumed: the criterion is
"unknown" and the question to ask is given.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from hjemvej.common import dates

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
NEEDS_ASSESSMENT = "needs_assessment"

STATUS_LABELS = {MET: "Opfyldt", NOT_MET: "Ikke opfyldt", UNKNOWN: "Ukendt"}
VERDICT_LABELS = {
    ELIGIBLE: "Kan optages",
    NOT_ELIGIBLE: "Kan ikke optages",
    NEEDS_ASSESSMENT: "Kræver vurdering",
}

# The facts a caseworker or shelter worker can be asked at the counter: name -> (label, question)
FACTS: dict[str, tuple[str, str]] = {
    "active_substance_use": (
        "Aktivt misbrug",
        "Har borgeren et aktivt misbrug af rusmidler?",
    ),
    "untreated_mental_illness": (
        "Ubehandlet psykisk sygdom",
        "Har borgeren en ubehandlet psykisk sygdom?",
    ),
    "physical_care_needs": (
        "Behov for fysisk pleje",
        "Har borgeren behov for fysisk pleje (§83)?",
    ),
    "own_home": ("Egen bolig", "Har borgeren sin egen bolig?"),
    "accepts_treatment": (
        "Tager imod behandling",
        "Vil borgeren tage imod behandling for sit misbrug?",
    ),
    "pre_interview_done": (
        "Forsamtale holdt",
        "Har borgeren været til forsamtale med en behandler, og vurderede behandleren, at "
        "tilbuddet passer?",
    ),
    "risk_to_others": (
        "Risiko for andre",
        "Er borgeren en risiko for andre (trusler, vold, salg af stoffer, bandetilknytning)?",
    ),
    "relapse_without_treatment": (
        "Tilbagefald uden behandling",
        "Har deltageren fået tilbagefald, uden at behandlingen har kunnet genoptages?",
    ),
    # The youth housing's criteria (DOMAIN.md §7), each the offer's judgement of the young person.
    "normally_gifted": (
        "Normalt begavet",
        "Er den unge normalt begavet?",
    ),
    "socially_or_mentally_vulnerable": (
        "Socialt eller psykisk sårbar",
        "Er den unge socialt eller psykisk sårbar?",
    ),
    "needs_practical_training": (
        "Isolerer sig og har brug for praktisk træning",
        "Har den unge en tendens til at isolere sig og brug for praktisk træning?",
    ),
    "potential_to_live_alone": (
        "Kan bo selv efter støtten",
        "Har den unge potentiale til at bo selv efter op til 2 års støtte?",
    ),
    "motivated": ("Motiveret", "Er den unge motiveret for tilbuddet?"),
    "no_other_adequate_support": (
        "Intet andet passende tilbud",
        "Er der intet andet passende tilbud (for velfungerende til en permanent botilbud, for "
        "sårbar til et ungdomskollegium)?",
    ),
    "family_can_replace": (
        "Familie kan erstatte tilbuddet",
        "Har den unge en familie, der kan erstatte tilbuddet?",
    ),
    "would_benefit_from_85": (
        "Kan klare sig med §85-støtte",
        "Vil den unge have gavn af støtte efter §85 på op til 15 timer om ugen?",
    ),
}

# Substance groups: what a citizen uses, and which group each belongs to.
SUBSTANCES: dict[str, tuple[str, str]] = {
    "alcohol": ("Alkohol", "alcohol"),
    "cannabis": ("Hash / cannabis", "drugs"),
    "cocaine": ("Kokain", "drugs"),
    "amphetamine": ("Amfetamin", "drugs"),
    "opioids": ("Opioider (heroin, metadon uden ordination)", "drugs"),
    "benzodiazepines": ("Benzodiazepiner uden ordination", "drugs"),
    "other_drugs": ("Andre stoffer", "drugs"),
}
SUBSTANCE_GROUPS = {"drugs": "stoffer", "alcohol": "alkohol"}

CONDITION_TEXT = {
    "active_substance_use": "aktivt misbrug",
    "untreated_mental_illness": "ubehandlet psykisk sygdom",
    "physical_care_needs": "behov for fysisk pleje",
    "own_home": "egen bolig",
    "risk_to_others": "risiko for andre",
    "relapse_without_treatment": "tilbagefald uden genoptaget behandling",
    "family_can_replace": "en familie, der kan erstatte tilbuddet",
    "would_benefit_from_85": "gavn af §85-støtte på op til 15 timer om ugen",
}


@dataclass(frozen=True)
class Facts:
    """What is known about the citizen at the moment of judging. None = not known."""

    age: int | None = None
    substances: frozenset[str] | None = None
    values: dict[str, bool | None] = field(default_factory=dict)

    def get(self, name: str) -> bool | None:
        return self.values.get(name)


@dataclass(frozen=True)
class CriterionResult:
    kind: str
    title: str
    status: str
    explanation: str
    question: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Evaluation:
    verdict: str
    results: list[CriterionResult]

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def reasons(self) -> list[str]:
        """The explanations of the criteria that are not met."""
        return [r.explanation for r in self.results if r.status == NOT_MET]

    @property
    def questions(self) -> list[str]:
        return [r.question for r in self.results if r.status == UNKNOWN and r.question]


def _age(c: dict, facts: Facts) -> CriterionResult:
    low, high = c.get("min"), c.get("max")
    if low is not None and high is not None:
        title = f"Alder {low}–{high} år ved indflytning"
    elif low is not None:
        title = f"Mindst {low} år ved indflytning"
    else:
        title = f"Højst {high} år ved indflytning"
    if facts.age is None:
        return CriterionResult(
            "age", title, UNKNOWN, "Borgerens alder kendes ikke.", "Hvor gammel er borgeren?"
        )
    if low is not None and facts.age < low:
        return CriterionResult(
            "age", title, NOT_MET, f"Borgeren er {facts.age} år; tilbuddet optager fra {low} år."
        )
    if high is not None and facts.age > high:
        return CriterionResult(
            "age",
            title,
            NOT_MET,
            f"Borgeren er {facts.age} år; tilbuddet optager op til {high} år.",
        )
    return CriterionResult("age", title, MET, f"Borgeren er {facts.age} år.")


def _excludes(c: dict, facts: Facts) -> CriterionResult:
    name = c["condition"]
    label, question = FACTS[name]
    what = CONDITION_TEXT.get(name, label.lower())
    title = c.get("text") or f"Ikke {what}"
    value = facts.get(name)
    if value is None:
        return CriterionResult(
            "excludes", title, UNKNOWN, f"Det vides ikke, om borgeren har {what}.", question
        )
    if value:
        return CriterionResult(
            "excludes", title, NOT_MET, f"Borgeren har {what}, og det udelukker fra tilbuddet."
        )
    return CriterionResult("excludes", title, MET, f"Borgeren har ikke {what}.")


def _substances(c: dict, facts: Facts) -> CriterionResult:
    accepted = set(c.get("accepted", []))
    refused = set(c.get("refused", []))
    acc_text = " og ".join(SUBSTANCE_GROUPS[g] for g in sorted(accepted)) or "ingen"
    title = c.get("text") or f"Behandler {acc_text}"
    if refused:
        title = (
            c.get("text")
            or f"Behandler {acc_text}, ikke {' og '.join(SUBSTANCE_GROUPS[g] for g in sorted(refused))}"
        )
    if facts.substances is None:
        return CriterionResult(
            "substances",
            title,
            UNKNOWN,
            "Det vides ikke, hvilke rusmidler borgeren bruger.",
            "Hvilke rusmidler bruger borgeren?",
        )
    groups = {SUBSTANCES[s][1] for s in facts.substances if s in SUBSTANCES}
    names = ", ".join(SUBSTANCES[s][0].lower() for s in sorted(facts.substances) if s in SUBSTANCES)
    if groups & accepted:
        return CriterionResult(
            "substances", title, MET, f"Borgeren bruger {names}, som tilbuddet behandler."
        )
    if groups & refused:
        return CriterionResult(
            "substances",
            title,
            NOT_MET,
            f"Borgeren bruger kun {names}; tilbuddet behandler ikke "
            f"{' og '.join(SUBSTANCE_GROUPS[g] for g in sorted(groups & refused))}.",
        )
    return CriterionResult(
        "substances",
        title,
        NOT_MET,
        f"Borgeren bruger ingen af de rusmidler, tilbuddet behandler ({acc_text}).",
    )


def _treatment(c: dict, facts: Facts) -> CriterionResult:
    title = c.get("text") or "Aktivt misbrug kræver, at borgeren tager imod behandling"
    using = facts.get("active_substance_use")
    accepts = facts.get("accepts_treatment")
    if using is False:
        return CriterionResult("treatment", title, MET, "Borgeren har ikke et aktivt misbrug.")
    if using is None:
        return CriterionResult(
            "treatment",
            title,
            UNKNOWN,
            "Det vides ikke, om borgeren har et aktivt misbrug.",
            FACTS["active_substance_use"][1],
        )
    if accepts is None:
        return CriterionResult(
            "treatment",
            title,
            UNKNOWN,
            "Det vides ikke, om borgeren vil tage imod behandling.",
            FACTS["accepts_treatment"][1],
        )
    if accepts:
        return CriterionResult(
            "treatment", title, MET, "Borgeren har et aktivt misbrug og tager imod behandling."
        )
    return CriterionResult(
        "treatment", title, NOT_MET, "Borgeren har et aktivt misbrug og har afvist behandling."
    )


def _assessment(c: dict, facts: Facts) -> CriterionResult:
    name = c.get("fact", "pre_interview_done")
    label, question = FACTS[name]
    title = c.get("text") or label
    value = facts.get(name)
    if value is None:
        return CriterionResult(
            "assessment", title, UNKNOWN, "Tilbuddets vurdering mangler.", question
        )
    if value:
        return CriterionResult(
            "assessment", title, MET, "Tilbuddet har vurderet, at borgeren passer."
        )
    return CriterionResult(
        "assessment", title, NOT_MET, "Tilbuddet har vurderet, at borgeren ikke passer."
    )


JUDGES = {
    "age": _age,
    "excludes": _excludes,
    "substances": _substances,
    "treatment": _treatment,
    "assessment": _assessment,
}


def applies_text(c: dict) -> str:
    """ "Under 20: " / "Fra 18 år: " for a criterion that applies to part of the age range."""
    under, from_ = c.get("applies_under"), c.get("applies_from")
    if under is not None and from_ is not None:
        return f"{from_}–{under - 1} år: "
    if under is not None:
        return f"Under {under} år: "
    if from_ is not None:
        return f"Fra {from_} år: "
    return ""


def _judge(c: dict, facts: Facts) -> CriterionResult:
    """A criterion's judge, or "gælder ikke" when the citizen's age is outside its range."""
    under, from_ = c.get("applies_under"), c.get("applies_from")
    if under is None and from_ is None:
        return JUDGES[c["kind"]](c, facts)
    result = JUDGES[c["kind"]](c, facts)
    title = result.title if c.get("text") else applies_text(c) + result.title
    if facts.age is None:
        return CriterionResult(
            result.kind, title, UNKNOWN, "Borgerens alder kendes ikke.", "Hvor gammel er borgeren?"
        )
    if (under is not None and facts.age >= under) or (from_ is not None and facts.age < from_):
        return CriterionResult(result.kind, title, MET, f"Gælder ikke: borgeren er {facts.age} år.")
    return CriterionResult(result.kind, title, result.status, result.explanation, result.question)


def check_criteria(criteria: list[dict]) -> list[str]:
    """Problems in a list of criteria (for the catalogue form); empty when the list is sound."""
    problems = []
    for i, c in enumerate(criteria, start=1):
        kind = c.get("kind") if isinstance(c, dict) else None
        if kind not in JUDGES:
            problems.append(f"Kriterium {i}: ukendt type {kind!r}.")
            continue
        if kind == "excludes" and c.get("condition") not in FACTS:
            problems.append(f"Kriterium {i}: ukendt forhold {c.get('condition')!r}.")
        if kind == "age" and c.get("min") is None and c.get("max") is None:
            problems.append(f"Kriterium {i}: en aldersgrænse skal have min eller max.")
        for bound in ("applies_under", "applies_from"):
            if bound in c and not isinstance(c[bound], int):
                problems.append(f"Kriterium {i}: {bound} skal være en alder i hele år.")
        if c.get("phase", "before_start") not in ("before_start", "after_start"):
            problems.append(f"Kriterium {i}: fasen skal være before_start eller after_start.")
    return problems


def evaluate(criteria: list[dict], facts: Facts, *, phase: str = "before_start") -> Evaluation:
    """Judge the facts against the criteria of one phase; the verdict follows the worst result."""
    results = [
        _judge(c, facts)
        for c in criteria
        if c.get("phase", "before_start") == phase and c.get("kind") in JUDGES
    ]
    if any(r.status == NOT_MET for r in results):
        verdict = NOT_ELIGIBLE
    elif any(r.status == UNKNOWN for r in results):
        verdict = NEEDS_ASSESSMENT
    else:
        verdict = ELIGIBLE
    return Evaluation(verdict, results)


def facts_from(*, birth_date: datetime.date | None, on: datetime.date, given: dict | None) -> Facts:
    """Facts from the citizen's birth date and what was told at the counter (JSON-like dict)."""
    given = dict(given or {})
    substances = given.pop("substances", None)
    values = {k: v for k, v in given.items() if k in FACTS and v is not None}
    return Facts(
        age=dates.age_on(birth_date, on) if birth_date else None,
        substances=frozenset(substances) if substances is not None else None,
        values={k: bool(v) for k, v in values.items()},
    )
