"""Printing records: a rich table on a terminal, plain columns when piped, or JSON/CSV/TSV.

Plain output is for pipes and cron: no colour, no box drawing, no escape codes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from coordtrack import vietnamese as vi

FORMATS = ("table", "plain", "json", "csv", "tsv")


def display(value: Any, key: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return vi.number(value) if key not in {"id", "position"} else str(value)
    if isinstance(value, list | tuple):
        return "; ".join(display(v) for v in value if v not in (None, ""))
    if key == "at" and isinstance(value, str):
        try:
            return vi.news_datetime(value)
        except ValueError:
            return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-" and \
            key.endswith(("_on", "date", "_from", "_to", "start", "end")):
        try:
            return vi.news_date(value)
        except ValueError:
            return value
    return str(value)


def use_rich(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and "COORDTRACK_PLAIN" not in os.environ


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
               if not unicodedata.combining(c))


def emit_rows(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]],
              fmt: str | None, title: str | None = None, empty: str = "Không có bản ghi nào.",
              out=None) -> None:
    out = out or sys.stdout
    fmt = fmt or ("table" if use_rich(out) else "plain")
    if fmt == "json":
        out.write(json.dumps([{k: r.get(k) for k, _ in columns} for r in rows],
                             ensure_ascii=False, indent=2) + "\n")
        return
    if fmt in {"csv", "tsv"}:
        write_delimited(out, rows, columns, "\t" if fmt == "tsv" else ",")
        return
    if not rows:
        print(empty, file=sys.stderr if fmt == "plain" else out)
        return
    cells = [[display(r.get(k), k) for k, _ in columns] for r in rows]
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False, expand=False)
        for _, label in columns:
            table.add_column(label, overflow="fold")
        for row in cells:
            table.add_row(*row)
        Console(file=out, highlight=False).print(table)
        return
    headers = [label for _, label in columns]
    flat = [[c.replace("\n", " ") for c in row] for row in cells]
    widths = [max(_width(h), *(_width(r[i]) for r in flat)) for i, h in enumerate(headers)]
    for row in [headers, *flat]:
        line = "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
        out.write(line.rstrip() + "\n")


def write_delimited(out, rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]],
                    delimiter: str = ",") -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([k for k, _ in columns])
    for r in rows:
        writer.writerow([_raw(r.get(k)) for k, _ in columns])


def _raw(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def emit_record(record: dict[str, Any], fields: Sequence[tuple[str, str]], fmt: str | None,
                title: str | None = None, out=None) -> None:
    out = out or sys.stdout
    fmt = fmt or ("table" if use_rich(out) else "plain")
    if fmt == "json":
        out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt in {"csv", "tsv"}:
        write_delimited(out, [record], fields, "\t" if fmt == "tsv" else ",")
        return
    pairs = [(label, display(record.get(k), k)) for k, label in fields]
    pairs = [(label, value) for label, value in pairs if value]
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_header=False, box=None, padding=(0, 1))
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for label, value in pairs:
            table.add_row(label, value)
        Console(file=out, highlight=False).print(table)
        return
    if title:
        out.write(title + "\n")
    width = max((_width(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        out.write(f"{label}{' ' * (width - _width(label))}  {value}\n")


def text_buffer() -> io.StringIO:
    return io.StringIO()
