"""The home-page block with messages citizens sent from their own pages."""

from hjemvej.access import policy
from hjemvej.common.db import LIST_CAP, capped_count
from hjemvej.journal.selectors import open_messages


def messages_from_citizens(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    # A count for the home page (capped in SQL); the messages are in front/worklists.py.
    count = capped_count(open_messages(request.user), LIST_CAP)
    if not count:
        return None
    return {
        "title": "Beskeder fra borgere",
        "template": "journal/_worklist_messages.html",
        "data": {"count": count},
    }
