"""The eligibility evaluator against the seed offers' criteria (no database)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.offers import eligibility as el
from hjemvej.offers.catalogue import OFFERS

SHELTER = OFFERS["ishoj-herberg"]["criteria"]
PITSTOP = OFFERS["ishoj-pitstop"]["criteria"]
HOUSING_FIRST = OFFERS["ballerup-housing-first"]["criteria"]
YOUTH = OFFERS["ballerup-ungebolig"]["criteria"]

OK = {
    "active_substance_use": False,
    "untreated_mental_illness": False,
    "physical_care_needs": False,
    "alternative_offered": True,
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


def test_twenty_two_year_old_must_first_be_offered_an_alternative():
    values = dict(OK)
    values.pop("alternative_offered")
    asked = el.evaluate(SHELTER, facts(22, **values))
    assert asked.verdict == el.NEEDS_ASSESSMENT
    assert any("alternativ" in q for q in asked.questions)
    refused = el.evaluate(SHELTER, facts(22, **values, alternative_offered=False))
    assert refused.verdict == el.NOT_ELIGIBLE
    assert el.evaluate(SHELTER, facts(22, **OK)).verdict == el.ELIGIBLE


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
    ok = {"active_substance_use": False, "risk_to_others": False}
    assert el.evaluate(YOUTH, facts(16, **ok)).verdict == el.ELIGIBLE
    assert el.evaluate(YOUTH, facts(25, **ok)).verdict == el.ELIGIBLE
    assert el.evaluate(YOUTH, facts(26, **ok)).reasons == [
        "Borgeren er 26 år; tilbuddet optager op til 25 år."
    ]


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
