"""The prospect jobs end to end: tables in, writes and a French report out."""


from hypothesis import HealthCheck, given, settings, strategies as st

from sicxl.jobs.base import Context, MemorySource
from sicxl.jobs.prospects import dedupe_job, fill_job, qualify_job, score_job, validate_job
from sicxl.schema.prospects import PROSPECTS
from tests.conftest import TODAY, prospect_source

ROWS = [
    {"id": "P1", "name": "Mairie de Saint-Germain-en-Laye", "segment": "Collectivité", "phone": "01 39 22 55 00",
     "pools": 2, "heat": "Chaud", "decision_maker": "M. Jean Martin", "undeliverable": 0, "opt_out": "non"},
    {"id": "P2", "name": "ST GERMAIN EN LAYE (MAIRIE)", "segment": "Collectivité", "city": "Saint-Germain-en-Laye",
     "phone": "+33 1 39 22 55 00"},
    {"id": "P3", "name": "Centre hospitalier de Versailles", "segment": "Santé", "city": "Le Chesnay-Rocquencourt",
     "population": "douze", "email": "achats@ch-versailles.fr"},
    {"id": "P4", "name": "Mairie de Poissy", "segment": "Collectivité", "insee": "78498", "phone": "01 39 22 54 00",
     "undeliverable": 1},
    {"id": "P5", "name": "Mairie de Conflans-Sainte-Honorine", "segment": "Collectivité", "insee": "78172",
     "email": "dst@mairie-conflans.fr", "opt_out": "oui"},
]


def _columns(result):
    return {w.header or PROSPECTS.header(_key_of(w.col, result)): w for w in result.writes.columns}


def _key_of(col, result):
    return next(w.header for w in result.writes.columns if w.col == col)


def _qualified():
    return qualify_job(prospect_source(ROWS), Context(today=TODAY))


def test_qualify_writes_every_computed_column_after_the_user_columns():
    result = _qualified()
    computed = [w for w in result.writes.columns if w.header]
    assert [w.header for w in sorted(computed, key=lambda w: w.col)] == [c.header for c in PROSPECTS.computed_columns]
    first = min(w.col for w in computed)
    assert first == len(PROSPECTS.user_columns) + 1
    assert all(w.rows == [2, 3, 4, 5, 6] for w in computed)


def test_qualify_statuses_follow_the_priority_of_the_rules():
    status = next(w for w in _qualified().writes.columns if w.header == "Statut")
    assert status.values == ["Valide", "Doublon", "À compléter", "NPAI", "Opposition"]
    assert status.styles[0].fill and status.styles[1].fill != status.styles[0].fill


def test_qualify_fills_then_checks_then_points_duplicates():
    result = _qualified()
    fills = {w.col: dict(zip(w.rows, w.values)) for w in result.writes.columns if w.header is None}
    insee_col = list(PROSPECTS.keys).index("insee") + 1
    assert fills[insee_col] == {2: "78551", 3: "78551", 4: "78158"}
    duplicate = next(w for w in result.writes.columns if w.header == "Doublon de")
    assert duplicate.values[1].startswith("P1 (100")
    issues = next(w for w in result.writes.columns if w.header == "Anomalies")
    assert issues.values[0] is None
    assert "Population : « douze » n'est pas un nombre (J4)" in issues.values[2]


def test_report_summarises_in_french():
    text = _qualified().report.text()
    assert "Lignes lues : 5" in text
    assert "Cellules complétées" in text and "Doublons trouvés : 1" in text
    assert "Catégories : " in text and "Statuts : Valide 1" in text
    assert "Valeur illisible : 1" in text


def test_each_single_job_writes_only_its_own_columns():
    ctx = Context(today=TODAY)
    source = prospect_source(ROWS)
    assert {w.header for w in fill_job(source, ctx).writes.columns} == {None}
    assert {w.header for w in validate_job(source, ctx).writes.columns} == {"Anomalies", "Statut"}
    assert {w.header for w in dedupe_job(source, ctx).writes.columns} == {"Doublon de"}
    scored = score_job(source, ctx)
    assert {w.header for w in scored.writes.columns} == {"Potentiel CA (k€)", "Score", "Catégorie", "Facteurs"}
    assert [s.name for s in scored.writes.sheets] == ["Paramètres"]


def test_existing_computed_columns_are_rewritten_in_place():
    headers = ["id", "name", "Statut", "phone", "Anomalies"]
    rows = [{"id": "P1", "name": "Mairie de Poissy", "Statut": "ancien", "phone": "01 39 22 55 00",
             "Anomalies": "ancienne anomalie"}]
    result = validate_job(prospect_source(rows, headers), Context(today=TODAY))
    by_header = {w.header: w for w in result.writes.columns}
    assert by_header["Statut"].col == 3 and by_header["Anomalies"].col == 5
    assert by_header["Anomalies"].values == [None]


def test_a_workbook_without_prospects_is_reported_not_crashed():
    source = MemorySource.from_rows({"Feuil1": [["Bonjour"], ["rien ici"]]})
    result = qualify_job(source, Context(today=TODAY))
    assert not result.writes
    assert "Aucune feuille « Prospects »" in result.report.text()


def test_title_rows_merged_cells_and_empty_rows_are_tolerated():
    grid = [["Fichier prospects 2026 — service commercial", None, None], [None, None, None],
            ["ID", "Raison sociale", "Téléphone"], ["P1", "Mairie de Poissy", "01 39 22 55 00"],
            [None, None, None], ["P2", "Mairie d'Achères", "01 39 22 54 00"]]
    result = validate_job(MemorySource.from_rows({"Prospection": grid}), Context(today=TODAY))
    status = next(w for w in result.writes.columns if w.header == "Statut")
    assert status.rows == [4, 6] and status.header_row == 3
    assert "Colonnes absentes" in result.report.text()


cell = st.one_of(st.none(), st.text(max_size=15), st.integers(-10**9, 10**9), st.floats(allow_nan=True),
                 st.booleans(), st.dates(), st.sampled_from(["#N/A", "#DIV/0!", "=A1", "1 354 304", "12,5", "oui"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=len(PROSPECTS.user_columns), max_size=len(PROSPECTS.user_columns)),
                min_size=1, max_size=8))
def test_random_cells_never_crash_qualify(rows):
    headers = [c.header for c in PROSPECTS.user_columns]
    result = qualify_job(MemorySource.from_rows({"Prospects": [headers, *rows]}), Context(today=TODAY))
    for write in result.writes.columns:
        assert len(write.rows) == len(write.values)
    score = next((w for w in result.writes.columns if w.header == "Score"), None)
    if score is not None:
        assert all(0 <= s <= 100 if isinstance(s, int) else s.startswith("non estimé : ") for s in score.values)


def test_fill_alone_reports_homonyms_it_could_not_resolve():
    rows = [{"id": "P1", "name": "Mairie", "segment": "Collectivité", "city": "Saint-Martin"}]
    report = fill_job(prospect_source(rows), Context(today=TODAY)).report
    assert "Commune ambiguë : 1" in report.text()


def test_qualify_finds_the_same_duplicates_on_the_second_core(sample_prospects, monkeypatch):
    """A large file searches duplicates in a forked child: same writes as in-process;
    a file beyond ASIDE_MAX_ROWS searches them here (a fork would copy its memory)."""
    from sicxl.parallel import Aside, can_fork
    from sicxl.prospects import pipeline
    from sicxl.workbook import open_workbook

    forked = []

    class Watched(Aside):
        def result(self):
            forked.append(self.forked)
            return super().result()

    monkeypatch.setattr(pipeline, "Aside", Watched)

    def qualified(aside_rows: int, most_rows: int = 10**9):
        monkeypatch.setattr(pipeline, "ASIDE_ROWS", aside_rows)
        monkeypatch.setattr(pipeline, "ASIDE_MAX_ROWS", most_rows)
        with open_workbook(sample_prospects) as book:
            result = qualify_job(book, Context(today=TODAY))
        return {(w.header, w.col): (w.rows, w.values) for w in result.writes.columns}

    aside, here, too_large = qualified(0), qualified(10**9), qualified(0, most_rows=10)
    assert forked == [can_fork(), False, False]
    assert too_large == here
    _, duplicates = next(v for (header, _), v in here.items() if header == "Doublon de")
    assert any(duplicates)
    assert aside == here
