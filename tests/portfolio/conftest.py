"""A prospect workbook full of traps for the split: every salesperson's secrets
hidden wherever an .xlsx can hold text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from sicxl.schema.campaigns import CALLS, DEALS
from sicxl.schema.prospects import PARAMETERS, PROSPECTS

TODAY = dt.date(2026, 11, 2)
# salesperson -> (token found only in his rows, segment of his prospects)
PEOPLE = {
    "Ana Alpha": ("ZQALPHA", "Collectivité"),
    "Bruno Bravo": ("ZQBRAVO", "Santé"),
    "Chloé Charlie": ("ZQCHARLIE", "Habitat public"),
}
USER_KEYS = ["id", "name", "segment", "city", "decision_maker", "phone", "email", "opt_out", "owner", "heat"]


def prospect_id(owner_index: int, n: int) -> str:
    return f"T{owner_index}{n:03d}"


def build_trap_workbook(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = PROSPECTS.name
    ws["A1"] = "Portefeuilles : " + " ".join(token for token, _ in PEOPLE.values())  # a title row
    headers = [PROSPECTS.header(k) for k in USER_KEYS] + [PROSPECTS.header("score")]
    for col, header in enumerate(headers, start=1):
        ws.cell(row=2, column=col, value=header).font = Font(bold=True)
    ws.cell(row=2, column=9).comment = Comment("Répartition : " + ", ".join(PEOPLE), "Bruno Bravo")
    row = 3
    for index, (owner, (token, segment)) in enumerate(PEOPLE.items(), start=1):
        for n in range(1, 6):
            values = [prospect_id(index, n), f"Mairie {token} {n}", segment, "Versailles",
                      f"M. {token} Décideur", "01 39 00 00 0" + str(n), f"{token.lower()}{n}@exemple.fr", "non",
                      owner, "Tiède", 42]
            for col, value in enumerate(values, start=1):
                ws.cell(row=row, column=col, value=value)
            ws.cell(row=row, column=5).comment = Comment(f"Note {token}", owner)
            ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor="FFFF00")
            ws.cell(row=row, column=14, value=f"hors tableau {token}")  # a cell outside the table
            if n == 1:
                ws.cell(row=row, column=7).hyperlink = f"mailto:{token.lower()}@exemple.fr"
            row += 1
    last = row - 1
    table = Table(displayName=PROSPECTS.table, ref=f"A2:K{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "B3"
    ws.column_dimensions["B"].width = 33
    owners_list = DataValidation(type="list", formula1='"' + ",".join(PEOPLE) + '"', prompt="Ana Alpha ou Bruno Bravo")
    owners_list.add(f"I3:I{last}")
    ws.add_data_validation(owners_list)
    segments = DataValidation(type="list", formula1='"Collectivité,Santé,Habitat public,Tertiaire"',
                              error="Demandez à Chloé Charlie")
    segments.add(f"C3:C{last}")
    ws.add_data_validation(segments)
    hidden_list = DataValidation(type="list", formula1="'Notes direction'!$A$1:$A$3")
    hidden_list.add(f"D3:D{last}")
    ws.add_data_validation(hidden_list)
    ws.conditional_formatting.add(f"A3:K{last}", FormulaRule(formula=['$I3="Bruno Bravo"'], fill=PatternFill("solid", fgColor="FF0000")))

    calls = book.create_sheet(CALLS.name)
    calls.append([CALLS.header(k) for k in ("date", "prospect_id", "contact", "result", "notes")])
    for index, (owner, (token, _)) in enumerate(PEOPLE.items(), start=1):
        for n in range(1, 4):
            calls.append([dt.datetime(2026, 10, n), prospect_id(index, n), f"Standard {token}", "Barrage",
                          f"Appel {token} par {owner}"])
    deals = book.create_sheet(DEALS.name)
    deals.append([DEALS.header(k) for k in ("deal_id", "prospect_id", "stage", "owner", "service")])
    deals.append(["AF-1", prospect_id(1, 1), "RDV", "Ana Alpha", "P1 énergie"])
    deals.append(["AF-2", prospect_id(2, 1), "RDV", "Bruno Bravo", "P2 entretien"])
    deals.append(["AF-3", prospect_id(1, 2), "RDV", "Bruno Bravo", "P2 entretien"])  # shared: Ana's prospect, Bruno's deal

    params = book.create_sheet(PARAMETERS.name)
    params.append([c.header for c in PARAMETERS.columns])
    params.append(["Score : seuil Important", 40, "Valeur par défaut"])

    notes = book.create_sheet("Notes direction")
    for owner, (token, _) in PEOPLE.items():
        notes.append([owner, f"prime {token}"])
    notes.sheet_state = "hidden"
    secret = book.create_sheet("Secret")
    secret.append(["ZQBRAVO ZQCHARLIE ZQALPHA"])
    secret.sheet_state = "veryHidden"

    book.defined_names["liste_ZQBRAVO"] = DefinedName("liste_ZQBRAVO", attr_text="'Notes direction'!$A$1:$A$3")
    book.defined_names["note_charlie"] = DefinedName("note_charlie", attr_text='"ZQCHARLIE Chloé Charlie"')
    book.properties.creator = "Bruno Bravo"
    book.properties.title = "Portefeuille ZQALPHA ZQBRAVO ZQCHARLIE"
    book.properties.keywords = "Chloé Charlie"
    book.custom_doc_props.append(StringProperty(name="Responsable", value="Ana Alpha ZQALPHA"))
    book.save(path)
    return path


@pytest.fixture
def trap_workbook(tmp_path: Path) -> Path:
    return build_trap_workbook(tmp_path / "prospects.xlsx")
