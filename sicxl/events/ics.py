"""Meeting invitations as iCalendar files (RFC 5545), made with `icalendar`.

One file per event carries every attendee, so that the organiser opens it in
Outlook and sends it once: METHOD:REQUEST with an ORGANIZER and one ATTENDEE per
invited person (CN, ROLE, RSVP=TRUE so that Outlook asks for an answer) is the
iTIP request of RFC 5546. Times are Paris times with their VTIMEZONE. The
definition is written with the yearly rules Outlook itself writes for
"Romance Standard Time" (last Sunday of March and of October): the library's
generated zone lists every transition date up to 2038 instead, which some
Outlook versions mishandle.

The UID depends only on the organiser and the event's ID, so a re-sent file
updates the same meeting instead of adding a second one; DTSTAMP comes from the
job's date, so the same workbook gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Iterable

from icalendar import Calendar, Event as CalendarEvent, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

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
    name = f"sicxl:{event.organizer_email.casefold()}:{event.id.casefold()}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}@sicxl"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    address.params.update(params)
    return address


def attendee(invitation: Invitation) -> vCalAddress:
    return _address(invitation.email, invitation.name or invitation.organisation, CUTYPE="INDIVIDUAL",
                    ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE")


def event_calendar(event: Event, invitations: Iterable[Invitation], today: dt.date) -> bytes:
    """The .ics of one dated event with an organiser, for every invited person with an e-mail."""
    if event.date is None or not event.organizer_email:
        raise ValueError("an invitation needs a date and an organiser")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
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
    for invitation in invitations:
        if invitation.invited and invitation.email:
            meeting.add("attendee", attendee(invitation))
    calendar.add_component(meeting)
    return calendar.to_ical()
