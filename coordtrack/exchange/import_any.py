"""`coordtrack import`: which importer a file goes to.

A meeting file (YAML or JSON) goes to `capture`, a whole-register export and a CSV of
findings to `transfer`. The file is read and parsed before the register is opened, so a
file that cannot be read leaves no new register behind.
"""

from __future__ import annotations

from collections.abc import Callable

from coordtrack.errors import CoordtrackError
from coordtrack.exchange import meeting_file as capture
from coordtrack.files import read_stdin, read_text, write_atomic
from coordtrack.register.file import Register

STDIN_NAME = "<đầu vào chuẩn>"


def import_source(open_register: Callable[[], Register], source: str, *,
                  confirm: Callable[[list[str]], bool] | None = None,
                  prune: bool = False) -> tuple[str, int | None]:
    """Import `source` (a path, or "-" for stdin); return a summary and the meeting's id.

    A YAML meeting file gets the uid of each new record written back into it, so that the
    records keep their identity when the clerk edits their text and imports again.
    """
    if source.lower().endswith(".csv"):
        from coordtrack.exchange.register_export import import_csv

        return import_csv(open_register, source), None
    if source != "-":
        from coordtrack.exchange import register_export as transfer

        if transfer.is_export_file(source):
            try:
                return transfer.import_export_file(open_register, source), None
            except transfer.ReadWhole:
                pass  # a hand-made export (tables out of order…): read whole below
    if source == "-":
        text, name = read_stdin(), STDIN_NAME
    else:
        text, name = read_text(source), source
    doc = capture.parse(text, name)
    if "records" in doc and "format" in doc:
        from coordtrack.exchange.register_export import import_export

        return import_export(open_register(), doc, name), None
    result = capture.import_document(open_register(), doc, name, confirm=confirm, prune=prune)
    summary = result.summary()
    if source != "-" and not _is_json(source, text) and result.new_uids and not _shipped(source):
        marked = capture.with_uids(text, result.new_uids)
        if marked != text:
            try:
                write_atomic(source, marked)
            except CoordtrackError as exc:
                summary += f" (chưa ghi được uid vào tệp: {exc.message})"
            else:
                summary += f"; đã ghi uid của {len(result.new_uids)} mục vào tệp"
    return summary, result.meeting_id


def _shipped(source: str) -> bool:
    """The examples that come with coordtrack are never written to (they carry uids)."""
    from pathlib import Path

    from coordtrack.resources import PACKAGE_DIR

    return Path(source).resolve().is_relative_to(PACKAGE_DIR)


def _is_json(source: str, text: str) -> bool:
    return source.lower().endswith(".json") or text.lstrip("\ufeff \t\r\n").startswith("{")
