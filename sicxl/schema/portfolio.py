"""Portfolios (issue 8): who sees which rows, and how split copies come back.

Roles. The market director sees everything, a sales manager sees his market, a
salesperson only his own portfolio. A prospect's salesperson is its `Commercial`
column; its market is its `Type` (segment) mapped onto the four markets of the
sales organisation (the `Marché` column of the dashboard):

| segment (Prospects.Type) | market |
|---|---|
| Collectivité | Collectivités |
| Habitat public, Habitat privé | Habitat |
| Tertiaire, Industrie | Tertiaire |
| Santé | Santé |

Industrie has no market of its own: energy-services companies sell to
industrial sites through their "Tertiaire et Industrie" market, so an industrial
prospect belongs to the Tertiaire manager.

Which sheets are split, and how each row finds its owner, is declared here
(`SPLIT_SHEETS`); sheets that hold no one's rows (`SHARED_SHEETS`) are copied
whole; every other sheet is left out of a portfolio copy, so that a sheet sicxl
does not know can never carry someone else's rows into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sicxl.schema.base import Column, Kind, SheetSchema
from sicxl.schema.campaigns import CALLS, DEALS, TENDERS, VISIT_REPORTS
from sicxl.schema.dashboard import ACTUALS, CHARGES, CONTRACTS, MARKETS, OBJECTIVES
from sicxl.schema.prospects import PARAMETERS, PROSPECTS

MARKET_OF_SEGMENT = {
    "Collectivité": "Collectivités",
    "Habitat public": "Habitat",
    "Habitat privé": "Habitat",
    "Tertiaire": "Tertiaire",
    "Industrie": "Tertiaire",
    "Santé": "Santé",
}
assert set(MARKET_OF_SEGMENT.values()) == set(MARKETS)

BY_OWNER = PROSPECTS.header("owner")  # "Commercial": one copy per salesperson
BY_MARKET = OBJECTIVES.header("market")  # "Marché": one copy per market, for its manager
BY_CHOICES = (BY_OWNER, BY_MARKET)

FILE_PATTERN = "{workbook} - {name}.xlsx"
DIRECTOR_NAME = "Direction"  # the name in the director's copy's file name


@dataclass(frozen=True)
class SplitSheet:
    """How the rows of one sheet find their owner.

    `key`: the column that identifies a row for the merge (None: a log without
    identifier, rows are compared whole). `prospect`: the column holding the
    prospect's ID, whose owner and market the row inherits. `people`: columns
    naming a salesperson. `market`: a column holding a market, `segment` one
    holding a segment (mapped by MARKET_OF_SEGMENT). `buyer`: a column naming the
    prospect when its ID is missing (public tenders name their buyer).
    """

    schema: SheetSchema
    key: str | None = None
    prospect: str | None = None
    people: tuple[str, ...] = ()
    market: str | None = None
    segment: str | None = None
    buyer: str | None = None


SPLIT_SHEETS = (
    SplitSheet(PROSPECTS, key="id", prospect="id", people=("owner",), segment="segment"),
    SplitSheet(CALLS, prospect="prospect_id"),
    SplitSheet(VISIT_REPORTS, prospect="prospect_id"),
    SplitSheet(DEALS, key="deal_id", prospect="prospect_id", people=("owner",)),
    SplitSheet(TENDERS, key="reference", prospect="prospect_id", people=("owner",), buyer="buyer"),
    SplitSheet(OBJECTIVES, people=("owner",), market="market"),
    SplitSheet(ACTUALS, people=("owner",), market="market"),
    SplitSheet(CONTRACTS, key="contract", people=("owner",), segment="customer_type"),
)
SHARED_SHEETS = (PARAMETERS, CHARGES)

# The snapshot a copy keeps of its rows at split time, for the merge (very hidden sheet).
SNAPSHOT = SheetSchema(
    name="_sicxl_split",
    columns=(
        Column("kind", "Élément", Kind.TEXT, computed=True),
        Column("sheet", "Feuille", Kind.TEXT, computed=True),
        Column("key", "Clé", Kind.TEXT, computed=True),
        Column("column", "Colonne", Kind.TEXT, computed=True),
        Column("fingerprint", "Empreinte", Kind.TEXT, computed=True),
    ),
)

# What the merge writes into the master (computed sheet, replaced at each merge).
CONFLICTS = SheetSchema(
    name="Conflits",
    columns=(
        Column("copy", "Copie", Kind.TEXT, computed=True, width=34),
        Column("sheet", "Feuille", Kind.TEXT, computed=True, width=16),
        Column("key", "Ligne (ID)", Kind.TEXT, computed=True, width=14),
        Column("column", "Colonne", Kind.TEXT, computed=True, width=20),
        Column("master", "Valeur conservée (maître)", Kind.TEXT, computed=True, width=30),
        Column("copy_value", "Valeur de la copie (non reportée)", Kind.TEXT, computed=True, width=30),
        Column("reason", "Motif", Kind.TEXT, computed=True, width=60),
    ),
)
