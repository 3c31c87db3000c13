"""Which commune a name designates, the way people type communes.

A name typed in a file may be today's name ("Versailles"), a former commune that
merged into a "commune nouvelle" ("Le Chesnay", now Le Chesnay-Rocquencourt), the
start of a renamed commune ("Herblay", now Herblay-sur-Seine), an
intercommunality ("Cergy-Pontoise") or a typo ("Sanois"). A typed postal code or
département narrows homonyms: the name is looked for first among the communes of
the postal code, then of the département (typed, or the postal code's), then in
all France, each time as a current name, then as a former commune, then (except
nationally, where it would be a guess) as the start of a current name. The first
step that finds something decides: one commune is the answer, several are
homonyms to tell apart, none leads to the intercommunalities and then to the
closest names, for the user to choose from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from sicxl.reference.communes import Commune, Communes, FormerCommune, Intercommunality
from sicxl.reference.names import epci_core, fold_commune

CLOSEST = 3
CLOSEST_MIN_SCORE = 70.0  # rapidfuzz ratio, 0-100: below, a name is no suggestion

# How a commune was found (Place.how)
BY_CODE = "code"
BY_FORMER_CODE = "former_code"
BY_NAME = "name"
BY_FORMER_COMMUNE = "former_commune"
BY_START_OF_NAME = "start_of_name"
BY_POSTAL_CODE = "postal_code"


@dataclass(frozen=True)
class Area:
    """Where a name is looked for: a postal code, a département, or all France."""

    postal_code: str | None = None
    department: str | None = None

    def holds(self, commune: Commune) -> bool:
        if self.postal_code:
            return self.postal_code in commune.postal_codes
        if self.department:
            return commune.department == self.department
        return True

    @property
    def national(self) -> bool:
        return not (self.postal_code or self.department)


@dataclass(frozen=True)
class Place:
    """What a row's place cells designate.

    `commune` is set when exactly one current commune is designated; `how` says
    how it was found. Otherwise `candidates` holds the homonyms, or
    `intercommunality` the grouping named instead of a commune, or `closest` the
    names nearest to an unknown one, looked for in `area`."""

    commune: Commune | None
    how: str | None = None
    former: FormerCommune | None = None
    candidates: tuple[Commune, ...] = ()
    intercommunality: Intercommunality | None = None
    closest: tuple[Commune, ...] = ()
    area: Area = Area()

    @property
    def found(self) -> bool:
        return self.commune is not None


def department_of_postal_code(postal_code: str) -> str | None:
    """The département a postal code belongs to: its first two digits, three
    overseas (971...); Corsica's 20xxx is 2A or 2B, so it tells none."""
    if len(postal_code) != 5 or not postal_code.isdigit():
        return None
    if postal_code.startswith(("97", "98")):
        return postal_code[:3]
    return None if postal_code.startswith("20") else postal_code[:2]


def areas(communes: Communes, postal_code: str | None, department: str | None) -> list[Area]:
    """The areas to search, narrowest first (see module docstring)."""
    found = []
    if postal_code and communes.is_postal_code(postal_code):
        found.append(Area(postal_code=postal_code))
    department = department or (department_of_postal_code(postal_code) if postal_code else None)
    if department:
        found.append(Area(department=department))
    found.append(Area())
    return found


def _steps(communes: Communes, folded: str) -> list[tuple[str, Callable[[Area], list]]]:
    return [
        (BY_NAME, lambda area: [c for c in communes.named(folded) if area.holds(c)]),
        (BY_FORMER_COMMUNE, lambda area: [f for f in communes.former_named(folded)
                                          if (f.department == area.department if area.department
                                              else area.holds(f.current))]),
        (BY_START_OF_NAME, lambda area: [] if area.national else
         [c for c in communes.starting_with(folded) if area.holds(c)]),
    ]


def resolve_name(communes: Communes, name: str, postal_code: str | None = None,
                 department: str | None = None) -> Place:
    """The commune `name` designates, narrowed by the postal code and département."""
    folded = fold_commune(name)
    searched = areas(communes, postal_code, department)
    if folded:
        for area in searched:
            for how, step in _steps(communes, folded):
                found = step(area)
                if found:
                    return _place(how, found, area)
        groups = communes.intercommunalities_named(folded, epci_core(name))
        if groups:
            return Place(None, intercommunality=groups[0], area=searched[0])
    return Place(None, closest=closest_names(communes, folded, searched[0]), area=searched[0])


def _place(how: str, found: Sequence[Commune | FormerCommune], area: Area) -> Place:
    if how == BY_FORMER_COMMUNE:
        currents = list({f.current.insee: f.current for f in found}.values())  # type: ignore[union-attr]
        if len(currents) == 1:
            return Place(currents[0], how, former=found[0], area=area)  # type: ignore[arg-type]
        return Place(None, how, candidates=tuple(currents), area=area)
    if len(found) == 1:
        return Place(found[0], how, area=area)  # type: ignore[arg-type]
    return Place(None, how, candidates=tuple(found), area=area)  # type: ignore[arg-type]


def closest_names(communes: Communes, folded: str, area: Area) -> tuple[Commune, ...]:
    """The communes of `area` whose names come closest to an unknown `folded` name."""
    if not folded:
        return ()
    pool = (communes.with_postal_code(area.postal_code) if area.postal_code else
            communes.in_department(area.department) if area.department else list(communes.all()))
    names = [fold_commune(c.name) for c in pool]
    return tuple(pool[i] for i in _closest(folded, names))


def _closest(folded: str, names: list[str]) -> list[int]:
    """Positions of the names most like `folded` (similarity 2·matches/lengths, in %)."""
    try:  # only for names nobody recognises: kept off the start-up path
        from rapidfuzz import fuzz, process
    except ImportError:  # xlwings Lite (Pyodide) has no rapidfuzz: the standard library's same measure
        from difflib import SequenceMatcher

        scored = sorted(((SequenceMatcher(None, folded, name).ratio() * 100, -i) for i, name in enumerate(names)),
                        reverse=True)
        return [-i for score, i in scored[:CLOSEST] if score >= CLOSEST_MIN_SCORE]
    return [i for _, _, i in process.extract(folded, names, scorer=fuzz.ratio, limit=CLOSEST,
                                             score_cutoff=CLOSEST_MIN_SCORE)]


def resolve_code(communes: Communes, insee: str) -> Place:
    """The commune of an INSEE code, current or former (78524 -> 78158)."""
    commune = communes.get(insee)
    if commune is not None:
        return Place(commune, BY_CODE)
    current = communes.current_of(insee)
    return Place(current, BY_FORMER_CODE) if current is not None else Place(None, BY_CODE)


def resolve_postal_code(communes: Communes, postal_code: str) -> Place:
    """The commune of a postal code, when the code has only one."""
    found = communes.with_postal_code(postal_code)
    if len(found) == 1:
        return Place(found[0], BY_POSTAL_CODE, area=Area(postal_code=postal_code))
    return Place(None, BY_POSTAL_CODE, candidates=tuple(found), area=Area(postal_code=postal_code))
