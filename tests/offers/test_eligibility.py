"""The eligibility evaluator against the seed offers' criteria (no database)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.offers import eligibility as el
from hjemvej.offers.catalogue import OFFERS
from tests.offers.helpers import YOUTH_OK

SHELTER = OFFERS["ishoj-herberg"]["criteria"]
PITSTOP = OFFERS["ishoj-pitstop"]["criteria"]
HOUSING_FIRST = OFFERS["ballerup-housing-first"]["criteria"]
YOUTH = OFFERS["ballerup-ungebolig"]["criteria"]

OK = {
    "active_substance_use": False,
    "untreated_mental_illness": False,
    "physical_care_needs": False,
}


def facts(age, **values):
    substances = values.pop("substances", None)
    return el.Facts(
        age=age,
        substances=frozenset(substances) if substances is not None else None,
        values=values,
    )


def test_seventeen_year_old_is_refused_at_the_shelter_with_reason():
    result = el.evaluate(SHELTER, facts(17, **OK))
    assert result.verdict == el.NOT_ELIGIBLE
    assert result.reasons == ["Borgeren er 17 år; tilbuddet optager fra 18 år."]


def test_adult_with_all_facts_known_is_eligible_at_the_shelter():
    assert el.evaluate(SHELTER, facts(40, **OK)).verdict == el.ELIGIBLE


def test_unknown_facts_are_asked_for_not_assumed():
    result = el.evaluate(SHELTER, facts(40))
    assert result.verdict == el.NEEDS_ASSESSMENT
    assert "Har borgeren et aktivt misbrug af rusmidler?" in result.questions
    assert "Har borgeren en ubehandlet psykisk sygdom?" in result.questions
    unknown = [r for r in result.results if r.status == el.UNKNOWN]
    assert len(unknown) == 3


def test_twenty_two_year_old_is_eligible_at_the_shelter_like_anyone_else():
    # Issue 15: under 25 is a duty to offer an alternative after admission, never a bar.
    result = el.evaluate(SHELTER, facts(22, **OK))
    assert result.verdict == el.ELIGIBLE
    assert not any("alternativ" in q for q in el.evaluate(SHELTER, facts(22)).questions)
    assert "alternative_under" not in {c["kind"] for c in SHELTER}
    assert "alternative_under" not in el.JUDGES


def test_alcohol_only_is_refused_at_pitstop():
    result = el.evaluate(PITSTOP, facts(30, substances={"alcohol"}, pre_interview_done=True))
    assert result.verdict == el.NOT_ELIGIBLE
    assert result.reasons == ["Borgeren bruger kun alkohol; tilbuddet behandler ikke alkohol."]


def test_cannabis_is_accepted_at_pitstop():
    result = el.evaluate(PITSTOP, facts(16, substances={"cannabis"}, pre_interview_done=True))
    assert result.verdict == el.ELIGIBLE
    substances = next(r for r in result.results if r.kind == "substances")
    assert substances.status == el.MET


def test_cannabis_and_alcohol_is_accepted_at_pitstop_for_the_drug_use():
    result = el.evaluate(PITSTOP, facts(30, substances={"cannabis", "alcohol"}))
    assert next(r for r in result.results if r.kind == "substances").status == el.MET
    assert result.verdict == el.NEEDS_ASSESSMENT  # the pre-interview is still missing


def test_active_abuse_with_refused_treatment_excludes_from_housing_first_before_start():
    result = el.evaluate(
        HOUSING_FIRST,
        facts(35, physical_care_needs=False, active_substance_use=True, accepts_treatment=False),
    )
    assert result.verdict == el.NOT_ELIGIBLE
    assert result.reasons == ["Borgeren har et aktivt misbrug og har afvist behandling."]


def test_treatment_need_does_not_exclude_from_housing_first():
    result = el.evaluate(
        HOUSING_FIRST,
        facts(35, physical_care_needs=False, active_substance_use=True, accepts_treatment=True),
    )
    assert result.verdict == el.ELIGIBLE


def test_housing_first_after_start_rule_applies_only_after_start():
    before = el.evaluate(
        HOUSING_FIRST,
        facts(
            35,
            relapse_without_treatment=True,
            physical_care_needs=False,
            active_substance_use=False,
        ),
    )
    assert before.verdict == el.ELIGIBLE
    after = el.evaluate(
        HOUSING_FIRST, facts(35, relapse_without_treatment=True), phase="after_start"
    )
    assert after.verdict == el.NOT_ELIGIBLE


def test_youth_housing_age_range_at_move_in():
    ok = YOUTH_OK
    assert el.evaluate(YOUTH, facts(16, **ok)).verdict == el.ELIGIBLE
    assert el.evaluate(YOUTH, facts(25, **ok)).verdict == el.ELIGIBLE
    assert el.evaluate(YOUTH, facts(26, **ok)).reasons == [
        "Borgeren er 26 år; tilbuddet optager op til 25 år."
    ]


def test_youth_housing_has_the_full_list_of_criteria_each_with_its_question():
    # DOMAIN.md §7: age, normally gifted, vulnerable, isolates/needs training, potential to live
    # alone, motivated, small community (no risk to others), treatment, no other adequate
    # support, under 20: no family, over 18: no benefit from §85.
    assert len(YOUTH) == 11
    result = el.evaluate(YOUTH, facts(17))
    assert result.verdict == el.NEEDS_ASSESSMENT
    questions = result.questions
    for question in (
        "Er den unge normalt begavet?",
        "Er den unge socialt eller psykisk sårbar?",
        "Har den unge en tendens til at isolere sig og brug for praktisk træning?",
        "Har den unge potentiale til at bo selv efter op til 2 års støtte?",
        "Er den unge motiveret for tilbuddet?",
        "Har den unge en familie, der kan erstatte tilbuddet?",
    ):
        assert question in questions
    assert any(q.startswith("Er der intet andet passende tilbud") for q in questions)
    # 17 years old: the §85 question (from 18) does not apply and is not asked.
    assert "Vil den unge have gavn af støtte efter §85 på op til 15 timer om ugen?" not in questions
    assert el.evaluate(YOUTH, facts(17, **YOUTH_OK)).verdict == el.ELIGIBLE


def test_the_under_20_and_from_18_branches():
    family = dict(YOUTH_OK, family_can_replace=True)
    assert el.evaluate(YOUTH, facts(19, **family)).verdict == el.NOT_ELIGIBLE
    assert el.evaluate(YOUTH, facts(19, **family)).reasons == [
        "Borgeren har en familie, der kan erstatte tilbuddet, og det udelukker fra tilbuddet."
    ]
    assert el.evaluate(YOUTH, facts(20, **family)).verdict == el.ELIGIBLE  # not under 20
    support = dict(YOUTH_OK, would_benefit_from_85=True)
    assert el.evaluate(YOUTH, facts(17, **support)).verdict == el.ELIGIBLE  # not yet 18
    assert el.evaluate(YOUTH, facts(18, **support)).verdict == el.NOT_ELIGIBLE
    no_age = el.evaluate(YOUTH, facts(None, **YOUTH_OK))
    assert no_age.verdict == el.NEEDS_ASSESSMENT
    not_applying = [
        r
        for r in el.evaluate(YOUTH, facts(22, **YOUTH_OK)).results
        if "Gælder ikke" in r.explanation
    ]
    assert [r.title for r in not_applying] == [
        "Under 20 år: ingen familie, der kan erstatte tilbuddet"
    ]


def test_no_other_adequate_support_is_a_criterion():
    result = el.evaluate(YOUTH, facts(21, **dict(YOUTH_OK, no_other_adequate_support=False)))
    assert result.verdict == el.NOT_ELIGIBLE


def test_check_criteria_refuses_an_age_branch_that_is_no_age():
    assert el.check_criteria([{"kind": "motivated"}]) == ["Kriterium 1: ukendt type 'motivated'."]
    assert el.check_criteria(
        [{"kind": "assessment", "fact": "motivated", "applies_under": "tyve"}]
    ) == ["Kriterium 1: applies_under skal være en alder i hele år."]


def test_facts_from_counts_age_on_the_move_in_day():
    f = el.facts_from(birth_date=datetime.date(2009, 3, 2), on=datetime.date(2027, 3, 1), given={})
    assert f.age == 17
    assert (
        el.facts_from(
            birth_date=datetime.date(2009, 3, 2), on=datetime.date(2027, 3, 2), given={}
        ).age
        == 18
    )


def test_check_criteria_names_bad_entries():
    assert el.check_criteria(SHELTER + PITSTOP + HOUSING_FIRST + YOUTH) == []
    problems = el.check_criteria([{"kind": "magic"}, {"kind": "excludes", "condition": "x"}])
    assert problems == ["Kriterium 1: ukendt type 'magic'.", "Kriterium 2: ukendt forhold 'x'."]


FACT_VALUES = st.sampled_from([True, False, None])


@given(
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    values=st.fixed_dictionaries({name: FACT_VALUES for name in el.FACTS}),
)
def test_verdict_follows_the_worst_criterion(age, values):
    values = {k: v for k, v in values.items() if v is not None}
    for criteria in (SHELTER, PITSTOP, HOUSING_FIRST, YOUTH):
        result = el.evaluate(criteria, facts(age, **values))
        statuses = {r.status for r in result.results}
        if el.NOT_MET in statuses:
            assert result.verdict == el.NOT_ELIGIBLE and result.reasons
        elif el.UNKNOWN in statuses:
            assert result.verdict == el.NEEDS_ASSESSMENT and result.questions
        else:
            assert result.verdict == el.ELIGIBLE
        for r in result.results:
            assert r.explanation
