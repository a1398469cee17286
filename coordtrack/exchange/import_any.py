"""`coordtrack import`: which importer a file goes to.

A meeting file (YAML or JSON) goes to `capture`, a whole-register export and a CSV of
findings to `transfer`. The file is read and parsed before the register is opened, so a
file that cannot be read leaves no new register behind.
"""

from __future__ import annotations

from collections.abc import Callable

from coordtrack.exchange import meeting_file as capture
from coordtrack.files import read_stdin, read_text
from coordtrack.register.file import Register

STDIN_NAME = "<đầu vào chuẩn>"


def import_source(open_register: Callable[[], Register], source: str) -> tuple[str, int | None]:
    """Import `source` (a path, or "-" for stdin); return a summary and the meeting's id."""
    if source.lower().endswith(".csv"):
        from coordtrack.exchange.register_export import import_csv

        return import_csv(open_register(), source), None
    if source == "-":
        text, name = read_stdin(), STDIN_NAME
    else:
        text, name = read_text(source), source
    doc = capture.parse(text, name)
    if "records" in doc and "format" in doc:
        from coordtrack.exchange.register_export import import_export

        return import_export(open_register(), doc, name), None
    result = capture.import_document(open_register(), doc, name)
    return result.summary(), result.meeting_id
