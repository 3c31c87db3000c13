"""The ribbon's writes go to the largest ranges they can (addin/book_writer.py),
covering exactly the cells and styles the job asked for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from addin.book_writer import TEXT_MARK, cell_value, style_blocks, width_runs
from sicxl.writes import Formula, Style

STYLES = st.sampled_from([Style(number_format="0.0%"), Style(fill="C6EFCE"), Style(bold=True, font_color="9C0006"),
                          Style(number_format="#,##0")])
CELLS = st.dictionaries(st.tuples(st.integers(1, 12), st.integers(1, 8)), STYLES, max_size=60)


@given(CELLS)
def test_style_blocks_cover_each_styled_cell_once_with_its_style(styles):
    covered: dict[tuple[int, int], Style] = {}
    for top, left, bottom, right, style in style_blocks(styles):
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                assert (row, col) not in covered
                covered[(row, col)] = style
    assert covered == styles


def test_a_styled_table_becomes_a_few_rectangles():
    header = {(1, c): Style(bold=True, fill="1F4E78") for c in range(1, 9)}
    body = {(r, c): Style(number_format="#,##0") for r in range(2, 40) for c in range(2, 9)}
    labels = {(r, 1): Style(bold=True) for r in range(2, 40)}
    assert len(style_blocks({**header, **body, **labels})) == 3


@given(st.dictionaries(st.integers(1, 30), st.sampled_from([9.0, 12.0, 40.0]), max_size=30))
def test_width_runs_give_each_column_its_width(widths):
    assert {c: w for first, last, w in width_runs(widths) for c in range(first, last + 1)} == widths


def test_text_goes_behind_the_text_mark_and_formulas_as_formulas():
    assert cell_value("01053") == TEXT_MARK + "01053" and cell_value("") == ""
    assert cell_value(Formula("=SUM(A1:A3)")) == "=SUM(A1:A3)" and cell_value(12.5) == 12.5
