"""Comparison keys: two spellings of the same thing give the same key.

The duplicate finder compares what assistants typed on different days:
"Mairie de Saint-Germain-en-Laye" and "ST GERMAIN EN LAYE (MAIRIE)", a SIREN
typed "272 800 017" or kept by Excel as the number 272800017, a phone number
written "01 39 22 55 00" or "+33 1 39 22 55 00". Each function takes a raw cell
value (text, number, None, an Excel error) and returns its key, or None when
the cell says nothing usable. Keys are for comparing only, never shown or
written back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

from sicxl.prospects.identifiers import (
    department_of_insee,
    department_problem,
    insee_problem,
    normalize_department,
    postal_code_problem,
)
from sicxl.reference.communes import fold_commune
from sicxl.values import ValueProblem, is_blank, is_error, parse_code, text_of

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_DOTTED_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_DIGIT = re.compile(r"\D")

ARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux"})
"""French articles and prepositions: "Centre hospitalier de Poissy" = "Centre hospitalier Poissy"."""

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}

LEGAL_FORMS = frozenset({
    "sa", "sas", "sasu", "sarl", "eurl", "snc", "sci", "scp", "scop", "selarl", "sca",
    "sem", "seml", "spl", "gie", "epic", "earl", "gaec",
})
"""Company legal forms, dropped from names: "Dalkia SA" = "DALKIA". OPH and OPAC
are kept on purpose: a housing office is named after its commune ("OPH de
Poissy"), and dropping the word would make it the commune's twin."""

TOWN_HALL = "mairie"
"""The word that designates the commune's own administration, dropped anywhere
("Mairie de Poissy", "POISSY (MAIRIE)"), even mistyped ("Mairei": one slip of
the keyboard, the optimal string alignment distance). "Ville de" and "Commune
de" are dropped only at the start, where they cannot be part of a name."""
_NOT_TOWN_HALL = frozenset({"marie"})  # one slip from "mairie", but a first name (Lycée Marie Curie)
_LEADING_AUTHORITY = frozenset({"ville", "commune", "municipalite"})
_HOTEL_DE_VILLE = ("hotel", "de", "ville")

ACRONYMS = (
    ("centre hospitalier universitaire", "chu"),
    ("centre hospitalier intercommunal", "chi"),
    ("centre hospitalier", "ch"),
    ("centre communal action sociale", "ccas"),
    ("centre intercommunal action sociale", "cias"),
    ("office public amenagement construction", "opac"),
    ("office public habitat", "oph"),
    ("etablissement hebergement pour personnes agees dependantes", "ehpad"),
)
"""Long forms of the usual public bodies, written after articles are dropped;
each becomes its acronym so that "Centre hospitalier de Poissy" = "CH Poissy"."""
_ACRONYM = re.compile(r"\b(?:" + "|".join(long for long, _ in ACRONYMS) + r")\b")  # longest first
_ACRONYM_OF = dict(ACRONYMS)

STREET_WORDS = {
    "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "boul": "boulevard",
    "r": "rue", "pl": "place", "ch": "chemin", "che": "chemin", "rte": "route", "imp": "impasse",
    "all": "allee", "sq": "square", "fg": "faubourg", "fbg": "faubourg", "qu": "quai", "crs": "cours",
    "gal": "general", "mal": "marechal", "pdt": "president", "res": "residence", **ABBREVIATIONS,
}
"""The usual abbreviations of street types on French addresses, expanded."""
_POSTAL_BOXES = frozenset({"bp", "cs", "tsa", "cedex"})

CIVILITIES = frozenset({"m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle",
                        "dr", "docteur", "pr", "professeur", "me", "maitre"})

_PHONE_RUN = re.compile(r"\+?\d[\d\s.\-()\u00a0\u202f]{7,}\d")
_FRENCH_PHONE = re.compile(r"(?:\+33|0033|33)?0?([1-9]\d{8})")
_PLAIN_PHONE = re.compile(r"0[1-9](?:[ .\-]?\d\d){4}")  # "01 39 22 55 00", "0139225500": most cells
_PHONE_SEPARATORS = str.maketrans("", "", " .-")
_EMAIL_SEPARATORS = re.compile(r"[;,\s]+")
_PLACEHOLDER_PHONES = frozenset({"0123456789"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CEDEX = re.compile(r"\bcedex\b.*$")


def cell_text(value: Any) -> str | None:
    """The text of a cell, or None for a blank cell or an Excel error value."""
    if isinstance(value, str):
        text = value.strip()
        return None if not text or (text[0] == "#" and is_error(text)) else text
    if value is None or isinstance(value, bool) or is_blank(value):
        return None
    return text_of(value)


def fold_ascii(text: str) -> str:
    """Lower-case ASCII: accents dropped, ligatures spelt out ("Œuvre" -> "oeuvre").

    Unlike `sicxl.values.fold`, letters with no ASCII form vanish: keys only need
    to be equal for equal names, and the pure-ASCII fast path keeps 100,000 rows
    cheap.
    """
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _words(text: str) -> list[str]:
    """ASCII words of a text; dotted acronyms first glued ("S.A.R.L." -> "sarl")."""
    folded = fold_ascii(text)
    if "." in folded:
        folded = _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), folded)
    return _NOT_ALNUM.sub(" ", folded).split()


@lru_cache(maxsize=65536)
def _is_town_hall(word: str) -> bool:
    return (abs(len(word) - len(TOWN_HALL)) <= 1 and word not in _NOT_TOWN_HALL
            and OSA.distance(word, TOWN_HALL, score_cutoff=1) <= 1)


def _drop_authority(words: list[str]) -> list[str]:
    """Remove what designates the commune's administration, not the commune."""
    words = [w for w in words if not _is_town_hall(w)]
    while True:
        while words and words[0] in ARTICLES:
            words = words[1:]
        if tuple(words[:3]) == _HOTEL_DE_VILLE:
            words = words[3:]
        elif len(words) > 1 and words[0] in _LEADING_AUTHORITY and words[1] in ARTICLES:
            words = words[1:]
        else:
            return words


def _names_town_hall(words: list[str]) -> bool:
    """"Mairie", "Hôtel de ville de", a leading "Ville de" or "Commune de"."""
    while words and words[0] in ARTICLES:
        words = words[1:]
    return (any(_is_town_hall(w) for w in words) or tuple(words[:3]) == _HOTEL_DE_VILLE
            or (len(words) > 1 and words[0] in _LEADING_AUTHORITY and words[1] in ARTICLES))


def name_key(value: Any) -> str | None:
    """The comparison key of an organisation's name (column Raison sociale).

    Accents, case, punctuation, articles, "St"/"Ste", "Mairie de", "Ville de",
    "Hôtel de ville", company legal forms and long forms of public bodies are
    normalised, so that "Mairie de Saint-Germain-en-Laye" and "ST GERMAIN EN
    LAYE (MAIRIE)" both give "saint germain en laye". A name made only of such
    words keeps them ("Mairie" stays "mairie") rather than vanishing.
    """
    text = cell_text(value)
    if text is None:
        return None
    return _key_of_words([ABBREVIATIONS.get(w, w) for w in _words(text)])


def _key_of_words(words: list[str]) -> str | None:
    kept = [w for w in _drop_authority(words) if w not in ARTICLES and w not in LEGAL_FORMS]
    key = " ".join(kept or words)
    if " " in key:  # the long forms are several words
        key = _ACRONYM.sub(lambda m: _ACRONYM_OF[m.group()], key)
    return key or None


KINDS = {
    "ccas": "ccas", "cias": "ccas", "maternelle": "nursery school", "elementaire": "primary school",
    "primaire": "primary school", "scolaire": "school group", "college": "college", "lycee": "lycee",
    "professionnel": "vocational", "ehpad": "care home", "clinique": "clinic", "hopital": "hospital",
    "ch": "hospital", "chu": "hospital", "chi": "hospital", "creche": "creche", "piscine": "pool",
    "gymnase": "gym", "mediatheque": "library", "bibliotheque": "library", "oph": "housing office",
    "opac": "housing office", "residence": "residence", "stade": "stadium", "patinoire": "ice rink",
}
"""Words that say what kind of establishment a name designates. Two names of
different kinds are two establishments, however alike the rest: the town hall
and its CCAS, the nursery and the primary school of one group, the collège and
the lycée named after the same person (issue 19)."""
_KIND_WORDS = tuple(word for word in KINDS if len(word) >= 5)
TOWN_HALL_KIND = "town hall"


@lru_cache(maxsize=65536)
def _kind_of_word(word: str) -> str | None:
    """The kind a word names, one slip of the keyboard allowed on words of 5 letters or more."""
    if word in KINDS:
        return KINDS[word]
    if len(word) < 4:
        return None
    for kind_word in _KIND_WORDS:
        if abs(len(kind_word) - len(word)) <= 1 and OSA.distance(word, kind_word, score_cutoff=1) <= 1:
            return KINDS[kind_word]
    return None


def name_kind(value: Any) -> str | None:
    """The kinds of establishment a name designates ("lycee+vocational"), None when it says none."""
    return name_key_and_kind(value)[1]


def name_key_and_kind(value: Any) -> tuple[str | None, str | None]:
    """`name_key` and the kinds of establishment the name designates, in one reading.

    The kinds come from the words of the key (`KINDS`), joined ("lycee+vocational");
    a town hall is named by its words ("Mairie", "Hôtel de ville", a leading
    "Ville de"); a name that is only its commune's is recognised by the duplicate
    finder, which knows the commune (`core_key`).
    """
    text = cell_text(value)
    if text is None:
        return None, None
    words = [ABBREVIATIONS.get(w, w) for w in _words(text)]
    key = _key_of_words(words)
    kinds = {kind for word in (key or "").split() if (kind := _kind_of_word(word)) is not None}
    if not kinds and _names_town_hall(words):
        kinds.add(TOWN_HALL_KIND)
    return key, "+".join(sorted(kinds)) or None


def commune_words(city: str | None) -> tuple[str, ...]:
    """A commune's name as the words `name_key` leaves of it ("Le Pecq" -> ("pecq",))."""
    if city is None:
        return ()
    return tuple(w for w in (ABBREVIATIONS.get(w, w) for w in _words(city)) if w not in ARTICLES)


def _same_word(a: str, b: str) -> bool:
    """Equal, or one slip apart on words of 4 letters or more (one slip leaves the
    first or the last letter in place: a cheap test before the distance)."""
    return a == b or (min(len(a), len(b)) >= 4 and abs(len(a) - len(b)) <= 1 and (a[0] == b[0] or a[-1] == b[-1])
                      and OSA.distance(a, b, score_cutoff=1) <= 1)


def core_key(key: str | None, commune: tuple[str, ...]) -> str | None:
    """A name key without its commune's name: what tells apart the establishments of one commune.

    "Collège Jean Moulin de Poissy" -> "college jean moulin"; "Mairie de Poissy"
    and "POISY (MAIRIE)" -> "" (the commune itself, one slip allowed per word);
    "CCAS de Poissy" -> "ccas". Within a commune its name is shared by half the
    rows and says nothing about which establishment a row is. None for no name.
    """
    if key is None or not commune:
        return key
    exact = " ".join(commune)
    if f" {exact} " in f" {key} ":
        return " ".join(f" {key} ".replace(f" {exact} ", " ", 1).split())
    words = key.split()
    size = len(commune)
    for start in range(len(words) - size + 1):
        if all(_same_word(w, c) for w, c in zip(words[start:start + size], commune)):
            return " ".join(words[:start] + words[start + size:])
    return key


DESIGNATIONS = frozenset({"ecole", "groupe", "ensemble", "centre", "etablissement", "foyer", "maison", "pole",
                          "espace"})
"""Words that say what an establishment is without telling two apart, beside
the `KINDS`: "École Pasteur" and "École Jaurès" share only their "école"."""


def distinctive_key(core: str | None) -> str | None:
    """What names an establishment among those of its kind in its commune: the
    `core_key` without `KINDS` and `DESIGNATIONS` words ("Résidence Les Lilas"
    -> "lilas"); "" for a name made only of them. The kinds are compared apart."""
    if core is None:
        return None
    return " ".join(w for w in core.split() if w not in DESIGNATIONS and _kind_of_word(w) is None)


def address_key(value: Any) -> str | None:
    """A street line with La Poste's abbreviations expanded: "12, av. de la Gare" = "12 avenue Gare"."""
    text = cell_text(value)
    if text is None:
        return None
    words = [STREET_WORDS.get(w, w) for w in _words(text)]
    return " ".join(w for w in words if w not in ARTICLES and w not in _POSTAL_BOXES) or None


def person_key(value: Any) -> str | None:
    """A person's name without civility: "M. Jean DUPONT" = "Dupont Jean" once tokens are sorted."""
    text = cell_text(value)
    if text is None:
        return None
    return " ".join(w for w in _words(text) if w not in CIVILITIES) or None


def segment_key(value: Any) -> str | None:
    """A Type (segment) folded: "collectivite" = "Collectivité"."""
    text = cell_text(value)
    return None if text is None else " ".join(fold_ascii(text).split())


def city_key(value: Any) -> str | None:
    """A commune name as the reference list folds it, without "Cedex": "VERSAILLES CEDEX 3" = "Versailles"."""
    text = cell_text(value)
    if text is None:
        return None
    folded = fold_commune(text)
    return (_CEDEX.sub("", folded).strip() if "cedex" in folded else folded) or None


def siren_key(value: Any) -> str | None:
    """Nine digits, whatever the spacing; a SIRET (14 digits) gives its SIREN.

    A number cell gets its leading zeros back. Placeholders made of one repeated
    digit ("000000000") identify nobody and give None.
    """
    digits = _code(value, 9)
    if digits is None:
        return None
    digits = _NOT_DIGIT.sub("", digits)
    if len(digits) == 14:
        digits = digits[:9]
    if len(digits) != 9 or len(set(digits)) == 1:
        return None
    return digits


def phone_key(value: Any) -> str | None:
    """A French number as its 10 national digits: "+33 (0)1 39 22 55 00" = "0139225500".

    The first number of the cell counts ("01 39 22 55 00 / 06 ..."); +33, 0033
    and a number cell that lost its leading 0 are understood. Anything that is
    not a French number, and obvious placeholders, give None.
    """
    text = cell_text(value)
    if text is None:
        return None
    if _PLAIN_PHONE.fullmatch(text):  # the usual forms, read at once
        phone = text.translate(_PHONE_SEPARATORS)
        return None if len(set(phone[1:])) == 1 or phone in _PLACEHOLDER_PHONES else phone
    run = _PHONE_RUN.search(text.replace("(0)", ""))
    if run is None:
        return None
    digits = ("+" if run.group().startswith("+") else "") + _NOT_DIGIT.sub("", run.group())
    match = _FRENCH_PHONE.fullmatch(digits)
    if match is None or len(set(match.group(1))) == 1:
        return None
    phone = "0" + match.group(1)
    return None if phone in _PLACEHOLDER_PHONES else phone


def email_key(value: Any) -> str | None:
    """An e-mail address case-folded; the first one when a cell holds several."""
    text = cell_text(value)
    if text is None:
        return None
    first = _EMAIL_SEPARATORS.split(text.strip().strip("<>").removeprefix("mailto:"))[0]
    first = first.strip("<>").casefold()
    return first if _EMAIL.fullmatch(first) else None


def _code(value: Any, digits: int) -> str | None:
    """A code as text, leading zeros restored for number cells; None when unreadable."""
    if cell_text(value) is None:
        return None
    try:
        return parse_code(value, digits)
    except ValueProblem:
        return None


def insee_key(value: Any) -> str | None:
    code = _code(value, 5)
    return code if code is not None and insee_problem(code) is None else None


def postal_code_key(value: Any) -> str | None:
    code = _code(value, 5)
    return code if code is not None and postal_code_problem(code) is None else None


def department_key(value: Any) -> str | None:
    code = _code(value, 2)
    if code is None:
        return None
    code = normalize_department(code)
    return code if department_problem(code) is None else None


def department_of(insee: str | None, postal_code: str | None, department: str | None) -> str | None:
    """The department a row is in, for telling homonym communes apart.

    The INSEE code says it best, then the postal code, then the typed
    department. Corsica's 2A and 2B share postal codes 20xxx, so all three
    compare as "20".
    """
    if insee is not None:
        found = department_of_insee(insee)
    elif postal_code is not None:
        found = postal_code[:3] if postal_code.startswith(("97", "98")) else postal_code[:2]
    else:
        found = department
    return "20" if found in ("2A", "2B") else found
