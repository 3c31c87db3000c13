"""Answer scales of the satisfaction questionnaire, and how an answer is read.

Each question of `Questionnaire` declares its scale in the `Échelle` column:
a semantic scale ("Très satisfait" ... "Pas du tout satisfait") or a numeric one
("Note de 1 à 5", "de 1 à 10", "de 0 à 10"), or "Question ouverte" for words. An
answer is read as the index of its level, best first (0 = best), so that every
scale has the same default definition of satisfied: the two best levels ("Très
satisfait" and "Plutôt satisfait"; 4 and 5 on 1-5; 9 and 10 on 1-10 and 0-10).
That share of the two top answers among the answers given is the usual definition
of a satisfaction rate (top-2-box), the survey's own since issue 6. A team whose
history counts otherwise (7 and more out of 10) sets its cut-off per scale or per
question (`satisfied_levels`), so that its rates compare with its past.

"No answer" (blank, NSP, Sans opinion...) is neither satisfied nor unsatisfied:
it is excluded from the rate and counted apart. An answer that is not on the
scale is reported, never guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from sicxl.messages import survey as msg
from sicxl.values import ValueProblem, fold, is_blank, is_error, parse_number, quote

NO_ANSWER = -1  # code of a "no answer" (blank, NSP...)
OFF_SCALE = -2  # code of an answer that is not on the scale

NO_ANSWER_WORDS = frozenset({
    "", "nsp", "ne sait pas", "ne sais pas", "ne se prononce pas", "nspp", "sans opinion",
    "sans avis", "pas d avis", "sans reponse", "pas de reponse", "nr", "non repondu",
    "non reponse", "refus", "refuse de repondre", "non concerne", "non applicable", "na",
    "n a", "sr", "so", "-", "?",
})


def answer_words(value: Any) -> str:
    """Fold an answer for matching: no case, no accents, no punctuation, and the
    feminine/plural of "satisfait" read as "satisfait" ("Très satisfaites")."""
    text = re.sub(r"[^a-z0-9]+", " ", fold(value)).strip()
    return re.sub(r"\b(\w*satisfait|\w*bon|mauvais|moyen)(?:es|e|s|nes|ne)?\b",
                  lambda m: m.group(1), text)


@dataclass(frozen=True)
class Scale:
    """A scale: its levels best first, the score of each level (for correlations),
    and the spellings users type for each level."""

    name: str
    levels: tuple[str, ...]
    scores: tuple[float, ...]
    spellings: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    numeric: bool = False

    @property
    def top2(self) -> tuple[str, ...]:
        """The two best levels: the answers counted as satisfied."""
        return self.levels[:2]

    def code(self, value: Any) -> int:
        """The level index of one answer (0 = best), NO_ANSWER, or OFF_SCALE."""
        if is_blank(value):
            return NO_ANSWER
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            words = answer_words(value)
            if words in NO_ANSWER_WORDS:
                return NO_ANSWER
            if words in self.spellings:
                return self.spellings[words]
            if not self.numeric or is_error(value):
                return OFF_SCALE
            value = re.sub(rf"\s*/\s*{int(self.scores[0])}\s*$", "", str(value))
        try:
            number = parse_number(value)
        except ValueProblem:
            return OFF_SCALE
        if not self.numeric or not number.is_integer():
            return OFF_SCALE
        best = int(self.scores[0])
        index = best - int(number)
        return index if 0 <= index < len(self.levels) else OFF_SCALE

    def codes(self, values: pd.Series) -> pd.Series:
        """Codes of a whole column, reading each distinct value once (fast on
        100,000 answers, which hold a handful of distinct values)."""
        labels, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
        table = np.array([self.code(u) for u in uniques] + [NO_ANSWER], dtype=np.int64)
        return pd.Series(table[labels], index=values.index)

    def describe_levels(self) -> str:
        if self.numeric:
            return f"{int(self.scores[-1])} à {int(self.scores[0])}"
        return ", ".join(self.levels)


def _semantic(name: str, levels: tuple[str, ...], synonyms: Mapping[int, Iterable[str]]) -> Scale:
    spellings = {answer_words(level): i for i, level in enumerate(levels)}
    for index, spelled in synonyms.items():
        for word in spelled:
            spellings.setdefault(answer_words(word), index)
    scores = tuple(float(len(levels) - i) for i in range(len(levels)))
    return Scale(name, levels, scores, spellings)


def numeric_scale(low: int, high: int) -> Scale:
    """A note from `low` to `high`; its top-2-box is the two highest notes."""
    if high - low < 2:
        raise ValueProblem(msg.scale_too_short(low, high))
    levels = tuple(str(k) for k in range(high, low - 1, -1))
    return Scale(f"Note de {low} à {high}", levels, tuple(float(k) for k in range(high, low - 1, -1)),
                 numeric=True)


SATISFACTION_4 = _semantic(
    "Satisfaction (4 niveaux)",
    ("Très satisfait", "Plutôt satisfait", "Plutôt pas satisfait", "Pas du tout satisfait"),
    {
        0: ("Tout à fait satisfait", "Extrêmement satisfait"),
        1: ("Satisfait", "Assez satisfait"),
        2: ("Plutôt insatisfait", "Peu satisfait", "Pas très satisfait", "Insatisfait"),
        3: ("Pas satisfait du tout", "Très insatisfait", "Tout à fait insatisfait"),
    },
)
SATISFACTION_5 = _semantic(
    "Satisfaction (5 niveaux)",
    ("Très satisfait", "Satisfait", "Ni satisfait ni insatisfait", "Insatisfait", "Très insatisfait"),
    {
        0: ("Tout à fait satisfait",),
        1: ("Plutôt satisfait", "Assez satisfait"),
        2: ("Neutre", "Moyennement satisfait", "Ni satisfait ni mécontent"),
        3: ("Plutôt insatisfait", "Peu satisfait", "Plutôt pas satisfait", "Mécontent"),
        4: ("Pas du tout satisfait", "Pas satisfait du tout", "Très mécontent"),
    },
)
AGREEMENT_4 = _semantic(
    "Accord (4 niveaux)",
    ("Tout à fait d'accord", "Plutôt d'accord", "Plutôt pas d'accord", "Pas du tout d'accord"),
    {
        0: ("Entièrement d'accord", "Totalement d'accord"),
        1: ("D'accord", "Assez d'accord"),
        2: ("Pas vraiment d'accord", "Peu d'accord", "Plutôt en désaccord"),
        3: ("Pas d'accord du tout", "Tout à fait en désaccord", "Totalement en désaccord"),
    },
)
QUALITY_4 = _semantic(
    "Qualité (4 niveaux)",
    ("Très bon", "Bon", "Moyen", "Mauvais"),
    {
        0: ("Excellent", "Très bien"),
        1: ("Bien", "Correct"),
        2: ("Passable", "Insuffisant", "Assez bien"),
        3: ("Très mauvais", "Médiocre"),
    },
)
SEMANTIC_SCALES = (SATISFACTION_4, SATISFACTION_5, AGREEMENT_4, QUALITY_4)
NUMERIC_SCALES = (numeric_scale(1, 5), numeric_scale(1, 10), numeric_scale(0, 10))

SCALE_NAMES = tuple(s.name for s in (*SEMANTIC_SCALES, *NUMERIC_SCALES))
"""The answer scales offered in the `Échelle` drop-down of `Questionnaire`."""
OPEN_QUESTION = "Question ouverte"
"""An `Échelle` that asks for words, not a level: its answers are listed, not rated."""
QUESTION_KINDS = (*SCALE_NAMES, OPEN_QUESTION)
_OPEN_WORDS = frozenset(answer_words(w) for w in (OPEN_QUESTION, "Ouverte", "Texte libre", "Réponse libre", "Texte",
                                             "Commentaire", "Verbatim", "Libre"))


def is_open(value: Any) -> bool:
    """True when the `Échelle` cell names an open question."""
    return not is_blank(value) and answer_words(value) in _OPEN_WORDS


TOP_TWO = 2  # levels counted satisfied by default: the two best (top-2-box)


def satisfied_levels(scale: Scale, value: Any) -> int:
    """How many top levels count as satisfied when `value` (a note, or a level of
    the scale) is the lowest satisfied answer: 7 on 0-10 gives 4 (7, 8, 9, 10);
    "Plutôt satisfait" on the 4-level scale gives 2."""
    code = scale.code(value)
    if code < 0:
        raise ValueProblem(msg.cutoff_off_scale(quote(value), scale.name, scale.describe_levels()))
    return code + 1

_SCALE_ALIASES = {
    **{answer_words(s.name): s for s in SEMANTIC_SCALES},
    **{answer_words(s.name.split(" (")[0]): s for s in SEMANTIC_SCALES[::-1]},  # "Satisfaction" -> 4 levels
    **{answer_words(" / ".join(s.levels)): s for s in SEMANTIC_SCALES},
    answer_words("Très satisfait à pas du tout satisfait"): SATISFACTION_4,
}
_NUMERIC_NAME = re.compile(r"(?:echelle\s+)?(?:note\s+)?(?:de\s+)?(\d+)\s+(?:a\s+)?(\d+)")
_NUMERIC_OVER = re.compile(r"(?:note\s+)?sur\s+(\d+)")


def parse_scale(value: Any) -> Scale:
    """The scale named in a `Échelle` cell: a semantic scale's name, or a numeric
    range typed "1-5", "1 à 10", "Note de 0 à 10", "sur 10" (read 0 to 10)."""
    if isinstance(value, Scale):
        return value
    if is_blank(value):
        raise ValueProblem(msg.SCALE_MISSING)
    words = answer_words(value)
    if words in _SCALE_ALIASES:
        return _SCALE_ALIASES[words]
    if match := _NUMERIC_NAME.fullmatch(words):
        return numeric_scale(int(match.group(1)), int(match.group(2)))
    if match := _NUMERIC_OVER.fullmatch(words):
        return numeric_scale(0, int(match.group(1)))
    raise ValueProblem(msg.scale_unknown(quote(value), SCALE_NAMES))


def _flatten(answers: Any) -> list[Any]:
    """Excel hands a range as rows of cells; a column or a scalar is also accepted."""
    if isinstance(answers, (pd.Series, pd.DataFrame, np.ndarray)):
        return list(np.asarray(answers, dtype=object).ravel())
    if isinstance(answers, (list, tuple)):
        flat: list[Any] = []
        for item in answers:
            flat.extend(_flatten(item) if isinstance(item, (list, tuple, np.ndarray)) else [item])
        return flat
    return [answers]


def top2box(answers: Any, scale: Scale | str) -> float:
    """Share of the two top answers among the answers given (top-2-box).

    `answers`: one value, a column or a 2-D range; "no answer" cells are left out
    of the denominator. NaN when nobody answered. An answer off the scale raises
    `ValueProblem` (a rate silently computed without it would be wrong).
    """
    chosen = parse_scale(scale)
    codes = chosen.codes(pd.Series(_flatten(answers), dtype=object))
    off = np.flatnonzero(codes.to_numpy() == OFF_SCALE)
    if off.size:
        values = _flatten(answers)
        raise ValueProblem(msg.answer_off_scale(quote(values[off[0]]), chosen.describe_levels(), int(off[0]) + 1))
    given = codes[codes >= 0]
    if given.empty:
        return math.nan
    return float((given < 2).mean())
