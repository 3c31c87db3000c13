"""French wording of how a sheet's table was read: its headers, the columns pinned
in `Paramètres`, and the rows typed under an Excel table."""

from __future__ import annotations

from collections.abc import Sequence

from sicxl.values import quote

NO_COLUMN = ("aucune", "aucun", "-", "non", "neant")  # a pin saying that no column holds the field (folded)
PIN_PREFIX = "Colonne"  # a `Paramètres` line "Colonne Population" pins the Population column


def read_as(text: str, header: str, pinned: bool = False) -> str:
    """"« Nb habitants » lu comme Population"."""
    return f"{quote(text)} lu comme {header}" + (" (indiqué dans Paramètres)" if pinned else "")


def repeated_column(header: str, kept: str, kept_col: str, others: Sequence[tuple[str, str]]) -> str:
    listed = ", ".join(f"{quote(text)} ({col})" for text, col in others)
    return (f"Plusieurs colonnes peuvent être « {header} » : {quote(kept)} ({kept_col}) est lue, pas {listed} ; "
            f"pour en lire une autre, écrivez dans Paramètres la ligne « {PIN_PREFIX} {header} » avec son en-tête")


def pin_not_found(header: str, wanted: str, cell: str) -> str:
    return (f"Paramètres : « {PIN_PREFIX} {header} » indique {quote(wanted)}, mais aucune colonne ne porte "
            f"cet en-tête ; la colonne est cherchée comme d'habitude ({cell})")


def pin_unknown_field(name: str, cell: str) -> str:
    return f"Paramètres : {quote(name)} ne désigne aucune colonne connue du fichier, la ligne est ignorée ({cell})"


def pin_empty(header: str, cell: str) -> str:
    return (f"Paramètres : « {PIN_PREFIX} {header} » est vide ; indiquez l'en-tête de la colonne à lire, "
            f"ou « aucune » ({cell})")


def _rows(rows: Sequence[int]) -> str:
    if len(rows) == 1:
        return f"La ligne {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"Les lignes {rows[0]} à {rows[-1]}"
    return "Les lignes " + ", ".join(map(str, rows[:-1])) + f" et {rows[-1]}"


def rows_under_table(rows: Sequence[int], table: str, widened: bool) -> str:
    """Rows typed just under an Excel table, read with the list."""
    verb = "sont tapées" if len(rows) > 1 else "est tapée"
    read = "lues" if len(rows) > 1 else "lue"
    done = (" ; le tableau est agrandi pour les inclure, comme Excel le fait quand on tape sous un tableau"
            if widened else " ; agrandissez le tableau dans Excel pour les y inclure")
    return f"{_rows(list(rows))} {verb} sous le tableau « {table} » : {read} avec la liste{done}."


def rows_under_totals(rows: Sequence[int], table: str) -> str:
    """Rows typed under a table's total row: Excel would not take them in either."""
    verb, them = ("ne sont pas lues", "les") if len(rows) > 1 else ("n'est pas lue", "la")
    return (f"{_rows(list(rows))}, sous la ligne de total du tableau « {table} », {verb} : "
            f"insérez-{them} dans le tableau, au-dessus du total.")


def total_line(row: int, table: str) -> str:
    return f"La ligne {row}, sous le tableau « {table} », est une ligne de total : elle n'est pas lue comme un prospect."
