"""Which jobs each kind of sicxl workbook needs, and in which order.

One list for every place that runs them all: `sicxl regenerate` on the file
server and `sicxl demo` on the sample workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """The jobs a kind of workbook needs, in the order that lets each one use the
    previous one's results (the call log's temperatures before the score).
    `marker`: the job whose sheets identify the kind. A job runs only when the
    workbook has its sheets (a prospect file without call log skips `calls`)."""

    kind: str  # French, for the report
    marker: str
    jobs: tuple[str, ...]


PLANS = (
    Plan("prospects", "qualify", ("calls", "qualify", "funnel", "agenda", "tenders")),
    Plan("tableau de bord", "dashboard", ("dashboard",)),
    Plan("enquête", "survey", ("sample", "survey")),
    Plan("événements", "invite", ("invite", "followup")),
)
