"""A whole meeting in one file (YAML, or JSON): parse, validate everything, then import it.

The file format is documented in README.md and in the skeleton that `meeting new` opens.
Import is all or nothing (one transaction) and idempotent by uid: a record the file names
without a uid gets one derived from what identifies it, so importing twice changes nothing
and an edited file updates the records it made.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError
from coordtrack.exchange.validation import (
    FileLookup,
    check_value,
    entries,
    is_blank,
    known_keys,
)
from coordtrack.register import records
from coordtrack.register.file import Register
from coordtrack.register.recordtypes import FINDING_KIND_ALIASES, RECORD_TYPES, RecordType

TOP_KEYS = {"format", "bodies", "people", "agreements", "meeting", "findings"}
MAX_DEPTH = 20


class InvalidFile(CoordtrackError):
    """The file cannot be imported; `errors` lists every problem found, one per line."""

    code = "invalid_file"

    def __init__(self, errors: list[str], source: str):
        self.errors = errors
        self.source = source
        first = errors[0] if errors else ""
        more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
        super().__init__(f"{source}: {first}{more}")


def parse(text: str, source: str) -> dict[str, Any]:
    """Read YAML or JSON text into a dict; syntax errors carry their line number."""
    if "\x00" in text:
        raise InvalidFile(["tệp chứa ký tự NUL, không phải văn bản."], source)
    stripped = text.lstrip("\ufeff \t\r\n")
    if source.lower().endswith(".json") or stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped, parse_float=_json_number)
        except json.JSONDecodeError as exc:
            # The parser's own wording is English: the place is what helps the clerk.
            raise InvalidFile([f"dòng {exc.lineno}, cột {exc.colno}: JSON sai cú pháp (kiểm "
                               "tra dấu ngoặc, dấu phẩy và dấu nháy)."], source) from None
        except RecursionError:
            raise InvalidFile(["dữ liệu lồng nhau quá sâu."], source) from None
    else:
        import yaml

        try:
            data = yaml.load(stripped, Loader=_loader())  # noqa: S506 - a SafeLoader
        except _AliasBomb as exc:
            raise InvalidFile([exc.message], source) from None
        except yaml.MarkedYAMLError as exc:
            # PyYAML explains in English; the line and column are what the clerk needs.
            mark = exc.problem_mark or exc.context_mark
            where = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark else ""
            raise InvalidFile([f"{where}YAML sai cú pháp (kiểm tra dấu hai chấm, thụt lề, "
                               "dấu ngoặc và dấu nháy)."], source) from None
        except yaml.YAMLError:
            raise InvalidFile(["YAML sai cú pháp (có ký tự không hợp lệ hoặc cấu trúc "
                               "không đọc được)."], source) from None
        except RecursionError:
            raise InvalidFile(["dữ liệu lồng nhau quá sâu."], source) from None
    if data is None:
        raise InvalidFile(["tệp rỗng."], source)
    if not isinstance(data, dict):
        raise InvalidFile(["tệp phải là một bảng khóa: giá trị (bodies, meeting, findings…)."],
                          source)
    if _depth(data) > MAX_DEPTH:
        raise InvalidFile(["dữ liệu lồng nhau quá sâu."], source)
    return data


def _json_number(text: str) -> float:
    return vi.NumberLiteral(text, machine=True)


_LOADER: type | None = None


def _loader() -> type:
    """PyYAML's safe loader, except that a number with a dot keeps the text as written.

    YAML reads `value: 2.500` as two and a half; the register reads numbers the Vietnamese
    way (vietnamese.parse_number), so the text must survive until then.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        def number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
            try:
                return vi.NumberLiteral(node.value)
            except ValueError:  # .inf, .nan: YAML's own spelling
                return loader.construct_yaml_float(node)

        Loader.add_constructor("tag:yaml.org,2002:float", number)

        def compose_document(self) -> yaml.Node:
            node = yaml.SafeLoader.compose_document(self)
            _check_aliases(node)
            return node

        Loader.compose_document = compose_document
        _LOADER = Loader
    return _LOADER


# YAML aliases (&name … *name) share one node: a 394-byte file of nested aliases stands for
# billions of values, and any walk over the result (the depth check, validation, import)
# then runs for hours. The node graph is sized once, each node counted by identity (linear
# in the file); a file whose aliases add more than this many values, or point into
# themselves, is refused before anything walks it.
MAX_ALIAS_EXPANSION = 100_000


class _AliasBomb(CoordtrackError):
    pass


def _check_aliases(root: Any) -> None:
    import yaml

    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise _AliasBomb("bí danh YAML (*tên) trỏ vào chính phần chứa nó.")
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        in_progress.discard(key)
        sizes[key] = total
        return total

    if root is not None and size(root) > len(sizes) + MAX_ALIAS_EXPANSION:
        raise _AliasBomb(f"bí danh YAML (*tên) được mở ra thành hơn "
                         f"{vi.number(MAX_ALIAS_EXPANSION)} giá trị; hãy viết dữ liệu ra "
                         "trực tiếp.")


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max([_depth(v, level + 1) for v in value.values()] or [level + 1])
    if isinstance(value, list):
        return max([_depth(v, level + 1) for v in value] or [level + 1])
    return level


@dataclass
class ImportResult:
    meeting_id: int | None = None
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: int = 0

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def summary(self) -> str:
        return records.change_summary(self.created, self.updated, self.removed,
                                      unchanged="không có thay đổi (tệp đã được nhập trước đó)")


def _field_name(rt: RecordType, key: str) -> str | None:
    try:
        return rt.field(key).name
    except KeyError:
        return None


def _normalise_keys(rt: RecordType, item: dict[str, Any], where: str, errors: list[str],
                    ignore: Collection[str] = ()) -> dict[str, Any]:
    return known_keys(item, where, lambda key: _field_name(rt, key), errors, ignore)


def _check_fields(rt: RecordType, values: dict[str, Any], where: str, errors: list[str],
                  lookup: FileLookup) -> None:
    """Validate every value without writing: references must name a declared or known record."""
    for f in rt.fields:
        raw = values.get(f.name)
        if f.required and is_blank(raw):
            errors.append(f"{where}: thiếu '{f.name}' ({f.label}).")
            continue
        if raw is not None:
            check_value(f, raw, lookup, where, errors)


def validate(reg: Register, doc: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    unknown = sorted(str(k) for k in doc if k not in TOP_KEYS)
    if unknown:
        errors.append(f"khóa không được hỗ trợ ở cấp ngoài cùng: {', '.join(unknown)}.")
    sections = (("bodies", "body"), ("people", "person"), ("agreements", "agreement"))
    found = {key: list(entries(doc, key, key, errors, list_label=f"'{key}'"))
             for key, _ in sections}
    # Records the file declares may be named before the register holds them.
    declared: dict[str, set[str]] = {"body": set(), "agreement": set()}
    for key, kind, names in (("bodies", "body", ("name", "short_name")),
                             ("agreements", "agreement", ("title", "number"))):
        for _, item in found[key]:
            declared[kind].update(vi.clean(item[k]) for k in names
                                  if isinstance(item.get(k), str) and item[k].strip())
    lookup = FileLookup(lambda kind, ref: records.resolve(reg, kind, ref), declared,
                        records.split_person)
    for key, kind in sections:
        rt = RECORD_TYPES[kind]
        for where, item in found[key]:
            values = _normalise_keys(rt, item, where, errors, ignore={"uid"})
            _check_fields(rt, values, where, errors, lookup)
    meeting = doc.get("meeting")
    if not isinstance(meeting, dict):
        errors.append("thiếu phần 'meeting' (hội nghị).")
    else:
        values = _normalise_keys(RECORD_TYPES["meeting"], meeting, "meeting", errors,
                                 ignore={"uid"})
        _check_fields(RECORD_TYPES["meeting"], values, "meeting", errors, lookup)
    for where, item in entries(doc, "findings", "findings", errors, list_label="'findings'"):
        kind = _finding_kind(item.get("kind"))
        if kind is None:
            errors.append(f"{where}: 'kind' phải là một trong: achievement (kết quả), "
                          "shortcoming (tồn tại), task (nhiệm vụ), directive (chỉ đạo), "
                          "recommendation (kiến nghị).")
            continue
        rt = RECORD_TYPES[kind]
        where = f"{where} ({rt.label})"
        values = _normalise_keys(rt, item, where, errors, ignore={"uid", "kind"})
        if "meeting" in values:
            errors.append(f"{where}: không ghi 'meeting' trong nội dung của tệp hội nghị.")
        _check_fields(rt, values, where, errors, lookup)
    return errors


def _finding_kind(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return FINDING_KIND_ALIASES.get(vi.clean(value).lower())


def _upsert(reg: Register, rt: RecordType, values: dict[str, Any], uid: str,
            result: ImportResult) -> int:
    existing = reg.one(f"SELECT id FROM {rt.table} WHERE uid = ?", (uid,))
    if existing:
        if records.edit(reg, rt, existing["id"], values, partial=True):
            result.count(result.updated, rt.name)
        return existing["id"]
    result.count(result.created, rt.name)
    return records.add(reg, rt, values, uid=uid)


def _uid(item: dict[str, Any], *parts: Any) -> str:
    given = item.get("uid")
    if isinstance(given, str) and given.strip():
        return vi.clean(given)
    return records.derived_uid(*parts)


def _existing_uid(reg: Register, table: str, where: str, params: tuple) -> str | None:
    row = reg.one(f"SELECT uid FROM {table} WHERE {where}", params)
    return row["uid"] if row else None


def _uid_by_name(reg: Register, table: str, name: str) -> str | None:
    """The uid of the record already named `name`, in this or another spelling (Hoà/Hòa)."""
    found = _existing_uid(reg, table, "name = ?", (name,))
    if found:
        return found
    rows = records.same_name(reg, table, "name", name)
    return _existing_uid(reg, table, "id = ?", (rows[0]["id"],)) if len(rows) == 1 else None


def import_document(reg: Register, doc: dict[str, Any], source: str) -> ImportResult:
    """Validate, then write the whole file in one transaction."""
    errors = validate(reg, doc)
    if errors:
        raise InvalidFile(errors, source)
    result = ImportResult()
    with reg.transaction("import", f"Nhập tệp {source}"):
        for item in doc.get("bodies") or []:
            values = _normalise_keys(RECORD_TYPES["body"], item, "", [], ignore={"uid"})
            name = vi.clean(str(values["name"]))
            uid = item.get("uid") or _uid_by_name(reg, "bodies", name) or records.derived_uid(
                "body", name)
            _upsert(reg, RECORD_TYPES["body"], values, str(uid), result)
        for item in doc.get("people") or []:
            values = _normalise_keys(RECORD_TYPES["person"], item, "", [], ignore={"uid"})
            name = vi.clean(str(values["name"]))
            uid = item.get("uid") or _uid_by_name(reg, "people", name) or records.derived_uid(
                "person", name)
            _upsert(reg, RECORD_TYPES["person"], values, str(uid), result)
        for item in doc.get("agreements") or []:
            values = _normalise_keys(RECORD_TYPES["agreement"], item, "", [], ignore={"uid"})
            title = vi.clean(str(values["title"]))
            number = vi.clean(str(values.get("number") or "")) or None
            uid = item.get("uid") or (number and _existing_uid(
                reg, "agreements", "number = ?", (number,))) or _existing_uid(
                reg, "agreements", "title = ?", (title,)) or records.derived_uid(
                "agreement", number or title)
            _upsert(reg, RECORD_TYPES["agreement"], values, str(uid), result)
        meeting = doc["meeting"]
        values = _normalise_keys(RECORD_TYPES["meeting"], meeting, "", [], ignore={"uid"})
        held_on = records.coerce(reg, RECORD_TYPES["meeting"].field("date"), values["date"])
        meeting_uid = _uid(meeting, "meeting", held_on, vi.clean(str(values["title"])))
        meeting_id = _upsert(reg, RECORD_TYPES["meeting"], values, meeting_uid, result)
        result.meeting_id = meeting_id
        kept: set[int] = set()
        for position, item in enumerate(doc.get("findings") or []):
            kind = _finding_kind(item["kind"])
            rt = RECORD_TYPES[kind]
            values = _normalise_keys(rt, item, "", [], ignore={"uid", "kind"})
            values["meeting"] = meeting_id
            values["position"] = position
            uid = _uid(item, "finding", meeting_uid, kind, vi.clean(str(values.get("text"))))
            kept.add(_upsert(reg, rt, values, uid, result))
        # The file is the whole truth about its meeting: findings dropped from it go too
        # (the history keeps them, and `undo` brings them back).
        for row in reg.rows("SELECT id, kind FROM findings WHERE meeting_id = ?", (meeting_id,)):
            if row["id"] not in kept:
                records.remove(reg, RECORD_TYPES[row["kind"]], row["id"])
                result.removed += 1
    return result


def today() -> date:
    return date.today()
