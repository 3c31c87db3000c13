"""Saving a python-docx document to bytes that do not depend on the clock.

A .docx is a zip, and zip entries carry the time they were written: two runs on
the same workbook would give different files. Entries are rewritten with a fixed
time (the zip format's epoch) so that a job stays deterministic.
"""

from __future__ import annotations

import io
import zipfile

from docx.document import Document

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def docx_bytes(document: Document) -> bytes:
    written = io.BytesIO()
    document.save(written)
    stable = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(written.getvalue())) as source, \
            zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, ZIP_EPOCH), source.read(entry.filename),
                            compress_type=zipfile.ZIP_DEFLATED)
    return stable.getvalue()
