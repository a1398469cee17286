"""Reading a large JSON document a piece at a time.

A register export of a province is hundreds of megabytes; parsed whole, it would sit in
memory several times over before the first row is checked. Its shape is known: an object
whose "records" object holds one array of flat rows per table. This reader walks those
outer objects and arrays itself and hands each value inside them to the json module's C
decoder, so only the piece of the file being read and one row are held at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

WHITESPACE = re.compile(r"[ \t\n\r]*")
# Between two rows of an array: found in one step while both sides are read.
NEXT_ELEMENT = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
CHUNK = 1 << 16


class JsonSyntaxError(Exception):
    """The text is not JSON at `line`, `column` (both from 1, as an editor counts)."""

    def __init__(self, line: int, column: int):
        super().__init__(f"line {line}, column {column}")
        self.line = line
        self.column = column


class Reader:
    def __init__(self, fh: IO[str], *, parse_float: Callable[[str], Any] | None = None,
                 chunk: int = CHUNK):
        self.fh = fh
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.eof = False
        # Where the text held in `buf` starts, for the line and column of an error.
        self.line = 1
        self.column = 1
        self.decoder = json.JSONDecoder(parse_float=parse_float)

    def _more(self, least: int = 0) -> bool:
        """Read on; False at the end of the file (and then nothing moves)."""
        if self.eof:
            return False
        piece = self.fh.read(max(least, self.chunk))
        if not piece:
            self.eof = True
            return False
        cut = self.pos
        if cut:
            done = self.buf[:cut]
            newlines = done.count("\n")
            if newlines:
                self.line += newlines
                self.column = cut - done.rfind("\n")
            else:
                self.column += cut
            self.buf = self.buf[cut:]
            self.pos = 0
        self.buf += piece
        return True

    def error(self, pos: int) -> JsonSyntaxError:
        before = self.buf[:pos]
        newlines = before.count("\n")
        if newlines:
            return JsonSyntaxError(self.line + newlines, pos - before.rfind("\n"))
        return JsonSyntaxError(self.line, self.column + pos)

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end), not consumed."""
        while True:
            self.pos = WHITESPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, chars: str) -> str:
        found = self.peek()
        if not found or found not in chars:
            raise self.error(self.pos)
        self.pos += 1
        return found

    def value(self) -> Any:
        """The next JSON value, decoded whole (rows, strings, numbers…)."""
        if self.pos >= len(self.buf) or self.buf[self.pos] in " \t\n\r":
            self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Perhaps only cut off by the end of what is read so far: read on and retry,
                # reading as much again as is pending so a large value costs linear time.
                if self._more(len(self.buf) - self.pos):
                    continue
                raise self.error(exc.pos) from None
            if end == len(self.buf) and self._more():
                continue  # a number may go on in the next piece
            self.pos = end
            return value

    def items(self) -> Iterator[tuple[str, bool]]:
        """The keys of the object starting here; after each, the caller reads its value
        (with `value`, `items` or `elements`). The bool says whether the value is an array."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.error(self.pos)
            key = self.value()
            self.expect(":")
            yield key, self.peek() == "["
            if self.expect(",}") == "}":
                return

    def is_object(self) -> bool:
        return self.peek() == "{"

    def elements(self) -> Iterator[Any]:
        """The values of the array starting here, one at a time."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            step = NEXT_ELEMENT.match(self.buf, self.pos)
            if step is not None and step.end() < len(self.buf):
                self.pos = step.end()
                continue
            if self.expect(",]") == "]":
                return

    def end(self) -> None:
        """Nothing but whitespace may follow the document."""
        if self.peek():
            raise self.error(self.pos)
