from hjemvej.access import policy
from hjemvej.people.selectors import recently_opened


def recent_citizens_section(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    citizens = recently_opened(user=request.user)
    if not citizens:
        return None
    return {
        "title": "Borgere du har åbnet for nylig",
        "template": "people/_recent.html",
        "data": citizens,
    }
