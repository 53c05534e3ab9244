"""The home-page block with messages citizens sent from their own pages."""

from hjemvej.access import policy
from hjemvej.journal.selectors import open_messages


def messages_from_citizens(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    rows = list(open_messages(request.user)[:50])
    if not rows:
        return None
    return {
        "title": "Beskeder fra borgere",
        "template": "journal/_worklist_messages.html",
        "data": {"messages": rows, "user": request.user},
    }
