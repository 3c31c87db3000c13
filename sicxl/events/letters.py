"""Invitation letters as one .docx (one letter a page), made with `python-docx`,
for the people invited by post (no e-mail address).

The letter comes from a template: a .docx written by the users, named in
`Paramètres` (« Modèle de lettre »), or the built-in one. A template holds fields
between double braces, replaced for each person: {{adresse}} (the address lines
of NF Z10-011, which a window envelope shows), {{formule}}, {{civilite}}, {{nom}},
{{fonction}}, {{organisme}}, {{titre}}, {{quand}}, {{jour}}, {{lieu}},
{{ordre_du_jour}}, {{signataire}}, {{date_lettre}}. A field's paragraph keeps the style of its first
run.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from typing import Callable, Iterable, Protocol

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from sicxl.documents.text import multi_line, one_line
from sicxl.events.document import docx_bytes
from sicxl.events.event import Event
from sicxl.events.selection import Invitation
from sicxl.messages import events as msg
from sicxl.schema.events import BY_POST

FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


class Addressee(Protocol):
    """Whom a letter goes to: an invitation, or a visitor to thank (`followup`)."""

    civility: str
    name: str
    role: str
    organisation: str
    address_lines: tuple[str, ...]


def fields(event: Event, person: Addressee, today: dt.date) -> dict[str, str]:
    """The values of the template's fields for one person, made safe for Word
    (`documents.text`): the address and the agenda keep their lines."""
    event = event.readable()
    values = {
        "formule": msg.salutation(person.civility),
        "civilite": person.civility,
        "nom": person.name,
        "fonction": person.role,
        "organisme": person.organisation,
        "titre": event.title,
        "quand": msg.event_when(event),
        "jour": f"le {msg.long_date(event.date)}" if event.date else "",
        "lieu": event.place,
        "signataire": event.organizer,
        "date_lettre": msg.long_date(today),
    }
    return {
        **{key: one_line(value) for key, value in values.items()},
        "adresse": multi_line("\n".join(person.address_lines)),
        "ordre_du_jour": multi_line(event.agenda),
    }


def default_template(subject_line: str = msg.LETTER_SUBJECT_LINE,
                     paragraphs: tuple[str, ...] = msg.LETTER_PARAGRAPHS) -> bytes:
    """A built-in letter (the invitation by default): address in the window of a DL
    envelope (right, 11 cm), date, subject, body with the fields, signature."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Calibri", Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin = section.right_margin = Cm(2.2)
    address = document.add_paragraph("{{adresse}}")
    address.paragraph_format.left_indent = Cm(9)
    address.paragraph_format.space_before = Cm(2.5)
    address.paragraph_format.space_after = Cm(1.5)
    dated = document.add_paragraph(msg.LETTER_DATE_LINE)
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    subject = document.add_paragraph()
    subject.add_run(subject_line).bold = True
    for text in paragraphs:
        document.add_paragraph(text)
    signature = document.add_paragraph("{{signataire}}")
    signature.paragraph_format.left_indent = Cm(9)
    return docx_bytes(document)


def _fill_paragraph(paragraph: Paragraph, values: dict[str, str]) -> None:
    text = paragraph.text
    if not FIELD.search(text):
        return
    filled = FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    runs = paragraph.runs
    runs[0].text = filled
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def merge(template: bytes, records: Iterable[dict[str, str]]) -> bytes:
    """One copy of the template's body per record, fields filled, a page break between."""
    document = Document(io.BytesIO(template))
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    originals = [child for child in body if child is not section]
    for child in originals:
        body.remove(child)
    add: Callable = section.addprevious if section is not None else body.append
    for number, values in enumerate(records):
        if number:
            breaker = document.add_paragraph()._p
            body.remove(breaker)
            Paragraph(breaker, None).add_run().add_break(WD_BREAK.PAGE)
            add(breaker)
        for original in originals:
            clone = copy.deepcopy(original)
            add(clone)
            for element in clone.iter(qn("w:p")):
                _fill_paragraph(Paragraph(element, None), values)
    return docx_bytes(document)


def letters_docx(event: Event, invitations: Iterable[Invitation], today: dt.date,
                 template: bytes | None = None) -> bytes:
    """The letters of the people invited by post, in list order."""
    records = [fields(event, i, today) for i in invitations if i.invited and i.channel == BY_POST]
    return merge(template or default_template(), records)
