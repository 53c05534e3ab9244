"""The main menu, in the order it is shown, and who sees each entry; and the unit the user acts
for (the header's unit picker)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.audit.context import ACTING_UNIT_SESSION_KEY
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.tracks.selectors import partner_municipality_ids

# Each entry: label, URL name and who sees it, most used first. The first ROW_ITEMS a user sees
# stand in the menu's row; the rest are under "Mere", so the menu keeps to one row at 1366 px.
NAV_ITEMS: list[dict] = [
    {"label": "Forside", "url": "home", "visible": lambda u: True},
    {"label": "Borgere", "url": "people:search", "visible": policy.may_work_with_citizens},
    {"label": "Møder", "url": "meetings:list", "visible": policy.may_work_with_citizens},
    {
        "label": "Venteliste",
        "url": "offers:waiting_index",
        "visible": policy.may_work_with_citizens,
    },
    {
        "label": "Belægning",
        "url": "stays:board_index",
        "visible": policy.may_work_with_citizens,
    },
    {
        "label": "Støttetid",
        "url": "courses:support_overview",
        "visible": policy.may_work_with_citizens,
    },
    {
        "label": "Borgere på tilbud",
        "url": "citizens_at_offers",
        "visible": lambda u: bool(policy.authority_municipality_ids(u)),
    },
    {
        "label": "Hjemtagning",
        "url": "stays:bring_home",
        "visible": policy.may_see_bring_home_report,
    },
    {
        "label": "Progression",
        "url": "plans:offers",
        "visible": lambda u: policy.may_work_with_citizens(u) or policy.is_analyst(u),
    },
    {
        "label": "Tilbud",
        "url": "offers:list",
        "visible": policy.may_see_offer_catalogue,
    },
    {
        "label": "Samarbejde",
        "url": "tracks:cooperation",
        "visible": lambda u: bool(partner_municipality_ids(u)),
    },
    {"label": "Rapporter", "url": "reports:choose", "visible": policy.may_use_reports},
    {
        "label": "Økonomi",
        "url": "economics:index",
        "visible": lambda u: policy.is_manager(u) or policy.is_analyst(u),
    },
    {
        "label": "Opbevaring",
        "url": "rights:retention",
        "visible": lambda u: policy.may_see_disposals(u) or policy.may_edit_retention_rules(u),
    },
    {"label": "Logning", "url": "audit:search", "visible": policy.is_manager},
    {"label": "Administration", "url": "staff:index", "visible": policy.is_administrator},
]
ROW_ITEMS = 6


def navigation(request):
    """The main menu, by the user's roles, and the units they may act for (a template context
    processor)."""
    user = getattr(request, "user", None)
    items = []
    staff = user is not None and policy.is_staff_user(user)
    if staff:
        for entry in NAV_ITEMS:
            if entry["visible"](user):
                url = reverse(entry["url"])
                items.append(
                    {
                        "label": entry["label"],
                        "url": url,
                        "active": request.path.startswith(url)
                        and url != "/"
                        or request.path == url,
                    }
                )
    # "Mere" only when it holds at least two entries; one more fits the row as well.
    split = ROW_ITEMS if len(items) > ROW_ITEMS + 1 else len(items)
    row, more = items[:split], items[split:]
    units = policy.acting_units(user) if staff and user is not None else []
    session = getattr(request, "session", None)
    chosen = session.get(ACTING_UNIT_SESSION_KEY) if staff and session is not None else None
    return {
        "nav_items": items,
        "nav_row": row,
        "nav_more": more,
        "nav_more_active": any(i["active"] for i in more),
        "user_units": ", ".join(u.name for u in units),
        "acting_units": units if len(units) > 1 else [],
        "acting_unit_id": chosen if any(u.pk == chosen for u in units) else None,
    }


@login_required
@require_POST
def choose_unit(request):
    """The user picks the unit they act for: only one of their own units; the choice is logged
    and the audit middleware names it on every row from then on."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        unit_id = None
    units = {u.pk: u for u in policy.acting_units(request.user)}
    if unit_id is None or not policy.may_act_for_unit(request.user, unit_id):
        messages.error(request, "Vælg en af dine egne enheder.")
        return redirect(target or "home")
    before = units.get(request.session.get(ACTING_UNIT_SESSION_KEY))
    request.session[ACTING_UNIT_SESSION_KEY] = unit_id
    unit = units[unit_id]
    log_event(
        action=Action.CHANGE,
        summary=f"Handler for enheden {unit.name}",
        obj=unit,
        detail={"unit": unit.name, "before": before.name if before else ""},
    )
    messages.success(request, f"Du handler nu for {unit.name}.")
    return redirect(target or "home")
