"""The law, night by night: the reference the interval counter (economics.reimbursement) is
checked against. Slow and plain on purpose — it lives only in the tests.

DOMAIN.md §4: a stay's nights run from admission up to, not including, discharge; each night is
judged by the rule in force on it; under a running-year rule a running year starts on the first
such night and lasts one year (add_months 12), the next starts on the first night after it; a
night is reimbursed while the year's reimbursed nights before it are fewer than the limit in
force on that night. §176a (after_discharge): nights from the citizen's first §110 discharge,
inside the window, up to the cap, and only if decided by the discharge the support follows."""

import datetime
from collections import defaultdict
from decimal import Decimal

from hjemvej.economics.reimbursement import (
    RUNNING_YEAR,
    SHELTER,
    WHOLE_STAY,
    add_months,
    discharges,
)

ONE = datetime.timedelta(days=1)


def rule_on(rules, section, day):
    for rule in rules:
        if rule.section == section and rule.in_force(day):
            return rule
    return None


def nights(start, end):
    day = start
    while day < end:
        yield day
        day += ONE


def judge(stays, rules):
    """{(stay index, night): (rule or None, reimbursed)} for every night of every stay."""
    out = {}
    ends_by_citizen = discharges(stays)
    year = defaultdict(lambda: [None, 0])  # citizen -> [year end, reimbursed]
    used = defaultdict(int)  # (citizen, section) -> §176a nights used
    for i in sorted(range(len(stays)), key=lambda i: (stays[i].citizen, stays[i].start)):
        s = stays[i]
        ends = [s.first_discharge] if s.first_discharge else ends_by_citizen.get(s.citizen, [])
        for day in nights(s.start, s.end):
            rule = rule_on(rules, s.section, day)
            paid = False
            if rule is None:
                paid = False
            elif rule.kind == WHOLE_STAY:
                paid = True
            elif rule.kind == RUNNING_YEAR:
                y = year[s.citizen]
                if y[0] is None or day >= y[0]:
                    y[0], y[1] = add_months(day, 12), 0
                if y[1] < (rule.limit_nights or 0):
                    y[1] += 1
                    paid = True
            elif ends and day >= ends[0]:
                discharge = ends[0]
                follows = max((e for e in ends if e <= s.start), default=discharge)
                decided = not rule.requires_decision or (
                    s.decided_on is not None and s.decided_on <= follows
                )
                inside = rule.window_months is None or day < add_months(
                    discharge, rule.window_months
                )
                cap = (
                    None
                    if rule.cap_months is None
                    else (add_months(discharge, rule.cap_months) - discharge).days
                )
                if decided and inside and (cap is None or used[(s.citizen, s.section)] < cap):
                    used[(s.citizen, s.section)] += 1
                    paid = True
            out[(i, day)] = (rule, paid)
    return out


def totals(stays, rules):
    """Per stay and in all: (nights, reimbursed nights, reimbursement)."""
    per_stay = [[0, 0, Decimal(0)] for _ in stays]
    for (i, _day), (rule, paid) in judge(stays, rules).items():
        s = stays[i]
        per_stay[i][0] += 1
        if paid:
            per_stay[i][1] += 1
            per_stay[i][2] += (s.daily_rate - s.own_payment_per_night) * rule.share
    return per_stay


def status(spans, today, rules):
    """The running year on `today` of one citizen's §110 stays, night by night, as a tuple
    (starts_on, ends_on, nights, reimbursed, limit, nights_left), or None."""
    rule = rule_on(rules, SHELTER, today)
    if rule is None or rule.kind != RUNNING_YEAR:
        return None
    before = sorted({d for a, b in spans for d in nights(a, min(b or today, today))})
    start = end = None
    counted = reimbursed = 0
    for day in before:
        night_rule = rule_on(rules, SHELTER, day)
        if night_rule is None or night_rule.kind != RUNNING_YEAR:
            continue
        if end is None or day >= end:
            start, end, counted, reimbursed = day, add_months(day, 12), 0, 0
        counted += 1
        if reimbursed < night_rule.limit_nights:
            reimbursed += 1
    if end is None or today >= end:
        if not any(a <= today and (b is None or b > today) for a, b in spans):
            return None
        start, end, counted, reimbursed = today, add_months(today, 12), 0, 0
    left, simulated = 0, reimbursed
    for day in nights(today, end):
        night_rule = rule_on(rules, SHELTER, day)
        running = night_rule is not None and night_rule.kind == RUNNING_YEAR
        if running and simulated < night_rule.limit_nights:
            simulated += 1
            left += 1
    return (start, end, counted, reimbursed, rule.limit_nights, left)
