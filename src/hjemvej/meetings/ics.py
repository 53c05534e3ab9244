"""A meeting as an iCalendar invitation for staff calendars, in Danish time."""

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def meeting_ics(meeting, *, url: str = "", summary: str = "") -> bytes:
    """One VEVENT. The summary names the kind of meeting, never the citizen: staff calendars
    are often shared. `summary` replaces it (the citizen's own calendar gets a neutral one)."""
    cal = Calendar()
    cal.add("prodid", "-//Hjemvej//Møder//DA")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{meeting.uuid}@hjemvej")
    event.add("dtstamp", meeting.updated_at.astimezone(COPENHAGEN))
    event.add("dtstart", meeting.starts_at.astimezone(COPENHAGEN))
    event.add("dtend", meeting.ends_at.astimezone(COPENHAGEN))
    event.add("summary", summary or f"Hjemvej: {meeting.get_kind_display()}")
    event.add("location", meeting.place)
    if url:
        event.add("url", url)
        event.add("description", f"Se mødet i Hjemvej: {url}")
    event.add("status", "CANCELLED" if meeting.status in ("cancelled", "moved") else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{meeting.contact_person.email or 'hjemvej@localhost'}")
    organizer.params["cn"] = vText(str(meeting.contact_person))
    event["organizer"] = organizer
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
