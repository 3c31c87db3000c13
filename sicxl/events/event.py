"""An event as the core sees it, read from a row of `Événements`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from sicxl.documents.text import multi_line, one_line
from sicxl.events.people import value_of
from sicxl.events.selection import Finding
from sicxl.messages import events as msg
from sicxl.schema.events import EVENTS, SHOW
from sicxl.values import ValueProblem, is_blank, parse_time, text_of

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    title: str
    date: dt.date | None
    start: dt.time | None = None
    end: dt.time | None = None
    place: str = ""
    agenda: str = ""
    agenda_file: str = ""
    target: str = ""
    capacity: int | None = None
    organizer: str = ""
    organizer_email: str = ""

    def readable(self) -> "Event":
        """The event with its text made safe for letters, e-mails and calendars
        (`documents.text`): one line for the title, place and names, the agenda's
        lines kept."""
        return replace(self, title=one_line(self.title), place=one_line(self.place), agenda=multi_line(self.agenda),
                       agenda_file=one_line(self.agenda_file), organizer=one_line(self.organizer),
                       organizer_email=one_line(self.organizer_email))

    @property
    def is_show(self) -> bool:
        return self.type == SHOW

    def starts_at(self) -> dt.datetime | dt.date | None:
        """Paris time when a start hour is known, else the day (an all-day event)."""
        if self.date is None:
            return None
        if self.start is None:
            return self.date
        return dt.datetime.combine(self.date, self.start, tzinfo=PARIS)

    def ends_at(self) -> dt.datetime | dt.date | None:
        """The end hour, else one hour after the start; the next day for an all-day event."""
        start = self.starts_at()
        if start is None:
            return None
        if isinstance(start, dt.datetime):
            if self.end is not None and self.end > self.start:
                return dt.datetime.combine(self.date, self.end, tzinfo=PARIS)
            return start + dt.timedelta(hours=1)
        return start + dt.timedelta(days=1)


def _time(raw: Any, row: Any, key: str, findings: list[Finding]) -> dt.time | None:
    if is_blank(raw):
        return None
    try:
        return parse_time(raw)
    except ValueProblem as problem:
        findings.append(Finding(EVENTS.name, row, key, msg.UNREADABLE, msg.unreadable(EVENTS.header(key), str(problem))))
        return None


def events_from_frame(clean: pd.DataFrame, raw: pd.DataFrame) -> tuple[list[Event], list[Finding]]:
    """Events from the typed frame of `Événements` (times read from the raw cells,
    because a time typed in Excel arrives as a fraction of a day)."""
    events, findings = [], []
    for row, record in clean.iterrows():
        values = {key: value_of(record, key) for key in record.index}
        event_id = text_of(values.get("id"))
        if not event_id:
            continue
        capacity = values.get("capacity")
        events.append(Event(
            id=event_id,
            type=values.get("type") or "",
            title=text_of(values.get("title")) or event_id,
            date=values.get("date"),
            start=_time(raw.at[row, "start"], row, "start", findings) if "start" in raw else None,
            end=_time(raw.at[row, "end"], row, "end", findings) if "end" in raw else None,
            place=text_of(values.get("place")),
            agenda=text_of(values.get("agenda")),
            agenda_file=text_of(values.get("agenda_file")),
            target=text_of(values.get("target")),
            capacity=None if capacity is None else int(capacity),
            organizer=text_of(values.get("organizer")),
            organizer_email=text_of(values.get("organizer_email")),
        ))
    return events, findings
