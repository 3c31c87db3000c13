"""An event's target: who is invited, as typed in the `Cible` cell.

Users type one list, "Collectivité, Habitat public ; Maire, Directeur ; 78, 95 ;
Stratégique", not one column per criterion. Each item is recognised by what it
can be: a customer type (segment), a category, a department code, a source
("Personnel", "Prospects"), and anything else is a function (or, for staff, an
agency) matched as whole words in the person's function: "Maire" finds "Maire"
and "Adjoint au maire", "Directeur" every director.
Criteria of different kinds are combined with AND, items of one kind with OR.
Segments, categories and departments only concern prospects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from sicxl.schema.events import MEETING, PROSPECT_SOURCE, STAFF_SOURCE
from sicxl.schema.prospects import CATEGORIES, SEGMENTS
from sicxl.values import fold

_ITEMS = re.compile(r"[,;/\n]+")
_DEPARTMENT = re.compile(r"\d{2,3}|2a|2b")
_EVERYONE = frozenset({"tous", "tout", "toutes", "tout le monde", "tout le personnel", "*"})
_SOURCES = {"personnel": STAFF_SOURCE, "salaries": STAFF_SOURCE, "collaborateurs": STAFF_SOURCE,
            "prospects": PROSPECT_SOURCE, "clients": PROSPECT_SOURCE, "clients et prospects": PROSPECT_SOURCE}


@dataclass(frozen=True)
class Target:
    sources: frozenset[str]
    segments: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    functions: tuple[str, ...] = ()  # folded words, matched in function (and agency for staff)


def _choice(item: str, choices: tuple[str, ...]) -> str | None:
    """The choice an item names, singular or plural ("Collectivités")."""
    for choice in choices:
        if item in (fold(choice), fold(choice) + "s"):
            return choice
    return None


def parse_target(text: str, event_type: str) -> Target:
    """Read the `Cible` cell. Without a source named, a meeting convenes staff and
    a trade show invites clients and prospects."""
    sources: set[str] = set()
    segments: set[str] = set()
    categories: set[str] = set()
    departments: set[str] = set()
    functions: list[str] = []
    for raw in _ITEMS.split(text or ""):
        item = fold(raw)
        if not item or item in _EVERYONE:
            continue
        if item in _SOURCES:
            sources.add(_SOURCES[item])
        elif segment := _choice(item, SEGMENTS):
            segments.add(segment)
        elif category := _choice(item, CATEGORIES):
            categories.add(category)
        elif _DEPARTMENT.fullmatch(item):
            departments.add(item.upper().zfill(2))
        else:
            functions.append(item)
    if not sources:
        sources.add(STAFF_SOURCE if event_type == MEETING else PROSPECT_SOURCE)
    return Target(frozenset(sources), frozenset(segments), frozenset(categories), frozenset(departments),
                  tuple(functions))


def word_forms(word: str) -> list[str]:
    """A function word and its feminine and plural forms: "directeur" also finds
    "directrice", "adjoint" finds "adjointe", "charge" finds "chargee"."""
    forms = {word, word + "e", word + "s", word + "es"}
    if word.endswith("teur"):
        forms.add(word[:-3] + "rice")
    if word.endswith("eur"):
        forms.add(word[:-1] + "se")
    return sorted(forms, key=len, reverse=True)


def _folded(series: pd.Series) -> pd.Series:
    return series.fillna("").map(fold)


def in_target(people: pd.DataFrame, target: Target) -> pd.Series:
    """Which people the target reaches (vectorised over the whole file)."""
    mask = people["source"].isin(target.sources)
    prospect = people["source"] == PROSPECT_SOURCE
    if target.segments:
        wanted = {fold(s) for s in target.segments}
        mask &= ~prospect | _folded(people["segment"]).isin(wanted)
    if target.categories:
        wanted = {fold(c) for c in target.categories}
        mask &= ~prospect | _folded(people["category"]).isin(wanted)
    if target.departments:
        mask &= ~prospect | people["department"].fillna("").str.upper().str.zfill(2).isin(target.departments)
    if target.functions:
        forms = [form for word in target.functions for form in word_forms(word)]
        pattern = r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b"
        found = _folded(people["role"]).str.contains(pattern, regex=True)
        found |= ~prospect & _folded(people["agency"]).str.contains(pattern, regex=True)
        mask &= found
    return mask
