"""Benchmark of the lossless package writer (issue 9).

Generates (once, cached in the temp folder) a 100,000-row x 30-column prospect-like
workbook with openpyxl, then measures in separate processes, so that each peak
memory figure is its own:
  - baseline: openpyxl load + save of the file (what a plain writer costs);
  - writer: python-calamine read of the sheet + write_package of 7 computed
    columns over every row (+ verify_package, reported apart);
  - rerun: the same writes on the writer's own output (cells now overwritten);
  - untouched sheets: the writer on a copy holding three more copies of the sheet,
    which it must leave alone: its peak memory must not grow with them.
Prints the ratio writer / baseline (target <= 0.25, stretch 0.1).

    python -m bench.writer_bench [--rows 100000]      (from the repository root)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS, COLUMNS, COMPUTED = 100_000, 30, 7
CACHE = Path(tempfile.gettempdir()) / "sicxl-bench"


def generate(path: Path, rows: int) -> None:
    """A prospect file: text, codes, numbers and dates, as users keep them."""
    import openpyxl

    rng = random.Random(7)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Prospects")
    sheet.append([f"Colonne {c}" for c in range(1, COLUMNS + 1)])
    towns = ["Cergy", "Pontoise", "Poissy", "Versailles", "Argenteuil", "Sartrouville", "Mantes-la-Jolie"]
    for r in range(rows):
        row = [f"P{r:06d}", f"Mairie de {rng.choice(towns)}", "Collectivité", f"{rng.randrange(10**8, 10**9)}",
               f"95{rng.randrange(1000):03d}", rng.randrange(500, 120000), rng.randrange(0, 4),
               dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))]
        row += [rng.choice([rng.random() * 1000, f"note {rng.randrange(99)}", None]) for _ in range(COLUMNS - len(row))]
        sheet.append(row)
    book.save(path)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_baseline(path: Path) -> dict:
    import openpyxl

    start = time.perf_counter()
    book = openpyxl.load_workbook(path)
    loaded = time.perf_counter()
    book.save(path.with_name("baseline-out.xlsx"))
    end = time.perf_counter()
    return {"load": loaded - start, "save": end - loaded, "total": end - start, "peak_mb": _peak_mb()}


def computed_writes(rows: int):
    from sicxl.writes import ColumnWrite, Style, Writes

    numbers = list(range(2, rows + 2))
    score = [(r * 37) % 101 for r in range(rows)]
    red, green = Style(fill="FFC7CE", font_color="9C0006"), Style(fill="C6EFCE", font_color="006100")
    columns = [
        ([round(s * 1.7, 1) for s in score], "Potentiel CA (k€)", None, Style(number_format="#,##0.0")),
        (score, "Score", [green if s >= 50 else red for s in score], None),
        (["Stratégique" if s > 70 else "Important" if s > 40 else "Accessible" for s in score], "Catégorie", None, None),
        ([f"Population {s}% ; piscines" for s in score], "Facteurs", None, Style(wrap=True)),
        ([None if s % 3 else "SIREN invalide (D%d)" % (i + 2) for i, s in enumerate(score)], "Anomalies", None, None),
        ([dt.date(2025, 1, 1) + dt.timedelta(days=s) for s in score], "Vérifié le", None, None),
        (["Valide" if s % 5 else "À compléter" for s in score], "Statut", None, None),
    ]
    return Writes(columns=[
        ColumnWrite("Prospects", COLUMNS + 1 + k, numbers, values, header=header, header_row=1,
                    styles=styles, style=style, width=14)
        for k, (values, header, styles, style) in enumerate(columns)
    ])


def run_writer(path: Path, rows: int, target: Path) -> dict:
    import python_calamine

    from sicxl.workbook.packager import write_package
    from sicxl.workbook.verify import verify_package

    writes = computed_writes(rows)
    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    book.get_sheet_by_name("Prospects").to_python()
    book.close()
    read = time.perf_counter()
    changes = write_package(path, writes, target)
    written = time.perf_counter()
    problems = verify_package(path, target, changes)
    verified = time.perf_counter()
    assert not problems, problems
    return {"read": read - start, "write": written - read, "total": written - start,
            "verify": verified - written, "peak_mb": _peak_mb(),
            "size_mb": target.stat().st_size / 1e6}


def child(args: argparse.Namespace) -> None:
    path = Path(args.path)
    result = run_baseline(path) if args.child == "baseline" else run_writer(path, args.rows, Path(args.target))
    print(json.dumps(result))


def measure(kind: str, path: Path, rows: int, target: Path | None = None) -> dict:
    command = [sys.executable, "-m", "bench.writer_bench", "--child", kind, "--path", str(path), "--rows", str(rows)]
    if target is not None:
        command += ["--target", str(target)]
    out = subprocess.run(command, check=True, capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    return json.loads(out.strip().splitlines()[-1])


_WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_untouched_sheets(path: Path, count: int) -> Path:
    """A copy of `path` with `count` more sheets, each a copy of its first one."""
    import zipfile

    target = path.with_name(f"{path.stem}-plus{count}.xlsx")
    if target.exists():
        return target
    extra = range(1, count + 1)
    additions = {
        "xl/workbook.xml": ("</sheets>", "".join(
            f'<sheet xmlns:r="{_R}" name="Copie {k}" sheetId="{100 + k}" r:id="rIdCopy{k}"/>' for k in extra)),
        "xl/_rels/workbook.xml.rels": ("</Relationships>", "".join(
            f'<Relationship Id="rIdCopy{k}" Type="{_WORKSHEET_TYPE}" Target="worksheets/copy{k}.xml"/>'
            for k in extra)),
        "[Content_Types].xml": ("</Types>", "".join(
            f'<Override PartName="/xl/worksheets/copy{k}.xml" ContentType="{_WORKSHEET_CONTENT}"/>' for k in extra)),
    }
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            if name in additions:
                end, added = additions[name]
                data = data.replace(end.encode(), added.encode() + end.encode())
            out.writestr(name, data)
        sheet = source.read("xl/worksheets/sheet1.xml")
        for k in extra:
            out.writestr(f"xl/worksheets/copy{k}.xml", sheet)
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--child")
    parser.add_argument("--path")
    parser.add_argument("--target")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"prospects-{args.rows}x{COLUMNS}.xlsx"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(path, args.rows)
    print(f"workbook: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    first, second = CACHE / "writer-out.xlsx", CACHE / "writer-rerun.xlsx"
    for stale in (first, second):
        stale.unlink(missing_ok=True)
    base = measure("baseline", path, args.rows)
    print(f"openpyxl load+save: {base['total']:.2f} s (load {base['load']:.2f}, save {base['save']:.2f}), "
          f"peak {base['peak_mb']:.0f} MB")
    for label, source, target in (("writer", path, first), ("rerun", first, second)):
        res = measure("writer", source, args.rows, target)
        print(f"{label}: calamine read {res['read']:.2f} s + write_package {res['write']:.2f} s = {res['total']:.2f} s "
              f"-> ratio {res['total'] / base['total']:.3f} (target <= 0.25); verify_package {res['verify']:.2f} s; "
              f"peak {res['peak_mb']:.0f} MB; output {res['size_mb']:.1f} MB")
    crowded = with_untouched_sheets(path, 3)
    res = measure("writer", crowded, args.rows, CACHE / "writer-plus3.xlsx")
    print(f"with 3 untouched copies of the sheet ({crowded.stat().st_size / 1e6:.1f} MB): write_package "
          f"{res['write']:.2f} s; peak {res['peak_mb']:.0f} MB; output {res['size_mb']:.1f} MB")


if __name__ == "__main__":
    main()
