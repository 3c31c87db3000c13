"""Drawing the invitees of an event, and saying why each left-out person is left out.

Rules (issue 7, WORKBOOKS.md section 4), first applicable reason wins:
1. opposition (Opposition = oui): the person refused prospecting (GDPR, art. 21);
2. NPAI >= 1: mail came back, the address is wrong;
3. duplicate: the prospect file's computed "Doublon de" names another row, or the
   same person (same e-mail, or same name in the same organisation) came earlier
   in the sources;
4. no usable address: neither a valid e-mail nor a complete postal address;
5. over capacity: the eligible are ranked by category (Stratégique, Important,
   Accessible), then score, then file order; those beyond the event's capacity wait.
Opposition and NPAI are always honoured: a value that cannot be read there
excludes the person too, with the reason, rather than risk writing to them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sicxl.events.people import identities, value_of
from sicxl.events.postal import PostalAddress, has_postal_address, postal_address
from sicxl.messages import events as msg
from sicxl.prospects.contacts import email_problem
from sicxl.schema.events import BY_EMAIL, BY_POST, EXCLUDED, INVITED
from sicxl.schema.prospects import CATEGORIES
from sicxl.values import ValueProblem, is_blank, parse_code, parse_count, parse_number, parse_yes_no, text_of

INVITABLE = "oui"
CATEGORY_RANK = {name: rank for rank, name in enumerate(reversed(CATEGORIES))}  # Stratégique first


@dataclass(frozen=True)
class Finding:
    """A problem in a source row, for the job to place in a cell: (source, row, field)."""

    source: str
    row: Any
    field: str  # a people column (see people.PEOPLE_COLUMNS)
    kind: str
    text: str


@dataclass
class Invitation:
    """One person drawn by an event's target: invited, or excluded with the reason."""

    event: str
    status: str
    reason: str
    rank: int | None
    source: str
    person: str
    civility: str
    name: str
    role: str
    organisation: str
    address_lines: tuple[str, ...]
    email: str
    channel: str
    category: str
    score: float | None
    owner: str = ""
    postal_code: str = ""

    @property
    def invited(self) -> bool:
        return self.status == INVITED


@dataclass
class Selection:
    invitations: list[Invitation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def invited(self) -> list[Invitation]:
        return [i for i in self.invitations if i.invited]


def valid_email(value: Any) -> str:
    """The address when it is valid, else "" (syntax only: files are checked offline)."""
    text = text_of(value)
    return text if text and email_problem(text) is None else ""


def _opposition(opt_out: Any) -> tuple[str | None, str | None]:
    """(reason to exclude, French problem when the cell cannot be read)."""
    if is_blank(opt_out):
        return None, None
    try:
        return (msg.REASON_OPT_OUT if parse_yes_no(opt_out) else None), None
    except ValueProblem as problem:
        return msg.reason_unreadable(msg.OPT_OUT_HEADER), str(problem)


def _undeliverable(undeliverable: Any) -> tuple[str | None, str | None]:
    if is_blank(undeliverable):
        return None, None
    try:
        count = parse_count(undeliverable)
    except ValueProblem as problem:
        return msg.reason_unreadable(msg.UNDELIVERABLE_HEADER), str(problem)
    return (msg.reason_undeliverable(count) if count >= 1 else None), None


def row_exclusion(opt_out: Any = None, undeliverable: Any = None, duplicate_of: Any = None, email: Any = None,
                  address: Any = None, postal_code: Any = None, city: Any = None) -> str | None:
    """Why this row cannot be invited, from its own cells only (rules 1 to 4), or None."""
    reason = _opposition(opt_out)[0] or _undeliverable(undeliverable)[0]
    if reason:
        return reason
    if not is_blank(duplicate_of):
        return msg.reason_duplicate_of(text_of(duplicate_of))
    if not valid_email(email) and not has_postal_address(address, postal_code, city):
        return msg.REASON_NO_ADDRESS
    return None


def invitable(opt_out: Any = None, undeliverable: Any = None, duplicate_of: Any = None, email: Any = None,
              address: Any = None, postal_code: Any = None, city: Any = None) -> str:
    """"oui", or the reason why this row cannot be invited (wrapped by the add-in as
    SIC_INVITABLE). Capacity and duplicates across rows need the whole list: see `select`."""
    return row_exclusion(opt_out, undeliverable, duplicate_of, email, address, postal_code, city) or INVITABLE


def _score(value: Any) -> float | None:
    try:
        number = parse_number(value)
    except ValueProblem:
        return None
    return number if math.isfinite(number) else None


def _row_findings(person: dict[str, Any], reason: str | None) -> list[Finding]:
    where = (person["source"], person["row"])
    findings = []
    email = person["email"]
    if email and (problem := email_problem(email)):
        findings.append(Finding(*where, "email", msg.EMAIL, msg.bad_email(email, problem)))
    for field_name, header, check in (("opt_out", msg.OPT_OUT_HEADER, _opposition),
                                      ("undeliverable", msg.UNDELIVERABLE_HEADER, _undeliverable)):
        if problem := check(person[field_name])[1]:
            findings.append(Finding(*where, field_name, msg.UNREADABLE, msg.unreadable(header, problem)))
    if reason == msg.REASON_NO_ADDRESS:
        findings.append(Finding(*where, "email", msg.NO_ADDRESS,
                                msg.no_address(person["name"] or person["organisation"])))
    return findings


def _invitation(event: str, person: dict[str, Any], reason: str | None, address: PostalAddress) -> Invitation:
    email = valid_email(person["email"])
    return Invitation(
        event=event, status=EXCLUDED if reason else INVITED, reason=reason or "", rank=None,
        source=person["source"], person=person["key"], civility=person["civility"], name=person["name"],
        role=person["role"], organisation=person["organisation"], address_lines=address.lines, email=email,
        channel=BY_EMAIL if email else BY_POST, category=person["category"], score=_score(person["score"]),
        owner=person["owner"], postal_code=_postal_code(person["postal_code"]),
    )


def _postal_code(value: Any) -> str:
    """The code as text, leading zero restored when Excel stored it as a number."""
    if is_blank(value):
        return ""
    try:
        return parse_code(value, 5)
    except ValueProblem:
        return text_of(value)


def _rank_key(position: int, invitation: Invitation) -> tuple[int, float, int]:
    category = CATEGORY_RANK.get(invitation.category, len(CATEGORY_RANK))
    score = -invitation.score if invitation.score is not None else math.inf
    return category, score, position


def select(event: str, people: pd.DataFrame, capacity: int | None) -> Selection:
    """The invitation list of one event from the people its target reaches, in
    source order (see the module docstring for the rules)."""
    selection = Selection()
    seen: dict[str, str] = {}
    for person in people.to_dict("records"):
        reason = row_exclusion(person["opt_out"], person["undeliverable"], person["duplicate_of"],
                               person["email"], person["address"], person["postal_code"], person["city"])
        found = identities(person["email"], person["name"], person["organisation"])
        earlier = next((seen[i] for i in found if i in seen), None)
        if earlier is not None and not reason:
            reason = msg.reason_same_person(earlier)
            selection.findings.append(Finding(person["source"], person["row"], "name", msg.DUPLICATE,
                                              msg.same_person(person["name"] or person["email"], earlier)))
        for identity in found:
            seen.setdefault(identity, person["key"])
        selection.findings.extend(_row_findings(person, reason))
        address = postal_address(person["name"], person["organisation"], person["role"], person["civility"],
                                 person["address"], person["postal_code"], person["city"])
        if not reason:
            selection.findings.extend(Finding(person["source"], person["row"], "address", msg.ADDRESS, note)
                                      for note in address.notes)
        selection.invitations.append(_invitation(event, person, reason, address))
    _apply_capacity(selection.invitations, capacity)
    return selection


def _apply_capacity(invitations: list[Invitation], capacity: int | None) -> None:
    eligible = sorted((_rank_key(p, i), i) for p, i in enumerate(invitations) if i.invited)
    for rank, (_, invitation) in enumerate(eligible, start=1):
        if capacity is not None and rank > capacity:
            invitation.status, invitation.reason = EXCLUDED, msg.reason_over_capacity(capacity)
        else:
            invitation.rank = rank


def invitations_from_frame(clean: pd.DataFrame) -> list[Invitation]:
    """The invitations of the `Invitations` sheet read back (typed frame, schema keys),
    so that follow-ups work on the list as it was sent, even after hand edits."""
    invitations = []
    for record in clean.to_dict("records"):
        values = {key: value_of(record, key) for key in record}
        if not text_of(values.get("event")) or not text_of(values.get("person")):
            continue
        email = valid_email(values.get("email"))
        invitations.append(Invitation(
            event=text_of(values["event"]), status=values.get("status") or INVITED,
            reason=text_of(values.get("reason")), rank=values.get("rank"), source=text_of(values.get("source")),
            person=text_of(values["person"]), civility=values.get("civility") or "",
            name=text_of(values.get("name")), role=text_of(values.get("role")),
            organisation=text_of(values.get("organisation")),
            address_lines=tuple(text_of(values.get("address")).splitlines()), email=email,
            channel=values.get("channel") or (BY_EMAIL if email else BY_POST),
            category=values.get("category") or "", score=_score(values.get("score")),
            owner=text_of(values.get("owner")), postal_code=_postal_code(values.get("postal_code")),
        ))
    return invitations
