"""Duplicate prospects: which rows repeat an earlier row, how alike, and why.

The same organisation often enters a prospect file twice: typed by two
assistants, imported from two lists, spelt "Mairie de Saint-Germain-en-Laye"
once and "ST GERMAIN EN LAYE (MAIRIE)" the next time. Issue 2 asks to point each
repeat at the row it repeats, with a similarity and the fields that agree, and
never to merge or delete anything: the salespeople decide. Issue 19 asks that
this stay precise on files of a million rows, where look-alikes abound.

Rules (each pair of rows is judged by `_judge`, symmetric in its two rows, all
candidate pairs at once):

1. Same SIREN (9 digits; spaces, number cells and a SIRET understood) = same
   legal entity = duplicate, 100 %.
2. Rows told apart by something firmer than resemblance are never paired by
   rules 3 and 4: two different SIRENs (two legal entities), two different
   Types (the commune "Poissy" and its housing office "Poissy Habitat"),
   contradicting places (different INSEE codes, or departments: France has
   many homonym communes), or names of two kinds of establishment
   (`normalize.KINDS`: the town hall and its CCAS, the nursery and the primary
   school of one group, the collège and the lycée named after one person).
3. Similar names in the same place: duplicate when the name similarity
   reaches `name_threshold` (90), the names without their commune's words
   still agree (`core_threshold`, 80: "Collège de Poissy" and "Piscine de
   Poissy" share only their commune) and the weighted similarity reaches
   `min_similarity` (80). The weighted similarity mixes name (weight 3),
   address (weight 1, when both rows have one) and commune (weight 1, 100 when
   both rows are in the same commune): a clearly different address pulls a
   borderline name below 80 (two sites of one firm).
4. A shared phone number or e-mail address is evidence, not proof (issue 19):
   duplicate when the names agree as in rule 3 (`core_threshold`) or, a name
   missing, the rows are in the same commune; and the addresses do not clash
   (`address_clash`). The schools behind a town's education desk, the agencies
   of one firm behind one contact@ address, a town hall and its CCAS on one
   switchboard: their names say otherwise. A phone or e-mail shared by more
   than `generic_contact_rows` rows (50) is a switchboard or a placeholder.

Names are compared on keys from `normalize.name_key`: the better of the Indel
ratios of the keys as typed and with sorted words (token sort): word order must
not matter ("OPH Poissy Habitat"), but a name contained in another must not
score 100, or "Poissy" (the commune) would equal "Centre hospitalier de
Poissy"; the typed order keeps a typo at a word's start from reshuffling the
words. Rule 3's second test compares the names without the words of their
commune (`normalize.core_key`): within a commune its name is in half the rows.

Places: a pair is compared at the most precise place both rows know: INSEE
code, else postal code, else commune name, else department. A row without an
INSEE code gets the one `fill` would give it (`place.find_place` on the
official list: commune name, postal code, department), so that `dedupe` alone
finds what `qualify` finds, the twin whose postal code has a typo included; a
commune name that the list knows several times and nothing narrows down
(Saint-Martin) places nothing.

Blocking, for a cost that grows with the rows, not their square: rows are
grouped by each place key in turn (a coarser level only scores the pairs that
knew no finer common key). A group of at most `block_rows` (50) rows has all
its pairs scored; in bigger ones (the towns of a million-row file) each row
meets its `window` (10) neighbours in four sorted orders (Hernández and
Stolfo's sorted-neighbourhood method): by name, by sorted words, and both read
backwards, so that a typo at a name's start still leaves its end in place.
Pairs are then bounded cheaply (lengths, counts of each character), and only
those left are scored by rapidfuzz in bulk (`cpdist`, both cores) and judged
with numpy, `batch_pairs` at a time, never one by one.

Groups: duplicate pairs link rows into groups, but a group does not chain
through a weak link: links are taken strongest first (SIREN, then
similarity, ties by content so that the order of the rows does not matter),
and two groups merge only when every pair across them is plausible (rule 1, or
no rule-2 veto, names agreeing or missing, addresses not clashing). A group of
more than `group_rows` rows keeps only its SIREN links. The group's first row
in sheet order is the original; every other row points at it with the
similarity of that very pair, the fields that agree and those that differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Callable, Iterator, Mapping

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from sicxl.messages import dedupe as msg
from sicxl.prospects import normalize as norm
from sicxl.prospects.place import find_place, set_cells
from sicxl.reference.communes import Communes
from sicxl.reference.communes import communes as official_communes

FIELD_ORDER = ("name", "siren", "city", "address", "decision_maker", "phone", "email")
"""Fields named in the result, in the order of the columns of the sheet."""
CONTACTS = ("phone", "email")
PLACE_LEVELS = ("insee", "postal_code", "city", "department")
TEXTS = ("name", "sorted_name", "core", "sorted_core", "address", "decision_maker")

NAME_WEIGHT, OTHER_WEIGHT = 3.0, 1.0
ADDRESS_MATCH = 85.0
"""Address similarity from which the address is named as agreeing ("12 rue X" vs "14 rue X" agree)."""
PERSON_MATCH = 90.0
PARALLEL_PAIRS = 200_000
"""Below this many pairs, one thread: starting threads costs more than it saves."""

SAME_COMMUNE, SAME_DEPARTMENT, DIFFERENT, UNKNOWN = range(4)
"""Where two rows stand relative to each other (`_places_of`)."""


@dataclass(frozen=True)
class DedupeRules:
    """Thresholds of the duplicate rules (module docstring), in percent, and the
    bounds that keep the cost linear."""

    name_threshold: float = 90.0
    core_threshold: float = 80.0
    min_similarity: float = 80.0
    address_clash: float = 50.0
    generic_contact_rows: int = 50
    block_rows: int = 50
    window: int = 10
    batch_pairs: int = 1_000_000
    group_rows: int = 1_000

    def __post_init__(self) -> None:
        if not 0 < self.name_threshold <= 100:
            raise ValueError("name_threshold must be in (0, 100]")
        if self.block_rows < 2 or self.window < 1 or self.batch_pairs < 1:
            raise ValueError("block_rows, window and batch_pairs must be positive")


@dataclass(frozen=True)
class DuplicateMatch:
    """A row that repeats an earlier one (its original), never merged nor deleted."""

    row: int
    original_row: int
    original_id: str | None
    similarity: int  # percent
    fields: tuple[str, ...]  # canonical keys of the fields that agree, in FIELD_ORDER
    differing: tuple[str, ...] = ()  # those filled on both rows that disagree


@dataclass
class DuplicateSearch:
    """The duplicates by worksheet row, and what the search did to find them."""

    matches: dict[int, DuplicateMatch] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # pairs scored, judged, links refused...


def find_duplicates(frame: pd.DataFrame, rules: DedupeRules = DedupeRules(),
                    communes: Communes | None = None) -> dict[int, DuplicateMatch]:
    """Every row that repeats an earlier row, by worksheet row number.

    `frame` is indexed by worksheet row and holds raw or parsed cell values in
    any subset of the canonical columns (id, name, segment, siren, insee,
    postal_code, city, department, address, phone, email, decision_maker).
    `communes` places the rows without INSEE code (default: the official list).
    """
    return search_duplicates(frame, rules, communes).matches


Filled = Mapping[str, Mapping[int, Any]]
"""Cells completed by `fill`, key -> worksheet row -> value (place.PlaceResult.filled)."""


def search_duplicates(frame: pd.DataFrame, rules: DedupeRules = DedupeRules(),
                      communes: Communes | None = None, filled: Callable[[], Filled] | None = None) -> DuplicateSearch:
    """`find_duplicates`, with the counts of the work done (for the bench and the report).

    `filled` gives the cells `fill` completes in `frame` meanwhile: the keys that
    do not depend on them (names, contacts) are made first, while `fill` runs
    (sicxl.prospects.pipeline starts the search before it), then those cells are
    set and the place keys made."""
    search = DuplicateSearch()
    rows = _prepare(frame.sort_index(), official_communes() if communes is None else communes, filled)
    if len(rows) < 2:
        return search
    first, second, scored = _candidate_pairs(rows, rules)
    judged = _judge(rows, first, second, rules)
    links = np.flatnonzero(judged.duplicate)
    originals, refused = _group_firsts(rows, first[links], second[links], judged.similarity[links],
                                       judged.same_siren[links], rules)
    members = np.flatnonzero(originals != np.arange(len(rows)))
    pointed = _judge(rows, originals[members], members, rules)
    for k, position in enumerate(members.tolist()):
        original = int(originals[position])
        row = int(rows.rows[position])
        search.matches[row] = DuplicateMatch(
            row, int(rows.rows[original]), rows.ids[original], int(pointed.similarity[k]),
            _fields(pointed.agree[k]), _fields(pointed.differ[k]))
    search.counts.update({"pairs_scored": scored, "pairs_judged": len(first), "duplicate_pairs": len(links),
                          "links_refused": refused, "duplicates": len(search.matches)})
    return search


def describe(match: DuplicateMatch) -> str:
    """The text of the computed column « Doublon de »: "P0012 (92 % : raison sociale, commune ; diffère : adresse)"."""
    original = match.original_id or msg.row_reference(match.original_row)
    return msg.duplicate_of(original, match.similarity, match.fields, match.differing)


def _fields(bits: int) -> tuple[str, ...]:
    return tuple(key for n, key in enumerate(FIELD_ORDER) if bits >> n & 1)


# --- comparison keys ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """Comparison keys of every row, by position in sheet order."""

    rows: np.ndarray  # worksheet row numbers
    ids: list[str | None]
    texts: dict[str, np.ndarray]  # TEXTS as str, "" when missing (see `has`)
    has: dict[str, np.ndarray]  # name, address, decision_maker: filled
    codes: dict[str, np.ndarray]  # integer code of each key, -1 when missing
    sharing: dict[str, np.ndarray]  # phone, email: how many rows share the row's (0 when missing)
    lengths: np.ndarray  # of the name keys
    in_order: np.ndarray  # name keys whose words are already sorted: their token sort adds nothing
    letters: np.ndarray  # how many times each letter, digit and space is in each name key (`_letter_counts`)
    letters_coarse: np.ndarray  # the same counts in 8 bins (letters merged), as one 64-bit number a row
    cache: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def sort_ranks(self) -> list[np.ndarray]:
        """`_sort_ranks`, computed once, when a block first needs them."""
        if "sort" not in self.cache:
            self.cache["sort"] = _sort_ranks(self)
        return self.cache["sort"]


def _keys_of(frame: pd.DataFrame, column: str, make_key: Callable[[Any], Any]) -> np.ndarray:
    """The key of every cell of `column` (all None when the column is absent), each
    distinct value normalised once: communes and postal codes repeat a lot."""
    if column not in frame:
        return np.full(len(frame), None, dtype=object)
    values = frame[column].to_numpy(dtype=object)
    if bool in set(map(type, values)):  # True == 1 for factorize, not for a key
        values = np.array([None if isinstance(v, bool) else v for v in values], dtype=object)
    return _mapped(values, make_key)


def _mapped(values: np.ndarray, make_key: Callable[[Any], Any]) -> np.ndarray:
    codes, distinct = pd.factorize(values)  # blank cells (None, NaN) get code -1
    keys = np.empty(len(distinct) + 1, dtype=object)
    keys[:-1] = [make_key(value) for value in distinct]
    return keys[codes]


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of the keys, -1 where missing: vectorised equality."""
    return pd.factorize(values, use_na_sentinel=True)[0].astype(np.int64)


def _place_keys(frame: pd.DataFrame, communes: Communes) -> dict[str, np.ndarray]:
    """INSEE code (typed, else found as `fill` finds it), postal code, commune,
    department, and the words of the commune's name, of every row."""
    insee = _keys_of(frame, "insee", norm.insee_key)
    postal = _keys_of(frame, "postal_code", norm.postal_code_key)
    city = _keys_of(frame, "city", norm.cell_text)
    typed_department = _keys_of(frame, "department", norm.department_key)
    communes.prefetch(insee.tolist())  # here too: a search started aside forked before `locate` did it
    commune_name = _mapped(insee, lambda code: getattr(communes.get(code), "name", None))
    unplaced = np.flatnonzero(pd.isna(insee))
    if len(unplaced):
        names = _keys_of(frame, "name", norm.cell_text)[unplaced]
        segments = _keys_of(frame, "segment", norm.cell_text)[unplaced]
        found: dict[tuple, tuple[str | None, str | None, bool]] = {}
        for k, position in enumerate(unplaced.tolist()):
            key = (postal[position], city[position], typed_department[position],
                   None if city[position] else (names[k], segments[k]))
            if key not in found:
                found[key] = _commune_of(communes, *key)
            insee[position], commune_name[position], ambiguous = found[key]
            if ambiguous:
                city[position] = None  # a homonym: the name alone places nothing
    city_key = _mapped(np.where(pd.isna(commune_name), city, commune_name), norm.city_key)
    words = _mapped(np.where(pd.isna(commune_name), city, commune_name), norm.commune_words)
    departments = np.array([norm.department_of(i, p, d) for i, p, d in zip(insee, postal, typed_department)],
                           dtype=object)
    return {"insee": insee, "postal_code": postal, "city": city_key, "department": departments,
            "commune_words": words}


def _commune_of(communes: Communes, postal: str | None, city: str | None, department: str | None,
                named: tuple[str | None, str | None] | None) -> tuple[str | None, str | None, bool]:
    """(INSEE code, commune name, ambiguous) of a row without INSEE code, as `fill` finds them."""
    row = {"postal_code": postal, "city": city, "department": department}
    if named is not None:
        row.update(name=named[0], segment=named[1])
    place = find_place(row, communes)
    if place.commune is None:
        return None, None, len(place.candidates) > 1
    return place.commune.insee, place.commune.name, False


def _sorted_words(key: str | None) -> str | None:
    return None if key is None else " ".join(sorted(key.split()))


def _cores(names: np.ndarray, words: np.ndarray) -> np.ndarray:
    """`normalize.core_key` of every row, once per distinct (name, commune)."""
    name_codes, distinct_names = pd.factorize(names)
    word_codes, distinct_words = pd.factorize(words)  # -1 (no name, no commune known) shifted to 0
    pairs = (name_codes.astype(np.int64) + 1) * (len(distinct_words) + 1) + word_codes + 1
    unique, inverse = np.unique(pairs, return_inverse=True)
    cores = np.empty(len(unique), dtype=object)
    for k, pair in enumerate(unique.tolist()):
        name_code, word_code = divmod(pair, len(distinct_words) + 1)
        commune = distinct_words[word_code - 1] if word_code else ()
        cores[k] = norm.core_key(distinct_names[name_code - 1], commune) if name_code else None
    return cores[inverse.ravel()]


def _text(values: np.ndarray) -> np.ndarray:
    return np.where(pd.isna(values), "", values).astype(object)


def _prepare(frame: pd.DataFrame, communes: Communes, filled: Callable[[], Filled] | None = None) -> _Rows:
    names_and_kinds = _keys_of(frame, "name", norm.name_key_and_kind)
    names = np.array([None if both is None else both[0] for both in names_and_kinds], dtype=object)
    kinds = np.array([None if both is None else both[1] for both in names_and_kinds], dtype=object)
    raw = {
        "name": names, "sorted_name": _mapped(names, _sorted_words),
        "address": _keys_of(frame, "address", norm.address_key),
        "decision_maker": _keys_of(frame, "decision_maker", norm.person_key),
    }
    codes = {key: _codes(_keys_of(frame, key, getattr(norm, f"{key}_key"))) for key in ("phone", "email", "segment")}
    ids = _keys_of(frame, "id", norm.cell_text)
    for key, cells in (filled() if filled is not None else {}).items():  # what fill completed meanwhile
        set_cells(frame, key, cells)
    places = _place_keys(frame, communes)
    cores = _cores(names, places.pop("commune_words"))
    kinds[(cores == "") & pd.isna(kinds)] = norm.TOWN_HALL_KIND  # the name is its commune's
    cores = _mapped(cores, norm.distinctive_key)
    raw.update(core=cores, sorted_core=_mapped(cores, _sorted_words))
    codes.update({key: _codes(values) for key, values in places.items()})
    codes["siren"] = _codes(_keys_of(frame, "siren", norm.siren_key))
    codes["kind"] = _codes(kinds)
    texts = {key: _text(values) for key, values in raw.items()}
    letters = _letter_counts(texts["name"])
    return _Rows(
        rows=np.asarray(frame.index, dtype=np.int64), ids=ids.tolist(), texts=texts,
        has={key: ~pd.isna(raw[key]) for key in ("name", "address", "decision_maker")},
        codes=codes, sharing={key: _sharing(codes[key]) for key in CONTACTS},
        lengths=np.fromiter(map(len, texts["name"]), dtype=np.int64, count=len(frame)),
        in_order=texts["name"] == texts["sorted_name"], letters=letters, letters_coarse=_coarse(letters),
    )


_ALPHABET = np.full(256, 36, dtype=np.int64)  # name keys hold a-z, 0-9 and spaces (`normalize.name_key`)
_ALPHABET[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = np.arange(36)


def _letter_counts(texts: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    """The count of each character of each key (rows × 37), capped at 255, in bulk
    (`chunk` rows at a time, to bound the memory of the counting)."""
    counts = np.empty((len(texts), 37), dtype=np.uint8)
    for start in range(0, len(texts), chunk):
        part = texts[start:start + chunk].tolist()
        encoded = np.frombuffer("".join(part).encode("ascii", "replace"), dtype=np.uint8)
        owners = np.repeat(np.arange(len(part)), np.fromiter(map(len, part), dtype=np.int64, count=len(part)))
        found = np.bincount(owners * 37 + _ALPHABET[encoded], minlength=len(part) * 37)
        counts[start:start + chunk] = np.minimum(found, 255).reshape(len(part), 37)
    return counts


def _coarse(letters: np.ndarray) -> np.ndarray:
    """The counts summed into 8 bins (character n into bin n mod 8), capped at 255,
    packed as one 64-bit number a row: merging bins keeps the bound a bound."""
    bins = np.zeros((len(letters), 8), dtype=np.int64)
    for start in range(8):
        bins[:, start] = letters[:, start::8].sum(axis=1)
    return np.minimum(bins, 255).astype(np.uint8).view(np.uint64).ravel()


def _counts_apart(counts: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The sum over characters of the differences of their counts, for each pair."""
    a, b = counts[first], counts[second]
    if counts.ndim == 1:  # packed bins
        a, b = a.view(np.uint8).reshape(-1, 8), b.view(np.uint8).reshape(-1, 8)
    return np.abs(a.astype(np.int16) - b).sum(axis=1)


def _sharing(codes: np.ndarray) -> np.ndarray:
    counts = np.bincount(codes[codes >= 0], minlength=1)
    return np.where(codes >= 0, counts[np.maximum(codes, 0)], 0)


# --- judging pairs in bulk ------------------------------------------------------------------------


def _scores(rows: _Rows, key: str, first: np.ndarray, second: np.ndarray,
            scorer: Callable[..., float] = fuzz.ratio, cutoff: float = 0) -> np.ndarray:
    """`scorer` on every pair (`cpdist`), in percent, 0 below `cutoff`."""
    if len(first) == 0:
        return np.zeros(0, dtype=np.float32)
    texts = rows.texts[key]
    return process.cpdist(texts[first].tolist(), texts[second].tolist(), scorer=scorer, score_cutoff=cutoff,
                          dtype=np.float32, workers=-1 if len(first) >= PARALLEL_PAIRS else 1)


def _name_scores(rows: _Rows, prefix: str, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The better of the Indel ratios of the names as typed and with sorted words."""
    return np.maximum(_scores(rows, prefix, first, second), _scores(rows, f"sorted_{prefix}", first, second))


def _same(rows: _Rows, key: str, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(equal, clashing) for a coded key: both filled and equal, both filled and different."""
    a, b = rows.codes[key][first], rows.codes[key][second]
    both = (a >= 0) & (b >= 0)
    return both & (a == b), both & (a != b)


def _places_of(rows: _Rows, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Compare at the most precise place both rows know; departments must agree."""
    place = np.full(len(first), UNKNOWN, dtype=np.int8)
    decided = np.zeros(len(first), dtype=bool)
    for level in PLACE_LEVELS[:-1]:
        equal, clash = _same(rows, level, first, second)
        place[equal & ~decided] = SAME_COMMUNE
        place[clash & ~decided] = DIFFERENT
        decided |= equal | clash
    equal, clash = _same(rows, "department", first, second)
    place[clash] = DIFFERENT
    place[equal & ~decided] = SAME_DEPARTMENT
    return place


@dataclass(frozen=True)
class _Judgement:
    """What `_judge` says of each pair, as arrays."""

    duplicate: np.ndarray
    plausible: np.ndarray  # could be in one group (no veto, names not saying otherwise)
    same_siren: np.ndarray
    similarity: np.ndarray  # shown percent
    agree: np.ndarray  # bits over FIELD_ORDER
    differ: np.ndarray


def _judge(rows: _Rows, first: np.ndarray, second: np.ndarray, rules: DedupeRules) -> _Judgement:
    """The rules of the module docstring, on every pair at once."""
    first, second = first.astype(np.int64), second.astype(np.int64)
    has = {key: values[first] & values[second] for key, values in rows.has.items()}
    name = np.where(has["name"], _name_scores(rows, "name", first, second), 0)
    core = np.where(has["name"], _name_scores(rows, "core", first, second), 0)
    address = np.where(has["address"], _scores(rows, "address", first, second, fuzz.token_sort_ratio), 0)
    person = np.where(has["decision_maker"],
                      _scores(rows, "decision_maker", first, second, fuzz.token_sort_ratio), 0)
    place = _places_of(rows, first, second)
    same_siren, siren_clash = _same(rows, "siren", first, second)
    same_contact, contact_clash = {}, {}
    for key in CONTACTS:
        same_contact[key], contact_clash[key] = _same(rows, key, first, second)
    specific_contact = np.zeros(len(first), dtype=bool)
    for key in CONTACTS:
        specific_contact |= same_contact[key] & (rows.sharing[key][first] <= rules.generic_contact_rows)
    vetoed = siren_clash | (place == DIFFERENT)
    for key in ("segment", "kind"):
        vetoed |= _same(rows, key, first, second)[1]
    names_agree = ~has["name"] | (core >= rules.core_threshold)
    address_clash = has["address"] & (address < rules.address_clash)
    same_commune = place == SAME_COMMUNE
    similarity = _similarity(name, address, place, same_contact, contact_clash, has)
    by_name = has["name"] & (name >= rules.name_threshold) & ((place == SAME_COMMUNE) | (place == SAME_DEPARTMENT))
    by_contact = specific_contact & ~address_clash & (has["name"] | same_commune)
    plausible = same_siren | (~vetoed & names_agree & ~address_clash)
    duplicate = same_siren | (plausible & (by_name | by_contact) & (similarity >= rules.min_similarity))
    agree = np.column_stack([
        name >= rules.name_threshold, same_siren, same_commune, address >= ADDRESS_MATCH, person >= PERSON_MATCH,
        same_contact["phone"], same_contact["email"]])
    differ = np.column_stack([
        has["name"] & ~names_agree, siren_clash, place == DIFFERENT, has["address"] & (address < ADDRESS_MATCH),
        has["decision_maker"] & (person < PERSON_MATCH), contact_clash["phone"], contact_clash["email"]])
    shown = np.where(same_siren, 100, np.rint(similarity)).astype(np.int64)
    return _Judgement(duplicate, plausible, same_siren, shown, _bits(agree), _bits(differ))


def _similarity(name: np.ndarray, address: np.ndarray, place: np.ndarray, same: dict[str, np.ndarray],
                clash: dict[str, np.ndarray], has: dict[str, np.ndarray]) -> np.ndarray:
    """The weighted mean of the similarities of the fields filled on both rows:
    name (weight 3), address, commune (100 in the same one, 0 in contradicting
    places), phone and e-mail (100 when equal, 0 when not), weight 1 each."""
    total = NAME_WEIGHT * name + OTHER_WEIGHT * (address + 100 * (place == SAME_COMMUNE))
    weights = (NAME_WEIGHT * has["name"] + OTHER_WEIGHT * (has["address"].astype(np.float32)
                                                           + ((place == SAME_COMMUNE) | (place == DIFFERENT))))
    for key in CONTACTS:
        total += OTHER_WEIGHT * 100 * same[key]
        weights += OTHER_WEIGHT * (same[key] | clash[key])
    return total / np.maximum(weights, 1)


def _bits(flags: np.ndarray) -> np.ndarray:
    """Each row of booleans as an integer, bit n for FIELD_ORDER[n]."""
    return (flags.astype(np.int64) << np.arange(flags.shape[1])).sum(axis=1)


# --- finding the pairs worth judging --------------------------------------------------------------


def _groups(codes: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sharing a code, missing codes and rows outside `mask` excluded: the
    positions sorted by code (sheet order within a code), and the start and size
    of every group of two rows or more in that order."""
    present = codes >= 0 if mask is None else (codes >= 0) & mask
    positions = np.flatnonzero(present)
    order = positions[np.argsort(codes[positions], kind="stable")]
    counts = np.bincount(codes[order]) if len(order) else np.zeros(0, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    return order, starts[counts > 1], counts[counts > 1]


def _pairs_within(order: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                  batch: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every pair of rows of every group, (earlier, later), vectorised by group
    size, at most about `batch` pairs at a time."""
    for size in np.unique(counts).tolist():
        group_starts = starts[counts == size]
        first, second = np.triu_indices(size, k=1)
        per_batch = max(1, batch // len(first))
        for at in range(0, len(group_starts), per_batch):
            members = order[group_starts[at:at + per_batch, None] + np.arange(size)]
            yield members[:, first].ravel(), members[:, second].ravel()


def _in_groups(size: int, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Which of `size` sorted positions fall inside the groups given by their starts and sizes."""
    edges = np.zeros(size + 1, dtype=np.int64)
    np.add.at(edges, starts, 1)
    np.add.at(edges, starts + counts, -1)
    return np.cumsum(edges[:-1]) > 0


def _star_pairs(order: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first row of every group with each of the others."""
    others = _in_groups(len(order), starts, counts)
    others[starts] = False
    return np.repeat(order[starts], counts - 1), order[others]


def _identifier_pairs(rows: _Rows, rules: DedupeRules) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Rows sharing a SIREN (each linked to the group's first: all are duplicates
    anyway), or a specific phone or e-mail (every pair, to be judged with the names)."""
    yield _star_pairs(*_groups(rows.codes["siren"]))
    for key in CONTACTS:
        order, starts, counts = _groups(rows.codes[key])
        specific = counts <= rules.generic_contact_rows
        yield from _pairs_within(order, starts[specific], counts[specific], rules.batch_pairs)


class _Levels:
    """The place keys of every row as integer codes, to tell in bulk which pairs
    `_places_of` decides at a given level."""

    def __init__(self, rows: _Rows) -> None:
        self.codes = [rows.codes[level] for level in PLACE_LEVELS]
        self.known = np.column_stack([codes >= 0 for codes in self.codes])

    def comparable(self, level: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Pairs whose first common key is `level` (no finer key known on both
        sides) and whose departments do not contradict."""
        if level == 0:  # one INSEE code: one commune, one department
            return first != second
        departments = self.codes[-1]
        finer_common = (self.known[first, :level] & self.known[second, :level]).any(axis=1)
        contradict = (departments[first] >= 0) & (departments[second] >= 0) & (
            departments[first] != departments[second])
        return (first != second) & ~finer_common & ~contradict


def _similar_names(rows: _Rows, first: np.ndarray, second: np.ndarray,
                   rules: DedupeRules) -> tuple[np.ndarray, np.ndarray, int]:
    """The pairs whose names reach `name_threshold`, and how many were scored.

    Cheap exact bounds first: the Indel distance of two strings is at least
    the difference of their lengths, and at least the sum of the differences
    of their counts of each character (each insertion or deletion changes one
    count by one); the same counts hold for the sorted words. Only the pairs
    these bounds leave are scored by rapidfuzz, the sorted words only where the
    names as typed fall short and one of them is not in sorted order."""
    lengths = rows.lengths
    short, total = np.minimum(lengths[first], lengths[second]), lengths[first] + lengths[second]
    possible = np.flatnonzero(200 * short >= rules.name_threshold * total)
    first, second, total = first[possible], second[possible], total[possible]
    for counts in (rows.letters_coarse, rows.letters):  # 8 bins gathered as one number each, then all 37
        apart = _counts_apart(counts, first, second)
        possible = np.flatnonzero(100 * apart <= (100 - rules.name_threshold) * total)
        first, second, total = first[possible], second[possible], total[possible]
    found = _scores(rows, "name", first, second, cutoff=rules.name_threshold) > 0
    rest = np.flatnonzero(~found & ~(rows.in_order[first] & rows.in_order[second]))
    found[rest] = _scores(rows, "sorted_name", first[rest], second[rest], cutoff=rules.name_threshold) > 0
    return first[found], second[found], len(first)


def _sort_ranks(rows: _Rows) -> list[np.ndarray]:
    """Each row's rank in the four orders of the sorted neighbourhoods: by name, by
    sorted words, and by both read backwards. The keys are ASCII (`name_key`):
    their first 16 characters (padded with spaces), read as two big-endian
    64-bit numbers, sort as numbers do, without a Python comparison."""
    ranks = []
    for key in ("name", "sorted_name"):
        texts = rows.texts[key].tolist()
        for keys in ((text[:16] for text in texts), (text[:-17:-1] for text in texts)):
            packed = "".join(text.ljust(16) for text in keys).encode("ascii", "replace")
            words = np.frombuffer(packed, dtype=">u8").reshape(len(texts), 2)
            order = np.lexsort((words[:, 1], words[:, 0]))
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            ranks.append(rank)
    return ranks


def _neighbours(rows: _Rows, codes: np.ndarray, members: np.ndarray, lacking: np.ndarray | None,
                window: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Sorted neighbourhoods of the big blocks (`members`, grouped by `codes`), all
    blocks at once: in each order (`_sort_ranks`), each row with the `window` rows
    after it in its block; or, at a coarser level, each row still `lacking` a
    finer key with the `window` rows on either side. At most 8 × `window` pairs
    a row, whatever the size of its block."""
    for rank in rows.sort_ranks():
        order = members[np.argsort(codes[members] * len(rows) + rank[members])]  # unique keys: no ties
        block = codes[order]
        if lacking is None:
            for step in range(1, window + 1):
                same = block[:-step] == block[step:]
                yield order[:-step][same], order[step:][same]
            continue
        at = np.flatnonzero(lacking[order])
        for step in (*range(1, window + 1), *range(-window, 0)):
            other = at + step
            inside = (other >= 0) & (other < len(order))
            here, there = at[inside], other[inside]
            same = block[here] == block[there]
            yield order[here[same]], order[there[same]]


def _name_pairs(rows: _Rows, rules: DedupeRules) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
    """Pairs of similar names in the same place (module docstring, blocking), and
    how many pairs were scored to find them.

    At each level (INSEE, postal code, commune, department) rows are grouped by
    that key; within a group, a pair is scored only when its first common key is
    that level, which leaves exactly the pairs `_places_of` puts in the same
    commune or department. A group whose rows all know every finer key has
    nothing left to compare and is skipped. Groups of up to `block_rows` rows
    have all their pairs scored, bigger ones their sorted neighbourhoods.
    """
    levels = _Levels(rows)
    for level, codes in enumerate(levels.codes):
        order, starts, counts = _groups(codes, rows.has["name"])
        lacking = ~levels.known[:, :level].all(axis=1) if level else None
        if level:  # only groups holding a row that lacks a finer key
            with_query = np.add.reduceat(lacking[order].astype(np.int64), starts) > 0 if len(starts) else starts > 0
            starts, counts = starts[with_query], counts[with_query]
        small = counts <= rules.block_rows
        big = order[_in_groups(len(order), starts[~small], counts[~small])]
        for first, second in chain(_pairs_within(order, starts[small], counts[small], rules.batch_pairs),
                                   _neighbours(rows, codes, big, lacking, rules.window)):
            for at in range(0, len(first), rules.batch_pairs):
                part_first, part_second = first[at:at + rules.batch_pairs], second[at:at + rules.batch_pairs]
                keep = levels.comparable(level, part_first, part_second)
                yield _similar_names(rows, part_first[keep], part_second[keep], rules)


def _candidate_pairs(rows: _Rows, rules: DedupeRules) -> tuple[np.ndarray, np.ndarray, int]:
    """Every pair that may be a duplicate, once, as (earlier, later) positions,
    and how many pairs were scored by name to find them."""
    found, scored = [np.empty(0, dtype=np.int64)], 0
    for first, second in _identifier_pairs(rows, rules):
        found.append(np.minimum(first, second) * len(rows) + np.maximum(first, second))
    for first, second, count in _name_pairs(rows, rules):
        found.append(np.minimum(first, second) * len(rows) + np.maximum(first, second))
        scored += count
    codes = np.unique(np.concatenate(found))
    return codes // len(rows), codes % len(rows), scored


# --- groups ---------------------------------------------------------------------------------------


def _components(count: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The smallest position of the connected component of every position."""
    parent = np.arange(count)
    while True:  # label propagation by vectorised minimums: few rounds on duplicate groups
        low = np.minimum(parent[first], parent[second])
        changed = (parent[first] != low) | (parent[second] != low)
        if not changed.any():
            return parent
        np.minimum.at(parent, first, low)
        np.minimum.at(parent, second, low)
        parent = parent[parent]


def _content_rank(rows: _Rows, positions: np.ndarray) -> np.ndarray:
    """A rank of the rows at `positions` by content (ID, then name; sheet order
    last), indexed by position: ties between links broken whatever the order
    of the rows in the sheet."""
    keys = sorted((rows.ids[p] or "", rows.texts["name"][p], p) for p in positions.tolist())
    rank = np.zeros(len(rows), dtype=np.int64)
    rank[[p for *_, p in keys]] = np.arange(len(keys))
    return rank


def _group_firsts(rows: _Rows, first: np.ndarray, second: np.ndarray, similarity: np.ndarray,
                  same_siren: np.ndarray, rules: DedupeRules) -> tuple[np.ndarray, int]:
    """For each position, the first position of its group, and how many links
    were refused for chaining two groups through a weak link (module docstring).

    Rows linked by duplicate pairs form components; a component of two rows is
    its pair. In a bigger one every pair is judged in bulk, then links are taken
    strongest first, and two groups merge only if every pair across is plausible.
    """
    component = _components(len(rows), first, second)
    sizes = np.bincount(component, minlength=len(rows))
    originals = component.copy()  # right for the components of one or two rows
    link_size = sizes[component[first]]
    over = link_size > rules.group_rows
    refused = int(np.count_nonzero(over & ~same_siren))
    if over.any():  # only their SIREN links
        by_siren = _components(len(rows), first[over & same_siren], second[over & same_siren])
        in_over = sizes[component] > rules.group_rows
        originals[in_over] = by_siren[in_over]
    links = np.flatnonzero((link_size > 2) & ~over)
    if len(links) == 0:
        return originals, refused
    members = np.flatnonzero((sizes[component] > 2) & (sizes[component] <= rules.group_rows))
    order = members[np.argsort(component[members], kind="stable")]
    _, starts, counts = np.unique(component[order], return_index=True, return_counts=True)
    pairs = list(_pairs_within(order, starts, counts, rules.batch_pairs))
    pair_first, pair_second = np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs])
    plausible = _judge(rows, pair_first, pair_second, rules).plausible
    allowed = set((pair_first[plausible] * len(rows) + pair_second[plausible]).tolist())
    rank = _content_rank(rows, members)
    ranks = rank[first[links]], rank[second[links]]  # a link's two rows ordered by content, not by sheet row
    low, high = np.minimum(*ranks), np.maximum(*ranks)
    strongest_first = links[np.lexsort((high, low, -similarity[links], ~same_siren[links]))]
    group = {position: [position] for position in members.tolist()}
    for a, b in zip(first[strongest_first].tolist(), second[strongest_first].tolist()):
        left, right = group[a], group[b]
        if left is right:
            continue
        if all(min(x, y) * len(rows) + max(x, y) in allowed for x in left for y in right):
            left.extend(right)
            for position in right:
                group[position] = left
        else:
            refused += 1
    for position, together in group.items():
        originals[position] = min(together)
    return originals, refused
