"""The monthly dashboard sent to each salesperson: one e-mail draft each, their own
PDF attached ("envoi par mail du compte rendu"). One recipient a draft: nobody sees
another's figures or address. The body gives the month's key figures in words, so
that the message says something before the PDF is opened."""

from __future__ import annotations

import math

from sicxl.dashboard.board import Board
from sicxl.documents.mail import Attachment, Mailbox, draft
from sicxl.messages import dashboard as msg
from sicxl.values import format_number, format_percent


def key_figures(board: Board) -> list[str]:
    """The key indicators of the month (those with a trend chart), in words."""
    figures = []
    for line in board.month_lines:
        if not line.indicator.key or math.isnan(line.actual) or math.isnan(line.objective):
            continue
        achievement = format_percent(line.achievement) if math.isfinite(line.achievement) else msg.NOT_DEFINED
        figures.append(msg.owner_figure(line.indicator.name, line.indicator.unit, format_number(line.actual),
                                        format_number(line.objective), achievement))
    return figures


def owner_email(board: Board, email: str | None, pdf_name: str, pdf: bytes) -> bytes:
    """The draft to one salesperson (`board.owner`), to `email` when it is known."""
    owner = board.owner or ""
    title = msg.month_name(board.month)
    recipient = Mailbox(owner, email) if email else None
    body = msg.owner_body(owner.split(" ")[0], title, key_figures(board))
    return draft(recipient, msg.owner_subject(title), body, f"tableau-de-bord/{board.month}/{owner}",
                 attachments=[Attachment(pdf_name, pdf)])
