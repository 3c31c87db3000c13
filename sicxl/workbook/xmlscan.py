"""Well-formedness of XML given chunk by chunk: the check a written part must pass
before it may replace a user's file (verify.py).

Expat with namespaces on and no handlers: a C-speed scan that still catches what
makes Excel refuse a part (bad nesting, unbound prefixes). A streamed sheet is
scanned as it is produced (packager.py), while another thread compresses it: the
scan then costs no second inflate of 150 MB of XML, and verify.py only has to tie
the bytes on disk to the scanned ones by their CRC.

Expat holds the GIL, so in this process the scan of a 150 MB sheet is a second of
the writing thread's time. `ProcessScan` runs the same scan in a child Python fed
through a pipe, on the core the writing thread does not use. A scan that could not
be completed (no child, a child that died) answers False, like a malformed part: the
part is then not counted as scanned, and verify.py scans it again from the disk.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import BinaryIO
from xml.parsers import expat

from sicxl.workbook.background import BackgroundWriter

_SLICE = 1 << 18
_WELL_FORMED = b"ok"
# The child dies with its parent (Linux's PR_SET_PDEATHSIG; `ppid` checked after, in
# case the parent died first): never left behind after a kill, holding the pipe.
_CHILD = f"""
import os, sys
from xml.parsers import expat
if sys.platform.startswith("linux"):
    import ctypes
    ctypes.CDLL(None).prctl(1, 9)
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)
parser = expat.ParserCreate(namespace_separator=" ")
read = sys.stdin.buffer.read
try:
    while chunk := read({1 << 20}):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
except expat.ExpatError:
    sys.exit(1)
sys.stdout.buffer.write({_WELL_FORMED!r})
"""


class XmlScan:
    """A file-like sink: write() the document's bytes in order, then close()."""

    def __init__(self) -> None:
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self.ok = True

    def write(self, chunk: bytes) -> int:
        view = memoryview(chunk)
        # In slices: expat keeps the GIL while it parses, and the thread compressing
        # the same bytes needs it back between its chunks.
        for start in range(0, len(view), _SLICE):
            if not self.ok:
                break
            try:
                self._parser.Parse(view[start: start + _SLICE], False)
            except expat.ExpatError:
                self.ok = False
        return len(chunk)

    def close(self) -> bool:
        """True when everything written makes one well-formed document."""
        if self.ok:
            try:
                self._parser.Parse(b"", True)
            except expat.ExpatError:
                self.ok = False
        return self.ok


class ProcessScan:
    """XmlScan's interface, the parsing done by a child process.

    The pipe is fed from a second thread (background.BackgroundWriter): a pipe
    holds 64 KB, so written directly the child would parse only while the writing
    thread waits on it, and the two would take turns instead of overlapping."""

    def __init__(self) -> None:
        self._feeder: BackgroundWriter | None = None
        self._child: subprocess.Popen[bytes] | None = None
        if getattr(sys, "frozen", False):  # a bundled app: sys.executable is not a Python
            return
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _CHILD, str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))  # no console flash on Windows
        except OSError:
            return
        assert self._child.stdin is not None
        self._feeder = BackgroundWriter(self._child.stdin, name="xml-scan-feeder").start()

    def write(self, chunk: bytes) -> int:
        if self._feeder is not None:
            try:
                self._feeder.write(chunk)
            except OSError:  # the child stopped reading: it found an error, or died
                self._stop()
        return len(chunk)

    def close(self) -> bool:
        """True when the child read everything and found one well-formed document."""
        if self._child is None or self._feeder is None:
            return False
        try:
            self._feeder.finish()
            answer, _ = self._child.communicate()
        except OSError:
            self._stop()
            return False
        return self._child.returncode == 0 and answer == _WELL_FORMED

    def _stop(self) -> None:
        assert self._child is not None and self._feeder is not None
        self._child.kill()
        self._feeder.finish(failed=True)  # drains what is queued, raises nothing
        self._child.wait()
        self._child = self._feeder = None

    def __enter__(self) -> ProcessScan:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Leaves neither a child nor a feeding thread behind, even when the writing
        failed before close() (a thread left running would also forbid forking)."""
        if self._child is not None and self._feeder is not None and self._child.returncode is None:
            self._stop()


class Tee:
    """Writes every chunk to each of `sinks`, in order."""

    def __init__(self, *sinks: BinaryIO) -> None:
        self.sinks = sinks

    def write(self, chunk: bytes) -> int:
        for sink in self.sinks:
            sink.write(chunk)
        return len(chunk)
