"""The questionnaire as declared in sheet `Questionnaire`: number, text, theme, scale.

A question whose `Échelle` is "Question ouverte" is answered in words: it is not
rated, its answers are listed per theme. Each rated question counts as satisfied
its two best levels unless a cut-off says otherwise (`Satisfait à partir de`, in
`Questionnaire` for one question or in `Paramètres` for a scale).

Which question is the overall one: the question whose `Question globale` cell says
"oui"; failing that, the question of theme "Satisfaction globale"; failing that,
the last question (highest N°), the usual place of the overall question in a
satisfaction questionnaire. The results say which one was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from sicxl.messages import survey as msg
from sicxl.schema.survey import OVERALL_THEME, QUESTIONNAIRE, THEMES, question_header, question_key
from sicxl.survey.issues import Issue
from sicxl.survey.scales import TOP_TWO, Scale, is_open, parse_scale, satisfied_levels
from sicxl.values import ValueProblem, is_blank, parse_choice, parse_count, parse_yes_no, text_of

MARKED = "column"  # overall question marked in `Question globale`
BY_THEME = "theme"  # ... found by its theme "Satisfaction globale"
LAST = "last"  # ... taken as the last question


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    theme: str | None  # None when the theme cell is empty or unreadable
    scale: Scale | None  # None for an open question
    row: int | None = None
    satisfied: int = TOP_TWO  # the top levels counted satisfied (the cut-off)

    @property
    def is_open(self) -> bool:
        return self.scale is None

    @property
    def satisfied_levels(self) -> tuple[str, ...]:
        return self.scale.levels[: self.satisfied] if self.scale else ()

    @property
    def key(self) -> str:
        return question_key(self.number)

    @property
    def label(self) -> str:
        return question_header(self.number)


@dataclass(frozen=True)
class Questionnaire:
    questions: tuple[Question, ...]  # the rated questions, by number
    overall: Question | None
    overall_source: str | None = None
    open_questions: tuple[Question, ...] = ()  # answered in words: listed per theme, not rated

    @property
    def rated(self) -> tuple[Question, ...]:
        """The questions that measure a theme (all but the overall one)."""
        return tuple(q for q in self.questions if q is not self.overall)

    def themes(self) -> dict[str, list[Question]]:
        """Questions of each theme, themes in the contract's order."""
        grouped: dict[str, list[Question]] = {}
        for theme in THEMES:
            members = [q for q in self.rated if q.theme == theme]
            if members:
                grouped[theme] = members
        return grouped

    def only(self, keys: set[str]) -> "Questionnaire":
        """The questions whose answer column exists."""
        kept = tuple(q for q in self.questions if q.key in keys)
        overall = self.overall if self.overall in kept else None
        return Questionnaire(kept, overall, self.overall_source if overall else None,
                             tuple(q for q in self.open_questions if q.key in keys))

    @property
    def every_question(self) -> tuple[Question, ...]:
        return tuple(sorted((*self.questions, *self.open_questions), key=lambda q: q.number))


def _read(key: str, value: Any, row: int, issues: list[Issue], parse: Any) -> Any:
    try:
        return parse(value)
    except ValueProblem as problem:
        header = QUESTIONNAIRE.header(key)
        issues.append(Issue(msg.KIND_QUESTIONNAIRE, msg.cell_problem(header, str(problem)), row, key))
        return None


def _satisfied(line: Any, row: int, scale: Scale, cutoffs: Mapping[str, int], issues: list[Issue]) -> int:
    """The question's own cut-off (`Satisfait à partir de`), else its scale's, else the two best."""
    cell = line.get("satisfied_from")
    if not is_blank(cell):
        found = _read("satisfied_from", cell, row, issues, lambda v: satisfied_levels(scale, v))
        if found is not None:
            return found
    return cutoffs.get(scale.name, TOP_TWO)


def read_questionnaire(frame: pd.DataFrame, cutoffs: Mapping[str, int] | None = None
                       ) -> tuple[Questionnaire, list[Issue]]:
    """Questions from the rows of `Questionnaire` (index: worksheet rows); `cutoffs`:
    the top levels counted satisfied per scale name (`Paramètres`)."""
    issues: list[Issue] = []
    questions: list[Question] = []
    open_questions: list[Question] = []
    marked: list[Question] = []
    seen: dict[int, int] = {}
    for row, line in frame.iterrows():
        get = line.get
        number = _read("number", get("number"), row, issues, parse_count)
        if number is None:
            continue
        if number in seen:
            issues.append(Issue(msg.KIND_QUESTIONNAIRE, msg.question_number_twice(number, seen[number]), row, "number"))
            continue
        seen[number] = row
        theme = None
        if not is_blank(get("theme")):
            theme = _read("theme", get("theme"), row, issues, lambda v: parse_choice(v, (*THEMES, OVERALL_THEME)))
        text = text_of(get("text")) or question_header(number)
        if is_open(get("scale")):
            open_questions.append(Question(number, text, theme, None, row, 0))
            continue
        scale = _read("scale", get("scale"), row, issues, parse_scale)
        if scale is None:
            continue
        question = Question(number, text, theme, scale, row, _satisfied(line, row, scale, cutoffs or {}, issues))
        questions.append(question)
        if not is_blank(get("overall")) and _read("overall", get("overall"), row, issues, parse_yes_no):
            marked.append(question)
    questions.sort(key=lambda q: q.number)
    overall, source = _overall(questions, marked, issues)
    for question in questions:
        if question is not overall and question.theme in (None, OVERALL_THEME):
            issues.append(Issue(msg.KIND_QUESTIONNAIRE, msg.question_without_theme(question.label), question.row,
                                "theme"))
    open_questions.sort(key=lambda q: q.number)
    return Questionnaire(tuple(questions), overall, source, tuple(open_questions)), issues


def _overall(
    questions: list[Question], marked: list[Question], issues: list[Issue]
) -> tuple[Question | None, str | None]:
    if marked:
        for extra in marked[1:]:
            issues.append(Issue(msg.KIND_QUESTIONNAIRE, msg.overall_twice(extra.label, marked[0].label), extra.row,
                                "overall"))
        return marked[0], MARKED
    by_theme = [q for q in questions if q.theme == OVERALL_THEME]
    if by_theme:
        return by_theme[0], BY_THEME
    if questions:
        return questions[-1], LAST
    return None, None
