from django.urls import reverse

from hjemvej.access import policy
from hjemvej.accounts.selectors import unit_names


def navigation(request):
    """The main menu, by the user's roles. Apps add their entries to NAV_ITEMS."""
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


# Each entry: label, URL name and who sees it. Apps append to this list in their AppConfig.ready.
NAV_ITEMS: list[dict] = [
    {"label": "Forside", "url": "home", "visible": lambda u: True},
    {"label": "Borgere", "url": "people:search", "visible": policy.may_work_with_citizens},
    {"label": "Logning", "url": "audit:search", "visible": policy.is_manager},
]
