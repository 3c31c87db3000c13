"""Columns that describe a deal or a contract, shared by every workbook that lists them.

The prospect workbook's `Affaires` sheet and the dashboard's `Contrats` sheet
(WORKBOOKS.md sections 1 and 2) carry the same facts about a signed contract:
which service line it is (P1-P4), its yearly amount and its number, and (issue
17) when it starts and ends and how long before its end it must be renegotiated
or denounced (the notice, "préavis", of French service contracts). Declaring
the columns once here keeps the headers spelled once.
"""

from __future__ import annotations

from sicxl.schema.base import Column, Kind

# The four service lines of an energy-services contract, as French contracts name them:
# P1 supply of energy, P2 maintenance, P3 total guarantee (parts replacement),
# P4 major renewal works financed over the contract.
SERVICES = ("P1 énergie", "P2 entretien", "P3 garantie totale", "P4 gros renouvellement")

CONTRACT_NUMBER = Column("contract", "N° contrat", Kind.TEXT, aliases=("Numéro de contrat", "Contrat", "N° de contrat"),
                         number_format="@", width=12)
SERVICE = Column("service", "Prestation", Kind.CHOICE, required=True, choices=SERVICES,
                 aliases=("Type de contrat", "Poste", "Type de prestation"), width=22,
                 help="P1 énergie, P2 entretien, P3 garantie totale ou P4 gros renouvellement ; « P1 » suffit.")
ANNUAL_AMOUNT = Column("amount", "Montant annuel (k€)", Kind.NUMBER, required=True,
                       aliases=("Montant annuel", "Montant (k€)", "Montant", "CA annuel (k€)"),
                       number_format="#,##0", width=14)

DATE = "dd/mm/yyyy"
START = Column("start", "Date de début", Kind.DATE, aliases=("Début", "Début du contrat", "Date d'effet"),
               number_format=DATE, width=12, help="Facultatif : à défaut, le contrat court depuis sa signature.")
END = Column("end", "Date de fin", Kind.DATE, aliases=("Fin", "Fin du contrat", "Échéance", "Date d'échéance"),
             number_format=DATE, width=12,
             help="Fin du contrat : l'agenda l'annonce quand elle approche (horizon dans Paramètres).")
NOTICE = Column("notice", "Préavis (mois)", Kind.INTEGER, aliases=("Préavis", "Délai de préavis"), number_format="0",
                width=9, help="Mois avant la fin où le contrat doit être renégocié ou dénoncé ; 0 ou vide : aucun.")
CONTRACT_DATES = (START, END, NOTICE)
