"""The headless command line: `sicxl <job> WORKBOOK`, `sicxl demo [DIR]`.

Users are assistants on a file server, not programmers: every outcome is a
French sentence, never a traceback. Exit codes: 0 the job ran (anomalies
included), 2 the workbook could not be processed.

The parser is built from the job catalogue (sicxl.jobs), and the file shell is
imported once the arguments are read: `sicxl --help` imports no business area,
and a job imports only its own (bench/startup_bench.py measures both).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Iterator, NoReturn, Sequence

from sicxl import __version__
from sicxl.crash_log import write_crash_log
from sicxl.jobs import job_catalogue
from sicxl.jobs.base import Job, JobResult, Option
from sicxl.messages import cli as msg
from sicxl.values import ValueProblem, parse_date, parse_month

EXIT_OK = 0
EXIT_WORKBOOK = 2
log = logging.getLogger("sicxl")


def _option_type(option: Option) -> Any:
    def typed(parse: Any) -> Any:
        def convert(text: str) -> Any:
            try:
                return parse(text)
            except ValueProblem as problem:
                raise argparse.ArgumentTypeError(str(problem)) from None

        return convert

    return {
        "int": int,
        "date": typed(parse_date),
        "month": typed(parse_month),
        "path": Path,
        "workbook": Path,
    }.get(option.kind, str)


def _add_job_parser(commands: Any, job: Job) -> None:
    parser = commands.add_parser(job.name, help=job.label, description=f"sicxl {job.name} : {job.label}.")
    parser.add_argument("workbook", type=Path, metavar="CLASSEUR", help=msg.HELP_WORKBOOK)
    parser.add_argument("--out", type=Path, metavar="FICHIER", help=msg.HELP_OUT)
    parser.add_argument("--report", type=Path, metavar="RAPPORT.json", help=msg.HELP_REPORT)
    parser.add_argument("--today", type=_option_type(Option("today", "", "date")), metavar="JJ/MM/AAAA",
                        help=msg.HELP_TODAY)
    for option in job.options:
        flag = "--" + option.name.replace("_", "-")
        if option.kind == "flag":
            parser.add_argument(flag, dest=option.name, action="store_true", help=option.help)
        else:
            parser.add_argument(flag, dest=option.name, type=_option_type(option),
                                metavar=msg.METAVARS.get(option.kind, "VALEUR"), help=option.help)
    parser.set_defaults(job=job)


def _french(text: str) -> str:
    return msg.ARGPARSE.get(text, text)


argparse._ = _french  # argparse looks its sentences up through this module-level gettext alias


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sicxl", description=msg.DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"sicxl {__version__}")
    parser.add_argument("--debug", action="store_true", help=msg.HELP_DEBUG)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    for job in job_catalogue().values():
        _add_job_parser(commands, job)
    demo = commands.add_parser("demo", help=msg.HELP_DEMO)
    demo.add_argument("folder", nargs="?", type=Path, default=Path("demo"), help=msg.HELP_DEMO_FOLDER)
    _add_server_parsers(commands)
    return parser


class ProgressBar:
    """A progress bar on the terminal for long runs; silent when output is a file."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: a job forks only in a single-thread process
            self._bar = tqdm(total=total, desc=step, unit="étape", leave=False, file=sys.stderr)
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _write_json(path: Path, data: dict[str, Any], written: Path | None) -> bool:
    """A JSON report, written atomically; when it cannot be, a French sentence
    that says what did happen to the workbook (`written`: it was saved)."""
    from sicxl.workbook import WorkbookError
    from sicxl.workbook.saving import atomic_write_bytes

    try:
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    except WorkbookError as error:
        print(msg.report_not_written(path, str(error), written), file=sys.stderr)
        return False
    return True


def _write_report(path: Path, result: JobResult, workbook: Path, target: Path | None) -> bool:
    data = {"workbook": str(workbook), "written": str(target) if target else None, **result.report.as_dict()}
    return _write_json(path, data, target)


def _job_command(args: argparse.Namespace) -> int:
    from sicxl.runner import run_job

    job: Job = args.job
    options = {o.name: getattr(args, o.name, None) for o in job.options}
    progress = ProgressBar()
    try:
        run = run_job(job, args.workbook, args.out, options, args.today, progress)
    finally:
        progress.close()
    result, target = run.result, run.written
    # the report first: a reader of the output that goes away must not cost it
    reported = not args.report or _write_report(args.report, result, args.workbook, target)
    print(msg.job_title(job.label, args.workbook))
    print(result.report.text())
    print(msg.saved(target) if target else msg.nothing_written(args.workbook))
    return EXIT_OK if reported and not run.other_kind else EXIT_WORKBOOK


def _demo_command(args: argparse.Namespace) -> int:
    from sicxl.samples import demo

    for line in demo.run(args.folder):
        print(line)
    return EXIT_OK


# -- file-server commands: split, merge, regenerate (issue 8, sicxl.server) -----------------


class _SplitBy:
    """`split --by`'s choices, taken from the schema when argparse checks a value
    or names the choices in its error: the schema of the file-server sheets is not
    worth importing at the start of every job (10 ms). With a metavar, building
    the parser does not list them."""

    @staticmethod
    def _choices() -> tuple[str, ...]:
        from sicxl.schema.portfolio import BY_CHOICES

        return BY_CHOICES

    def __contains__(self, value: object) -> bool:
        return value in self._choices()

    def __iter__(self) -> Iterator[str]:
        return iter(self._choices())


def _add_server_parsers(commands: Any) -> None:
    from sicxl.messages import portfolio as pmsg

    split = commands.add_parser("split", help=pmsg.HELP_SPLIT, description=pmsg.HELP_SPLIT)
    split.add_argument("workbook", type=Path, help=pmsg.HELP_SPLIT_WORKBOOK)
    split.add_argument("--out", type=Path, required=True, help=pmsg.HELP_SPLIT_OUT)
    split.add_argument("--by", choices=_SplitBy(), metavar="CRITÈRE", help=pmsg.HELP_SPLIT_BY)
    split.add_argument("--pattern", help=pmsg.HELP_PATTERN)
    split.add_argument("--no-compute", action="store_true", help=pmsg.HELP_NO_COMPUTE)
    split.add_argument("--today", type=_option_type(Option("today", "", "date")), help=msg.HELP_TODAY)
    split.set_defaults(server_command=_split_command)
    merge = commands.add_parser("merge", help=pmsg.HELP_MERGE, description=pmsg.HELP_MERGE)
    merge.add_argument("master", type=Path, help=pmsg.HELP_MERGE_MASTER)
    merge.add_argument("copies", type=Path, nargs="+", help=pmsg.HELP_MERGE_COPIES)
    merge.add_argument("--report", type=Path, help=msg.HELP_REPORT)
    merge.set_defaults(server_command=_merge_command)
    regenerate = commands.add_parser("regenerate", help=pmsg.HELP_REGENERATE, description=pmsg.HELP_REGENERATE)
    regenerate.add_argument("folder", type=Path, help=pmsg.HELP_FOLDER)
    regenerate.add_argument("--dry-run", action="store_true", help=pmsg.HELP_DRY_RUN)
    regenerate.add_argument("--report", type=Path, help=pmsg.HELP_REGENERATE_REPORT)
    regenerate.add_argument("--wait", type=float, default=600.0, help=pmsg.HELP_WAIT)
    regenerate.add_argument("--today", type=_option_type(Option("today", "", "date")), help=msg.HELP_TODAY)
    regenerate.set_defaults(server_command=_regenerate_command)


def _split_command(args: argparse.Namespace) -> int:
    from sicxl.messages import portfolio as pmsg
    from sicxl.server.regenerate import regenerate
    from sicxl.server.split import split_workbook

    from sicxl.schema.portfolio import FILE_PATTERN

    result = split_workbook(args.workbook, args.out, args.by, FILE_PATTERN if args.pattern is None else args.pattern)
    print(pmsg.split_title(args.workbook))
    print("\n".join(result.lines()))
    if result.written and not args.no_compute:
        report = regenerate(args.out, args.today, paths=list(result.written.values()))
        print(report.text())
        return EXIT_WORKBOOK if report.failed else EXIT_OK
    return EXIT_OK


def _merge_command(args: argparse.Namespace) -> int:
    from sicxl.messages import portfolio as pmsg
    from sicxl.server.merge import merge

    report = merge(args.master, args.copies)
    print(pmsg.merge_title(args.master))
    print("\n".join(report.lines()))
    if args.report and not _write_json(args.report, report.as_dict(), report.written):
        return EXIT_WORKBOOK
    return EXIT_WORKBOOK if report.refused else EXIT_OK  # a refused copy is a workbook not processed


def _regenerate_command(args: argparse.Namespace) -> int:
    from sicxl.messages import portfolio as pmsg
    from sicxl.server.regenerate import regenerate, write_reports
    from sicxl.workbook import WorkbookError

    if not args.folder.is_dir():
        raise WorkbookError(pmsg.folder_not_found(args.folder))
    report = regenerate(args.folder, args.today, args.dry_run, args.wait)
    json_path = args.report or (None if args.dry_run else args.folder / pmsg.REPORT_FILE)
    code = EXIT_WORKBOOK if report.failed else EXIT_OK
    written, failure = None, None
    if json_path is not None:  # a dry run writes no report file unless asked where
        try:  # before printing: a reader of the output that goes away must not cost the report
            written = write_reports(report, json_path)
        except WorkbookError as error:
            failure, code = msg.run_report_not_written(json_path, str(error)), EXIT_WORKBOOK
    print(report.text())
    if written is not None:
        print(pmsg.report_written(json_path, written))
    if failure is not None:
        print(failure, file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None, *, ending: bool = False) -> int:
    """The command; `ending` when the process ends with it (`run`): a job then
    leaves the cyclic collector off. A job already runs with it paused
    (sicxl.memory), and resumed, its first pass would walk every object of the
    run, its imports included, just before the process ends (0.06 s after
    10,000 rows) to find nothing: a job leaves no cyclic garbage (measured: 0
    objects after a qualify, tests/test_memory.py). The file-server commands
    keep it: `split` builds a copy after another with openpyxl, whose cells and
    sheets refer to each other."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s")
    if ending and args.command != "demo" and not hasattr(args, "server_command"):
        gc.disable()
    from sicxl.workbook import WorkbookError

    try:
        if args.command == "demo":
            return _demo_command(args)
        if hasattr(args, "server_command"):
            return args.server_command(args)
        return _job_command(args)
    except WorkbookError as error:
        print(str(error), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        return _closed_pipe()
    except OSError as error:  # the disk, the rights: a sentence, not a traceback
        print(msg.system_error(error), file=sys.stderr)
        return EXIT_WORKBOOK
    except Exception:  # the last barrier: no traceback reaches a user
        log_path = write_crash_log()
        if args.debug:
            traceback.print_exc()
        print(msg.internal_error(log_path), file=sys.stderr)
        return EXIT_WORKBOOK


def _closed_pipe() -> int:
    """The reader of our output went away (`sicxl regenerate | head`): end quietly.
    Python would report the failed flush of stdout at exit: point it at nothing."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def run() -> NoReturn:
    """The `sicxl` command: `main`, then out of the process at once. Python would
    otherwise free the run's objects one by one before exiting (0.15 s after a
    10,000-row file, half a second after 100,000) where the system frees the
    whole process in one go. By then every file a run writes is closed (each is
    written inside a `with`) and every child it started has ended; the output
    streams and the log are flushed here. Tests call `main`."""
    code = main(ending=True)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone away (_closed_pipe)
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
