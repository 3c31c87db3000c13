"""The add-in's server on a real port, and the add-in's own JavaScript run
against it in node over a stub of Office.js (tests/addin/js)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from addin.server import app

RUNNER = Path(__file__).with_name("js") / "run.mjs"
NODE = shutil.which("node")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server() -> Iterator[str]:
    """The FastAPI app served by uvicorn in a thread of this process (so that a test
    can still patch it); its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the add-in server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def run_addin(origin: str, sheets: list[dict[str, Any]], steps: list[dict[str, Any]],
              name: str = "classeur.xlsx", storage: dict[str, str] | None = None) -> dict[str, Any]:
    """Play `steps` (clicks, sign-ins, formulas) with the add-in's JavaScript in node,
    on a computer that kept `storage` from an earlier session."""
    scenario = {"origin": origin, "book": {"name": name, "sheets": sheets}, "steps": steps, "storage": storage or {}}
    done = subprocess.run([NODE, str(RUNNER)], input=json.dumps(scenario), capture_output=True, text=True,
                          timeout=300, check=False)
    if done.returncode:
        raise AssertionError(f"node failed:\n{done.stderr}")
    return json.loads(done.stdout)
