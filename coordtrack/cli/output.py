"""Printing records: a rich table on a terminal, plain columns when piped, or JSON/CSV/TSV.

Plain output is for pipes and cron: no colour, no box drawing, no escape codes.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from json.encoder import encode_basestring
from typing import Any

from coordtrack import vietnamese as vi

FORMATS = ("table", "plain", "json", "ndjson", "csv", "tsv")
# Excel reads a CSV file as UTF-8 (Vietnamese) only when it starts with a BOM, as export's does.
BOM = "\ufeff"
_DATE_KEYS = ("_on", "date", "_from", "_to", "start", "end")


# A register written before input was checked, or by another SQLite tool, may hold ESC and
# other control characters; raw on a terminal they recolour the screen, move the cursor or
# retitle the window. Human-readable output shows them as visible symbols (␛, ␇…); JSON
# escapes them itself and CSV/TSV carry the data as it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff"
                     "\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    return "\u2421" if code == 0x7F else "\ufffd"


def terminal_safe(text: str) -> str:
    """`text` with every control character made visible; tab and line break kept."""
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


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
            key.endswith(_DATE_KEYS):
        try:
            return vi.news_date(value)
        except ValueError:
            return value
    return str(value)


def display_sql(key: str, expr: str) -> str | None:
    """`display` of one column in SQL (tested equal), so that SQLite says a long listing's
    cells: NULL where it cannot say a value the same way (a fraction, an unreadable date),
    which `display` then says. None: a column only `display` says."""
    if key == "at":
        return None
    text = expr
    if key.endswith(_DATE_KEYS):
        text = (f"CASE WHEN length({expr}) = 10 AND substr({expr}, 5, 1) = '-' AND "
                f"substr({expr}, 8, 1) = '-' THEN {vi.news_date_sql(expr)} ELSE {expr} END")
    whole = f"CAST({expr} AS TEXT)" if key in {"id", "position"} else vi.number_sql(expr)
    return (f"CASE typeof({expr}) WHEN 'text' THEN {text} WHEN 'null' THEN '' "
            f"WHEN 'integer' THEN {whole} END")


def display_cell(key: str, value: Any) -> str:
    """`display` as `iter_cells` asks it, key first."""
    return display(value, key)


def cell_formatter(key: str) -> Callable[[Any], str]:
    """`display` for one column, with the per-column decisions taken once, not per cell."""
    if key == "at":
        return lambda value: display(value, key)
    dated = key.endswith(_DATE_KEYS)

    def cell(value: Any) -> str:
        if type(value) is str and not (dated and len(value) == 10):
            return terminal_safe(value)  # most cells: text shown as it is
        return "" if value is None else terminal_safe(display(value, key))
    return cell


def use_rich(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and "COORDTRACK_PLAIN" not in os.environ


# Only these code points can be zero-width (combining marks) or double-width (CJK, emoji);
# Vietnamese letters are Latin-1, Latin Extended A/B and U+1E00–U+1EFF, none of them.
# Written as the complement: the same set as [\u0300-\u1dff\u1f00-\U0010ffff], whose
# compilation cost 5 ms of every listing's start-up (re builds a charset over 1.1M points).
_MAYBE_NOT_ONE = re.compile("[^\x00-\u02ff\u1e00-\u1eff]")


def _width(text: str) -> int:
    if not _MAYBE_NOT_ONE.search(text):
        return len(text)  # every cell of a Vietnamese listing: no per-character look-up
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
               if not unicodedata.combining(c))


# A table on a terminal holds its rows before drawing them: past this many a person is
# better served by --limit, or by plain text through a pager.
TABLE_ROWS = 500
# Plain columns are as wide as their widest cell among the first rows; the rest stream out
# as they are read, so a listing of a million rows never sits in memory.
PLAIN_WINDOW = 1000


def _literal(text: str | None):
    """Stored text for a rich table, shown as it is: a plain str there is read as markup, so
    a name "[bold]x" would lose its brackets (and turn bold)."""
    from rich.text import Text

    return None if text is None else Text(terminal_safe(text))


def emit_rows(rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]],
              fmt: str | None, title: str | None = None, empty: str = "Không có bản ghi nào.",
              out=None, markup: Collection[str] = ()) -> None:
    """`markup` names columns whose cells are rich markup already escaped by whoever made
    them (search's highlighted snippets); every other cell is literal text."""
    out = out or sys.stdout
    fmt = fmt or ("table" if use_rich(out) else "plain")
    rows = iter(rows)
    if fmt in {"json", "ndjson"}:
        write_json(out, ({k: r.get(k) for k, _ in columns} for r in rows), fmt)
        return
    if fmt in {"csv", "tsv"}:
        if fmt == "csv":
            out.write(BOM)
        write_delimited(out, rows, columns, "\t" if fmt == "tsv" else ",")
        return
    keys = [k for k, _ in columns]
    cells = [(k, cell_formatter(k)) for k in keys]
    head = list(islice(rows, TABLE_ROWS if fmt == "table" else PLAIN_WINDOW))
    if not head:
        print(empty, file=sys.stderr if fmt == "plain" else out)
        return
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title=_literal(title), show_lines=False, expand=False)
        for _, label in columns:
            table.add_column(_literal(label), overflow="fold")
        for r in head:
            table.add_row(*[show(r.get(k)) if k in markup else _literal(show(r.get(k)))
                            for k, show in cells])
        Console(file=out, highlight=False).print(table)
        if next(rows, None) is not None:
            print(f"Chỉ hiện {TABLE_ROWS} dòng đầu; xem hết: thêm --format plain rồi chuyển "
                  "qua less, hoặc chọn số dòng bằng --limit.", file=sys.stderr)
        return
    _write_plain(out, [label for _, label in columns],
                 chain(([show(r.get(k)) for k, show in cells] for r in head),
                       ([show(r.get(k)) for k, show in cells] for r in rows)))


def emit_cells(rows: Iterator[Sequence[Any]], columns: Sequence[tuple[str, str]],
               empty: str = "Không có bản ghi nào.", out=None) -> None:
    """Plain columns of cells already said as `display` says them (records.iter_cells)."""
    out = out or sys.stdout
    if not _write_plain(out, [label for _, label in columns], rows):
        print(empty, file=sys.stderr)


def emit_listing(cells: Any, columns: Sequence[tuple[str, str]], limit: int | None = None,
                 empty: str = "Không có bản ghi nào.", out=None) -> None:
    """A plain listing of `cells` (records.Cells): the first rows set the widths, then
    SQLite lays out every further line itself (printf) and Python only checks and writes it.
    A line the check refuses is laid out from its cells, as `emit_cells` would."""
    out = out or sys.stdout
    window = min(limit, PLAIN_WINDOW) if limit else PLAIN_WINDOW
    head = list(cells.rows(window))
    if not head:
        print(empty, file=sys.stderr)
        return
    widths = _plain_head(out, [label for _, label in columns], head)
    if len(head) < window or limit == len(head):
        return
    rest = limit - len(head) if limit else None
    form = "  ".join([f"%!-{w}s" for w in widths[:-1]] + ["%s"])
    lines = cells.lines(form, len(head), rest)
    if lines is None:  # a column said by Python: the rows as cells
        _write_rows(out, cells.rows(rest, len(head)), widths)
        return
    plain = _PLAIN.fullmatch
    while chunk := list(islice(lines, PLAIN_WINDOW)):
        out.writelines(text.rstrip() + "\n" if plain(text) else
                       _laid_out(_safe_cells(cells.of(row_id)), widths)
                       for row_id, text in chunk)


# Anything that makes a line's text differ from its cells as they are: a line break,
# a character `terminal_safe` shows otherwise, one that may not be one column wide.
_NOT_PLAIN = re.compile(f"\n|{_UNSAFE.pattern}|{_MAYBE_NOT_ONE.pattern}")
# Its complement (tested equal over every code point): a repeated set is the regex engine's
# fastest loop, four times faster than a search for the set above.
_PLAIN = re.compile("[\t\x20-\x7e\xa0-\u02ff\u1e00-\u1eff]*")


def _write_plain(out, headers: list[str], rows: Iterator[Sequence[Any]]) -> bool:
    """Columns as wide as their widest cell among the first rows; then the rest stream out,
    each line made by one format when it holds nothing to make safe or to measure."""
    head = list(islice(rows, PLAIN_WINDOW))
    if not head:
        return False
    widths = _plain_head(out, headers, head)
    _write_rows(out, rows, widths)
    return True


def _plain_head(out, headers: list[str], head: list[Sequence[Any]]) -> list[int]:
    """Writes the header and the first rows; the widths of the columns."""
    first = [_safe_cells(r) for r in head]
    widths = [max(_width(h), *(_width(r[i]) for r in first)) for i, h in enumerate(headers)]
    out.write(_laid_out(headers, widths))
    out.writelines(_laid_out(cells, widths) for cells in first)
    return widths


def _laid_out(cells: Sequence[str], widths: list[int]) -> str:
    last = len(widths) - 1
    padded = [c if i == last else c + " " * (w - _width(c))
              for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
    return "  ".join(padded).rstrip() + "\n"


def _write_rows(out, rows: Iterator[Sequence[Any]], widths: list[int]) -> None:
    form = "  ".join([f"%-{w}s" for w in widths[:-1]] + ["%s"])
    plain = _PLAIN.fullmatch

    def fast(row: Sequence[Any]) -> str:
        text = form % tuple(row)
        return text.rstrip() + "\n" if plain(text) else _laid_out(_safe_cells(row), widths)

    while chunk := list(islice(rows, PLAIN_WINDOW)):
        out.writelines(map(fast, chunk))


def _safe_cells(row: Sequence[Any]) -> list[str]:
    return [terminal_safe(str(c)).replace("\n", " ") for c in row]


EXTENSIONS = {".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".csv": "csv",
              ".tsv": "tsv", ".txt": "plain"}


@contextmanager
def to_output(path: str | None, fmt: str | None) -> Iterator[tuple[Any, str | None]]:
    """Where a listing goes (stdout, or a file written whole or not at all) and in which
    format: the one asked for, else the file's extension, else plain text in a file."""
    if path is None or path == "-":
        yield sys.stdout, fmt
        return
    from pathlib import Path

    from coordtrack.files import atomic_writer

    chosen = fmt or EXTENSIONS.get(Path(path).suffix.lower(), "plain")
    with atomic_writer(path, newline="") as fh:
        yield fh, chosen


def write_json(out, items: Iterable[Any], fmt: str = "json") -> None:
    """A JSON array, or with "ndjson" one object per line (for large listings: a script
    reads it line by line, as it is written)."""
    if fmt != "ndjson":
        write_json_array(out, items)
        return
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


def write_json_array(out, items: Iterable[Any]) -> None:
    """The same text as json.dumps(list(items), indent=2), written one item at a time."""
    first = True
    for item in items:
        text = _flat_object(item)
        if text is None:
            text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + text)
        first = False
    out.write("[]\n" if first else "\n]\n")


_SCALAR_JSON: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, int: int.__repr__, float: float.__repr__,
    bool: lambda v: "true" if v else "false", type(None): lambda v: "null",
}


def _flat_object(item: Any) -> str | None:
    """json.dumps(item, indent=2) nested one level, for a dict of plain values (a listing's
    row): json's indenting encoder is pure Python, ten times slower than these C encoders."""
    if type(item) is not dict or not item:
        return None
    parts = []
    for key, value in item.items():
        encode = _SCALAR_JSON.get(type(value))
        if encode is None or type(key) is not str or (type(value) is float and not
                                                      math.isfinite(value)):
            return None
        parts.append(f"    {encode_basestring(key)}: {encode(value)}")
    return "{\n" + ",\n".join(parts) + "\n  }"


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
    pairs = [(label, terminal_safe(display(record.get(k), k))) for k, label in fields]
    pairs = [(label, value) for label, value in pairs if value]
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title=_literal(title), show_header=False, box=None, padding=(0, 1))
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for label, value in pairs:
            table.add_row(_literal(label), _literal(value))
        Console(file=out, highlight=False).print(table)
        return
    if title:
        out.write(terminal_safe(title) + "\n")
    width = max((_width(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        out.write(f"{label}{' ' * (width - _width(label))}  {value}\n")
