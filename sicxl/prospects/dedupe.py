"""Duplicate prospects: which rows repeat an earlier row, how alike, and why.

The same organisation often enters a prospect file twice: typed by two
assistants, imported from two lists, spelt "Mairie de Saint-Germain-en-Laye"
once and "ST GERMAIN EN LAYE (MAIRIE)" the next time. Issue 2 asks to point each
repeat at the row it repeats, with a similarity and the fields that agree, and
never to merge or delete anything: the salespeople decide.

Rules (each pair of rows is judged by `_compare`, symmetric in its two rows):

1. Same SIREN (9 digits; spaces, number cells and a SIRET understood) = same
   legal entity = duplicate, 100 %.
2. Same phone number or same e-mail address = duplicate, 100 %, when the
   names also look alike (`contact_name_threshold`, 60) or the two rows are in
   the same commune (a name mangled beyond recognition, or missing). A phone or
   e-mail shared by more than `generic_contact_rows` rows (50) is a switchboard
   or a placeholder and proves nothing.
3. Otherwise the names are compared, only within the same place (blocking, see
   below): duplicate when the name similarity reaches `name_threshold` (90) and
   the weighted similarity reaches `min_similarity` (80). The weighted
   similarity mixes name (weight 3), address (weight 1, when both rows have
   one) and commune (weight 1, 100 when both rows name the same commune): an
   agreeing address and commune raise the figure shown; a clearly different
   address pulls a borderline name below 80 (two sites of one firm).
Rules 2 and 3 never pair rows that are told apart by something firmer: two
different SIRENs (two legal entities: the town hall and its CCAS share a
switchboard), two different Types (the commune "Poissy" and its housing office
"Poissy Habitat"), or contradicting places (different INSEE codes, or
different departments: France has many homonym communes). Rule 1 overrides
them all: a SIREN is a legal identity.

Names are compared on keys from `normalize.name_key` with `name_similarity`:
the better of rapidfuzz's token sort ratio (Indel similarity of the sorted
words) and the plain ratio of the words as typed. Token sort, and not WRatio
or token set: word order must not matter ("OPH Poissy Habitat"), but a name
contained in another must not score 100, or "Poissy" (the commune) would
equal "Centre hospitalier de Poissy". The plain ratio is there because sorting
punishes a typo at a word's start ("Collège aint-Louis").

Places and blocking: a pair is compared at the most precise place both rows
know: INSEE code, else postal code, else commune name, else department (issue
2's blocking, made pairwise so that a row without INSEE code still meets its
twin through the postal code). Rows are grouped by each of these keys in turn;
within a group only pairs knowing no finer common key are scored. Small groups
are cut into pairs scored by `rapidfuzz.process.cpdist`; big ones are scored
by `cdist` in chunks of at most `chunk_cells` cells, each pair once, on both
cores. 100,000 rows spread over French communes take about 2 s on 2 cores; a
single block of n rows costs n²/2 comparisons (20,000 rows that only give
their department: about 6 s).

Which row is the original: rows linked by duplicate pairs form a group (linked
through any chain of pairs, so the groups do not depend on the order of the
rows); the group's first row in sheet order is the original, and every other
row of the group points at it, with the similarity and fields of that very
pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from sicxl.messages import dedupe as msg
from sicxl.prospects import normalize as norm

FIELD_ORDER = ("name", "siren", "city", "address", "decision_maker", "phone", "email")
"""Fields named in the result, in the order of the columns of the sheet."""
IDENTIFIERS = ("siren", "phone", "email")
CONTACTS = ("phone", "email")
PLACE_LEVELS = ("insee", "postal_code", "city")

NAME_WEIGHT, ADDRESS_WEIGHT, COMMUNE_WEIGHT = 3.0, 1.0, 1.0
ADDRESS_MATCH = 85.0
"""Address similarity from which the address is named as agreeing ("12 rue X" vs "14 rue X" agree)."""
PERSON_MATCH = 90.0
SMALL_BLOCK = 100
"""Blocks up to this size are cut into pairs; bigger ones are scored as a matrix."""
PARALLEL_CELLS = 1_000_000
"""Below this many comparisons, one thread: starting threads costs more than it saves."""


@dataclass(frozen=True)
class DedupeRules:
    """Thresholds of the duplicate rules (module docstring), in percent."""

    name_threshold: float = 90.0
    min_similarity: float = 80.0
    contact_name_threshold: float = 60.0
    generic_contact_rows: int = 50
    chunk_cells: int = 16_000_000  # comparisons per cdist call: bounds memory on big blocks

    def __post_init__(self) -> None:
        if not 0 < self.name_threshold <= 100:
            raise ValueError("name_threshold must be in (0, 100]")


@dataclass(frozen=True)
class DuplicateMatch:
    """A row that repeats an earlier one (its original), never merged nor deleted."""

    row: int
    original_row: int
    original_id: str | None
    similarity: int  # percent
    fields: tuple[str, ...]  # canonical keys of the fields that agree, in FIELD_ORDER


class Place(Enum):
    """Where two rows stand relative to each other."""

    SAME_COMMUNE = "same commune"
    SAME_DEPARTMENT = "same department"  # only the department is known on one side
    DIFFERENT = "different"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class _Rows:
    """Comparison keys of every row, by position in sheet order (None when missing)."""

    rows: np.ndarray
    ids: list[str | None]
    keys: dict[str, np.ndarray]  # name, sorted_name, identifiers, places, address, person, segment

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, key: str, position: int) -> Any:
        return self.keys[key][position]


@dataclass(frozen=True)
class _Comparison:
    duplicate: bool
    similarity: int
    fields: tuple[str, ...]


def find_duplicates(frame: pd.DataFrame, rules: DedupeRules = DedupeRules()) -> dict[int, DuplicateMatch]:
    """Every row that repeats an earlier row, by worksheet row number.

    `frame` is indexed by worksheet row and holds raw or parsed cell values in
    any subset of the canonical columns (id, name, segment, siren, insee,
    postal_code, city, department, address, phone, email, decision_maker).
    """
    rows = _prepare(frame.sort_index())
    pairs = _candidate_pairs(rows, rules)
    duplicates = [(i, j) for i, j in pairs if _compare(rows, i, j, rules).duplicate]
    originals = _group_firsts(len(rows), duplicates)
    matches: dict[int, DuplicateMatch] = {}
    for position, original in enumerate(originals):
        if original == position:
            continue
        comparison = _compare(rows, original, position, rules)
        row = int(rows.rows[position])
        matches[row] = DuplicateMatch(row, int(rows.rows[original]), rows.ids[original],
                                      comparison.similarity, comparison.fields)
    return matches


def describe(match: DuplicateMatch) -> str:
    """The text of the computed column « Doublon de »: "P0012 (92 % : raison sociale, commune)"."""
    original = match.original_id or msg.row_reference(match.original_row)
    return msg.duplicate_of(original, match.similarity, match.fields)


# --- comparison keys ------------------------------------------------------------------------------


def _keys_of(frame: pd.DataFrame, column: str, make_key: Callable[[Any], str | None]) -> np.ndarray:
    """The key of every cell of `column` (all None when the column is absent), each
    distinct value normalised once: communes and postal codes repeat a lot."""
    if column not in frame:
        return np.full(len(frame), None, dtype=object)
    values = frame[column].to_numpy(dtype=object)
    if bool in set(map(type, values)):  # True == 1 for factorize, not for a key
        values = np.array([None if isinstance(v, bool) else v for v in values], dtype=object)
    codes, distinct = pd.factorize(values)  # blank cells (None, NaN) get code -1
    keys = np.array([*map(make_key, distinct), None], dtype=object)
    return keys[codes]


def _sorted_words(key: str | None) -> str | None:
    return None if key is None else " ".join(sorted(key.split()))


def _prepare(frame: pd.DataFrame) -> _Rows:
    names = _keys_of(frame, "name", norm.name_key)
    keys = {
        "name": names,
        "sorted_name": np.array([_sorted_words(k) for k in names], dtype=object),
        "siren": _keys_of(frame, "siren", norm.siren_key),
        "phone": _keys_of(frame, "phone", norm.phone_key),
        "email": _keys_of(frame, "email", norm.email_key),
        "insee": _keys_of(frame, "insee", norm.insee_key),
        "postal_code": _keys_of(frame, "postal_code", norm.postal_code_key),
        "city": _keys_of(frame, "city", norm.city_key),
        "address": _keys_of(frame, "address", norm.address_key),
        "decision_maker": _keys_of(frame, "decision_maker", norm.person_key),
        "segment": _keys_of(frame, "segment", norm.segment_key),
    }
    typed_departments = _keys_of(frame, "department", norm.department_key)
    keys["department"] = np.array(
        [norm.department_of(i, p, d) for i, p, d in zip(keys["insee"], keys["postal_code"], typed_departments)],
        dtype=object,
    )
    return _Rows(np.asarray(frame.index, dtype=np.int64), _keys_of(frame, "id", norm.cell_text).tolist(), keys)


# --- judging one pair -----------------------------------------------------------------------------


def _similarity(a: str | None, b: str | None, scorer: Callable[..., float]) -> float | None:
    return None if a is None or b is None else scorer(a, b)


def place_of(rows: _Rows, i: int, j: int) -> Place:
    """Compare at the most precise place both rows know; departments must agree."""
    dep_i, dep_j = rows.get("department", i), rows.get("department", j)
    if dep_i is not None and dep_j is not None and dep_i != dep_j:
        return Place.DIFFERENT
    for level in PLACE_LEVELS:
        a, b = rows.get(level, i), rows.get(level, j)
        if a is not None and b is not None:
            return Place.SAME_COMMUNE if a == b else Place.DIFFERENT
    return Place.SAME_DEPARTMENT if dep_i is not None and dep_j is not None else Place.UNKNOWN


def _weighted(name: float | None, address: float | None, place: Place) -> float:
    """Name 3, address 1 (when both rows have one), commune 1 (when the same): a
    missing name counts as no resemblance."""
    parts = [(NAME_WEIGHT, name or 0.0)]
    if address is not None:
        parts.append((ADDRESS_WEIGHT, address))
    if place is Place.SAME_COMMUNE:
        parts.append((COMMUNE_WEIGHT, 100.0))
    return sum(w * s for w, s in parts) / sum(w for w, _ in parts)


def name_similarity(a: str, b: str, sorted_a: str, sorted_b: str) -> float:
    """The better of the Indel ratios of the names as typed and with sorted words.

    Sorted words make "Poissy Habitat OPH" equal "OPH Poissy Habitat" (token sort
    ratio); the typed order keeps a typo at the start of a word ("Collège aint-Louis")
    from reshuffling the words and sinking the score.
    """
    return max(fuzz.ratio(a, b), fuzz.ratio(sorted_a, sorted_b))


def _compare(rows: _Rows, i: int, j: int, rules: DedupeRules) -> _Comparison:
    """Judge one pair by the rules of the module docstring."""
    name = None
    if rows.get("name", i) is not None and rows.get("name", j) is not None:
        name = name_similarity(rows.get("name", i), rows.get("name", j),
                               rows.get("sorted_name", i), rows.get("sorted_name", j))
    address = _similarity(rows.get("address", i), rows.get("address", j), fuzz.token_sort_ratio)
    person = _similarity(rows.get("decision_maker", i), rows.get("decision_maker", j), fuzz.token_sort_ratio)
    place = place_of(rows, i, j)
    same = {key for key in IDENTIFIERS if rows.get(key, i) is not None and rows.get(key, i) == rows.get(key, j)}
    sirens = rows.get("siren", i), rows.get("siren", j)
    agree = {
        "name": name is not None and name >= rules.name_threshold,
        "city": place is Place.SAME_COMMUNE,
        "address": address is not None and address >= ADDRESS_MATCH,
        "decision_maker": person is not None and person >= PERSON_MATCH,
        **{key: key in same for key in IDENTIFIERS},
    }
    fields = tuple(key for key in FIELD_ORDER if agree[key])
    weighted = _weighted(name, address, place)
    segments = rows.get("segment", i), rows.get("segment", j)
    if "siren" in same:
        return _Comparison(True, 100, fields)
    compatible = (
        place is not Place.DIFFERENT
        and (None in segments or segments[0] == segments[1])
        and None in sirens  # two different SIRENs: two legal entities
    )
    if compatible and same.intersection(CONTACTS) and (
        (name is not None and name >= rules.contact_name_threshold) or place is Place.SAME_COMMUNE
    ):
        return _Comparison(True, 100, fields)
    duplicate = (
        compatible
        and place in (Place.SAME_COMMUNE, Place.SAME_DEPARTMENT)
        and agree["name"]
        and weighted >= rules.min_similarity
    )
    return _Comparison(duplicate, round(weighted), fields)


# --- finding the pairs worth judging --------------------------------------------------------------


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of the keys, -1 where missing: vectorised equality."""
    return pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)[0]


def _groups(codes: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sharing a code, missing codes and rows outside `mask` excluded: the
    positions sorted by code (sheet order within a code), and the start and size
    of every group of two rows or more in that order."""
    present = codes >= 0 if mask is None else (codes >= 0) & mask
    positions = np.flatnonzero(present)
    order = positions[np.argsort(codes[positions], kind="stable")]
    _, starts, counts = np.unique(codes[order], return_index=True, return_counts=True)
    return order, starts[counts > 1], counts[counts > 1]


def _pairs_within(order: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of rows of every group, (earlier, later), vectorised by group size."""
    firsts, seconds = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for size in np.unique(counts):
        members = order[starts[counts == size][:, None] + np.arange(size)]
        first, second = np.triu_indices(size, k=1)
        firsts.append(members[:, first].ravel())
        seconds.append(members[:, second].ravel())
    return np.concatenate(firsts), np.concatenate(seconds)


def _star_pairs(order: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first row of every group with each of the others."""
    is_first = np.zeros(len(order), dtype=bool)
    is_first[starts] = True
    in_group = np.zeros(len(order) + 1, dtype=np.int64)
    np.add.at(in_group, starts, 1)
    np.add.at(in_group, starts + counts, -1)
    others = np.cumsum(in_group[:-1]).astype(bool) & ~is_first
    return np.repeat(order[starts], counts - 1), order[others]


def _identifier_pairs(rows: _Rows, rules: DedupeRules) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Rows sharing a SIREN (each linked to the group's first: all are duplicates
    anyway), or a phone or e-mail (every pair, to be judged with the names)."""
    yield _star_pairs(*_groups(_codes(rows.keys["siren"])))
    for key in CONTACTS:
        order, starts, counts = _groups(_codes(rows.keys[key]))
        specific = counts <= rules.generic_contact_rows
        yield _pairs_within(order, starts[specific], counts[specific])


class _Places:
    """The place keys of every row as integer codes, to tell in bulk which pairs
    `place_of` puts in the same commune or department."""

    def __init__(self, rows: _Rows) -> None:
        self.codes = [_codes(rows.keys[level]) for level in (*PLACE_LEVELS, "department")]
        self.known = np.column_stack([codes >= 0 for codes in self.codes])

    def comparable(self, level: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Pairs equal at `level` whose first common key is that level (no finer key
        known on both sides) and whose departments do not contradict."""
        departments = self.codes[-1]
        finer_common = (self.known[first, :level] & self.known[second, :level]).any(axis=1)
        contradict = (departments[first] >= 0) & (departments[second] >= 0) & (
            departments[first] != departments[second])
        return (first != second) & ~finer_common & ~contradict


def _name_scores(rows: _Rows, first: np.ndarray, second: np.ndarray, pairwise: bool,
                 rules: DedupeRules) -> np.ndarray:
    """`name_similarity` in bulk: pair by pair (`cpdist`) or as a matrix (`cdist`),
    0 below the threshold."""
    compute = process.cpdist if pairwise else process.cdist
    workers = -1 if (len(first) if pairwise else len(first) * len(second)) >= PARALLEL_CELLS else 1
    scores = [
        compute(rows.keys[key][first].tolist(), rows.keys[key][second].tolist(), scorer=fuzz.ratio,
                score_cutoff=rules.name_threshold, dtype=np.uint8, workers=workers)
        for key in ("name", "sorted_name")
    ]
    return np.maximum(*scores)


def _names_reaching(rows: _Rows, first: np.ndarray, second: np.ndarray,
                    rules: DedupeRules) -> tuple[np.ndarray, np.ndarray]:
    """The pairs whose names reach the threshold, scored pair by pair."""
    if len(first) == 0:
        return first, second
    found = _name_scores(rows, first, second, True, rules) > 0
    return first[found], second[found]


def _names_in_block(rows: _Rows, queries: np.ndarray, others: np.ndarray,
                    rules: DedupeRules) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Pairs of a big block whose names reach the threshold: every query with
    every later query and with every other row, as score matrices of at most
    `chunk_cells` cells (each pair scored once)."""
    members = np.concatenate([queries, others])
    step = max(1, rules.chunk_cells // len(members))
    for start in range(0, len(queries), step):
        part, choices = queries[start:start + step], members[start:]
        found_query, found_choice = np.nonzero(_name_scores(rows, part, choices, False, rules))
        yield part[found_query], choices[found_choice]


def _name_pairs(rows: _Rows, rules: DedupeRules) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Pairs of similar names in the same place (module docstring, blocking).

    At each level (INSEE, postal code, commune, department) rows are grouped by
    that key; within a group, a pair is scored only when its first common key is
    that level, which leaves exactly the pairs `place_of` puts in the same
    commune or department. Small groups are cut into pairs filtered first and
    scored one by one; big ones are scored as a matrix (`cdist`), by chunks.
    """
    named = np.array([n is not None for n in rows.keys["name"]], dtype=bool)
    places = _Places(rows)
    for level, codes in enumerate(places.codes):
        order, starts, counts = _groups(codes, named)
        small = counts <= SMALL_BLOCK
        first, second = _pairs_within(order, starts[small], counts[small])
        keep = places.comparable(level, first, second)
        yield _names_reaching(rows, first[keep], second[keep], rules)
        for start, count in zip(starts[~small], counts[~small]):
            members = order[start:start + count]
            # rows knowing every finer key met each other there; they only meet the others here
            compared_finer = places.known[members, :level].all(axis=1) & (level > 0)
            for first, second in _names_in_block(rows, members[~compared_finer], members[compared_finer], rules):
                keep = places.comparable(level, first, second)
                yield first[keep], second[keep]


def _candidate_pairs(rows: _Rows, rules: DedupeRules) -> list[tuple[int, int]]:
    """Every pair that may be a duplicate, once, as (earlier, later) positions."""
    found = [np.empty(0, dtype=np.int64)]
    for first, second in (*_identifier_pairs(rows, rules), *_name_pairs(rows, rules)):
        low, high = np.minimum(first, second), np.maximum(first, second)
        found.append(low.astype(np.int64) * len(rows) + high)
    codes = np.unique(np.concatenate(found))
    return list(zip((codes // max(len(rows), 1)).tolist(), (codes % max(len(rows), 1)).tolist()))


def _group_firsts(count: int, pairs: list[tuple[int, int]]) -> list[int]:
    """For each position, the first position of its group (rows linked by pairs,
    directly or through a chain): a union-find whose root is the earliest row."""
    parent = list(range(count))

    def root(position: int) -> int:
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(position) for position in range(count)]
