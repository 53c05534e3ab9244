import uuid

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html

from hjemvej.common import dates, numbers

register = template.Library()


@register.inclusion_tag("common/field.html")
def field(bound_field, hint: str = ""):
    """A form field the DKFDS way: label, hint, the Danish error next to the field."""
    return {"field": bound_field, "hint": hint or bound_field.help_text}


@register.filter
def kr(value) -> str:
    """An amount in kroner the Danish way: 3.916.263 kr."""
    if value is None or value == "":
        return ""
    return numbers.kroner(value)


@register.filter
def kr_ore(value) -> str:
    """An amount with øre the Danish way: 1.095,50 kr."""
    if value is None or value == "":
        return ""
    return numbers.kroner_ore(value)


@register.filter(expects_localtime=True)
def dmy(value) -> str:
    """A date as the pages show it, 31.01.2026: the same text as `|date:"d.m.Y"` (a
    date-time in local time, nothing for None), without Django's format machinery, which
    parses the format for every value – a page of 50 rows shows up to 300 dates."""
    if value is None or value == "":
        return ""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


@register.filter(expects_localtime=True)
def dmy_hm(value) -> str:
    """A date-time in local time as the pages show it, 31.01.2026 14:05: the same text as
    `|date:"d.m.Y H:i"` (see dmy)."""
    if value is None or value == "":
        return ""
    return f"{dmy(value)} {value.hour:02d}:{value.minute:02d}"


@register.filter
def overdue(due_on, today) -> bool:
    """`{% if task.due_on|overdue:today %}`: the one overdue rule (common.dates.is_overdue)."""
    return dates.is_overdue(due_on, today)


_STAND_IN = uuid.UUID(int=0)
_STAND_IN_TEXT = str(_STAND_IN)
_UUID_URLS: dict[tuple, tuple[str, str]] = {}


@register.simple_tag
def uuid_url(name: str, value) -> str:
    """`{% uuid_url "people:overview" citizen.uuid %}` is `{% url "people:overview" citizen.uuid %}`
    for a view whose one argument is a UUID, for the links in a list's rows: the URL is reversed
    once per name (with a stand-in UUID, per URLconf and script prefix) and the row's UUID put in
    the stand-in's place. Django's reverse took 20–70 µs a link, and a worklist of 50 rows with
    three links in each spent more on them than on the rest of the rows. Anything but a UUID is
    reversed the ordinary way (and refused the same way)."""
    if not isinstance(value, uuid.UUID):
        return reverse(name, args=[value])
    key = (name, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    parts = _UUID_URLS.get(key)
    if parts is None:
        before, _, after = reverse(name, args=[_STAND_IN]).partition(_STAND_IN_TEXT)
        parts = _UUID_URLS[key] = (before, after)
    return f"{parts[0]}{value}{parts[1]}"


@register.simple_tag
def icon(name: str, label: str = ""):
    if label:
        return format_html(
            '<svg class="icon-svg" focusable="false" role="img" aria-label="{}"><use href="/static/dkfds/img/all-svg-icons.svg#{}"></use></svg>',
            label,
            name,
        )
    return format_html(
        '<svg class="icon-svg" focusable="false" aria-hidden="true"><use href="/static/dkfds/img/all-svg-icons.svg#{}"></use></svg>',
        name,
    )
