"""Prospect files as a new team types them the first time (issue 14).

`assistant_file` is the file of the issue: 30 real communes of Yvelines (78) and
Val-d'Oise (95), typed by hand with an assistant's headers ("N°", "CP", "Ville",
"Dépt", "Tél.", "E-mail", "Nb habitants", "Commercial"), a title above the
headers, a column of her own ("Remarques"), no INSEE code column, and the
communes as people write them: Sannois with Argenteuil's postal code, "Le
Chesnay" (now Le Chesnay-Rocquencourt), "Herblay" (renamed Herblay-sur-Seine),
"Cergy-Pontoise" (an intercommunality), "Montigny" with its département only, a
typo ("Franconvile").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import openpyxl
from openpyxl.worksheet.table import Table, TableStyleInfo

TITLE = "Prospection collectivités Yvelines / Val-d'Oise — 2026"
HEADERS = ["N°", "Raison sociale", "CP", "Ville", "Dépt", "Tél.", "E-mail", "Nb habitants", "Commercial", "Remarques"]
# N°, Raison sociale, CP, Ville, Dépt, Tél., E-mail, Nb habitants, Commercial, Remarques
COMMUNES_30: list[list[Any]] = [
    ["1", "Mairie de Versailles", "78000", "Versailles", "78", "01 30 97 80 00", "dst@versailles.fr", 84095,
     "Claire Morel", "RDV DGS en janvier"],
    ["2", "Mairie de Sannois", "95100", "Sannois", "95", "01 39 98 20 00", "contact@ville-sannois.fr", 26924,
     "Julien Caron", None],
    ["3", "Mairie du Chesnay", "78150", "Le Chesnay", None, "01 39 23 19 00", "technique@lechesnay.fr", None,
     "Claire Morel", "fusion avec Rocquencourt ?"],
    ["4", "Mairie d'Herblay", "95220", "Herblay", "95", "01 30 40 47 00", "mairie@herblay.fr", None,
     "Julien Caron", None],
    ["5", "Agglomération de Cergy-Pontoise", "95000", "Cergy-Pontoise", "95", "01 34 41 42 43",
     "contact@cergypontoise.fr", 217763, "Sophie Marchand", "Président à rencontrer"],
    ["6", "Mairie de Montigny", None, "Montigny", "78", "01 39 30 31 32", "dst@montigny78.fr", 32465,
     "Antoine Lefèvre", None],
    ["7", "Mairie de Saint-Germain-en-Laye", "78100", "Saint-Germain-en-Laye", "78", "01 30 87 20 00",
     "dst@saintgermainenlaye.fr", 45931, "Claire Morel", None],
    ["8", "Mairie de Poissy", "78300", "Poissy", "78", "01 39 22 55 00", "energie@ville-poissy.fr", 40983,
     "Antoine Lefèvre", None],
    ["9", "Mairie d'Argenteuil", "95100", "Argenteuil", "95", "01 34 23 41 00", "dst@ville-argenteuil.fr", 106130,
     "Julien Caron", "gros dossier chauffage urbain"],
    ["10", "Mairie de Sartrouville", "78500", "Sartrouville", "78", "01 30 86 39 00", "dgs@sartrouville.fr", 52763,
     "Antoine Lefèvre", None],
    ["11", "Mairie de Mantes-la-Jolie", "78200", "Mantes-la-Jolie", "78", "01 34 78 81 00",
     "technique@manteslajolie.fr", 43526, "Antoine Lefèvre", None],
    ["12", "Mairie de Pontoise", "95300", "Pontoise", "95", "01 34 43 34 43", "dst@ville-pontoise.fr", 31970,
     "Sophie Marchand", None],
    ["13", "Mairie de Conflans-Sainte-Honorine", "78700", "Conflans-Sainte-Honorine", "78", "01 34 90 89 89",
     "dst@mairie-conflans.fr", 36958, "Claire Morel", None],
    ["14", "Mairie de Rambouillet", "78120", "Rambouillet", "78", "01 34 83 21 21", "contact@rambouillet.fr", 27724,
     "Claire Morel", None],
    ["15", "Mairie de Houilles", "78800", "Houilles", "78", "01 30 86 32 32", "dst@ville-houilles.fr", 33983,
     "Antoine Lefèvre", None],
    ["16", "Mairie de Plaisir", "78370", "Plaisir", "78", "01 30 79 63 00", "technique@ville-plaisir.fr", 31811,
     "Claire Morel", None],
    ["17", "Mairie de Trappes", "78190", "Trappes", "78", "01 30 69 18 18", "dst@mairie-trappes.fr", 34689,
     "Claire Morel", None],
    ["18", "Mairie des Mureaux", "78130", "Les Mureaux", "78", "01 30 91 37 37", "dst@lesmureaux.fr", 34632,
     "Antoine Lefèvre", None],
    ["19", "Mairie de Chatou", "78400", "Chatou", "78", "01 30 09 32 00", "energie@mairie-chatou.fr", 30598,
     "Antoine Lefèvre", None],
    ["20", "Mairie de Garges-lès-Gonesse", "95140", "Garges-lès-Gonesse", "95", "01 34 53 32 00",
     "dst@villedegarges.com", 41791, "Julien Caron", None],
    ["21", "Mairie de Bezons", "95870", "Bezons", "95", "01 79 87 62 00", "technique@mairie-bezons.fr", 36434,
     "Julien Caron", None],
    ["22", "Mairie d'Ermont", "95120", "Ermont", "95", "01 34 44 10 30", "dst@ville-ermont.fr", 29489,
     "Sophie Marchand", None],
    ["23", "Mairie de Villiers-le-Bel", "95400", "Villiers-le-Bel", "95", "01 34 29 28 00",
     "dst@ville-villiers-le-bel.fr", 30053, "Julien Caron", None],
    ["24", "Mairie de Taverny", "95150", "Taverny", "95", "01 30 40 50 60", "technique@ville-taverny.fr", 27593,
     "Sophie Marchand", None],
    ["25", "Mairie d'Eaubonne", "95600", "Eaubonne", "95", "01 34 27 26 26", "dst@eaubonne.fr", 26211,
     "Sophie Marchand", None],
    ["26", "Mairie de Franconville", "95130", "Franconvile", "95", "01 39 32 66 00", "dst@ville-franconville.fr",
     37754, "Sophie Marchand", None],
    ["27", "Mairie de Louveciennes", "78430", "Louveciennes", "78", "01 39 18 36 20", "mairie@louveciennes.fr",
     7110, "Claire Morel", None],
    ["28", "Mairie d'Auvers-sur-Oise", "95430", "Auvers-sur-Oise", "95", "01 30 36 70 30",
     "contact@auvers-sur-oise.fr", 6829, "Sophie Marchand", None],
    ["29", "Mairie de L'Isle-Adam", "95290", "L'Isle-Adam", "95", "01 34 08 19 19", "dst@ville-isle-adam.fr",
     12301, "Sophie Marchand", None],
    ["30", "Mairie de Maule", "78580", "Maule", "78", "01 30 90 49 00", "mairie@maule.fr", 6118,
     "Antoine Lefèvre", None],
]
ROW_OF = {row[0]: index for index, row in enumerate(COMMUNES_30, start=4)}  # N° -> worksheet row (title, blank, headers)


def _save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def assistant_file(path: Path, headers: Sequence[str] = HEADERS, rows: Sequence[Sequence[Any]] = COMMUNES_30,
                   title: bool = True) -> Path:
    """The issue's file: a title, a blank row, the assistant's headers, 30 communes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Feuil1"
    if title:
        sheet.append([TITLE])
        sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    return _save(book, path)


def without_column(header: str) -> tuple[list[str], list[list[Any]]]:
    """The assistant's headers and rows without one column."""
    index = HEADERS.index(header)
    return ([h for i, h in enumerate(HEADERS) if i != index],
            [[v for i, v in enumerate(row) if i != index] for row in COMMUNES_30])


def table_with_rows_under(path: Path, headers: Sequence[str], inside: Sequence[Sequence[Any]],
                          under: Sequence[Sequence[Any]], name: str = "tblProspects") -> Path:
    """An Excel table holding `inside`, with `under` typed just below it (a paste,
    or LibreOffice, leaves them outside the table)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospects"
    sheet.append(list(headers))
    for row in [*inside, *under]:
        sheet.append(list(row))
    last = openpyxl.utils.get_column_letter(len(headers))
    table = Table(displayName=name, ref=f"A1:{last}{len(inside) + 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)
    return _save(book, path)
