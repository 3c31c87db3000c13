"""The prospect workbook (WORKBOOKS.md section 1): sheet `Prospects` and `Paramètres`."""

from __future__ import annotations

from sicxl.schema.base import Column, Kind, SheetSchema

SEGMENTS = ("Collectivité", "Habitat public", "Habitat privé", "Tertiaire", "Santé", "Industrie")
HEATS = ("Froid", "Tiède", "Chaud")
YES_NO = ("oui", "non")
CATEGORIES = ("Accessible", "Important", "Stratégique")
UNQUALIFIED = "À qualifier"  # the category of a row whose potential cannot be estimated
CATEGORY_CELLS = (*CATEGORIES, UNQUALIFIED)  # what a `Catégorie` cell may hold
STATUSES = ("Valide", "À compléter", "Doublon", "NPAI", "Opposition")
RELATION_PROSPECT, RELATION_CLIENT, RELATION_FORMER = "Prospect", "Client", "Ancien client"
RELATIONS = (RELATION_PROSPECT, RELATION_CLIENT, RELATION_FORMER)

TEXT = "@"
INTEGER = "# ##0"
DATE = "dd/mm/yyyy"

PARAMETERS = SheetSchema(
    name="Paramètres",
    aliases=("Parametres", "Paramétrage"),
    columns=(
        Column("parameter", "Paramètre", Kind.TEXT, required=True, width=34),
        Column("value", "Valeur", Kind.NUMBER, required=True, width=12),
        Column("comment", "Commentaire", Kind.TEXT, aliases=("Explication", "Description"), width=80),
    ),
)

PROSPECTS = SheetSchema(
    name="Prospects",
    table="tblProspects",
    aliases=("Fichier prospects", "Prospection"),
    identity=(("id",), ("name", "city")),
    settings=PARAMETERS,
    columns=(
        Column("id", "ID", Kind.TEXT, required=True, width=10,
               aliases=("Identifiant", "ID prospect", "N° prospect", "N°", "Réf.", "Réf. prospect", "Code prospect",
                        "Code client", "N° client", "ID client")),
        Column("name", "Raison sociale", Kind.TEXT, required=True, width=30,
               aliases=("Nom", "Organisme", "Nom de l'organisme", "Collectivité", "Société", "Entreprise",
                        "Établissement", "Dénomination", "Nom du prospect", "Prospect", "Client", "Structure",
                        "Organisation", "Raison soc.")),
        Column("segment", "Type", Kind.CHOICE, choices=SEGMENTS, width=16,
               aliases=("Segment", "Type de client", "Marché", "Secteur", "Typologie", "Type de prospect",
                        "Type de structure", "Type d'organisme", "Catégorie de client")),
        Column("siren", "SIREN", Kind.CODE, number_format=TEXT, width=12,
               aliases=("N° SIREN", "Code SIREN")),
        Column("insee", "Code INSEE", Kind.CODE, number_format=TEXT, width=11,
               aliases=("INSEE", "Code commune", "Code INSEE commune", "COG", "Code géographique")),
        Column("postal_code", "Code postal", Kind.CODE, number_format=TEXT, width=11,
               aliases=("CP", "Code postal commune", "CP commune", "Code post.")),
        Column("city", "Commune", Kind.TEXT, width=22,
               aliases=("Ville", "Localité", "Nom de la commune", "Nom commune", "Libellé commune", "Ville / commune")),
        Column("department", "Département", Kind.CODE, number_format=TEXT, width=11,
               aliases=("Dépt", "Code département", "N° département")),
        Column("address", "Adresse", Kind.TEXT, width=30,
               aliases=("Adresse postale", "Rue", "Voie", "Adresse 1", "Adresse ligne 1", "Numéro et rue")),
        Column("population", "Population", Kind.INTEGER, number_format=INTEGER, width=12,
               aliases=("Habitants", "Nombre d'habitants", "Population municipale", "Population légale",
                        "Population totale", "Population INSEE")),
        Column("pools", "Piscines", Kind.INTEGER, aliases=("Nombre de piscines",), width=9),
        Column("ice_rinks", "Patinoires", Kind.INTEGER, aliases=("Nombre de patinoires",), width=9),
        Column("gyms", "Gymnases", Kind.INTEGER, aliases=("Nombre de gymnases", "Salles de sport"), width=9),
        Column("other_venues", "Autres ERP", Kind.INTEGER, aliases=("ERP", "Autres équipements", "Nombre d'ERP"),
               width=9),
        Column("provider_energy", "Prestataire énergie", Kind.TEXT, width=16,
               aliases=("Énergie", "Fournisseur énergie", "Exploitant énergie", "Exploitant chauffage")),
        Column("provider_water", "Prestataire eau", Kind.TEXT, width=16,
               aliases=("Eau", "Fournisseur eau", "Exploitant eau", "Délégataire eau")),
        Column("provider_transport", "Prestataire transport", Kind.TEXT, width=16,
               aliases=("Transport", "Transporteur", "Exploitant transport", "Délégataire transport")),
        Column("provider_waste", "Prestataire déchets", Kind.TEXT, width=16,
               aliases=("Déchets", "Collecte des déchets", "Exploitant déchets")),
        Column("decision_maker", "Décideur", Kind.TEXT, width=22,
               aliases=("Contact", "Interlocuteur", "Nom du contact", "Contact principal", "Personne à contacter",
                        "Décisionnaire", "Nom du décideur")),
        Column("role", "Fonction", Kind.TEXT, aliases=("Titre", "Poste", "Fonction du contact", "Qualité"), width=20),
        Column("phone", "Téléphone", Kind.TEXT, number_format=TEXT, width=15,
               aliases=("Téléphone fixe", "Standard", "Portable", "Mobile", "N° de téléphone", "Tél. standard",
                        "Téléphone du contact", "GSM")),
        Column("email", "E-mail", Kind.TEXT, width=26,
               aliases=("Courriel", "Mail", "Adresse e-mail", "Adresse mail", "Mél", "Adresse électronique",
                        "E-mail du contact", "Courriel du contact")),
        Column("undeliverable", "NPAI", Kind.INTEGER, width=7,
               aliases=("N'habite pas à l'adresse indiquée", "Retours NPAI", "Courriers revenus", "Retour courrier")),
        Column("opt_out", "Opposition", Kind.YES_NO, choices=YES_NO, width=11,
               aliases=("Opposition RGPD", "Refus", "Ne pas contacter", "Stop prospection", "Refus de prospection")),
        Column("owner", "Commercial", Kind.TEXT, width=16,
               aliases=("Responsable", "Vendeur", "Chargé d'affaires", "Chargée d'affaires", "Commerciale",
                        "Commercial en charge", "Suivi par", "Chargé de clientèle", "Attaché commercial")),
        Column("last_contact", "Dernier contact", Kind.DATE, number_format=DATE, width=13,
               aliases=("Date dernier contact", "Dernier appel", "Date de contact", "Dernière relance")),
        Column("heat", "Température", Kind.CHOICE, choices=HEATS, width=12,
               aliases=("Chaleur", "Intérêt", "Niveau d'intérêt")),
        Column("relation", "Statut client", Kind.CHOICE, choices=RELATIONS,
               aliases=("Relation", "Statut commercial", "Client ou prospect"), width=13,
               help="Prospect, Client ou Ancien client ; vide : déduit des affaires signées et de leur date de fin."),
        Column("potential", "Potentiel CA (k€)", Kind.NUMBER, computed=True,
               aliases=("Potentiel CA", "Potentiel", "Potentiel (k€)"), number_format="# ##0", width=12),
        Column("score", "Score", Kind.INTEGER, computed=True, number_format="0", width=8),
        Column("category", "Catégorie", Kind.CHOICE, computed=True, choices=CATEGORY_CELLS, width=13),
        Column("factors", "Facteurs", Kind.TEXT, computed=True, width=48),
        Column("issues", "Anomalies", Kind.TEXT, computed=True, width=60),
        Column("duplicate_of", "Doublon de", Kind.TEXT, computed=True, width=28),
        Column("status", "Statut", Kind.CHOICE, computed=True, choices=STATUSES, width=12),
    ),
)
