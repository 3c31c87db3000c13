"""Duplicates as users meet them: quality beside a peer, and a cost that grows with the rows (issue 19).

One run prints two tables, each measured in this same run:

1. Quality, on the labelled files of `bench/labelled.py` (real communes, 10 %
   corrupted duplicates, hard negatives) at `--quality` sizes (20,000 and
   100,000 rows): precision, recall and F1 of the pairs implied by the groups
   found, and the CPU, for sicxl's `search_duplicates` and for splink 5 (the
   `[bench]` extra: Fellegi-Sunter model trained by EM, blocking on postal code,
   commune, phone, e-mail and SIREN, clustered at `PEER_THRESHOLD`) on the same rows; then sicxl's recall by
   kind of corruption and its false pairs by kind of hard negative.
2. Scale, at `--scale` sizes (100,000 and 1,048,576 rows, Excel's limit): in a
   fresh process per measure, the CPU (threads and forked children included)
   and the peak memory (Pss of the process and of its forked child, summed,
   watched from outside) of the duplicate search alone, and of the whole `qualify`
   job on the same rows handed over as a sheet's grid (reading the table,
   fill, checks, duplicates, score, statuses), with the ratios to the first
   size (issue 19: within 12x the CPU of 100,000 rows and under 2.5 GB at
   1,048,576).

The files are generated once and cached in the temp folder (a million rows
take a few minutes to generate).

    python -m bench.dedupe_bench [--quality 20000 100000] [--scale 100000 1048576] [--no-peer]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

import pandas as pd

from bench.generate import CACHE
from bench.labelled import CORRUPTIONS, FALSE_PAIRS, Labelled, Quality, generate

TODAY = dt.date(2026, 11, 2)
SEED = 19
PEER_THRESHOLD = 0.9999
"""splink's match probability from which pairs are clustered: chosen on the labelled
20,000 rows among 0.9, 0.99, 0.999, 0.9999 for its best F1 (0.434, 0.576, 0.675,
0.891): a peer tuned on the answers, so a flattering one."""


def labelled(rows: int) -> Labelled:
    """The labelled file of `rows` rows, generated once and cached."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"labelled-{rows}-{SEED}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    data = generate(rows, SEED)
    with path.open("wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return data


def cpu_seconds() -> float:
    """CPU of this process, all its threads, and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mb() -> tuple[float, float]:
    """The peak resident memory of this process (Linux's VmHWM, reset by
    `reset_peak`) and of its largest finished child (forked: shares its parent's pages)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    status = Path("/proc/self/status")
    if status.exists():
        own = next(int(line.split()[1]) / 1024 for line in status.read_text().splitlines()
                   if line.startswith("VmHWM:"))
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def reset_peak() -> None:
    """Start the peak memory from now: what loading the cached file cost is not the job's."""
    gc.collect()
    clear = Path("/proc/self/clear_refs")
    if clear.exists():
        clear.write_text("5")


# --- quality ---------------------------------------------------------------------------------------


def sicxl_groups(frame: pd.DataFrame) -> tuple[list[set[int]], float, dict[str, int]]:
    from sicxl.prospects.dedupe import search_duplicates
    from sicxl.reference.communes import communes

    communes()  # the official list is loaded once per process, not per search
    started = cpu_seconds()
    search = search_duplicates(frame)
    cpu = cpu_seconds() - started
    members: dict[int, set[int]] = {}
    for match in search.matches.values():
        members.setdefault(match.original_row, {match.original_row}).add(match.row)
    return list(members.values()), cpu, search.counts


def _peer_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as a peer sees them after the usual standardisation: case,
    accents and punctuation folded; phones, e-mails and SIRENs parsed."""
    from sicxl.prospects import normalize as norm

    def folded(value: object) -> str | None:
        text = norm.cell_text(value)
        return " ".join(norm.fold_ascii(text).replace("-", " ").replace("'", " ").split()) if text else None

    columns = {"name": folded, "city": folded, "address": folded, "postal_code": norm.postal_code_key,
               "insee": norm.insee_key, "phone": norm.phone_key, "email": norm.email_key, "siren": norm.siren_key}
    table = pd.DataFrame({key: [make(v) for v in frame[key].tolist()] for key, make in columns.items()})
    table.insert(0, "unique_id", frame.index.to_numpy())
    return table


def splink_groups(frame: pd.DataFrame) -> tuple[list[set[int]], float] | None:
    """splink 5 on the same rows (None when the `[bench]` extra is not installed)."""
    try:
        import splink.comparison_library as cl
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    except ImportError:
        return None
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    table = _peer_table(frame)
    started = cpu_seconds()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[  # one place column: splink's model wants fields independent of each other
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.7]), cl.ExactMatch("postal_code"),
            cl.ExactMatch("phone"), cl.ExactMatch("email"), cl.ExactMatch("siren"),
            cl.JaroWinklerAtThresholds("address", [0.9]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("postal_code"), block_on("city"), block_on("phone"), block_on("email"), block_on("siren"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    database = DuckDBAPI()
    database._execute_sql_against_backend("SET enable_progress_bar = false")
    linker = Linker(database.register(table), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("siren"), block_on("name", "postal_code")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    for rule in (block_on("postal_code"), block_on("phone")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=PEER_THRESHOLD).as_pandas_dataframe()
    cpu = cpu_seconds() - started
    groups = clusters.groupby("cluster_id")["unique_id"].agg(set)
    return [set(map(int, g)) for g in groups if len(g) > 1], cpu


def quality(sizes: Iterable[int], peer: bool) -> None:
    print("| rows | tool | precision | recall | F1 | CPU |")
    print("|---|---|---|---|---|---|")
    details = []
    for rows in sizes:
        data = labelled(rows)
        groups, cpu, counts = sicxl_groups(data.frame)
        found = data.score(groups)
        print(_row(rows, "sicxl dedupe", found, cpu))
        details.append((rows, found, counts))
        if peer:
            outcome = splink_groups(data.frame)
            if outcome is None:
                print(f"| {rows:,} | splink | not installed: pip install -e '.[bench]' | | | |")
            else:
                print(_row(rows, "splink 5 (EM)", data.score(outcome[0]), outcome[1]))
    for rows, found, counts in details:
        print(f"\nsicxl at {rows:,} rows: {found.hits:,} of {found.found:,} pairs right, {found.truth:,} to find; "
              + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items()))
        print("  recall by corruption: " + ", ".join(
            f"{kind} {hit / total:.3f} ({total})" for kind in CORRUPTIONS
            for hit, total in [found.by_corruption[kind]] if total))
        print("  false pairs by kind:  " + ", ".join(f"{kind} {found.false_pairs.get(kind, 0)}" for kind in FALSE_PAIRS))


def _row(rows: int, tool: str, found: Quality, cpu: float) -> str:
    return f"| {rows:,} | {tool} | {found.precision:.3f} | {found.recall:.3f} | {found.f1:.3f} | {cpu:.1f} s |"


# --- scale -----------------------------------------------------------------------------------------


def measure(rows: int, what: str) -> dict[str, float]:
    """In this (fresh) process: CPU and peak memory of the search or of qualify on `rows` rows.

    pandas keeps the texts it infers as it does on a user's install, which has no
    pyarrow (the `[bench]` extra brings it, for splink): pyarrow-backed texts
    cost other memory and time."""
    pd.set_option("mode.string_storage", "python")
    data = labelled(rows)
    from sicxl.reference.communes import communes

    communes()
    if what == "search":
        from sicxl.prospects.dedupe import search_duplicates

        frame = data.frame
        del data
        reset_peak()
        _started()
        started = cpu_seconds()
        search_duplicates(frame)
    else:
        from sicxl.jobs.base import Context, MemorySource
        from sicxl.jobs.prospects import qualify_job
        from sicxl.schema.prospects import PROSPECTS
        from sicxl.table import Grid

        frame = data.frame
        grid = [[PROSPECTS.header(key) for key in frame.columns], *frame.itertuples(index=False, name=None)]
        del data, frame
        reset_peak()
        _started()
        started = cpu_seconds()
        qualify_job(MemorySource({PROSPECTS.name: Grid(grid)}), Context(today=TODAY))
    cpu = cpu_seconds() - started
    own, child = peak_mb()
    return {"cpu": cpu, "peak_mb": own, "child_peak_mb": child}


def _started() -> None:
    """Tell the watching parent that the measure starts (`_measured_apart`)."""
    flag = os.environ.get("SICXL_BENCH_STARTED")
    if flag:
        Path(flag).touch()


def scale(sizes: list[int]) -> None:
    for rows in sizes:
        labelled(rows)  # generated and cached before anything is measured
    print(f"\n| measure | {' | '.join(f'{rows:,} rows' for rows in sizes)} | ratio |")
    print(f"|---|{'---|' * len(sizes)}---|")
    for what in ("search", "qualify"):
        results = [_measured_apart(rows, what) for rows in sizes]
        label = "duplicate search" if what == "search" else "qualify (in memory)"
        cpus = [r["cpu"] for r in results]
        print(f"| {label}: CPU | {' | '.join(f'{c:.1f} s' for c in cpus)} | {cpus[-1] / cpus[0]:.1f}x |")
        peaks = [r["pss_mb"] for r in results]
        print(f"| {label}: peak memory | {' | '.join(f'{p:,.0f} MB' for p in peaks)} | {peaks[-1] / peaks[0]:.1f}x |")
    print(f"(rows ratio {sizes[-1] / sizes[0]:.1f}x; peak memory: the Pss of the process and of the child it forks, "
          "summed, the data it is handed included)")


def _measured_apart(rows: int, what: str) -> dict[str, float]:
    """`measure` in a fresh process, whose memory is watched from here: the sum of
    the proportional set sizes (Pss: shared pages split between their sharers)
    of the process and of the child it forks, at its highest while the job runs.
    A watching thread inside would forbid the fork (`sicxl.parallel`)."""
    with tempfile.TemporaryDirectory() as folder:
        started = Path(folder) / "started"
        process = subprocess.Popen([sys.executable, "-m", "bench.dedupe_bench", "--measure", str(rows), what],
                                   stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
                                   env={**os.environ, "SICXL_BENCH_STARTED": str(started)})
        peak = 0.0
        while process.poll() is None:
            if started.exists():
                peak = max(peak, _tree_pss_mb(process.pid))
            time.sleep(0.05)
        out = process.stdout.read() if process.stdout else ""
    if process.returncode:
        raise RuntimeError(f"measure {rows} {what} failed")
    return {**json.loads(out.splitlines()[-1]), "pss_mb": peak}


def _tree_pss_mb(pid: int) -> float:
    """Pss of a process and its children, in MB (0 for what has ended meanwhile)."""
    total = 0.0
    try:
        children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                    for c in (task / "children").read_text().split()]
        for process in (pid, *children):
            for line in Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", type=int, nargs="*", default=[20_000, 100_000])
    parser.add_argument("--scale", type=int, nargs="*", default=[100_000, 1_048_576])
    parser.add_argument("--no-peer", action="store_true", help="sicxl alone, without splink")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(int(args.measure[0]), args.measure[1])))
        return
    started = time.perf_counter()
    if args.quality:
        quality(args.quality, peer=not args.no_peer)
    if args.scale:
        scale(args.scale)
    print(f"\n(bench ran {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
