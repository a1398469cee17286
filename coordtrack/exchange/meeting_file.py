"""A whole meeting in one file (YAML, or JSON): parse, validate everything, then import it.

The file format is documented in README.md and in the skeleton that `meeting new` opens.
Import is all or nothing (one transaction) and idempotent by uid: a record the file names
without a uid gets one derived from what identifies it, so importing twice changes nothing
and an edited file updates the records it made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, NotFound
from coordtrack.exchange.validation import (
    FileLookup,
    check_value,
    entries,
    is_blank,
    known_keys,
)
from coordtrack.register import records
from coordtrack.register.file import Register
from coordtrack.register.recordtypes import (
    FINDING_KIND_ALIASES,
    FINDING_TYPES,
    RECORD_TYPES,
    RecordType,
    finding_type,
)

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


TOO_DEEP = "dữ liệu lồng nhau quá sâu."


def json_syntax_problem(line: int, column: int) -> str:
    # The parser's own wording is English: the place is what helps the clerk.
    return (f"dòng {line}, cột {column}: JSON sai cú pháp (kiểm tra dấu ngoặc, dấu phẩy và "
            "dấu nháy).")


def parse(text: str, source: str) -> dict[str, Any]:
    """Read YAML or JSON text into a dict; syntax errors carry their line number."""
    if "\x00" in text:
        raise InvalidFile(["tệp chứa ký tự NUL, không phải văn bản."], source)
    stripped = text.lstrip("\ufeff \t\r\n")
    if source.lower().endswith(".json") or stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped, parse_float=_json_number)
        except json.JSONDecodeError as exc:
            raise InvalidFile([json_syntax_problem(exc.lineno, exc.colno)], source) from None
        except RecursionError:
            raise InvalidFile([TOO_DEEP], source) from None
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
            raise InvalidFile([TOO_DEEP], source) from None
    if data is None:
        raise InvalidFile(["tệp rỗng."], source)
    if not isinstance(data, dict):
        raise InvalidFile(["tệp phải là một bảng khóa: giá trị (bodies, meeting, findings…)."],
                          source)
    if _depth(data) > MAX_DEPTH:
        raise InvalidFile([TOO_DEEP], source)
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
    kept: int = 0  # findings of the meeting added outside the file, left alone
    # What the clerk must agree to: removals, and values changed outside the file that the
    # file would overwrite. One line per record.
    destructive: list[str] = field(default_factory=list)
    # Records the file named without a uid: (section, index in it or None, the uid given).
    new_uids: list[tuple[str, int | None, str]] = field(default_factory=list)

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def summary(self) -> str:
        text = records.change_summary(self.created, self.updated, self.removed,
                                      unchanged="không có thay đổi (tệp đã được nhập trước đó)")
        if self.kept:
            text += (f" — giữ {self.kept} nội dung thêm ngoài tệp (để xóa cả những nội dung "
                     "này, nhập lại với --prune)")
        return text


class NeedsConfirmation(CoordtrackError):
    """A re-import would remove or overwrite something; nobody was there to agree."""

    def __init__(self, items: list[str], source: str):
        self.items = items
        shown = "; ".join(items[:5]) + (f"; và {len(items) - 5} mục khác" if len(items) > 5
                                         else "")
        super().__init__(
            f"{source}: nhập lại sẽ xóa hoặc ghi đè {len(items)} mục ({shown}). Không có gì "
            "thay đổi; chạy trên cửa sổ lệnh để xem và trả lời, hoặc thêm --yes để đồng ý.")


class Declined(CoordtrackError):
    """The clerk answered no: nothing was written."""


class _Preview(Exception):  # noqa: N818 - not an error: rolls the dry run back
    def __init__(self, result: ImportResult):
        self.result = result


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
            choices = ", ".join(f"{code} ({rt.name})" for code, rt in FINDING_TYPES.items())
            errors.append(f"{where}: 'kind' phải là một trong: {choices}.")
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


# -- identity ---------------------------------------------------------------------------------
UID_TABLES = (("meetings", "meeting"), ("findings", "finding"), ("bodies", "body"),
              ("people", "person"), ("agreements", "agreement"))
# Set by the importer from the file's place, never compared field by field.
PLACEMENT = {"meeting", "position"}


def _given_uid(item: dict[str, Any]) -> str | None:
    given = item.get("uid")
    if given is None or (isinstance(given, str) and not given.strip()):
        return None
    return vi.clean(str(given))


def _owner(reg: Register, uid: str) -> tuple[str, dict[str, Any]] | None:
    """Which record, of any kind, holds `uid`."""
    for table, kind in UID_TABLES:
        row = reg.one(f"SELECT * FROM {table} WHERE uid = ?", (uid,))
        if row:
            return (finding_type(row["kind"]).name if kind == "finding" else kind), row
    return None


def _named(kind: str, row: dict[str, Any]) -> str:
    """A record as the clerk knows it: 'tồn tại, hạn chế số 5 «chậm gửi…» (hội nghị số 2)'."""
    label = RECORD_TYPES[kind].label
    text = row.get("text") or row.get("title") or row.get("name") or ""
    short = text if len(text) <= 50 else text[:49] + "…"
    where = f" (hội nghị số {row['meeting_id']})" if row.get("meeting_id") else ""
    when = f" ngày {vi.news_date(row['held_on'])}" if kind == "meeting" else ""
    return f"{label} số {row['id']} «{short}»{when}{where}"


def _claim(reg: Register, uid: str, kind: str, where: str, meeting_id: int | None = None,
           expected: str | None = None) -> int | None:
    """The id of the record `uid` names, refusing one of another kind or another meeting."""
    found = _owner(reg, uid)
    if found is None:
        return None
    owner_kind, row = found
    if owner_kind != kind:
        raise CoordtrackError(
            f"{where}: uid {uid} là của {_named(owner_kind, row)}, không phải "
            f"{RECORD_TYPES[kind].label}{expected or ''}; hãy bỏ dòng uid để thêm mục mới.")
    if meeting_id is not None and row.get("meeting_id") != meeting_id:
        raise CoordtrackError(
            f"{where}: uid {uid} là của {_named(owner_kind, row)}, thuộc hội nghị khác với "
            f"hội nghị số {meeting_id} của tệp này; hãy bỏ dòng uid để thêm mục mới.")
    return row["id"]


# -- what the last import wrote, to tell the file's edits from the register's --------------
def _baseline(reg: Register, uid: str) -> dict[str, Any] | None:
    row = reg.one("SELECT snapshot FROM import_baselines WHERE uid = ?", (uid,))
    return json.loads(row["snapshot"]) if row else None


def _save_baseline(reg: Register, uid: str, snapshot: dict[str, Any]) -> None:
    text = json.dumps(_norm(snapshot), ensure_ascii=False, sort_keys=True)
    row = reg.one("SELECT id, snapshot FROM import_baselines WHERE uid = ?", (uid,))
    if row is None:
        reg.insert("import_baselines", {"uid": uid, "snapshot": text})
    elif row["snapshot"] != text:
        reg.update("import_baselines", row["id"], {"snapshot": text})


def _drop_baseline(reg: Register, uid: str) -> None:
    row = reg.one("SELECT id FROM import_baselines WHERE uid = ?", (uid,))
    if row:
        reg.delete("import_baselines", row["id"])


def _norm(value: Any) -> Any:
    """One form for comparing stored values: tuples as lists, 8.0 as 8."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _empty(field_: Any, value: Any) -> bool:
    return value is None or value == [] or value == field_.default or (
        field_.type == "bool" and not value)


class _Import:
    """One pass over a file: decides, record by record, what to write and what to ask."""

    def __init__(self, reg: Register, result: ImportResult,
                 baselines: dict[str, dict[str, Any]] | None):
        self.reg = reg
        self.result = result
        self.baselines = baselines
        self.pending: dict[str, dict[str, Any]] = {}

    def base(self, uid: str) -> dict[str, Any] | None:
        if self.baselines is not None and uid in self.baselines:
            return self.baselines[uid]
        return _baseline(self.reg, uid)

    def record(self, rt: RecordType, record_id: int | None, values: dict[str, Any], uid: str,
               present: set[str], label: str | None = None) -> int:
        """Create or update one record and remember what the file said about it."""
        reg = self.reg
        file_values = _norm(records.stored_values(reg, rt, values))
        if record_id is None:
            record_id = records.add(reg, rt, values, uid=uid)
            self.result.count(self.result.created, rt.name)
        else:
            current = _norm(records.current_values(reg, rt, record_id))
            base = self.base(uid)
            write: dict[str, Any] = {}
            asked: list[str] = []
            for f in rt.fields:
                new, now = file_values[f.name], current[f.name]
                if new == now or (isinstance(new, str) and isinstance(now, str)
                                  and vi.canonical(new) == vi.canonical(now)):
                    continue  # "Hoà Bình" in the file is the "Hòa Bình" of the register
                if base is not None:
                    # Three-way: a field the file did not change keeps what the register
                    # has now (a resolution, a reply typed with `edit`); a field it changed
                    # is written, and asked about only if the register changed it too.
                    if new == base["file"].get(f.name):
                        continue
                    overwrites = now != base["register"].get(f.name)
                elif f.name in present or f.name in PLACEMENT:
                    overwrites = not _empty(f, now)
                else:
                    continue  # never imported: a key the file leaves out says nothing
                write[f.name] = new
                if overwrites and f.name not in PLACEMENT:
                    asked.append(f"{f.label} {records.describe(reg, rt, f.name, now)} → "
                                 f"{records.describe(reg, rt, f.name, new)}")
            if asked:
                row = reg.get(rt.table, record_id)
                self.result.destructive.append(
                    f"ghi đè {_named(label or rt.name, row)}: {'; '.join(asked)}")
            if write and records.edit_stored(reg, rt, record_id, write):
                self.result.count(self.result.updated, rt.name)
        after = _norm(records.current_values(reg, rt, record_id))
        base = self.base(uid) if record_id is not None else None
        if base is not None:
            # Fields the file left alone keep what the register held after the import that
            # wrote them: an edit made since then stays "made outside the file".
            after = {name: base["register"].get(name) if file_values[name] ==
                     base["file"].get(name) else value for name, value in after.items()}
        self.pending[uid] = {"file": file_values, "register": after}
        return record_id

    def save_baselines(self) -> None:
        # Only with a change to log: an import that changes nothing leaves no history entry.
        if self.result.changed:
            for uid, snapshot in self.pending.items():
                _save_baseline(self.reg, uid, snapshot)

    def remove(self, rows: list[dict[str, Any]]) -> None:
        """Remove findings as one, so that those naming each other go together."""
        for row in rows:
            self.result.destructive.append(f"xóa {_named(row['kind'], row)}")
        records.remove_together(self.reg, [(RECORD_TYPES[row["kind"]], row["id"])
                                           for row in rows])
        for row in rows:
            _drop_baseline(self.reg, row["uid"])
        self.result.removed += len(rows)


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


def _body_uid(reg: Register, name: str, place: str | None) -> str | None:
    """The uid of the body of this name in this place (another place's body of the same name
    is another body)."""
    rows = records.same_name(reg, "bodies", "name", name)
    key = vi.canonical(place or "").lower()
    rows = [r for r in rows if vi.canonical(reg.scalar(
        "SELECT place FROM bodies WHERE id = ?", (r["id"],)) or "").lower() == key]
    return _existing_uid(reg, "bodies", "id = ?", (rows[0]["id"],)) if len(rows) == 1 else None


def _local_refs(rt: RecordType, values: dict[str, Any], local: dict[str, int]) -> None:
    """Bodies the file declares are the ones its references mean, whatever other place's body
    of the same short name the register holds."""
    for f in rt.fields:
        if f.type not in {"body", "bodies"} or values.get(f.name) is None:
            continue
        raw = values[f.name]
        refs = raw if isinstance(raw, list) else [raw]
        mapped = [local.get(vi.clean(str(r)), r) if isinstance(r, str) else r for r in refs]
        values[f.name] = mapped if isinstance(raw, list) else mapped[0]


def _from_file(reg: Register, row: dict[str, Any], meeting_uid: str) -> bool:
    """Whether an existing finding came from a file (rather than `add`): it has a baseline,
    or the uid earlier versions derived from its meeting, kind and text."""
    if reg.one("SELECT 1 AS x FROM import_baselines WHERE uid = ?", (row["uid"],)):
        return True
    return row["uid"] == records.derived_uid("finding", meeting_uid, row["kind"], row["text"])


def _section(importer: _Import, doc: dict[str, Any], key: str, kind: str,
             bodies: dict[str, int] | None = None) -> dict[str, int]:
    """Import one section; return the ids of its records by every name the file gives them.
    `bodies` are the file's own bodies, which its people and agreements refer to."""
    reg = importer.reg
    rt = RECORD_TYPES[kind]
    local: dict[str, int] = {}
    for i, item in enumerate(doc.get(key) or []):
        where = f"{key}[{i + 1}]"
        values = _normalise_keys(rt, item, "", [], ignore={"uid"})
        if bodies:
            _local_refs(rt, values, bodies)
        uid = _given_uid(item)
        record_id = _claim(reg, uid, kind, where) if uid else None
        if uid is None:
            if kind == "agreement":
                title = vi.clean(str(values["title"]))
                number = vi.clean(str(values.get("number") or "")) or None
                uid = (number and _existing_uid(reg, "agreements", "number = ?", (number,))) \
                    or _existing_uid(reg, "agreements", "title = ?", (title,)) \
                    or records.derived_uid("agreement", number or title)
            elif kind == "body":
                # A body is its name in its place: another province's "Văn phòng Tỉnh ủy"
                # is another body (issue 9).
                name = vi.clean(str(values["name"]))
                place = vi.clean(str(values.get("place") or "")) or None
                uid = _body_uid(reg, name, place) or records.derived_uid(
                    "body", name, *([place] if place else []))
            else:
                name = vi.clean(str(values["name"]))
                uid = _uid_by_name(reg, rt.table, name) or records.derived_uid(kind, name)
            row = reg.one(f"SELECT id FROM {rt.table} WHERE uid = ?", (uid,))
            record_id = row["id"] if row else None
        record_id = importer.record(rt, record_id, values, uid, set(values))
        for name_key in ("name", "short_name"):
            if isinstance(values.get(name_key), str) and vi.clean(values[name_key]):
                local[vi.clean(values[name_key])] = record_id
    return local


def _apply(reg: Register, doc: dict[str, Any], prune: bool,
           baselines: dict[str, dict[str, Any]] | None) -> ImportResult:
    result = ImportResult()
    importer = _Import(reg, result, baselines)
    local = _section(importer, doc, "bodies", "body")
    _section(importer, doc, "people", "person", local)
    _section(importer, doc, "agreements", "agreement", local)

    meeting = doc["meeting"]
    mrt = RECORD_TYPES["meeting"]
    values = _normalise_keys(mrt, meeting, "", [], ignore={"uid"})
    _local_refs(mrt, values, local)
    meeting_uid = _given_uid(meeting)
    meeting_id = _claim(reg, meeting_uid, "meeting", "meeting") if meeting_uid else None
    if meeting_uid is None:
        # No uid yet: the same date and title (in any spelling) is the same meeting.
        held_on = records.coerce(reg, mrt.field("date"), values.get("date"))
        title = vi.fold(vi.canonical(str(values["title"])))
        same = [r for r in reg.rows("SELECT id, uid, title FROM meetings WHERE held_on IS ?",
                                    (held_on,)) if vi.fold(vi.canonical(r["title"])) == title]
        if same:
            meeting_id, meeting_uid = same[0]["id"], same[0]["uid"]
        else:
            meeting_uid = records.derived_uid("meeting", held_on, vi.clean(str(values["title"])))
        result.new_uids.append(("meeting", None, meeting_uid))
    meeting_id = importer.record(mrt, meeting_id, values, meeting_uid, set(values))
    result.meeting_id = meeting_id

    existing = reg.rows("SELECT id, uid, kind, text, meeting_id, position FROM findings "
                        "WHERE meeting_id = ? ORDER BY position, id", (meeting_id,))
    for row in existing:  # a meeting file, and the uids derived from it, name record types
        row["kind"] = finding_type(row["kind"]).name
    items = doc.get("findings") or []
    named = {_given_uid(item) for item in items} - {None}
    claimed: set[int] = set()
    seen: dict[str, int] = {}
    repeats: dict[tuple[str, str], int] = {}
    last_position = -1
    for position, item in enumerate(items):
        where = f"findings[{position + 1}]"
        kind = _finding_kind(item["kind"])
        rt = RECORD_TYPES[kind]
        values = _normalise_keys(rt, item, "", [], ignore={"uid", "kind"})
        _local_refs(rt, values, local)
        present = set(values)
        values["meeting"] = meeting_id
        uid = _given_uid(item)
        record_id = None
        if uid is not None:
            if uid in seen:
                raise CoordtrackError(f"{where}: uid {uid} đã dùng ở findings[{seen[uid]}]; "
                                      "mỗi mục một uid riêng.")
            seen[uid] = position + 1
            record_id = _claim(reg, uid, kind, where, meeting_id,
                               expected=f" như tệp ghi ({where})")
        else:
            # Without a uid, an unclaimed finding of the same kind and text is this one;
            # two equal texts are two findings, matched in order.
            text = vi.fold(vi.canonical(str(values.get("text"))))
            for row in existing:
                if row["id"] not in claimed and row["uid"] not in named and \
                        row["kind"] == kind and vi.fold(vi.canonical(row["text"])) == text:
                    record_id, uid = row["id"], row["uid"]
                    break
            else:
                # Derived, so that two offices importing one file agree on its uids (their
                # exports then merge); the n-th repeat of a text gets its own.
                text_key = (kind, text)
                repeat = repeats.get(text_key, 0)
                repeats[text_key] = repeat + 1
                parts = ("finding", meeting_uid, kind, vi.clean(str(values.get("text"))))
                uid = records.derived_uid(*parts, *((repeat,) if repeat else ()))
            result.new_uids.append(("findings", position, uid))
        if record_id is not None:
            claimed.add(record_id)
        # The file's order is the meeting's order; a record already in place keeps its
        # number, so an unchanged file rewrites no positions.
        had = next((r["position"] for r in existing if r["id"] == record_id), None)
        values["position"] = had if had is not None and had > last_position else \
            last_position + 1
        last_position = values["position"]
        claimed.add(importer.record(rt, record_id, values, uid, present))
    dropped = []
    for row in existing:
        if row["id"] in claimed:
            continue
        if prune or _from_file(reg, row, meeting_uid):
            dropped.append(row)
        else:
            result.kept += 1
    importer.remove(dropped)
    importer.save_baselines()
    return result


def import_document(reg: Register, doc: dict[str, Any], source: str, *,
                    confirm: Callable[[list[str]], bool] | None = None, prune: bool = False,
                    baselines: dict[str, dict[str, Any]] | None = None) -> ImportResult:
    """Validate, then write the whole file in one transaction.

    A re-import that would remove a record or overwrite a value changed outside the file is
    first run and rolled back, to list what it would do; `confirm` sees that list and says
    whether to go on (without it, the import is refused). `prune` also removes findings of
    the meeting that were added outside the file. `baselines` (uid -> what the file and the
    register said) stands in for the last import's, for a file just exported (`meeting edit`).
    """
    errors = validate(reg, doc)
    if errors:
        raise InvalidFile(errors, source)
    summary = f"Nhập tệp {source}"
    try:
        with reg.transaction("import", summary):
            result = _apply(reg, doc, prune, baselines)
            if result.destructive:
                raise _Preview(result)
        return result
    except _Preview as preview:
        asked = preview.result.destructive
    if confirm is None:
        raise NeedsConfirmation(asked, source)
    if not confirm(asked):
        raise Declined("Đã hủy: sổ đăng ký không thay đổi.")
    with reg.transaction("import", summary):
        result = _apply(reg, doc, prune, baselines)
        if result.destructive != asked:
            raise CoordtrackError("Sổ đăng ký vừa được sửa trong lúc chờ trả lời; không có gì "
                                  "thay đổi, hãy nhập lại tệp.")
    return result


def with_uids(text: str, new_uids: list[tuple[str, int | None, str]]) -> str:
    """`text` with a `uid:` line added to each record the import gave a uid, so that the
    next import of the edited file finds the same records. Comments, order and layout stay
    as the clerk wrote them: only lines are inserted."""
    import yaml

    if not new_uids:
        return text
    offset = 1 if text.startswith("\ufeff") else 0
    try:
        root = yaml.compose(text[offset:], Loader=_loader())
    except yaml.YAMLError:
        return text
    if not isinstance(root, yaml.MappingNode):
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    sections = {key.value: value for key, value in root.value
                if isinstance(key, yaml.ScalarNode)}
    inserts: list[tuple[int, str]] = []
    for section, index, uid in new_uids:
        node = sections.get(section)
        if index is not None:
            node = node.value[index] if isinstance(node, yaml.SequenceNode) else None
        if not isinstance(node, yaml.MappingNode) or not node.value:
            continue
        mark = node.start_mark
        if node.flow_style:
            inserts.append((offset + mark.index + 1, f"uid: {uid}, "))
        else:
            inserts.append((offset + mark.index, f"uid: {uid}{newline}{' ' * mark.column}"))
    for at, piece in sorted(inserts, reverse=True):
        text = text[:at] + piece + text[at:]
    return text


# -- a meeting back out, in the format it came in --------------------------------------------
EXPORT_HEAD = (
    "# Hội nghị số {id}, lấy từ sổ đăng ký để sửa. Giữ nguyên các dòng uid: chúng cho biết mục\n"
    "# nào là mục nào. Xóa một mục là xóa nội dung đó khỏi sổ (sẽ được hỏi lại trước khi xóa).\n"
    "# Nhập lại bằng: coordtrack import TỆP\n"
)


def _reference(reg: Register, kind: str, target: int) -> Any:
    """How a file names a record the register has: its short name, number or name when that
    finds only it, else its uid."""
    table = {"body": "bodies", "agreement": "agreements", "person": "people",
             "finding": "findings", "meeting": "meetings"}[kind]
    row = reg.get(table, target) or {}
    candidates = {"body": ("short_name", "name"), "agreement": ("number", "title"),
                  "person": ("name",)}.get(kind, ())
    for column in candidates:
        label = row.get(column)
        if label:
            try:
                if records.resolve(reg, kind, label) == target:
                    return label
            except CoordtrackError:
                pass
    return row.get("uid")


def _exported(reg: Register, rt: RecordType, values: dict[str, Any]) -> dict[str, Any]:
    """A record's stored values as a meeting file writes them; empty fields left out."""
    out: dict[str, Any] = {}
    for f in rt.fields:
        value = values[f.name]
        if f.name in PLACEMENT or value is None or value == []:
            continue
        if f.type == "people":
            out[f.name] = [{"person": _reference(reg, "person", p), **({"titles": t} if t
                                                                       else {})}
                           for p, t in value]
        elif f.is_link:
            out[f.name] = [_reference(reg, f.value_type.refers_to, t) for t, _ in value]
        elif f.value_type.refers_to:
            out[f.name] = _reference(reg, f.value_type.refers_to, value)
        elif f.type == "date":
            out[f.name] = vi.news_date(value)
        elif f.type == "number":
            # Read back by the one Vietnamese rule: 2500 stays a number, 2,5 is written so.
            shown = f.value_type.show(value)
            out[f.name] = shown if isinstance(shown, int) else vi.number(shown)
        elif f.type in {"list", "bool"}:
            out[f.name] = f.value_type.show(value)
        else:
            out[f.name] = value
    return out


def export_meeting(reg: Register, meeting_id: int) -> tuple[str, dict[str, dict[str, Any]]]:
    """The meeting as a meeting file, and what it says about each record (to pass as
    `baselines` when the edited text is imported: then only the clerk's edits count)."""
    import yaml

    mrt = RECORD_TYPES["meeting"]
    meeting = reg.get("meetings", meeting_id)
    if meeting is None:
        raise NotFound(f"Không tìm thấy hội nghị số {meeting_id}.")
    baselines: dict[str, dict[str, Any]] = {}

    def record(rt: RecordType, row: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        values = _norm(records.current_values(reg, rt, row["id"]))
        baselines[row["uid"]] = {"file": values, "register": values}
        return {"uid": row["uid"], **extra, **_exported(reg, rt, values)}

    doc: dict[str, Any] = {"meeting": record(mrt, meeting, {})}
    findings = []
    for row in reg.rows("SELECT id, uid, kind FROM findings WHERE meeting_id = ? "
                        "ORDER BY position, id", (meeting_id,)):
        # The stored code ("tồn tại"), as every export writes it; the name works as well.
        findings.append(record(finding_type(row["kind"]), row, {"kind": row["kind"]}))
    doc["findings"] = findings
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False)
    return EXPORT_HEAD.format(id=meeting_id) + text, baselines


def today() -> date:
    return date.today()
