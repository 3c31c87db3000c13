"""The templates and samples shipped in `workbooks/`, rebuilt by one command:

    python -m sicxl.samples.workbooks workbooks/

Each workbook exists twice: the empty template (`prospects.xlsx`) that a team
starts from, and a realistic sample (`exemple_prospects.xlsx`) to try every job on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sicxl.samples.demo import SAMPLES


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in SAMPLES:
        for path, is_sample in ((folder / sample.file_name, False), (folder / f"exemple_{sample.file_name}", True)):
            sample.build(path, sample=is_sample)
            written.append(path)
    return written


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "workbooks")):
        print(written)
