"""The workbook contract as a document, written from the schema itself.

    python -m sicxl.schema.docs > docs/workbooks.md

The schema is the one source of truth for sheet names, headers, aliases and
types; this page is generated from it (a test checks it is current), so the
documentation can never disagree with the code.
"""

from __future__ import annotations

import importlib

from sicxl.schema.base import Column, SheetSchema

WORKBOOKS = (
    ("Fichier prospects (`workbooks/prospects.xlsx`)", "prospects", ("PROSPECTS", "PARAMETERS")),
    ("Campagnes de prospection (même classeur)", "campaigns",
     ("CALLS", "VISIT_REPORTS", "DEALS", "TENDERS", "FUNNEL", "AGENDA", "RENEWALS", "AGEING_PROPOSALS",
      "CONTACTS_DUE", "TENDER_WATCH", "DEALS_TO_CREATE")),
    ("Tableau de bord (`workbooks/tableau_de_bord.xlsx`)", "dashboard",
     ("OBJECTIVES", "ACTUALS", "CHARGES", "CONTRACTS", "TEAM", "DASHBOARD", "TREND", "BREAKEVEN_MONTHS", "MIX",
      "DEAL_CONTRACTS", "DEALS_LEFT_OUT", "VIEW", "MARKET_BREAKEVEN")),
    ("Enquête de satisfaction (`workbooks/enquete_satisfaction.xlsx`)", "survey",
     ("CLIENTS", "PARAMETERS", "SAMPLE", "FIELDWORK", "QUESTIONNAIRE", "RESPONSES", "LAST_YEAR", "RESULTS")),
    ("Événements (`workbooks/evenements.xlsx`)", "events",
     ("EVENTS", "STAFF", "EVENT_PARAMETERS", "INVITATIONS", "RESPONSES", "FOLLOWUPS", "ANSWER_SUMMARY")),
    ("Portefeuilles (classeurs issus de `sicxl split`)", "portfolio", ("SNAPSHOT", "CONFLICTS")),
)


def _type(column: Column) -> str:
    text = column.kind.value
    if column.choices:
        text += ": " + ", ".join(column.choices)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def sheet_section(schema: SheetSchema) -> list[str]:
    title = f"### Sheet `{schema.name}`"
    if schema.table:
        title += f" (Excel table `{schema.table}`)"
    lines = [title, ""]
    if schema.aliases:
        lines += [f"Also found under: {', '.join(schema.aliases)}.", ""]
    lines += ["| header | key | type | computed | aliases |", "|---|---|---|---|---|"]
    for column in schema.columns:
        lines.append(
            f"| {_cell(column.header)} | `{column.key}` | {_cell(_type(column))} | "
            f"{'yes' if column.computed else ''} | {_cell(', '.join(column.aliases))} |"
        )
    return lines + [""]


def document() -> str:
    lines = [
        "# The workbook contract, as the code reads it",
        "",
        "Generated from `sicxl/schema/` by `python -m sicxl.schema.docs`; do not edit by hand.",
        "Headers are matched without case, accents, spaces or punctuation; aliases are",
        "accepted too. Computed columns are written by sicxl, never read as input; every",
        "other column belongs to the user.",
        "",
    ]
    for title, module_name, names in WORKBOOKS:
        module = importlib.import_module(f"sicxl.schema.{module_name}")
        lines += [f"## {title}", ""]
        for name in names:
            lines += sheet_section(getattr(module, name))
    return "\n".join(lines)


if __name__ == "__main__":
    print(document())
