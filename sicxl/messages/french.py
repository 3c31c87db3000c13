"""The small rules of written French that a sentence built around a name must follow.

A message that puts a name after "de" or "à" cannot be a plain template: French
elides "de" before a vowel sound ("Tableau de bord d'Antoine Lefèvre", "Mairie
d'Aubergenville") and contracts it with the article that starts many commune
names ("Mairie du Vésinet", "Mairie des Mureaux", "au Pecq"). These functions
are the one place where those rules live; every message module calls them.

Sources: Grevisse, « Le bon usage », §44-50 (élision), §580 (article contracté);
the Académie française's « Dire, ne pas dire » on "de Le Havre" (→ « du Havre »).
"""

from __future__ import annotations

import unicodedata

VOWELS = frozenset("aeiou")
# Words starting with a mute h, which elide like a vowel ("l'hôpital", "d'Herblay").
# The h of most other words and names is aspirated ("de Hermeray", "le hameau"),
# so a word starting with h elides only when it is listed here.
MUTE_H = frozenset({
    "habitat", "habitation", "habitations", "habitant", "habitants", "heure", "heures", "histoire", "hiver",
    "homme", "hommes", "honneur", "hôpital", "hôpitaux", "horaire", "horaires", "hôtel", "hôtels", "huile",
    "humain", "humaine", "hygiène", "hébergement", "héritage", "hippodrome", "herblay", "herblay-sur-seine",
    "hérouville",
})
# Elided forms of the short words that elide ("que" -> "qu'").
_ELIDED = {"de": "d'", "le": "l'", "la": "l'", "que": "qu'", "ne": "n'", "je": "j'", "me": "m'", "te": "t'",
           "se": "s'", "ce": "c'", "jusque": "jusqu'", "lorsque": "lorsqu'", "puisque": "puisqu'"}
# "de le" -> "du", "à les" -> "aux": the contracted articles.
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}


def _base(char: str) -> str:
    """A letter without its accent: "É" -> "e"."""
    return unicodedata.normalize("NFKD", char)[0].casefold()


def starts_with_vowel_sound(word: str) -> bool:
    """True when `word` elides the word before it: a vowel (accented or not), a y
    before a consonant ("Yvelines", "Yerres"), or a listed mute h."""
    word = word.strip()
    if not word:
        return False
    first = _base(word[0])
    if first in VOWELS:
        return True
    if first == "y":
        return len(word) > 1 and _base(word[1]) not in VOWELS
    if first == "h":
        head = word.split()[0].casefold()
        return head in MUTE_H or head.split("-")[0] in MUTE_H
    return False


def elide(short: str, word: str) -> str:
    """`short` followed by `word`, elided when French elides it: ("de", "Antoine") ->
    "d'Antoine", ("le", "hôpital") -> "l'hôpital", ("de", "Hermeray") -> "de Hermeray".
    The short word keeps its capital ("De" -> "D'")."""
    elided = _ELIDED.get(short.casefold())
    if elided is None or not starts_with_vowel_sound(word):
        return f"{short} {word}"
    return (elided.capitalize() if short[:1].isupper() else elided) + word


def _leading_article(name: str) -> tuple[str, str] | None:
    """("le", "Vésinet") for "Le Vésinet", ("les", "Mureaux") for "Les Mureaux"; None
    when the name does not start with "Le" or "Les" (only those contract)."""
    first, _, rest = name.partition(" ")
    if rest and first.casefold() in ("le", "les"):
        return first.casefold(), rest
    return None


def _with_preposition(preposition: str, name: str, person: bool) -> str:
    name = name.strip()
    article = None if person else _leading_article(name)
    if article is not None:
        contracted = _CONTRACTED[(preposition, article[0])]
        return f"{contracted} {article[1]}"
    return elide(preposition, name) if preposition == "de" else f"{preposition} {name}"


def de(name: str, person: bool = False) -> str:
    """"de" before a name: "d'Aubergenville", "du Vésinet", "des Mureaux", "de La
    Celle-Saint-Cloud", "de L'Isle-Adam", "de Poissy"; before a person's name only
    the elision ("d'Antoine Lefèvre", "de Le Guen": a family name never contracts)."""
    return _with_preposition("de", name, person)


def a(name: str, person: bool = False) -> str:
    """"à" before a name: "à Versailles", "au Vésinet", "aux Mureaux", "à L'Isle-Adam"."""
    return _with_preposition("à", name, person)


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """The noun agreeing with `count`: French takes the plural from 2 on ("0 contrat",
    "1,5 million", "2 contrats"), not from "not 1" as English does."""
    if abs(count) < 2:
        return singular
    return plural_form or singular + "s"


def counted(count: int, singular: str, plural_form: str | None = None) -> str:
    """"3 tableaux" rather than "3 tableau(x)"."""
    return f"{count} {plural(count, singular, plural_form)}"

