"""The dashboard workbook (WORKBOOKS.md section 2).

Inputs: `Objectifs`, `Réalisé`, `Charges` and `Contrats`. Computed: `Tableau de
bord`, `Seuil de rentabilité`, `Répartition` and one `TB <commercial>` sheet per
salesperson. Objectifs and Réalisé receive one computed column, `Période`: the
month as a real date, read by sicxl from whatever the user typed ("mars 2025",
"03/2025", a date), so that the dashboard's SUMIFS formulas can select months
reliably; it is left empty for a row that must not count (unreadable month,
unknown indicator, amount typed as text, duplicated line).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sicxl.schema.base import Column, Kind, SheetSchema
from sicxl.schema.deals import ANNUAL_AMOUNT, CONTRACT_DATES, CONTRACT_NUMBER, SERVICE
from sicxl.schema.prospects import PROSPECTS, SEGMENTS

MARKETS = ("Collectivités", "Habitat", "Tertiaire", "Santé")
COST_KINDS = ("Fixe", "Variable")

AMOUNT = "#,##0"
COUNT = "#,##0"
INDEX = "0.0"
PERCENT = "0.0%"
MONTH_FORMAT = "yyyy-mm"
MONTH_TITLE_FORMAT = "mmmm yyyy"
DATE = "dd/mm/yyyy"


@dataclass(frozen=True)
class Indicator:
    """An indicator of the template.

    `higher_is_better` gives the business sense of a variance (IBCS: good is green,
    bad is red): more revenue is good, more costs are bad. Qualitative indices are
    averaged over salespeople and months (`average`), quantities are summed.
    `key` indicators get a 12-month trend chart.
    """

    name: str
    unit: str
    higher_is_better: bool = True
    average: bool = False
    key: bool = False
    number_format: str = AMOUNT

    @property
    def direction(self) -> int:
        """+1 when a positive variance is good news, -1 when it is bad news."""
        return 1 if self.higher_is_better else -1


INDICATORS = (
    Indicator("CA signé", "k€", key=True),
    Indicator("Marge brute", "k€", key=True),
    Indicator("Nombre de contrats", "contrats", key=True, number_format=COUNT),
    Indicator("Nombre de RDV", "RDV", number_format=COUNT),
    Indicator("Indice de satisfaction", "/10", average=True, number_format=INDEX),
    Indicator("Indice qualité de service", "/10", average=True, number_format=INDEX),
    Indicator("Frais commerciaux", "k€", higher_is_better=False),
)
INDICATOR_BY_NAME = {i.name: i for i in INDICATORS}
REVENUE = INDICATOR_BY_NAME["CA signé"]

_OWNER = PROSPECTS.column("owner")
_MONTH = Column("month", "Mois", Kind.TEXT, required=True, aliases=("Période de référence", "Date", "Mois (AAAA-MM)"),
                number_format="@", width=11, help="AAAA-MM, par exemple 2025-03 ; « mars 2025 » est aussi compris.")
_AGENCY = Column("agency", "Agence", Kind.TEXT, aliases=("Site", "Secteur"), width=14)
_MARKET = Column("market", "Marché", Kind.CHOICE, choices=MARKETS, aliases=("Segment", "Secteur de marché"), width=14)
_DEPARTMENT = replace(PROSPECTS.column("department"), aliases=("Dépt", "Dept", "Dpt", "Zone"),
                      help="Facultatif : le département de la ligne, pour la vue par département.")
_INDICATOR = Column("indicator", "Indicateur", Kind.CHOICE, required=True, choices=tuple(i.name for i in INDICATORS),
                    aliases=("KPI", "Indicateurs"), width=26)
PERIOD = Column("period", "Période", Kind.DATE, computed=True, number_format=MONTH_FORMAT, width=10,
                help="Mois lu par sicxl ; vide quand la ligne n'est pas comptée (voir le rapport).")

_OBJECTIVE = Column("value", "Objectif", Kind.NUMBER, required=True, aliases=("Objectifs", "Budget", "Prévu"),
                    number_format="#,##0.0", width=12)
_ACTUAL = Column("value", "Réalisé", Kind.NUMBER, required=True, aliases=("Realise", "Réel", "Valeur"),
                 number_format="#,##0.0", width=12)


def _computed(column: Column, key: str, **changes: object) -> Column:
    """An input column's header reused for a computed column of an output sheet."""
    return replace(column, key=key, computed=True, required=False, aliases=(), help="", **changes)


OBJECTIVES = SheetSchema(
    name="Objectifs",
    table="tblObjectifs",
    aliases=("Objectif", "Budget", "Prévisions"),
    columns=(_MONTH, _AGENCY, _DEPARTMENT, _OWNER, _MARKET, _INDICATOR, _OBJECTIVE, PERIOD),
)

TEAM = SheetSchema(
    name="Équipe",
    table="tblEquipe",
    aliases=("Equipe", "Commerciaux", "Destinataires"),
    columns=(
        replace(_OWNER, required=True),
        Column("email", "E-mail", Kind.TEXT, required=True, aliases=("Email", "Courriel", "Mail"), width=34,
               help="Adresse à laquelle envoyer son tableau de bord du mois (option --pdf)."),
    ),
)
"""Who receives which dashboard: one e-mail draft per salesperson, their PDF attached."""

ACTUALS = SheetSchema(
    name="Réalisé",
    table="tblRealise",
    aliases=("Realise", "Réalisations", "Réel"),
    columns=(_MONTH, _AGENCY, _DEPARTMENT, _OWNER, _MARKET, _INDICATOR, _ACTUAL, PERIOD),
)

CHARGES = SheetSchema(
    name="Charges",
    table="tblCharges",
    aliases=("Coûts", "Charges fixes et variables"),
    columns=(
        Column("item", "Poste", Kind.TEXT, required=True, aliases=("Libellé", "Charge"), width=30),
        Column("kind", "Nature", Kind.CHOICE, required=True, choices=COST_KINDS, aliases=("Type", "Fixe ou variable"),
               width=10),
        replace(ANNUAL_AMOUNT, required=False, width=16, help="Charges fixes : montant de l'année."),
        Column("rate", "Taux (% du CA)", Kind.NUMBER, aliases=("Taux", "Taux variable", "% du CA"), number_format=PERCENT,
               width=14, help="Charges variables : part du chiffre d'affaires, par exemple 62 %."),
    ),
)

CUSTOMER_TYPE = Column("customer_type", "Type de client", Kind.CHOICE, choices=SEGMENTS,
                       aliases=("Type", "Segment", "Client"), width=16)
CONTRACTS = SheetSchema(
    name="Contrats",
    table="tblContrats",
    aliases=("Affaires signées", "Portefeuille de contrats"),
    columns=(
        CONTRACT_NUMBER,
        Column("signed", "Date de signature", Kind.DATE, aliases=("Date", "Signé le"), number_format=DATE, width=13),
        _OWNER,
        CUSTOMER_TYPE,
        SERVICE,
        ANNUAL_AMOUNT,
        *CONTRACT_DATES,
    ),
)

INPUTS = (OBJECTIVES, ACTUALS, CHARGES, CONTRACTS)

# The computed sheets: names and the labels of their blocks.
DASHBOARD_SHEET = "Tableau de bord"
BREAKEVEN_SHEET = "Seuil de rentabilité"
MIX_SHEET = "Répartition"
DEAL_CONTRACTS_SHEET = "Contrats des affaires"
VIEWS_SHEET = "Marchés et zones"
OWNER_SHEET_PREFIX = "TB "

DASHBOARD = SheetSchema(
    name=DASHBOARD_SHEET,
    columns=(
        _computed(_INDICATOR, "indicator", kind=Kind.TEXT, choices=()),
        _computed(_OBJECTIVE, "objective", number_format=None),
        _computed(_ACTUAL, "actual", number_format=None),
        Column("variance", "Écart", Kind.NUMBER, computed=True, width=11),
        Column("variance_rate", "Écart %", Kind.NUMBER, computed=True, number_format=PERCENT, width=10),
        Column("achievement", "Taux de réalisation", Kind.NUMBER, computed=True, number_format=PERCENT, width=12),
        Column("previous", "Réalisé N-1", Kind.NUMBER, computed=True, width=12),
        Column("growth", "Évolution %", Kind.NUMBER, computed=True, number_format=PERCENT, width=11),
        Column("signal", "Signal", computed=True, width=11),
        Column("rule", "Règle", computed=True, width=44),
    ),
)

_MONTH_OUT = _computed(_MONTH, "month", kind=Kind.DATE, number_format=MONTH_FORMAT, width=12)

TREND = SheetSchema(
    name=DASHBOARD_SHEET,
    columns=(
        _MONTH_OUT,
        DASHBOARD.column("objective"),
        DASHBOARD.column("actual"),
    ),
)

BREAKEVEN_MONTHS = SheetSchema(
    name=BREAKEVEN_SHEET,
    columns=(
        _MONTH_OUT,
        Column("actual", "CA réalisé (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=14),
        Column("objective", "CA objectif (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=14),
        Column("revenue", "CA retenu (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=14),
        Column("cumulative", "CA cumulé (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=14),
        Column("reached", "Point mort atteint le", Kind.DATE, computed=True, number_format=DATE, width=16),
    ),
)

MIX = SheetSchema(
    name=MIX_SHEET,
    columns=(
        Column("category", "Catégorie", computed=True, width=24),
        _computed(ANNUAL_AMOUNT, "amount"),
        Column("amount_m", "Montant (M€)", Kind.NUMBER, computed=True, number_format="0.00", width=12),
        Column("share", "Part", Kind.NUMBER, computed=True, number_format="0.00%", width=10),
    ),
)

# `Contrats des affaires` (issue 17): the signed deals of the prospect file, each the
# contract line the dashboard's actuals and mix read, then the deals left out.
COUNTED_YES = "oui"
DEAL_CONTRACTS = SheetSchema(
    name=DEAL_CONTRACTS_SHEET,
    columns=(
        _computed(CONTRACT_NUMBER, "contract"),
        Column("deal_id", "ID affaire", Kind.TEXT, computed=True, width=11),
        _computed(PROSPECTS.column("id"), "prospect_id", header="ID prospect"),
        _computed(PROSPECTS.column("name"), "name", width=28),
        _computed(CONTRACTS.column("signed"), "signed"),
        *(_computed(c, c.key) for c in CONTRACT_DATES[:2]),
        _computed(_OWNER, "owner"),
        _computed(_AGENCY, "agency"),
        _computed(_MARKET, "market", kind=Kind.TEXT, choices=()),
        _computed(_DEPARTMENT, "department"),
        _computed(CUSTOMER_TYPE, "customer_type", kind=Kind.TEXT, choices=()),
        _computed(SERVICE, "service", kind=Kind.TEXT, choices=()),
        _computed(ANNUAL_AMOUNT, "amount"),
        replace(PERIOD, help=""),
        Column("counted", "Compté dans le réalisé", Kind.TEXT, computed=True, width=34),
    ),
)
DEALS_LEFT_OUT = SheetSchema(
    name=DEAL_CONTRACTS_SHEET,
    columns=(
        DEAL_CONTRACTS.column("deal_id"),
        DEAL_CONTRACTS.column("prospect_id"),
        DEAL_CONTRACTS.column("name"),
        DEAL_CONTRACTS.column("contract"),
        Column("reason", "Motif", Kind.TEXT, computed=True, width=60),
    ),
)

# `Marchés et zones` (issue 17): revenue by market, agency and department, and each
# market's share of the fixed costs and break-even.
VIEW = SheetSchema(
    name=VIEWS_SHEET,
    columns=(
        Column("group", "Regroupement", Kind.TEXT, computed=True, width=26),
        Column("month_objective", "Objectif du mois", Kind.NUMBER, computed=True, number_format=AMOUNT, width=12),
        Column("month_actual", "Réalisé du mois", Kind.NUMBER, computed=True, number_format=AMOUNT, width=12),
        Column("month_achievement", "Taux de réalisation du mois", Kind.NUMBER, computed=True, number_format=PERCENT,
               width=12),
        Column("ytd_objective", "Objectif cumulé", Kind.NUMBER, computed=True, number_format=AMOUNT, width=12),
        Column("ytd_actual", "Réalisé cumulé", Kind.NUMBER, computed=True, number_format=AMOUNT, width=12),
        Column("ytd_achievement", "Taux de réalisation cumulé", Kind.NUMBER, computed=True, number_format=PERCENT,
               width=12),
    ),
)
MARKET_BREAKEVEN = SheetSchema(
    name=VIEWS_SHEET,
    columns=(
        _computed(_MARKET, "market", kind=Kind.TEXT, choices=(), width=26),
        Column("key_revenue", "Base de la clé (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=13),
        Column("share", "Part des charges fixes", Kind.NUMBER, computed=True, number_format=PERCENT, width=12),
        Column("fixed", "Charges fixes réparties (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=14),
        Column("breakeven", "Seuil de rentabilité (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=14),
        Column("revenue", "CA de l'année (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=13),
        Column("margin", "Marge de sécurité (k€)", Kind.NUMBER, computed=True, number_format=AMOUNT, width=13),
        Column("index", "Indice de sécurité", Kind.NUMBER, computed=True, number_format=PERCENT, width=11),
    ),
)
