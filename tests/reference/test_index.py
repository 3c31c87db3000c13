"""The packaged commune index is exactly what the official lists give (issue 14, point 3)."""

from __future__ import annotations

import sqlite3
from importlib import resources

from hypothesis import given
from hypothesis import strategies as st

from sicxl.reference.build import build
from sicxl.reference.communes import INDEX, communes
from sicxl.reference.names import epci_core, fold_commune, starts_with_words
from tests.conftest import SHARED

TABLES = ("commune", "postal_code", "delegated", "former_code", "epci")


def _rows(db: sqlite3.Connection, table: str) -> list[tuple]:
    return db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


def test_the_packaged_index_is_a_fresh_build_of_the_shared_data():
    packaged = sqlite3.connect(":memory:")
    packaged.deserialize(resources.files("sicxl.reference").joinpath(INDEX).read_bytes())
    fresh = build(SHARED / "data")
    for table in TABLES:
        assert _rows(packaged, table) == _rows(fresh, table), f"{table}: run python -m sicxl.reference.build"


def test_the_index_holds_every_list_of_the_source():
    ref = communes()
    assert len(ref) == 34969
    assert sum(1 for c in ref.all() if c.department == "78") == 259
    assert sum(c.population or 0 for c in ref.all() if c.department == "95") == 1281653
    assert ref.get("78646").name == "Versailles" and ref.get("78646").postal_codes == ("78000",)
    assert ref.current_of("78524").name == "Le Chesnay-Rocquencourt"
    assert [(f.name, f.kind, f.current.insee) for f in ref.former_named("chesnay")] == [
        ("Le Chesnay", "deleguee", "78158")]
    (agglo,) = ref.intercommunalities_named("cergy pontoise", "cergy pontoise")
    assert agglo.name == "CA de Cergy-Pontoise" and len(agglo.members) == 13


def test_names_are_folded_the_way_people_type_them():
    assert fold_commune("ST-GERMAIN EN LAYE") == fold_commune("Saint-Germain-en-Laye") == "saint germain en laye"
    assert fold_commune("Le Chesnay") == "chesnay" and fold_commune("L'Haÿ-les-Roses") == "hay les roses"
    assert fold_commune("Cœuvres-et-Valsery") == fold_commune("Coeuvres et Valsery")
    assert epci_core("CA de Cergy-Pontoise") == epci_core("Communauté d'agglomération de Cergy-Pontoise") \
        == epci_core("Cergy-Pontoise Agglo") == "cergy pontoise"
    assert epci_core("CU Caen la Mer") == "caen la mer" and epci_core("Métropole du Grand Paris") == "grand paris"
    assert starts_with_words("herblay sur seine", "herblay") and not starts_with_words("herblay sur seine", "herbl")


_TYPED = st.lists(st.sampled_from(["st", "ste", "le ", "la ", "les ", "l'", "l’", "-", " ", "œ", "é", "saint", "cedex",
                                    "a", "b", "9", "(", "St", "LE "]), max_size=12).map("".join)


@given(_TYPED)
def test_folding_takes_each_shortcut_only_where_the_rule_gives_the_same(typed):
    """fold_commune tries its patterns only where they may apply: the rule itself
    (module docstring of sicxl.reference.names), applied in full, agrees."""
    import re

    from sicxl.reference.names import _ARTICLE, _LIGATURES, _SAINT, _SAINTS
    from sicxl.values import fold

    text = _ARTICLE.sub("", _SAINT.sub(lambda m: _SAINTS[m.group(1)], fold(typed).translate(_LIGATURES)))
    assert fold_commune(typed) == " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


def test_the_index_answers_from_several_threads():
    """The add-in's server calls cell functions from worker threads."""
    from concurrent.futures import ThreadPoolExecutor

    ref = communes()
    with ThreadPoolExecutor(4) as pool:
        names = list(pool.map(lambda code: ref.get(code).name, ["78646", "95018", "78498", "95500"] * 25))
    assert names[:4] == ["Versailles", "Argenteuil", "Poissy", "Pontoise"]


def test_the_communes_of_a_file_are_loaded_in_a_few_queries_and_answered_from_memory():
    """A large file's codes, current, former and unknown, two thousand of them:
    once prefetched, every answer is the one a query would give, without a query."""
    from sicxl.reference.communes import open_index

    data = resources.files("sicxl.reference").joinpath(INDEX).read_bytes()
    codes = [*list(communes().by_insee)[:2000:2], "78524", "99999", "2A004", None, 75056]
    fresh, asked = open_index(data), open_index(data)
    queries: list[str] = []
    fresh._db.set_trace_callback(queries.append)
    fresh.prefetch(codes)
    assert 1 < len(queries) <= 3
    queries.clear()
    answers = [fresh.get(code) for code in codes if isinstance(code, str)]
    assert queries == []
    assert answers == [asked.get(code) for code in codes if isinstance(code, str)]
    assert fresh.get("78524") is None and fresh.current_of("78524").name == "Le Chesnay-Rocquencourt"
    assert fresh.get("2A004").name == "Ajaccio"
