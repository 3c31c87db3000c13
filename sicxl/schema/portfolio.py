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
    """How the rows of one sheet find their owner, and how a copy's rows come back.

    `key`: the column that identifies a row for the merge (None: a log without
    identifier, rows are compared whole). `prospect`: the column holding the
    prospect's ID, whose owner and market the row inherits. `people`: columns
    naming a salesperson. `market`: a column holding a market, `segment` one
    holding a segment (mapped by MARKET_OF_SEGMENT). `buyer`: a column naming the
    prospect when its ID is missing (public tenders name their buyer).
    `fieldwork`: the sheet holds the salespeople's field work (prospects, calls,
    visits, deals, tenders): the merge appends the rows typed in a copy, and
    merges a log line corrected there; the sheets the management keeps
    (objectives, actuals, contracts) get neither: such rows and lines are listed
    for a person (a salesperson does not set his own objectives).
    `numbering`: the key is sicxl's own numbering, and this is the (prefix,
    zero-padded width) of the first ID of a sheet that has none yet: a new row
    without an ID, or with one the master already gives another row, gets the
    next ID of the master's own pattern (sicxl.prospects.new_ids); a tender's or
    a contract's reference is someone else's: never invented.
    `anchor`: for a log, the columns that say which line a changed line was
    (a call's date and prospect), so that a corrected call is merged, not added.
    """

    schema: SheetSchema
    key: str | None = None
    prospect: str | None = None
    people: tuple[str, ...] = ()
    market: str | None = None
    segment: str | None = None
    buyer: str | None = None
    fieldwork: bool = False
    numbering: tuple[str, int] | None = None
    anchor: tuple[str, ...] = ()

    @property
    def is_prospects(self) -> bool:
        """The prospects sheet itself: the rows other sheets inherit their owner from."""
        return self.prospect is not None and self.prospect == self.key

    @property
    def owning_columns(self) -> tuple[str, ...]:
        """The columns that decide whose a row is (a copy may not change them so
        that the row leaves its portfolio)."""
        found = (*self.people, self.prospect, self.market, self.segment, self.buyer)
        return tuple(c for c in found if c and c != self.key)


SPLIT_SHEETS = (
    SplitSheet(PROSPECTS, key="id", prospect="id", people=("owner",), segment="segment", fieldwork=True,
               numbering=("P", 4)),
    SplitSheet(CALLS, prospect="prospect_id", fieldwork=True, anchor=("date", "prospect_id")),
    SplitSheet(VISIT_REPORTS, prospect="prospect_id", fieldwork=True, anchor=("date", "prospect_id")),
    SplitSheet(DEALS, key="deal_id", prospect="prospect_id", people=("owner",), fieldwork=True,
               numbering=("AF-", 0)),
    SplitSheet(TENDERS, key="reference", prospect="prospect_id", people=("owner",), buyer="buyer", fieldwork=True),
    SplitSheet(OBJECTIVES, people=("owner",), market="market", anchor=("month", "owner", "market", "indicator")),
    SplitSheet(ACTUALS, people=("owner",), market="market", anchor=("month", "owner", "market", "indicator")),
    SplitSheet(CONTRACTS, key="contract", people=("owner",), segment="customer_type"),
)
SHARED_SHEETS = (PARAMETERS, CHARGES)

# What a copy holds to be recognised at merge time (very hidden sheet): the format's
# version and the token naming the record `split` kept of it on the server. The
# record itself (portfolio, fingerprints) never leaves the server (issue 13).
SNAPSHOT = SheetSchema(
    name="_sicxl_split",
    columns=(
        Column("item", "Élément", Kind.TEXT, computed=True),
        Column("value", "Valeur", Kind.TEXT, computed=True),
    ),
)
SNAPSHOT_VERSION = "version"
SNAPSHOT_TOKEN = "copie"

# What the merge writes into the master (computed sheet): every merge appends its
# points to examine, dated, under the earlier ones.
CONFLICTS = SheetSchema(
    name="Conflits",
    columns=(
        Column("date", "Date de fusion", Kind.DATE, computed=True, number_format="dd/mm/yyyy hh:mm", width=16),
        Column("copy", "Copie", Kind.TEXT, computed=True, width=34),
        Column("sheet", "Feuille", Kind.TEXT, computed=True, width=16),
        Column("key", "Ligne (ID)", Kind.TEXT, computed=True, width=14),
        Column("column", "Colonne", Kind.TEXT, computed=True, width=20),
        Column("master", "Valeur conservée (maître)", Kind.TEXT, computed=True, width=30),
        Column("copy_value", "Valeur de la copie (non reportée)", Kind.TEXT, computed=True, width=30),
        Column("reason", "Motif", Kind.TEXT, computed=True, width=60),
    ),
)
