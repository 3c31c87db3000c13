"""Meeting invitations as iCalendar files (RFC 5545), made with `icalendar`.

Never one request listing every invited person: opened and sent from Outlook, it
would show each attendee every other one's address (for a trade show, the
prospects of the whole file). So there are two kinds of file:

- one invitation per person (`invitation_calendar`): METHOD:REQUEST with the
  ORGANIZER and that person alone as ATTENDEE (CN, ROLE, RSVP=TRUE, so that
  Outlook asks for an answer), the iTIP request of RFC 5546; it travels inside the
  person's e-mail draft. Every person's file carries the same UID, so the answers
  come back to one meeting in the organiser's calendar;
- one file without attendees (`event_calendar`), METHOD:PUBLISH, for the
  organiser's own calendar or to post on an intranet.

Times are Paris times with their VTIMEZONE. The definition is written with the
yearly rules Outlook itself writes for "Romance Standard Time" (last Sunday of
March and of October): the library's generated zone lists every transition date
up to 2038 instead, which some Outlook versions mishandle. Titles, places and
agendas go through `documents.text` (RFC 5545 text holds no control character).

The UID depends only on the organiser and the event's ID, so a re-sent file
updates the same meeting instead of adding a second one; DTSTAMP comes from the
job's date, so the same workbook gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Calendar, Event as CalendarEvent, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from sicxl.documents.mail import ascii_address
from sicxl.documents.text import one_line
from sicxl.events.event import Event
from sicxl.events.selection import Invitation

PRODUCT = "-//sicxl//Evenements//FR"
TZID = "Europe/Paris"


def paris_timezone() -> Timezone:
    """Europe/Paris: CET (UTC+1) and CEST (UTC+2), EU rules in force since 1996."""
    zone = Timezone()
    zone.add("tzid", TZID)
    for component, name, start, month, offset_from, offset_to in (
        (TimezoneDaylight(), "CEST", dt.datetime(1970, 3, 29, 2, 0), 3, dt.timedelta(hours=1), dt.timedelta(hours=2)),
        (TimezoneStandard(), "CET", dt.datetime(1970, 10, 25, 3, 0), 10, dt.timedelta(hours=2), dt.timedelta(hours=1)),
    ):
        component.add("tzname", name)
        component.add("dtstart", start)
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        component.add("tzoffsetfrom", offset_from)
        component.add("tzoffsetto", offset_to)
        zone.add_component(component)
    return zone


def event_uid(event: Event) -> str:
    """Stable for the event: the same ID and organiser always give the same UID."""
    name = f"sicxl:{one_line(event.organizer_email).casefold()}:{one_line(event.id).casefold()}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}@sicxl"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{ascii_address(email) or email}")
    name = one_line(name).replace('"', "'")  # a parameter value cannot hold a double quote
    if name:
        address.params["CN"] = name
    address.params.update(params)
    return address


def attendee(invitation: Invitation) -> vCalAddress:
    return _address(invitation.email, invitation.name or invitation.organisation, CUTYPE="INDIVIDUAL",
                    ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE")


def _calendar(event: Event, today: dt.date, method: str) -> tuple[Calendar, CalendarEvent]:
    if event.date is None or not event.organizer_email:
        raise ValueError("an invitation needs a date and an organiser")
    event = event.readable()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(paris_timezone())
    meeting = CalendarEvent()
    meeting.add("uid", event_uid(event))
    meeting.add("dtstamp", dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc))
    meeting.add("dtstart", event.starts_at())
    meeting.add("dtend", event.ends_at())
    meeting.add("summary", event.title)
    if event.place:
        meeting.add("location", event.place)
    if event.agenda:
        meeting.add("description", event.agenda)
    meeting.add("sequence", 0)
    meeting.add("status", "CONFIRMED")
    meeting.add("transp", "OPAQUE")
    meeting.add("organizer", _address(event.organizer_email, event.organizer))
    calendar.add_component(meeting)
    return calendar, meeting


def event_calendar(event: Event, today: dt.date) -> bytes:
    """The .ics of one dated event with an organiser, without any attendee."""
    calendar, _ = _calendar(event, today, "PUBLISH")
    return calendar.to_ical()


def invitation_calendar(event: Event, invitation: Invitation, today: dt.date) -> bytes:
    """The meeting request of one invited person (with an e-mail): them alone as attendee."""
    calendar, meeting = _calendar(event, today, "REQUEST")
    meeting.add("attendee", attendee(invitation))
    return calendar.to_ical()
