"""The citizen overview: the citizen's own data, then a section from each app, in this order."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hjemvej.access import policy
from hjemvej.courses.views import citizen_section as courses_section
from hjemvej.housing.views import citizen_section as housing_section
from hjemvej.journal.views import citizen_section as journal_section
from hjemvej.meetings.views import citizen_section as meetings_section
from hjemvej.plans.sections import citizen_section as plans_section
from hjemvej.rights.views import citizen_section as rights_section
from hjemvej.stays.views import citizen_section as stays_section

# Each section: a function (request, citizen) -> dict | None with "title", "template" and
# "data"; None leaves the section out.
CITIZEN_SECTIONS = [
    plans_section,
    courses_section,
    meetings_section,
    journal_section,
    stays_section,
    housing_section,
    rights_section,
]


@login_required
def overview(request, citizen_uuid):
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what="Borgerens overblik", section=policy.SECTION_IDENTITY
    )
    # A referral-only grant (waiting list, refusal) shows who the citizen is and the user's own
    # ties, nothing of the record (access/policy.py, need-to-know scopes).
    record = policy.covers(grant, policy.SECTION_RECORD)
    sections = [s for s in (fn(request, citizen) for fn in CITIZEN_SECTIONS) if s] if record else []
    relationships = citizen.relationships.select_related("unit", "unit__municipality")
    if not record:
        relationships = relationships.filter(unit_id__in=grant.unit_ids)
    return render(
        request,
        "people/overview.html",
        {
            "citizen": citizen,
            "grant": grant,
            "record": record,
            "show_address": policy.may_see_protected_address(request.user, citizen),
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "relatives": citizen.relatives.all(),
            "consents": citizen.consents.all(),
            "relationships": relationships,
            "sections": sections,
        },
    )
