"""The main menu, in the order it is shown, and who sees each entry."""

from django.urls import reverse

from hjemvej.access import policy
from hjemvej.accounts.selectors import unit_names

# Each entry: label, URL name and who sees it.
NAV_ITEMS: list[dict] = [
    {"label": "Forside", "url": "home", "visible": lambda u: True},
    {"label": "Borgere", "url": "people:search", "visible": policy.may_work_with_citizens},
    {"label": "Logning", "url": "audit:search", "visible": policy.is_manager},
    {"label": "Rapporter", "url": "reports:choose", "visible": policy.may_use_reports},
    {
        "label": "Progression",
        "url": "plans:offers",
        "visible": lambda u: policy.may_work_with_citizens(u) or policy.is_analyst(u),
    },
    {
        "label": "Støttetid",
        "url": "courses:support_overview",
        "visible": policy.may_work_with_citizens,
    },
    {"label": "Møder", "url": "meetings:list", "visible": policy.may_work_with_citizens},
    {
        "label": "Tilbud",
        "url": "offers:list",
        "visible": policy.may_see_offer_catalogue,
    },
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
        "label": "Økonomi",
        "url": "economics:index",
        "visible": lambda u: policy.is_manager(u) or policy.is_analyst(u),
    },
    {
        "label": "Opbevaring",
        "url": "rights:retention",
        "visible": lambda u: policy.may_see_disposals(u) or policy.may_edit_retention_rules(u),
    },
]


def navigation(request):
    """The main menu, by the user's roles (a template context processor)."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and policy.is_staff_user(user):
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
    units = ""
    if user is not None and policy.is_staff_user(user):
        units = unit_names(user)
    return {"nav_items": items, "user_units": units}
