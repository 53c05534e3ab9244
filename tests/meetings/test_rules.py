import datetime

from hjemvej.meetings import rules

TODAY = datetime.date(2026, 11, 24)


def test_recurring_meetings_fall_one_interval_after_the_last_held():
    assert rules.next_due(
        rules.FOLLOWUP_141, last_held=datetime.date(2026, 8, 31), since=datetime.date(2026, 1, 1)
    ) == datetime.date(2026, 11, 30)
    assert rules.next_due(
        rules.GOAL_YEARLY, last_held=None, since=datetime.date(2026, 2, 1)
    ) == datetime.date(2027, 2, 1)
    assert rules.next_due(rules.NETWORK, last_held=None, since=TODAY) is None


def test_youth_course_proposes_monthly_status_and_yearly_goal_follow_up():
    facts = rules.Facts(today=TODAY, course_started=datetime.date(2026, 10, 1), monthly_status=True)
    proposals = rules.propose(facts, {}, set())
    assert [(p.kind, p.due) for p in proposals] == [
        (rules.STATUS_MONTHLY, datetime.date(2026, 11, 1)),
        (rules.GOAL_YEARLY, datetime.date(2027, 10, 1)),
    ]
    assert proposals[0].overdue


def test_already_booked_kinds_are_not_proposed_again():
    facts = rules.Facts(today=TODAY, shelter_stay_since=datetime.date(2026, 1, 10))
    assert rules.propose(facts, {}, {rules.FOLLOWUP_141}) == []
    (proposal,) = rules.propose(facts, {rules.FOLLOWUP_141: datetime.date(2026, 10, 1)}, set())
    assert proposal.due == datetime.date(2027, 1, 1)


def test_follow_up_conversation_one_year_after_the_course_ends():
    facts = rules.Facts(today=TODAY, course_ended=datetime.date(2026, 6, 30))
    (proposal,) = rules.propose(facts, {}, set())
    assert (proposal.kind, proposal.due) == (rules.AFTER_END, datetime.date(2027, 6, 30))


def test_network_meeting_is_proposed_in_the_move_out_phase_until_held():
    facts = rules.Facts(
        today=TODAY,
        course_started=datetime.date(2026, 1, 1),
        network_phase_started=datetime.date(2026, 11, 1),
    )
    kinds = [p.kind for p in rules.propose(facts, {}, set())]
    assert rules.NETWORK in kinds
    held = {rules.NETWORK: datetime.date(2026, 11, 20)}
    assert rules.NETWORK not in [p.kind for p in rules.propose(facts, held, set())]


def test_a_plan_with_goals_asks_for_a_yearly_goal_follow_up_and_a_treatment_plan_every_three_months():
    facts = rules.Facts(
        today=datetime.date(2026, 11, 24),
        goals_since=datetime.date(2026, 2, 1),
        treatment_since=datetime.date(2026, 9, 1),
    )
    proposals = {p.kind: p.due for p in rules.propose(facts, {}, set())}
    assert proposals[rules.GOAL_YEARLY] == datetime.date(2027, 2, 1)
    assert proposals[rules.TREATMENT_PLAN] == datetime.date(2026, 12, 1)
