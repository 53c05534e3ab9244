"""The staff home page: the search box, then the worklists of the apps, in this order."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hjemvej.access import policy
from hjemvej.accounts.models import Role
from hjemvej.courses import worklists as courses_worklists
from hjemvej.journal import worklists as journal_worklists
from hjemvej.meetings import worklists as meetings_worklists
from hjemvej.people.home import recent_citizens_section
from hjemvej.plans import sections as plans_sections
from hjemvej.stays.views import home_section as stays_home_section

# Each section: a function (request) -> dict | None with "title", "template" and "data";
# None leaves the block out for this user.
HOME_SECTIONS = [
    recent_citizens_section,
    plans_sections.follow_up_worklist,
    courses_worklists.courses_changing_phase,
    courses_worklists.courses_outside_limits,
    courses_worklists.overdue_followups,
    courses_worklists.support_below_entitlement,
    meetings_worklists.meetings_today_and_week,
    meetings_worklists.move_requests,
    meetings_worklists.failed_reminders,
    journal_worklists.messages_from_citizens,
    stays_home_section,
]


@login_required
def home(request):
    user = request.user
    roles = policy.roles(user)
    sections = [s for s in (fn(request) for fn in HOME_SECTIONS) if s]
    return render(
        request,
        "accounts/home.html",
        {
            "roles": [Role(r).label for r in sorted(roles)],
            "is_caseworker": policy.is_caseworker(user),
            "is_offer_staff": policy.is_offer_worker(user),
            "is_manager": policy.is_manager(user),
            "is_analyst": policy.is_analyst(user),
            "is_administrator": policy.is_administrator(user),
            "may_work_with_citizens": policy.may_work_with_citizens(user),
            "may_create": policy.may_create_citizens(user),
            "sections": sections,
        },
    )
