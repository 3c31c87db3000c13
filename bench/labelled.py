"""A labelled prospect file with hard negatives, to measure duplicates as users meet them.

Issue 19: planted duplicates alone flatter a duplicate finder; what hurts users is
the pair it links wrongly. So this generator writes, over real French communes
(the packaged list, drawn by population), the organisations a prospect file
holds: town halls, their CCAS, schools, companies, health and housing bodies,
and among them the pairs that look alike but are two organisations:

- `ccas_switchboard`: a town hall and its CCAS answering on one switchboard,
  one of the two SIRENs missing;
- `same_commune_similar`: two establishments of one commune with similar names
  (the nursery and the primary school of one group, the collège and the lycée
  named after the same person, two trades of one family firm);
- `shared_contact`: sites of one commune sharing a contact@ address or a phone
  (the schools of a commune behind the town's education desk, a firm's agencies);
- `same_name_other_commune`: one name in another commune (a firm's sites, the
  many collèges Jean Moulin);
- `homonym_communes`: the town halls of two communes of the same name, one row
  lacking its INSEE code.

10 % of the rows are true duplicates, each with one to three kinds of
corruption (`CORRUPTIONS`): accents, case, St/Saint, hyphens, one or two typos,
swapped words, phone and e-mail spellings, missing fields, a postal-code typo
(with the INSEE code missing, so only the commune's name can place the row).

Every row carries its organisation's label; `Labelled.score` turns what a
finder grouped into precision, recall and F1, by kind of corruption (recall)
and by kind of false pair (the wrong pairs counted). Deterministic by seed.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

import numpy as np
import pandas as pd

from sicxl.reference.communes import Commune, communes

DUPLICATE_SHARE = 0.10
COLUMNS = ("id", "name", "segment", "siren", "insee", "postal_code", "city", "department", "address", "phone",
           "email", "decision_maker")
CORRUPTIONS = ("accents", "case", "saint", "hyphens", "typo", "two_typos", "swapped_words", "phone_format",
               "email_format", "missing_fields", "postal_code_typo")
FALSE_PAIRS = ("ccas_switchboard", "same_commune_similar", "shared_contact", "same_name_other_commune",
               "homonym_communes", "other")

SURNAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David "
    "Bertrand Roux Vincent Fournier Morel Girard Andre Mercier Blanc Guerin Boyer Garnier Chevalier Francois "
    "Legrand Gauthier Perrin Robin Clement Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval "
    "Denis Dumont Lemaire Noel Meyer Dufour Meunier Brun Blanchard Giraud Joly Riviere Lucas Brunet Gaillard "
    "Barbier Arnaud Martinez Gerard Roche Renard Schmitt Colin Vidal Caron Picard Roger Fabre Aubert Lemoine "
    "Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoit Rey Leclerc Payet Rolland Lecomte Guillaume "
    "Hubert Carpentier Prevost Etienne Maillard Collet Baron Rousseau Poirier Charpentier Lebrun Hoarau Weber"
).split()
FIRST_NAMES = ("Jean Marie Pierre Anne Philippe Isabelle Michel Catherine Alain Sylvie Nicolas Nathalie "
               "Christophe Sophie Laurent Valérie Éric Sandrine Frédéric Hélène Thierry Céline").split()
ACTIVITIES = ("Chauffage", "Plomberie", "Électricité", "Menuiserie", "Couverture", "Maçonnerie", "Peinture",
              "Transports", "Logistique", "Imprimerie", "Informatique", "Conseil", "Immobilier", "Assurances",
              "Expertise", "Ingénierie", "Emballages", "Métallerie", "Boulangerie", "Garage", "Climatisation",
              "Paysages", "Nettoyage", "Sécurité")
FORMS = ("SA", "SAS", "SARL", "", "", "")
PATRONS = ("Jean Moulin", "Jules Ferry", "Victor Hugo", "Jean Jaurès", "Louis Pasteur", "Jacques Prévert",
           "Paul Langevin", "Marie Curie", "Anatole France", "Jean de La Fontaine", "Saint-Exupéry", "Albert Camus",
           "Pierre et Marie Curie", "Émile Zola", "Sainte-Thérèse", "Saint-Joseph", "Charles de Gaulle", "Condorcet",
           "Paul Éluard", "Georges Brassens", "Les Tilleuls", "Le Petit Prince", "Jean Monnet", "Simone Veil",
           "Antoine de Saint-Exupéry", "Frédéric Mistral", "Marcel Pagnol", "Alphonse Daudet", "Louise Michel",
           "Robert Desnos", "Claude Debussy", "Les Marronniers", "Sainte-Marie", "Saint-Louis", "La Source")
SCHOOL_PAIRS = (("École maternelle {p}", "École élémentaire {p}"), ("Collège {p}", "Lycée {p}"),
                ("École primaire {p}", "Groupe scolaire {p}"), ("Lycée {p}", "Lycée professionnel {p}"))
HEALTH = ("EHPAD {p}", "Clinique {p}", "Résidence autonomie {p}", "Centre de santé {p}")
STREETS = ("rue", "avenue", "boulevard", "place", "chemin", "allée", "impasse", "route")
STREET_NAMES = ("de la Gare", "Victor Hugo", "Jean Jaurès", "de la République", "du Général de Gaulle", "Pasteur",
                "des Écoles", "du Moulin", "de Paris", "Saint-Martin", "des Lilas", "du Château", "Gambetta",
                "Voltaire", "de l'Église", "Anatole France", "des Peupliers", "du Stade", "de la Mairie",
                "Jules Ferry", "des Acacias", "du Maréchal Foch", "de Verdun", "des Tilleuls", "Carnot")
SEGMENT = {"town_hall": "Collectivité", "ccas": "Collectivité", "school": "Collectivité", "company": "Tertiaire",
           "health": "Santé", "housing": "Habitat public"}


@dataclass
class Labelled:
    """The rows, each row's organisation, what corrupts each duplicate, the planted false pairs."""

    frame: pd.DataFrame  # indexed by worksheet row, the canonical columns
    entity: dict[int, int]  # worksheet row -> organisation
    corruptions: dict[int, tuple[str, ...]]  # worksheet row of a duplicate -> its kinds of corruption
    hard: dict[frozenset[int], str] = field(default_factory=dict)  # pair of organisations -> kind of false pair

    def true_pairs(self) -> set[tuple[int, int]]:
        by_entity: dict[int, list[int]] = defaultdict(list)
        for row, entity in self.entity.items():
            by_entity[entity].append(row)
        return {pair for rows in by_entity.values() for pair in combinations(sorted(rows), 2)}

    def score(self, groups: Iterable[Iterable[int]]) -> "Quality":
        """Pairwise quality of a grouping (every pair within a found group counts:
        a chain that joins two organisations is as many false pairs as it implies)."""
        found = {pair for group in groups for pair in combinations(sorted(group), 2)}
        truth = self.true_pairs()
        false_kinds = Counter(self.hard.get(frozenset((self.entity[a], self.entity[b])), "other")
                              for a, b in found - truth)
        by_corruption = {}
        found_rows = {row for pair in found & truth for row in pair}
        for kind in CORRUPTIONS:
            rows = [row for row, kinds in self.corruptions.items() if kind in kinds]
            by_corruption[kind] = (sum(row in found_rows for row in rows), len(rows))
        return Quality(len(found & truth), len(found), len(truth), dict(false_kinds), by_corruption)


@dataclass(frozen=True)
class Quality:
    hits: int
    found: int
    truth: int
    false_pairs: dict[str, int]  # kind of false pair -> pairs
    by_corruption: dict[str, tuple[int, int]]  # kind -> (duplicates found, duplicates with it)

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


# --- organisations -------------------------------------------------------------------------------


def luhn_siren(rng: random.Random, serial: int | None = None) -> str:
    """A SIREN with a valid Luhn key, as INSEE issues them (random, or from a serial number)."""
    digits = [int(d) for d in str(rng.randrange(10_000_000, 100_000_000) if serial is None else serial)]
    total = 0
    for position, digit in enumerate(reversed(digits), start=1):
        value = digit * 2 if position % 2 else digit
        total += value - 9 if value > 9 else value
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


class _Factory:
    """Builds organisations one commune at a time, with their look-alike neighbours."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.towns = [c for c in communes().by_insee.values() if c.postal_codes]
        self.weights = np.cumsum([(c.population or 0) + 300 for c in self.towns], dtype=np.float64)
        by_name: dict[str, list[Commune]] = defaultdict(list)
        for town in self.towns:
            by_name[town.name].append(town)
        self.homonyms = [group for group in by_name.values() if len({c.department for c in group}) > 1]
        self.records: list[dict] = []
        self.entity_kind: list[str] = []
        self.hard: dict[frozenset[int], str] = {}
        self.town_hall_of: dict[str, int] = {}
        self.used_phones: set[str] = set()
        self.taken: set[tuple[str, str]] = set()
        self.desks: set[str] = set()  # (INSEE, name): one organisation of a name per commune

    def commune(self) -> Commune:
        at = self.rng.random() * self.weights[-1]
        return self.towns[int(np.searchsorted(self.weights, at, side="right"))]

    def phone(self, commune: Commune) -> str:
        rng = self.rng
        while True:
            area = "1" if commune.department in ("75", "77", "78", "91", "92", "93", "94", "95") else rng.choice("2345")
            digits = "0" + area + "".join(rng.choice("0123456789") for _ in range(8))
            if digits not in self.used_phones:
                self.used_phones.add(digits)
                return " ".join(digits[i:i + 2] for i in range(0, 10, 2))

    def person(self) -> str | None:
        rng = self.rng
        if rng.random() < 0.3:
            return None
        return f"{rng.choice(['M.', 'Mme'])} {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES).upper()}"

    def address(self) -> str | None:
        rng = self.rng
        if rng.random() < 0.12:
            return None
        return f"{rng.randint(1, 150)} {rng.choice(STREETS)} {rng.choice(STREET_NAMES)}"

    def free(self, name: str, commune: Commune) -> bool:
        """No organisation of this name in this commune yet (legal forms aside:
        "Robin Peinture SA" and "Robin Peinture SARL" of one town would be one firm)."""
        return (commune.insee, _plain(name)) not in self.taken

    def add(self, kind: str, name: str, commune: Commune, **values: object) -> int:
        rng = self.rng
        self.taken.add((commune.insee, _plain(name)))
        record = {
            "name": name, "segment": SEGMENT[kind],
            "siren": luhn_siren(rng, 30_000_000 + len(self.records) * 7) if rng.random() < 0.75 else None,
            "insee": commune.insee, "postal_code": rng.choice(commune.postal_codes), "city": commune.name,
            "department": commune.department, "address": self.address(),
            "phone": self.phone(commune) if rng.random() < 0.9 else None, "email": None,
            "decision_maker": self.person(),
        }
        record.update(values)
        self.records.append(record)
        self.entity_kind.append(kind)
        return len(self.records) - 1

    def pair(self, a: int, b: int, kind: str) -> None:
        self.hard[frozenset((a, b))] = kind

    def town_hall(self, commune: Commune) -> int:
        if commune.insee not in self.town_hall_of:
            name = self.rng.choice(["Mairie de {c}", "Mairie de {c}", "Ville de {c}", "Commune de {c}"])
            self.town_hall_of[commune.insee] = self.add(
                "town_hall", name.format(c=commune.name), commune, siren=commune.siren if self.rng.random() < 0.8
                else None, email=f"mairie@{slug(commune.name)}.fr" if self.rng.random() < 0.6 else None)
        return self.town_hall_of[commune.insee]

    def ccas(self, commune: Commune) -> None:
        if not self.free(f"CCAS de {commune.name}", commune):
            return
        hall = self.town_hall(commune)
        self.taken.add((commune.insee, _plain(f"CCAS de {commune.name}")))
        name = self.rng.choice(["CCAS de {c}", "CCAS de {c}", "Centre communal d'action sociale de {c}"])
        ccas = self.add("ccas", name.format(c=commune.name), commune)
        if self.rng.random() < 0.7:  # one switchboard, and one of the two SIRENs not known
            self.records[ccas]["phone"] = self.records[hall]["phone"] or self.phone(commune)
            self.records[hall]["phone"] = self.records[ccas]["phone"]
            self.records[self.rng.choice((hall, ccas))]["siren"] = None
            self.records[ccas]["address"] = self.records[hall]["address"]
        self.pair(hall, ccas, "ccas_switchboard")

    def schools(self, commune: Commune) -> None:
        rng = self.rng
        first, second = rng.choice(SCHOOL_PAIRS)
        patron = rng.choice(PATRONS)
        if not (self.free(first.format(p=patron), commune) and self.free(second.format(p=patron), commune)):
            return
        a = self.add("school", first.format(p=patron), commune)
        b = self.add("school", second.format(p=patron), commune)
        self.pair(a, b, "same_commune_similar")
        if rng.random() < 0.5:  # the town's education desk answers for its schools
            desk = f"ecoles@{slug(commune.name)}.fr"
            name = rng.choice(SCHOOL_PAIRS)[0].format(p=rng.choice(PATRONS))
            if not self.free(name, commune) or desk in self.desks:
                return
            self.desks.add(desk)
            other = self.add("school", name, commune)
            for school in (a, b, other):
                self.records[school]["email"] = desk
            for x, y in ((a, other), (b, other)):
                self.pair(x, y, "shared_contact")
            self.pair(a, b, "same_commune_similar")
        if rng.random() < 0.3:  # the same patron in another commune
            elsewhere = self.commune()
            if self.free(first.format(p=patron), elsewhere):
                c = self.add("school", first.format(p=patron), elsewhere)
                self.pair(a, c, "same_name_other_commune")

    def companies(self, commune: Commune) -> None:
        rng = self.rng
        surname, activity = rng.choice(SURNAMES), rng.choice(ACTIVITIES)
        if rng.random() < 0.5:  # a family firm of two names
            surname = f"{surname}-{rng.choice(SURNAMES)}" if rng.random() < 0.5 else f"{surname} et {rng.choice(SURNAMES)}"
        form = rng.choice(FORMS)
        firm = f"{surname} {activity} {form}".strip()
        if not self.free(firm, commune):
            return
        email = f"contact@{slug(surname)}-{slug(activity)}.fr" if rng.random() < 0.6 else None
        a = self.add("company", firm, commune, email=email)
        roll = rng.random()
        if roll < 0.25:  # the family's other trade, in the same commune
            other = f"{surname} {rng.choice(ACTIVITIES)} {form}".strip()
            if self.free(other, commune):
                self.pair(a, self.add("company", other, commune), "same_commune_similar")
        elif roll < 0.45:  # agencies of one firm in one commune, one contact@ address
            agency = f"{firm} agence {rng.choice(STREET_NAMES).split()[-1]}"
            if self.free(agency, commune):
                b = self.add("company", agency, commune, siren=None,
                             email=email or f"contact@{slug(surname)}-{slug(activity)}.fr")
                self.records[a]["email"] = self.records[b]["email"]
                self.pair(a, b, "shared_contact")
        elif roll < 0.65:  # the firm's sites in other communes, one contact@ address
            for _ in range(rng.randint(1, 4)):
                elsewhere = self.commune()
                if self.free(firm, elsewhere):
                    self.pair(a, self.add("company", firm, elsewhere, email=email, siren=None),
                              "same_name_other_commune")

    def homonyms_pair(self) -> None:
        group = self.rng.choice(self.homonyms)
        first, second = self.rng.sample(group, 2)
        if first.department == second.department:
            return
        a, b = self.town_hall(first), self.town_hall(second)
        self.records[b].update(insee=None)  # placed by its postal code and name only
        self.pair(a, b, "homonym_communes")

    def health(self, commune: Commune) -> None:
        rng = self.rng
        kind = rng.choice(["health", "housing"])
        templates = HEALTH if kind == "health" else ("OPH de {c}", "{c} Habitat", "Résidence {p}")
        name = rng.choice(templates).format(c=commune.name, p=rng.choice(PATRONS))
        if self.free(name, commune):
            self.add(kind, name, commune)

    def organisations(self, count: int) -> None:
        rng = self.rng
        while len(self.records) < count:
            commune = self.commune()
            roll = rng.random()
            if roll < 0.12:
                self.town_hall(commune)
            elif roll < 0.20:
                self.ccas(commune)
            elif roll < 0.38:
                self.schools(commune)
            elif roll < 0.40:
                self.homonyms_pair()
            elif roll < 0.50:
                self.health(commune)
            else:
                self.companies(commune)
        del self.records[count:]


# --- corruption ----------------------------------------------------------------------------------


def _plain(name: str) -> str:
    return " ".join(w for w in slug(name).split("-") if w not in ("sa", "sas", "sarl"))


def _strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped with the next or replaced."""
    letters = [i for i, ch in enumerate(text[:-1]) if ch.isalpha() and text[i + 1].isalpha()]
    if len(letters) < 3:
        return text
    i = rng.choice(letters[1:])
    slip = rng.choice(["drop", "double", "swap", "replace"])
    if slip == "drop":
        return text[:i] + text[i + 1:]
    if slip == "double":
        return text[:i] + text[i] + text[i:]
    if slip == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + rng.choice("aeiourstnl") + text[i + 1:]


def _swap_words(name: str, rng: random.Random) -> str:
    if name.startswith(("Mairie de ", "Ville de ", "Commune de ")):
        return f"{name.split(' de ', 1)[1].upper()} ({name.split()[0].upper()})"
    words = name.split()
    if len(words) < 2:
        return name
    i = rng.randrange(len(words) - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def _phone_format(phone: str, rng: random.Random) -> object:
    digits = phone.replace(" ", "")
    return rng.choice([f"+33 {phone[1:]}", phone.replace(" ", "."), digits, float(digits), f"+33 (0){phone[1:]}"])


def _missing(record: dict, rng: random.Random) -> None:
    optional = ["siren", "insee", "address", "phone", "email", "decision_maker", "department", "segment"]
    for key in rng.sample(optional, rng.randint(1, 3)):
        record[key] = None


def _postal_typo(record: dict, rng: random.Random) -> None:
    code = record["postal_code"]
    i = rng.randrange(2, 5)
    record["postal_code"] = code[:i] + rng.choice([d for d in "0123456789" if d != code[i]]) + code[i + 1:]
    record["insee"] = None


CORRUPT = {
    "accents": lambda r, rng: r.update(name=_strip_accents(r["name"]), city=_strip_accents(r["city"])),
    "case": lambda r, rng: r.update(name=rng.choice([str.upper, str.lower])(r["name"]),
                                    city=r["city"].upper()),
    "saint": lambda r, rng: r.update(**{k: r[k].replace("Saint-", "St ").replace("Sainte-", "Ste-")
                                        .replace("Saint ", "St-") for k in ("name", "city")}),
    "hyphens": lambda r, rng: r.update(name=r["name"].replace("-", " ").replace("'", " "),
                                       city=r["city"].replace("-", " ")),
    "typo": lambda r, rng: r.update(name=typo(r["name"], rng)),
    "two_typos": lambda r, rng: r.update(name=typo(typo(r["name"], rng), rng)),
    "swapped_words": lambda r, rng: r.update(name=_swap_words(r["name"], rng)),
    "phone_format": lambda r, rng: r.update(phone=_phone_format(r["phone"], rng) if r["phone"] else None),
    "email_format": lambda r, rng: r.update(email=rng.choice([str.upper, lambda e: f"mailto:{e}",
                                                              lambda e: f" {e.capitalize()} "])(r["email"])
                                            if r["email"] else None),
    "missing_fields": _missing,
    "postal_code_typo": _postal_typo,
}
CORRUPTION_WEIGHTS = (10, 10, 6, 6, 14, 8, 8, 10, 6, 12, 10)


def duplicate_of(record: dict, rng: random.Random) -> tuple[dict, tuple[str, ...]]:
    """The same organisation typed again, with one to three kinds of corruption."""
    kinds: list[str] = []
    while len(kinds) < rng.choice((1, 1, 2, 2, 3)):
        kind = rng.choices(CORRUPTIONS, CORRUPTION_WEIGHTS)[0]
        if kind not in kinds:
            kinds.append(kind)
    copy = dict(record)
    for kind in CORRUPTIONS:  # a fixed order: the postal-code typo after the fields dropped
        if kind in kinds:
            CORRUPT[kind](copy, rng)
    return copy, tuple(k for k in CORRUPTIONS if k in kinds)


def generate(rows: int, seed: int = 19) -> Labelled:
    """`rows` rows, 10 % of them duplicates (some organisations typed three times)."""
    rng = random.Random(seed)
    duplicates = int(rows * DUPLICATE_SHARE)
    factory = _Factory(rng)
    factory.organisations(rows - duplicates)
    records, entities = list(factory.records), list(range(len(factory.records)))
    corruption: dict[int, tuple[str, ...]] = {}
    sources = rng.sample(range(len(records)), duplicates)
    for n, source in enumerate(sources):
        if n % 12 == 11:  # a third typing of an organisation already typed twice
            source = sources[n - 1]
        copy, kinds = duplicate_of(factory.records[source], rng)
        corruption[len(records)] = kinds
        records.append(copy)
        entities.append(source)
    order = list(range(len(records)))
    rng.shuffle(order)  # duplicates anywhere, before or after their original
    frame = pd.DataFrame([records[i] for i in order], columns=COLUMNS[1:], dtype=object)
    frame.index = pd.Index(range(2, len(order) + 2), name="row")
    # objects as cells are, not pandas strings: pyarrow-backed where pyarrow is installed, the cache would need it
    frame.insert(0, "id", np.array([f"P{n:07d}" for n in range(1, len(frame) + 1)], dtype=object))
    frame = frame.astype(object).where(frame.notna(), None)
    row_of = {record: row for row, record in zip(frame.index, order)}
    return Labelled(frame, {row_of[r]: entities[r] for r in range(len(records))},
                    {row_of[r]: kinds for r, kinds in corruption.items()},
                    {pair: kind for pair, kind in factory.hard.items()})
