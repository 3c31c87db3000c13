"""The questionnaire as declared in sheet `Questionnaire`: number, text, theme, scale.

Which question is the overall one: the question whose `Question globale` cell says
"oui"; failing that, the question of theme "Satisfaction globale"; failing that,
the last question (highest N°), the usual place of the overall question in a
satisfaction questionnaire. The results say which one was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from sicxl.messages import survey as msg
from sicxl.schema.survey import OVERALL_THEME, QUESTIONNAIRE, THEMES, question_header, question_key
from sicxl.survey.issues import Issue
from sicxl.survey.scales import Scale, parse_scale
from sicxl.values import ValueProblem, is_blank, parse_choice, parse_count, parse_yes_no, text_of

MARKED = "column"  # overall question marked in `Question globale`
BY_THEME = "theme"  # ... found by its theme "Satisfaction globale"
LAST = "last"  # ... taken as the last question


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    theme: str | None  # None when the theme cell is empty or unreadable
    scale: Scale
    row: int | None = None

    @property
    def key(self) -> str:
        return question_key(self.number)

    @property
    def label(self) -> str:
        return question_header(self.number)


@dataclass(frozen=True)
class Questionnaire:
    questions: tuple[Question, ...]  # by number
    overall: Question | None
    overall_source: str | None = None

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
        return Questionnaire(kept, overall, self.overall_source if overall else None)


def _read(key: str, value: Any, row: int, issues: list[Issue], parse: Any) -> Any:
    try:
        return parse(value)
    except ValueProblem as problem:
        header = QUESTIONNAIRE.header(key)
        issues.append(Issue(msg.KIND_QUESTIONNAIRE, msg.cell_problem(header, str(problem)), row, key))
        return None


def read_questionnaire(frame: pd.DataFrame) -> tuple[Questionnaire, list[Issue]]:
    """Questions from the rows of `Questionnaire` (index: worksheet rows)."""
    issues: list[Issue] = []
    questions: list[Question] = []
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
        scale = _read("scale", get("scale"), row, issues, parse_scale)
        if scale is None:
            continue
        theme = None
        if not is_blank(get("theme")):
            theme = _read("theme", get("theme"), row, issues, lambda v: parse_choice(v, (*THEMES, OVERALL_THEME)))
        text = text_of(get("text")) or question_header(number)
        question = Question(number, text, theme, scale, row)
        questions.append(question)
        if not is_blank(get("overall")) and _read("overall", get("overall"), row, issues, parse_yes_no):
            marked.append(question)
    questions.sort(key=lambda q: q.number)
    overall, source = _overall(questions, marked, issues)
    for question in questions:
        if question is not overall and question.theme in (None, OVERALL_THEME):
            issues.append(Issue(msg.KIND_QUESTIONNAIRE, msg.question_without_theme(question.label), question.row,
                                "theme"))
    return Questionnaire(tuple(questions), overall, source), issues


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
