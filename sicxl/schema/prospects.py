"""The prospect workbook (WORKBOOKS.md section 1): sheet `Prospects` and `Paramètres`."""

from __future__ import annotations

from sicxl.schema.base import Column, Kind, SheetSchema

SEGMENTS = ("Collectivité", "Habitat public", "Habitat privé", "Tertiaire", "Santé", "Industrie")
HEATS = ("Froid", "Tiède", "Chaud")
YES_NO = ("oui", "non")
CATEGORIES = ("Accessible", "Important", "Stratégique")
STATUSES = ("Valide", "À compléter", "Doublon", "NPAI", "Opposition")
RELATION_PROSPECT, RELATION_CLIENT, RELATION_FORMER = "Prospect", "Client", "Ancien client"
RELATIONS = (RELATION_PROSPECT, RELATION_CLIENT, RELATION_FORMER)

TEXT = "@"
INTEGER = "# ##0"
DATE = "dd/mm/yyyy"

PROSPECTS = SheetSchema(
    name="Prospects",
    table="tblProspects",
    aliases=("Fichier prospects", "Prospection"),
    columns=(
        Column("id", "ID", Kind.TEXT, required=True, aliases=("Identifiant", "ID prospect", "N° prospect"), width=10),
        Column("name", "Raison sociale", Kind.TEXT, required=True,
               aliases=("Nom", "Organisme", "Nom de l'organisme", "Collectivité"), width=30),
        Column("segment", "Type", Kind.CHOICE, choices=SEGMENTS, aliases=("Segment", "Type de client", "Marché"), width=16),
        Column("siren", "SIREN", Kind.CODE, aliases=("N° SIREN", "Numéro SIREN"), number_format=TEXT, width=12),
        Column("insee", "Code INSEE", Kind.CODE, aliases=("INSEE", "Code commune"), number_format=TEXT, width=11),
        Column("postal_code", "Code postal", Kind.CODE, aliases=("CP", "Code postal commune"), number_format=TEXT, width=11),
        Column("city", "Commune", Kind.TEXT, aliases=("Ville", "Localité"), width=22),
        Column("department", "Département", Kind.CODE, aliases=("Dépt", "Dept", "Dpt"), number_format=TEXT, width=11),
        Column("address", "Adresse", Kind.TEXT, aliases=("Adresse postale", "Rue"), width=30),
        Column("population", "Population", Kind.INTEGER, aliases=("Habitants", "Nombre d'habitants"),
               number_format=INTEGER, width=12),
        Column("pools", "Piscines", Kind.INTEGER, aliases=("Piscine", "Nb piscines"), width=9),
        Column("ice_rinks", "Patinoires", Kind.INTEGER, aliases=("Patinoire", "Nb patinoires"), width=9),
        Column("gyms", "Gymnases", Kind.INTEGER, aliases=("Gymnase", "Nb gymnases"), width=9),
        Column("other_venues", "Autres ERP", Kind.INTEGER, aliases=("ERP", "Autres équipements"), width=9),
        Column("provider_energy", "Prestataire énergie", Kind.TEXT, aliases=("Énergie",), width=16),
        Column("provider_water", "Prestataire eau", Kind.TEXT, aliases=("Eau",), width=16),
        Column("provider_transport", "Prestataire transport", Kind.TEXT, aliases=("Transport",), width=16),
        Column("provider_waste", "Prestataire déchets", Kind.TEXT, aliases=("Déchets",), width=16),
        Column("decision_maker", "Décideur", Kind.TEXT, aliases=("Contact", "Interlocuteur"), width=22),
        Column("role", "Fonction", Kind.TEXT, aliases=("Titre", "Poste"), width=20),
        Column("phone", "Téléphone", Kind.TEXT, aliases=("Tél", "Tel", "Téléphone fixe"), number_format=TEXT, width=15),
        Column("email", "E-mail", Kind.TEXT, aliases=("Email", "Courriel", "Mail", "Adresse e-mail"), width=26),
        Column("undeliverable", "NPAI", Kind.INTEGER, aliases=("N'habite pas à l'adresse indiquée", "Retours NPAI"),
               width=7),
        Column("opt_out", "Opposition", Kind.YES_NO, choices=YES_NO, aliases=("Opposition RGPD", "Refus"), width=11),
        Column("owner", "Commercial", Kind.TEXT, aliases=("Responsable", "Vendeur", "Chargé d'affaires"), width=16),
        Column("last_contact", "Dernier contact", Kind.DATE, aliases=("Date dernier contact",),
               number_format=DATE, width=13),
        Column("heat", "Température", Kind.CHOICE, choices=HEATS, aliases=("Temperature", "Chaleur"), width=12),
        Column("relation", "Statut client", Kind.CHOICE, choices=RELATIONS,
               aliases=("Relation", "Statut commercial", "Client ou prospect"), width=13,
               help="Prospect, Client ou Ancien client ; vide : déduit des affaires signées et de leur date de fin."),
        Column("potential", "Potentiel CA (k€)", Kind.NUMBER, computed=True,
               aliases=("Potentiel CA", "Potentiel", "Potentiel (k€)"), number_format="# ##0", width=12),
        Column("score", "Score", Kind.INTEGER, computed=True, number_format="0", width=8),
        Column("category", "Catégorie", Kind.CHOICE, computed=True, choices=CATEGORIES, width=13),
        Column("factors", "Facteurs", Kind.TEXT, computed=True, width=48),
        Column("issues", "Anomalies", Kind.TEXT, computed=True, width=60),
        Column("duplicate_of", "Doublon de", Kind.TEXT, computed=True, width=28),
        Column("status", "Statut", Kind.CHOICE, computed=True, choices=STATUSES, width=12),
    ),
)

PARAMETERS = SheetSchema(
    name="Paramètres",
    aliases=("Parametres", "Paramétrage"),
    columns=(
        Column("parameter", "Paramètre", Kind.TEXT, required=True, width=34),
        Column("value", "Valeur", Kind.NUMBER, required=True, width=12),
        Column("comment", "Commentaire", Kind.TEXT, aliases=("Explication", "Description"), width=80),
    ),
)
