"""Answers to invitations (RSVP) and presence, and the summary of answers per event.

An invitation is Accepté, Refusé or Sans réponse (a blank answer is no answer);
presence says who came (to the meeting, or to the stand of a trade show, where
visitors who were never invited show up too). When a person has several answer
rows, the last one counts: assistants add a line when someone changes their mind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

import pandas as pd

from sicxl.events.people import PersonIndex, split_civility, value_of
from sicxl.events.selection import Invitation
from sicxl.schema.events import ACCEPTED, DECLINED, NO_ANSWER
from sicxl.values import fold, text_of


@dataclass(frozen=True)
class Response:
    event: str
    row: Any
    person: str = ""
    name: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    city: str = ""
    answer: str = NO_ANSWER
    answered_on: dt.date | None = None
    present: bool | None = None
    heat: str = ""
    civility: str = ""

    @property
    def answered(self) -> bool:
        return self.answer in (ACCEPTED, DECLINED)


@dataclass(frozen=True)
class AnswerSummary:
    event: str
    invited: int
    accepted: int
    declined: int
    no_answer: int
    present: int
    walk_ins: int

    @property
    def answer_rate(self) -> float:
        return (self.accepted + self.declined) / self.invited if self.invited else 0.0


def responses_from_frame(clean: pd.DataFrame) -> list[Response]:
    """Answers from the typed frame of `Réponses` (rows without an event are skipped)."""
    responses = []
    for row, record in clean.iterrows():
        values = {key: value_of(record, key) for key in record.index}
        event = text_of(values.get("event"))
        if not event:
            continue
        civility, name = values.get("civility") or "", text_of(values.get("name"))
        if not civility:  # "M. Philippe David" typed in the name cell
            civility, name = split_civility(name)
        responses.append(Response(
            event=event, row=row, person=text_of(values.get("person")), name=name,
            organisation=text_of(values.get("organisation")), role=text_of(values.get("role")),
            email=text_of(values.get("email")), city=text_of(values.get("city")),
            answer=values.get("answer") or NO_ANSWER, answered_on=values.get("answered_on"),
            present=values.get("present"), heat=values.get("heat") or "", civility=civility,
        ))
    return responses


def of_event(responses: Iterable[Response], event: str) -> list[Response]:
    wanted = fold(event)
    return [r for r in responses if fold(r.event) == wanted]


def invited_index(invitations: Iterable[Invitation]) -> PersonIndex:
    """An index of the people actually invited, to match answers against."""
    rows = [{"key": i.person, "email": i.email, "name": i.name, "organisation": i.organisation,
             "invitation": i} for i in invitations if i.invited]
    return PersonIndex(pd.DataFrame(rows, columns=["key", "email", "name", "organisation", "invitation"]))


def latest_answers(responses: Iterable[Response], index: PersonIndex) -> dict[str, Response]:
    """The last answer of each invited person, by person key (later rows win)."""
    latest: dict[str, Response] = {}
    for response in responses:
        found = index.find(response.person, response.email, response.name, response.organisation)
        if found is not None and (response.answered or found["key"] not in latest):
            latest[found["key"]] = response
    return latest


def summarize(event: str, invitations: list[Invitation], responses: list[Response]) -> AnswerSummary:
    """Counts of one event's answers: invited people's answers, and who came."""
    invited = [i for i in invitations if i.invited]
    index = invited_index(invited)
    latest = latest_answers(responses, index)
    answers = [r.answer for r in latest.values()]
    accepted, declined = answers.count(ACCEPTED), answers.count(DECLINED)
    present = [r for r in responses if r.present]
    walk_ins = sum(1 for r in present if index.find(r.person, r.email, r.name, r.organisation) is None)
    return AnswerSummary(event, len(invited), accepted, declined, len(invited) - accepted - declined,
                         len(present), walk_ins)
