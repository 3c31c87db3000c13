"""Benchmark of `sicxl split` and `sicxl merge` on a realistic master (issues 8, 13, 17).

Generates (once, cached in the temp folder) a prospect workbook of N prospects in
`tblProspects`, N calls in `tblAppels` and N/5 deals in `tblAffaires`, owned by the
sample's four salespeople, then measures in this same process (only ratios
against a baseline run beside them mean something on a shared machine):
  - baseline: openpyxl's own load + save of the master;
  - split: one copy per salesperson (`--by Commercial`, without recomputing the
    copies, as `sicxl split --no-compute` does);
  - merge: one copy brought back after its holder changed 1 % of his prospects'
    decision-makers and typed 50 new prospects, 100 new calls and 20 new deals
    (the copy is edited by openpyxl, outside the measure).
Prints each time and its ratio to the baseline; `--repeat N` runs split and
merge N times each and prints their medians.

    python -m bench.portfolio_bench [--rows 100000] [--repeat 1]   (from the repository root)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from bench.generate import CACHE, prospect_rows
from bench.qualify_bench import _timed, baseline, print_runs
from sicxl.samples.prospects import OWNERS
from sicxl.schema.campaigns import CALLS, DEALS, RESULTS
from sicxl.schema.prospects import PROSPECTS
from sicxl.table import column_letter

CALL_KEYS = ("date", "prospect_id", "contact", "result", "notes")
DEAL_KEYS = ("deal_id", "prospect_id", "service", "amount", "stage", "date", "owner")
NOW = dt.datetime(2026, 11, 2, 8, 0)


def _table_sheet(book: Workbook, name: str, table: str, headers: list[str], rows: list[list[object]]) -> None:
    sheet = book.create_sheet(name)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    ref = f"A1:{column_letter(len(headers))}{len(rows) + 1}"
    excel_table = Table(displayName=table, ref=ref)
    excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    excel_table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
    sheet.add_table(excel_table)


def master_workbook(count: int) -> Path:
    """The path of a cached master of `count` prospects with calls and deals."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"master-{count}.xlsx"
    if path.exists():
        return path
    rng = random.Random(11)
    prospects = prospect_rows(count)
    ids = [row[0] for row in prospects]
    owner_at = [c.key for c in PROSPECTS.user_columns].index("owner")
    owner_of = {row[0]: row[owner_at] for row in prospects}
    calls = [[dt.datetime(2026, 1 + i % 10, 1 + i % 28), ids[rng.randrange(count)], f"M. Contact {i}",
              rng.choice(RESULTS), f"Appel {i}"] for i in range(count)]
    deals = []
    for i in range(count // 5):
        prospect = ids[rng.randrange(count)]
        deals.append([f"AF-{i + 1}", prospect, "P1 énergie", rng.randrange(20, 900), "Proposition",
                      dt.datetime(2026, 1 + i % 10, 1 + i % 28), owner_of[prospect]])
    book = Workbook(write_only=True)
    _table_sheet(book, PROSPECTS.name, PROSPECTS.table or "", [c.header for c in PROSPECTS.user_columns], prospects)
    _table_sheet(book, CALLS.name, CALLS.table or "", [CALLS.header(k) for k in CALL_KEYS], calls)
    _table_sheet(book, DEALS.name, DEALS.table or "", [DEALS.header(k) for k in DEAL_KEYS], deals)
    book.save(path)
    return path


def split_copies(master: Path, folder: Path) -> dict[str, Path]:
    from sicxl.server.split import split_workbook

    result = split_workbook(master, folder, by="Commercial", now=NOW)
    return {p.name: path for p, path in result.written.items()}


def edit_copy(path: Path, owner: str) -> None:
    """What a salesperson does in a month: 1 % of decision-makers changed, new rows typed
    under the tables (inside them, as Excel grows a table when one types under it)."""
    book = load_workbook(path)
    prospects = book[PROSPECTS.name]
    header = [c.value for c in prospects[1]]
    decider = header.index(PROSPECTS.header("decision_maker")) + 1
    for row in range(2, prospects.max_row + 1, 100):
        prospects.cell(row=row, column=decider, value=f"Mme Nouvelle {row}")
    width = len(header)
    for n in range(50):
        values = {"name": f"Nouvelle mairie {n}", "segment": "Collectivité", "city": "Versailles",
                  "insee": "78646", "owner": owner, "decision_maker": f"M. Nouveau {n}"}
        prospects.append([values.get(c.key) for c in PROSPECTS.user_columns])
    _grow(prospects, PROSPECTS.table, width)
    own_ids = [prospects.cell(row=r, column=1).value for r in range(2, 200)]
    calls = book[CALLS.name]
    for n in range(100):
        calls.append([dt.datetime(2026, 11, 3), own_ids[n], f"Mme Rappel {n}", RESULTS[0], f"Nouvel appel {n}"])
    _grow(calls, CALLS.table, len(CALL_KEYS))
    deals = book[DEALS.name]
    for n in range(20):
        deals.append([None, own_ids[n], "P2 entretien", 40 + n, "Contact", dt.datetime(2026, 11, 3), owner])
    _grow(deals, DEALS.table, len(DEAL_KEYS))
    book.save(path)


def _grow(sheet, name: str | None, width: int) -> None:
    sheet.tables[name].ref = f"A1:{column_letter(width)}{sheet.max_row}"


def merged(master: Path, copy: Path) -> None:
    from sicxl.server.merge import merge

    merge(master, [copy])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    source = master_workbook(args.rows)
    work = Path(tempfile.mkdtemp(prefix="sicxl-portfolio-bench-"))
    os.environ.setdefault("SICXL_STATE_DIR", str(work / "state"))
    try:
        master = work / "prospects.xlsx"
        shutil.copy(source, master)
        base = baseline(master)
        splits, merges = [], []
        for run in range(args.repeat):
            shutil.copy(source, master)
            folder = work / f"copies-{run}"
            splits.append(_timed(lambda: split_copies(master, folder)))
            copy = folder / f"prospects - {OWNERS[0]}.xlsx"
            edit_copy(copy, OWNERS[0])
            merges.append(_timed(lambda: merged(master, copy)))
        print(f"prospects: {args.rows:,} (+ {args.rows:,} calls, {args.rows // 5:,} deals)  "
              f"file: {source.stat().st_size / 1e6:.1f} MB")
        print(f"baseline openpyxl load+save: {base:7.2f} s")
        print_runs("split --by Commercial:", splits, base, digits=2)
        print_runs("merge of one copy:", merges, base, digits=2)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
