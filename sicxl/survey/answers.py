"""Checking and coding the rows of `Réponses`.

A row counts once, for a customer of `Clients` who was drawn in the sample:
a row without ID, for an unknown customer, for a customer outside the sample
or repeating a customer already answered is reported and left out (the first
answer of a customer is the one kept). Each answer is coded on its question's
scale; an answer off the scale is reported with its cell and left out of the
rate, apart from the "no answer" count, so that no rate is silently wrong.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from sicxl.documents.text import multi_line
from sicxl.messages import survey as msg
from sicxl.survey.issues import Issue
from sicxl.survey.questionnaire import Questionnaire
from sicxl.survey.scales import NO_ANSWER_WORDS, OFF_SCALE, answer_words
from sicxl.values import quote, text_of


def _respondents(
    frame: pd.DataFrame, markets: Mapping[str, str | None], sample: set[str] | None, reserve: set[str]
) -> tuple[pd.DataFrame, list[Issue]]:
    """The rows that count, with `id` and `market`; issues for the others."""
    issues: list[Issue] = []
    ids = frame["id"].map(text_of) if "id" in frame else pd.Series("", index=frame.index)
    first_row: dict[str, int] = {}
    kept: list[int] = []
    for row, client in ids.items():
        if not client:
            issues.append(Issue(msg.KIND_NO_ID, msg.ANSWER_WITHOUT_ID, row, None))
        elif client in first_row:
            issues.append(Issue(msg.KIND_TWICE, msg.answered_twice(client, first_row[client]), row, "id"))
        elif client not in markets:
            issues.append(Issue(msg.KIND_UNKNOWN, msg.client_unknown(client), row, "id"))
        elif markets[client] is None:
            issues.append(Issue(msg.KIND_UNKNOWN, msg.client_without_market(client), row, "id"))
        elif sample is not None and client not in sample:
            reason = msg.in_reserve(client) if client in reserve else msg.not_in_sample(client)
            issues.append(Issue(msg.KIND_NOT_IN_SAMPLE, reason, row, "id"))
        else:
            kept.append(row)
        if client:
            first_row.setdefault(client, row)
    result = pd.DataFrame({"id": ids.loc[kept]}, index=pd.Index(kept, name="row"))
    result["market"] = result["id"].map(lambda c: markets[c])
    return result, issues


def code_answers(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    markets: Mapping[str, str | None],
    sample: set[str] | None = None,
    reserve: set[str] = frozenset(),
) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per respondent that counts: `id`, `market`, then each question's
    code (0 = best level, NO_ANSWER, OFF_SCALE). Index: worksheet rows.

    `markets`: every customer of `Clients` and their market (None when unreadable),
    and the drawn clients who left since; `sample`: the IDs drawn, or None when
    there is no sample to check against; `reserve`: the sample's reserve.
    """
    respondents, issues = _respondents(frame, markets, sample, reserve)
    for question in questionnaire.questions:
        raw = frame.loc[respondents.index, question.key] if question.key in frame else pd.Series(
            None, index=respondents.index, dtype=object)
        codes = question.scale.codes(raw)
        for row in codes.index[codes == OFF_SCALE]:
            issues.append(Issue(msg.KIND_OFF_SCALE,
                                msg.answer_off_scale_cell(question.label, quote(raw.loc[row]),
                                                          question.scale.name, question.scale.describe_levels()),
                                row, question.key))
        respondents[question.key] = codes
    return respondents, issues


def open_answers(frame: pd.DataFrame, questionnaire: Questionnaire, respondents: pd.DataFrame) -> pd.DataFrame:
    """The words of every respondent that counts to each open question: `number`,
    `label`, `text`, `theme`, `id`, `market`, `answer`; blanks and "no answer" left out."""
    rows = []
    for question in questionnaire.open_questions:
        if question.key not in frame:
            continue
        for row, client, market in respondents[["id", "market"]].itertuples():
            answer = multi_line(frame.at[row, question.key])
            if answer and answer_words(answer) not in NO_ANSWER_WORDS:
                rows.append({"number": question.number, "label": question.label, "text": question.text,
                             "theme": question.theme, "id": client, "market": market, "answer": answer})
    return pd.DataFrame(rows, columns=["number", "label", "text", "theme", "id", "market", "answer"])
