"""A file-like that hands what is written to it to another one, from a second thread.

The writing thread renders a sheet in Python, holding the GIL; its consumers
(zlib-ng deflating the bytes, the pipe to the XML scan's child process) work
without it. Handing them chunks through a short queue lets them work on one chunk
while the next is rendered, instead of in turns. At most `depth` chunks wait, so
memory stays bounded.
"""

from __future__ import annotations

import queue
import threading
from typing import Protocol, Self


class Sink(Protocol):
    def write(self, chunk: bytes, /) -> object: ...


class BackgroundWriter:
    """`sink.write` called for every chunk, in order, on a second thread; its first
    failure is raised in the writing thread, at its next write or at the end."""

    def __init__(self, sink: Sink, depth: int = 2, name: str = "sicxl-writer") -> None:
        self.sink = sink
        self.chunks: queue.Queue[bytes | None] = queue.Queue(depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._drain, name=name, daemon=True)

    def start(self) -> Self:
        self.thread.start()
        return self

    def finish(self, failed: bool = False) -> None:
        """Wait until every chunk is handed on; raise the sink's failure unless the
        writing itself `failed` (its own exception is then the one that matters)."""
        self.chunks.put(None)
        self.thread.join()
        if self.error is not None and not failed:
            raise self.error

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.finish(failed=exc_info[0] is not None)

    def _drain(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    self.sink.write(chunk)
                except BaseException as error:  # noqa: BLE001 - re-raised in the writing thread;
                    # this one keeps draining, or a full queue would block that thread forever
                    self.error = error

    def write(self, chunk: bytes) -> int:
        if self.error is not None:
            raise self.error
        self.chunks.put(chunk)
        return len(chunk)
