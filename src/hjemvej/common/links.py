"""Links to many objects of one kind on one page (issue 13: a journal page links each of its
50 notes). Django's `reverse` matches the URL patterns anew for every link; here a URL is
reversed once and each object's uuid written into it."""

import uuid
from collections.abc import Callable

from django.urls import reverse

_SAMPLE = uuid.UUID(int=0)


def uuid_link(viewname: str) -> Callable[[uuid.UUID], str]:
    """`link = uuid_link("journal:edit")`; `link(note.uuid)` is `reverse("journal:edit",
    args=[note.uuid])` (a URL with one `<uuid:…>` part, which Django writes as str(uuid))."""
    before, found, after = reverse(viewname, args=[_SAMPLE]).partition(str(_SAMPLE))
    if not found:
        raise ValueError(f"{viewname} has no <uuid:…> part")
    return lambda value: f"{before}{value}{after}"
