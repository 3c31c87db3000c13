"""Well-formedness of XML given chunk by chunk: the check a written part must pass
before it may replace a user's file (verify.py).

Expat with namespaces on and no handlers: a C-speed scan that still catches what
makes Excel refuse a part (bad nesting, unbound prefixes). A streamed sheet is
scanned as it is produced (packager.py), while another thread compresses it: the
scan then costs no second inflate of 150 MB of XML, and verify.py only has to tie
the bytes on disk to the scanned ones by their CRC.
"""

from __future__ import annotations

from typing import BinaryIO
from xml.parsers import expat

_SLICE = 1 << 18


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


class Tee:
    """Writes every chunk to each of `sinks`, in order."""

    def __init__(self, *sinks: BinaryIO) -> None:
        self.sinks = sinks

    def write(self, chunk: bytes) -> int:
        for sink in self.sinks:
            sink.write(chunk)
        return len(chunk)
