"""Issue 15, point 3: with `--pdf`, the dashboard job writes each salesperson an
e-mail draft with the PDF of their own dashboard, one recipient each."""

from __future__ import annotations

import email
from email import policy
from typing import Sequence

from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.dashboard import dashboard_job
from sicxl.samples.dashboard import team_rows
from sicxl.schema.dashboard import TEAM
from sicxl.table import Grid
from sicxl.workbook.convert import Printout
from sicxl.writes import Writes

from .conftest import TODAY


def _converter(writes: Writes, sheets: Sequence[str], pictures: bool = True) -> Printout:
    return Printout(b"%PDF-1.7 " + " | ".join(sheets).encode(), [b"\x89PNG"] if pictures else [])


def _drafts(result) -> dict[str, email.message.EmailMessage]:
    return {e.name: email.message_from_bytes(e.content, policy=policy.default)
            for e in result.exports if e.name.endswith(".eml")}


def test_each_salesperson_gets_a_draft_with_their_own_pdf(sample_source: MemorySource) -> None:
    result = dashboard_job(sample_source, Context(today=TODAY, options={"pdf": True}, print_pdf=_converter))
    drafts = _drafts(result)
    team = dict(team_rows())
    assert len(drafts) == len(team) == 8
    for name, message in drafts.items():
        [to] = message["To"].addresses
        owner = next(o for o, address in team.items() if address == to.addr_spec)
        assert to.display_name == owner and message["Cc"] is None
        assert name.startswith("tableau_de_bord_2026-10_courriels/") and message["X-Unsent"] == "1"
        assert str(message["Subject"]) == "Votre tableau de bord d'octobre 2026"
        body = message.get_body(("plain",)).get_content()
        assert body.startswith(f"Bonjour {owner.split()[0]},")
        assert "CA signé : " in body and "réalisés pour un objectif" in body
        [pdf] = list(message.iter_attachments())
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_content() == f"%PDF-1.7 TB {owner}".encode()  # their sheet, nobody else's
    assert any("8 brouillons de courriel préparés, un par commercial, avec son tableau de bord d'octobre 2026" in line for line in result.report.lines)


def test_a_salesperson_without_address_gets_a_draft_to_fill_and_it_is_said(sample_source: MemorySource) -> None:
    grids = dict(sample_source.grids)
    rows = [r for r in grids[TEAM.name].values if r[0] != "Thomas Roux"]
    grids[TEAM.name] = Grid([list(r) for r in rows])
    result = dashboard_job(MemorySource(grids, {}), Context(today=TODAY, options={"pdf": True},
                                                            print_pdf=_converter))
    drafts = _drafts(result)
    without = [m for m in drafts.values() if m["To"] is None]
    assert len(drafts) == 8 and len(without) == 1
    assert any("Pas d'adresse e-mail valide pour Thomas Roux" in p for p in result.report.problems)


def test_no_draft_without_pdf_option(sample_source: MemorySource) -> None:
    result = dashboard_job(sample_source, Context(today=TODAY, print_pdf=_converter))
    assert not _drafts(result)
