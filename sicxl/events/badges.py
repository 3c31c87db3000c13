"""Name badges as a printable .docx sheet (A4, 2 x 5 badges of 9 x 5.5 cm, the
size of the usual 86 x 54 mm badge holders), made with `python-docx`.

A badge shows the name large, then the function, the organisation and the
event's title. Badges are printed for every invited person who has not declined.
"""

from __future__ import annotations

from typing import Iterable

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import _Cell

from sicxl.documents.text import one_line
from sicxl.events.document import docx_bytes
from sicxl.events.event import Event
from sicxl.events.selection import Invitation

COLUMNS = 2
BADGE_WIDTH = Cm(9)
BADGE_HEIGHT = Cm(5.5)


def _badge(cell: _Cell, invitation: Invitation, event: Event) -> None:
    lines = (
        (invitation.name or invitation.organisation, Pt(18), True),
        (invitation.role, Pt(11), False),
        (invitation.organisation if invitation.name else "", Pt(11), False),
        (event.title, Pt(8), False),
    )
    cell.paragraphs[0].text = ""
    for number, (text, size, bold) in enumerate(line for line in lines if line[0]):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(one_line(text))
        run.font.size, run.bold = size, bold


def badges_docx(event: Event, invitations: Iterable[Invitation]) -> bytes:
    """The badge sheet of the given people, in list order."""
    people = list(invitations)
    event = event.readable()
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(1)
    section.left_margin = section.right_margin = Cm(1.5)
    rows = -(-len(people) // COLUMNS)
    table = document.add_table(rows=rows, cols=COLUMNS)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        row.height, row.height_rule = BADGE_HEIGHT, WD_ROW_HEIGHT_RULE.EXACTLY
        for cell in row.cells:
            cell.width = BADGE_WIDTH
    for position, invitation in enumerate(people):
        _badge(table.cell(position // COLUMNS, position % COLUMNS), invitation, event)
    return docx_bytes(document)
