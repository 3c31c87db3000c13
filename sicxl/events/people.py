"""The people an event can reach, from both sources, as one frame.

Prospects (from the prospect workbook) and staff (from `Personnel`) are brought to
the same columns so that targeting, exclusions, duplicates and answers are handled
once. Values stay as the users typed them (text trimmed); opposition and NPAI stay
raw so that an unreadable one can still be honoured (see `selection`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import pandas as pd

from sicxl.schema.events import PROSPECT_SOURCE, STAFF_SOURCE
from sicxl.values import fold, is_blank, text_of

PEOPLE_COLUMNS = (
    "key", "source", "row", "civility", "name", "role", "organisation", "email", "address", "postal_code",
    "city", "department", "segment", "category", "score", "undeliverable", "opt_out", "duplicate_of",
    "heat", "owner", "agency",
)
RAW_COLUMNS = frozenset({"row", "score", "undeliverable", "opt_out", "postal_code"})  # parsed where used

# Person column <- prospect schema key. The prospect's organisation is its
# "Raison sociale"; the person is its "Décideur".
FROM_PROSPECTS = {
    "key": "id", "civility": "civility", "name": "decision_maker", "role": "role", "organisation": "name",
    "email": "email", "address": "address", "postal_code": "postal_code", "city": "city",
    "department": "department", "segment": "segment", "category": "category", "score": "score",
    "undeliverable": "undeliverable", "opt_out": "opt_out", "duplicate_of": "duplicate_of", "heat": "heat",
    "owner": "owner",
}
FROM_STAFF = {"civility": "civility", "name": "name", "role": "role", "email": "email", "agency": "agency"}


def value_of(record: Mapping[str, Any], key: str) -> Any:
    """A typed cell of a record, None when blank (pandas may hand NaN for an empty cell)."""
    value = record.get(key)
    return None if is_blank(value) else value


def _people(frame: pd.DataFrame, mapping: Mapping[str, str], source: str) -> pd.DataFrame:
    data: dict[str, list[Any]] = {}
    for column in PEOPLE_COLUMNS:
        key = mapping.get(column)
        raw = frame[key].tolist() if key in frame else [None] * len(frame)
        data[column] = raw if column in RAW_COLUMNS else [text_of(v) for v in raw]
    data["source"] = [source] * len(frame)
    data["row"] = list(frame.index)
    return pd.DataFrame(data, columns=list(PEOPLE_COLUMNS), dtype=object).reset_index(drop=True)


_TYPED_CIVILITY = re.compile(r"^(m\.?|mr\.?|monsieur|mme\.?|madame|mlle\.?|mademoiselle)\s+(\S.*)$", re.IGNORECASE)


def split_civility(name: str) -> tuple[str, str]:
    """("Mme", "Claire Morel") from "Mme Claire Morel": many files type the civility
    in the name cell. Read, never guessed: a name without one gives ("", name)."""
    match = _TYPED_CIVILITY.match(name.strip())
    if not match:
        return "", name
    word = match.group(1).lower().rstrip(".")
    return ("M." if word in ("m", "mr", "monsieur") else "Mme"), match.group(2).strip()


def prospect_people(frame: pd.DataFrame) -> pd.DataFrame:
    """People of the `Prospects` table (frame indexed by worksheet row, schema keys);
    a civility typed before the decision-maker's name fills an empty Civilité."""
    people = _people(frame, FROM_PROSPECTS, PROSPECT_SOURCE)
    for index, (civility, name) in enumerate(zip(people["civility"].tolist(), people["name"].tolist())):
        if not civility and name:
            people.at[index, "civility"], people.at[index, "name"] = split_civility(name)
    return people


def staff_people(frame: pd.DataFrame) -> pd.DataFrame:
    """People of `Personnel`; a staff member's key is the Matricule, else the e-mail,
    else the name (the sheet of WORKBOOKS.md has no identifier column)."""
    people = _people(frame, FROM_STAFF, STAFF_SOURCE)
    ids = frame["staff_id"].tolist() if "staff_id" in frame else [None] * len(frame)
    people["key"] = [
        text_of(i) or email or name for i, email, name in zip(ids, people["email"], people["name"])
    ]
    return people


def identities(email: Any, name: Any, organisation: Any) -> list[str]:
    """What makes two rows the same person: the same e-mail, or the same name
    within the same organisation (accents, case and spacing ignored)."""
    found = []
    if not is_blank(email):
        found.append("email:" + str(email).strip().casefold())
    if not is_blank(name):
        found.append(f"name:{fold(name)}|{fold(organisation or '')}")
    return found


@dataclass
class PersonIndex:
    """Finds a person from what an answer sheet gives: an ID, an e-mail, a name."""

    people: pd.DataFrame

    def __post_init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_identity: dict[str, int] = {}
        for position, (key, email, name, organisation) in enumerate(
            self.people[["key", "email", "name", "organisation"]].itertuples(index=False)
        ):
            if key:
                self.by_key.setdefault(fold(key), position)
            for identity in identities(email, name, organisation):
                self.by_identity.setdefault(identity, position)

    def with_people(self, people: pd.DataFrame) -> "PersonIndex":
        """This index and `people` after it (the rows a job adds to the file, found
        as the next run will find them once they are written)."""
        return PersonIndex(pd.concat([self.people, people], ignore_index=True))

    def find(self, key: Any, email: Any, name: Any, organisation: Any) -> dict[str, Any] | None:
        """The person's row as a dict, or None when the file does not know them."""
        candidates: Iterable[int | None] = (
            self.by_key.get(fold(key)) if not is_blank(key) else None,
            *(self.by_identity.get(i) for i in identities(email, name, organisation)),
        )
        position = next((p for p in candidates if p is not None), None)
        return None if position is None else self.people.iloc[position].to_dict()
