"""Turning a report's data dict into text, Markdown, HTML, .docx or PDF.

How the formats fit together:

- ``txt``, ``md`` and ``html`` come from Jinja2 templates named ``KIND.FORMAT.j2`` (for example
  ``news.txt.j2``). Sentences shared by all three formats live in macro files (``_news.j2``,
  ``_summary.j2``) that return plain text; the format templates only wrap and escape them.
- ``docx`` comes from a Word file with Jinja2 tags, ``KIND.docx`` (``KIND-dang.docx`` for a
  Party body, Hướng dẫn 36-HD/VPTW), filled by docxtpl with the same sandboxed environment,
  so it imports the same macro files. Page, letterhead, rules, page numbers and styles are in
  the Word file (built by scripts/build-docx-templates), where a clerk can change them.
- ``pdf`` is the .docx converted by LibreOffice (``coordtrack.documents.pdf``).

Templates are looked up in the user's template folder first (``--template-dir``, else the
config's ``template_dir``) and in the built-in folder second, one file at a time. They run in
Jinja2's sandbox with StrictUndefined, under a time budget and an output size cap, and any
failure becomes one Vietnamese line naming the template file and line.

Whenever a user template folder is in play the rendering also runs in a child process under a
wall-clock and memory limit that the operating system enforces (``documents.sandbox``): the
in-template checks need the template's cooperation, the child's limits do not. Built-in
templates alone are our own trusted code and render in-process, which saves the child's start
(a few ms forked on Linux, a whole interpreter spawned on Windows) on every report.
The limits: ``COORDTRACK_TEMPLATE_SECONDS`` (default 10) and ``COORDTRACK_TEMPLATE_MEMORY_MB``
(default 1024) in the environment.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.files import (
    os_error_text,
    write_atomic,
)
from coordtrack.resources import builtin_templates_dir

FORMATS = ("txt", "md", "html", "docx", "pdf")
BINARY_FORMATS = ("docx", "pdf")
EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
              ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
# What `templates list` and `templates copy` know as templates.
TEMPLATE_GLOBS = ("*.j2", "*.docx")
MAX_OUTPUT_CHARS = 20 * 1024 * 1024
TIME_BUDGET_SECONDS = 10.0
MEMORY_LIMIT_MB = 1024
# The OS limit leaves the template's own clock time to fire first: its message names the line.
HARD_LIMIT_GRACE_SECONDS = 2.0
# Any single value a template builds with * or ** is held to the same cap as the output.
MAX_POWER = 10_000


class TemplateProblem(CoordtrackError):
    """A user's (or a broken built-in) template failed: file, line and reason in one line."""


class _OverBudget(Exception):
    pass


# -- choosing a format and writing -------------------------------------------------------------
def pick_format(fmt: str | None, output: str | None) -> str:
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise UsageError(f"Định dạng '{fmt}' không hỗ trợ; chọn một trong: "
                             f"{', '.join(FORMATS)}.")
        implied = EXTENSIONS.get(Path(output).suffix.lower()) if output else None
        if implied is not None and implied != fmt:
            # Plain text in a file named .docx would not open in Word.
            raise UsageError(f"Tên tệp '{output}' là dạng {implied} nhưng --format là {fmt}; "
                             "hãy để hai thứ khớp nhau.")
        return fmt
    if output is None:
        return "txt"
    ext = Path(output).suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    raise UsageError(f"Không nhận ra định dạng từ tên tệp '{output}'; hãy dùng phần mở rộng "
                     ".txt, .md, .html, .docx hoặc .pdf, hoặc ghi rõ --format.")


# -- template folders --------------------------------------------------------------------------
def template_dirs(user_dir: str | Path | None) -> list[Path]:
    dirs = []
    if user_dir:
        folder = Path(user_dir).expanduser()
        if not folder.is_dir():
            raise CoordtrackError(f"Không tìm thấy thư mục mẫu {folder}.")
        dirs.append(folder)
    dirs.append(builtin_templates_dir())
    return dirs


def list_templates(user_dir: str | Path | None) -> list[dict[str, str]]:
    builtin = builtin_templates_dir()
    names = {p.name for g in TEMPLATE_GLOBS for p in builtin.glob(g)}
    user = Path(user_dir).expanduser() if user_dir else None
    user_names = ({p.name for g in TEMPLATE_GLOBS for p in user.glob(g)}
                  if user and user.is_dir() else set())
    rows = []
    for name in sorted(names | user_names):
        if name in user_names:
            where = "tùy chỉnh" if name in names else "tùy chỉnh (mẫu mới)"
            path = user / name  # type: ignore[operator]
        else:
            where, path = "mặc định", builtin / name
        rows.append({"name": name, "source": where, "path": str(path)})
    return rows


def copy_templates(dest: str | Path, *, force: bool = False) -> list[Path]:
    folder = Path(dest).expanduser()
    sources = sorted(p for g in TEMPLATE_GLOBS for p in builtin_templates_dir().glob(g))
    existing = [folder / p.name for p in sources if (folder / p.name).exists()]
    if existing and not force:
        raise CoordtrackError(
            f"Thư mục {folder} đã có {len(existing)} mẫu (ví dụ {existing[0].name}); "
            "dùng --force để ghi đè."
        )
    # All or nothing: on a full disk a half-copied folder would be taken for a working one.
    created = not folder.exists()
    copied: list[Path] = []
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for src in sources:
            write_atomic(folder / src.name, src.read_bytes())
            copied.append(folder / src.name)
    except (OSError, CoordtrackError) as exc:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for path in copied:
                if path not in existing:
                    path.unlink(missing_ok=True)
        reason = os_error_text(exc) if isinstance(exc, OSError) else exc.message
        raise CoordtrackError(f"Không sao chép được mẫu vào {folder}: {reason}; "
                              "không mẫu nào được chép.") from None
    return copied


# -- helpers exposed to templates --------------------------------------------------------------
def number_subsections(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The subsections (h3) of each section (h2) numbered 1., 2., … when there are two or
    more; a lone subsection is not numbered ("1." with no "2." numbers nothing). The
    templates write the headings bare and leave the numbering to this one rule."""
    out = list(blocks)
    section: list[int] = []

    def close() -> None:
        if len(section) > 1:
            for n, i in enumerate(section, 1):
                out[i] = {**out[i], "text": f"{n}. {out[i]['text']}"}
        section.clear()

    for i, block in enumerate(out):
        if block.get("type") == "h2":
            close()
        elif block.get("type") == "h3":
            section.append(i)
    close()
    return out


def _squash(text: Any) -> str:
    """One clean line from a macro written over many lines: single spaces, no space before
    punctuation. Lets templates stay readable without leaking their layout into the text."""
    value = re.sub(r"\s+", " ", str(text)).strip()
    return re.sub(r" +([,.;:!?)])", r"\1", value).replace("( ", "(")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: Any, block: bool = True) -> str:
    """Escape user text for Markdown so a '*' or '|' in a finding cannot change the layout.
    `block=False` for headings and table cells, where a leading "1." or "-" is harmless."""
    value = _MD_SPECIAL.sub(r"\\\1", str(text))
    if not block:
        return value
    # At the start of a line these would turn a sentence into a heading or a list.
    return re.sub(r"(?m)^(\s*)([#+-]|\d+\.)(?=\s)", lambda m: m[1] + "\\" + m[2], value)


def _people(items: Any, titles: bool = True) -> list[str]:
    return [vi.person_phrase(p["name"], p.get("titles") if titles else None) for p in items or ()]


def _clauses(items: Any, first: str = "keep", end: str = ".") -> str:
    """Join findings into one sentence; the first is capitalised after a colon ("upper") or
    lowered after a comma ("lower"). The others are left as the clerk typed them."""
    parts = [vi.clean(str(i)) for i in items or () if i is not None and vi.clean(str(i))]
    if parts and first == "upper":
        parts[0] = vi.sentence_case(parts[0])
    elif parts and first == "lower":
        parts[0] = vi.lower_first(parts[0])
    return vi.join_list(parts, end=end)


def _sentence(text: Any) -> str:
    """A finding as a sentence of its own: capitalised and closed with one full stop."""
    return vi.join_list([vi.sentence_case(vi.clean(str(text or "")))])


def _two_columns(rows: Any, width: int = 84, left: int = 34, align: str = "center") -> str:
    """Plain-text stand-in for the two-column blocks of a formal document."""
    lines = []
    right = width - left
    for row in rows:
        a, b = (_cell_text(row[0]), _cell_text(row[1]))
        a = a.ljust(left) if align == "left" else a.center(left)
        line = a + b.center(right)
        lines.append(line.rstrip())
    return "\n".join(lines)


def _cell_text(cell: Any) -> str:
    if isinstance(cell, dict):
        cell = cell.get("t")
    return "" if cell is None else str(cell)


def _text_table(rows: Any, numeric: Any = ()) -> str:
    """A data table as aligned plain-text columns (numbers right-aligned)."""
    cells = [[_cell_text(c) for c in row] for row in rows]
    if not cells:
        return ""
    widths = [max(len(r[i]) if i < len(r) else 0 for r in cells) for i in range(len(cells[0]))]
    lines = []
    for n, row in enumerate(cells):
        parts = [(c.rjust(widths[i]) if i in numeric and n else c.ljust(widths[i]))
                 for i, c in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _gloss_filter():
    from jinja2 import pass_context

    @pass_context
    def gloss(context, text: Any) -> str:
        seen = context.get("glossary_seen")
        return vi.expand_first_use(str(text), seen if isinstance(seen, set) else None)

    return gloss


# -- the sandbox -------------------------------------------------------------------------------
_DICT_ATTRIBUTES = frozenset(dir(dict))  # what getattr finds on a plain dict (its methods)


def _environment_class():
    from jinja2.environment import TemplateModule
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    class GuardedEnvironment(SandboxedEnvironment):
        """The sandbox plus a clock: every call, attribute and arithmetic step checks it."""

        intercepted_binops = frozenset({"*", "**", "+"})
        deadline: float | None = None

        def _tick(self) -> None:
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise _OverBudget("time")

        def call(self, context, obj, /, *args, **kwargs):
            self._tick()
            return super().call(context, obj, *args, **kwargs)

        def getattr(self, obj, attribute):
            self._tick()
            # `row.text` on a dict: Jinja asks getattr first, which fails for any name that is
            # no dict attribute, then looks the key up. That raised AttributeError was most of
            # the sandbox's cost per row of a long report; the value is the same without it.
            if (type(obj) is dict and type(attribute) is str
                    and attribute not in _DICT_ATTRIBUTES and attribute in obj):
                return obj[attribute]
            # The two other lookups a long report repeats per row: `items.append(…)` in a
            # `{% set %}` and `lines.finding(…)`, a macro of an imported template. The sandbox
            # allows both (public names, nothing internal); its checks give the same value.
            if type(obj) is list and attribute == "append":
                return obj.append
            if (type(obj) is TemplateModule and type(attribute) is str
                    and not attribute.startswith("_") and attribute in obj.__dict__):
                return obj.__dict__[attribute]
            return super().getattr(obj, attribute)

        def getitem(self, obj, argument):
            self._tick()
            return super().getitem(obj, argument)

        def call_binop(self, context, operator, left, right):
            self._tick()
            if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
                raise SecurityError("số mũ quá lớn")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and isinstance(times, int) and \
                            len(seq) * times > MAX_OUTPUT_CHARS:
                        raise _OverBudget("size")
            if operator == "+" and isinstance(left, str | list | tuple) and \
                    isinstance(right, str | list | tuple) and \
                    len(left) + len(right) > MAX_OUTPUT_CHARS:
                raise _OverBudget("size")
            return super().call_binop(context, operator, left, right)

    return GuardedEnvironment


def _bytecode_cache():
    """Compiled templates kept between runs: compiling them cost more than rendering.

    Jinja keys each entry by the template's source, so an edited template recompiles.
    """
    from jinja2 import FileSystemBytecodeCache

    folder = os.environ.get("COORDTRACK_CACHE")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("coordtrack", appauthor=False)
    path = Path(folder) / "templates"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)  # compiled templates: ours only
    except OSError:
        return None  # a read-only home still renders, only more slowly
    return FileSystemBytecodeCache(str(path))


def environment(user_dir: str | Path | None = None):
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    loader = ChoiceLoader([FileSystemLoader(str(d), encoding="utf-8")
                           for d in template_dirs(user_dir)])
    env = _environment_class()(
        loader=loader,
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=lambda name: bool(name) and (name.endswith(".html.j2") or
                                                name.endswith(".html")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(vi.FILTERS)
    env.filters.update({
        "squash": _squash,
        "number_subsections": number_subsections,
        "md": _md,
        "people": _people,
        "clauses": _clauses,
        "sentence": _sentence,
        "gloss": _gloss_filter(),
        "expand_first_use": _gloss_filter(),
    })
    env.globals.update({"two_columns": _two_columns, "text_table": _text_table})
    return env


def _translate(message: str) -> str:
    rules = (
        (r"^'([^']+)' is undefined$", r"biến '\1' chưa được định nghĩa"),
        (r"^'([^']+)' has no attribute '([^']+)'$", r"'\1' không có thuộc tính '\2'"),
        (r"^(.*) object has no element (.*)$", r"\1 không có phần tử \2"),
        (r"^unexpected end of template.*?looking for the following tags: (.*?)\. .*$",
         r"mẫu kết thúc khi một khối chưa được đóng (cần: \1)"),
        (r"^unexpected end of template.*$", "mẫu kết thúc khi một khối chưa được đóng"),
        (r"^unexpected '(.*)'$", r"ký tự không mong đợi '\1'"),
        (r"^Encountered unknown tag '([^']+)'.*$", r"thẻ '\1' không tồn tại"),
        (r"^no filter named '([^']+)'.*$", r"không có bộ lọc '\1'"),
        (r"^No filter named '([^']+)'.*$", r"không có bộ lọc '\1'"),
        (r"^division by zero$", "chia cho 0"),
        (r"^expected token '([^']+)', got '([^']+)'$", r"cần '\1' nhưng gặp '\2'"),
    )
    message = " ".join(message.split()).rstrip(".")
    for pattern, replacement in rules:
        if re.match(pattern, message, flags=re.IGNORECASE | re.DOTALL):
            return re.sub(pattern, replacement, message, flags=re.IGNORECASE | re.DOTALL)
    return message


def _where(exc: BaseException, template_name: str) -> str:
    """The template file and line a runtime error came from (Jinja rewrites the traceback
    so that template frames carry the template's file name and line)."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        name = exc.filename or exc.name or template_name
        return f"{name}, dòng {exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.endswith(".j2") or "/templates/" in f.filename.replace("\\", "/")]
    if frames:
        return f"{frames[-1].filename}, dòng {frames[-1].lineno}"
    return template_name


def _limit_from_env(variable: str, default: float) -> float:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = 0
    if not 0 < value < 1e9:
        raise CoordtrackError(f"Biến môi trường {variable}='{raw}' phải là một số dương.")
    return value


def _template_path(name: str, template_dir: str | Path | None) -> str:
    for folder in template_dirs(template_dir):
        if (folder / name).is_file():
            return str(folder / name)
    return name


def _run_template(function, name: str, template_dir: str | Path | None, *args: Any) -> Any:
    """The one rule for every format (txt/md/html and Word): a user template folder in play
    means a child process under OS limits; built-in templates alone are trusted in-process."""
    if template_dir is None:
        return function(*args)
    return _in_child(function, name, template_dir, *args)


def _in_child(function, name: str, template_dir: str | Path, *args: Any) -> Any:
    """Run function(*args, seconds) in a child process under the OS time and memory limits."""
    from coordtrack.documents.sandbox import LimitExceeded, run_limited

    seconds = _limit_from_env("COORDTRACK_TEMPLATE_SECONDS", TIME_BUDGET_SECONDS)
    memory_mb = int(_limit_from_env("COORDTRACK_TEMPLATE_MEMORY_MB", MEMORY_LIMIT_MB))
    hard_seconds = seconds + min(HARD_LIMIT_GRACE_SECONDS, seconds / 2)
    template_dirs(template_dir)  # a missing folder is reported before a child starts
    try:
        return run_limited(function, *args, seconds, seconds=hard_seconds, memory_mb=memory_mb)
    except LimitExceeded as exc:
        if exc.kind == "time":
            reason = (f"chạy quá giới hạn {hard_seconds:g} giây "
                      "(có thể là vòng lặp không dừng)")
        else:
            reason = f"dùng quá giới hạn bộ nhớ {memory_mb} MB"
        raise TemplateProblem(
            f"Mẫu {_template_path(name, template_dir)}: {reason}; đã dừng.") from None


@contextmanager
def _guarded(env, name: str, holder: dict[str, Any], budget: float | None = None):
    """Run a rendering under the time budget; any failure becomes one TemplateProblem naming
    the template (holder["file"], once known) and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.sandbox import SecurityError

    budget = TIME_BUDGET_SECONDS if budget is None else budget
    env.deadline = time.monotonic() + budget
    try:
        yield
    except TemplateNotFound as exc:
        raise TemplateProblem(f"Không tìm thấy mẫu {exc.name} (xem: coordtrack templates list)."
                              ) from None
    except _OverBudget as exc:
        if exc.args[0] == "time":
            reason = f"chạy quá {budget:g} giây (có thể là vòng lặp không dừng)"
        else:
            reason = f"tạo ra văn bản lớn quá {MAX_OUTPUT_CHARS // (1024 * 1024)} MB"
        raise TemplateProblem(f"Mẫu {_where(exc, holder.get('file') or name)}: {reason}; "
                              "đã dừng.") from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"Mẫu {_where(exc, holder.get('file') or name)}: lỗi cú pháp: "
            f"{_translate(exc.message or '')}.") from None
    except SecurityError as exc:
        raise TemplateProblem(
            f"Mẫu {_where(exc, holder.get('file') or name)}: thao tác không được phép trong "
            f"mẫu ({_translate(str(exc))}).") from None
    except MemoryError:
        raise  # the sandbox's memory limit, reported by the parent
    except (TemplateError, Exception) as exc:  # noqa: BLE001 - a template may fail any way
        if isinstance(exc, CoordtrackError):
            raise
        raise TemplateProblem(
            f"Mẫu {_where(exc, holder.get('file') or name)}: "
            f"{_translate(str(exc)) or type(exc).__name__}.") from None
    finally:
        env.deadline = None


def render_template(kind: str, fmt: str, data: dict[str, Any],
                    template_dir: str | Path | None = None) -> str:
    """Render KIND.FORMAT.j2 with guards; any failure is a TemplateProblem.

    With a user template folder, the rendering runs in a child process under OS limits.
    """
    return _run_template(_render_in_process, f"{kind}.{fmt}.j2", template_dir,
                         kind, fmt, data, template_dir)


def _render_in_process(kind: str, fmt: str, data: dict[str, Any],
                       template_dir: str | Path | None,
                       seconds: float | None = None) -> str:
    name = f"{kind}.{fmt}.j2"
    env = environment(template_dir)
    context = {**data, "glossary_seen": set()}
    holder: dict[str, Any] = {}
    with _guarded(env, name, holder, seconds):
        template = env.get_template(name)
        holder["file"] = template.filename
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**context):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise _OverBudget("size")
            if time.monotonic() > env.deadline:
                raise _OverBudget("time")
    return _tidy("".join(chunks))


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str) and _XML_ILLEGAL.search(value):
        return _XML_ILLEGAL.sub("\ufffd", value)
    return value


def docx_template_name(kind: str, data: dict[str, Any]) -> str:
    """KIND.docx, or KIND-dang.docx when the issuing body's documents follow Hướng dẫn 36."""
    office = data.get("office") or {}
    return f"{kind}-dang.docx" if office.get("layout") == "party" else f"{kind}.docx"


def find_template(name: str, template_dir: str | Path | None = None) -> Path:
    for folder in template_dirs(template_dir):
        if (folder / name).is_file():
            return folder / name
    raise TemplateProblem(f"Không tìm thấy mẫu {name} (xem: coordtrack templates list).")


def render_docx(kind: str, data: dict[str, Any],
                template_dir: str | Path | None = None) -> bytes:
    """The .docx of KIND; with a user template folder, in a child process under OS limits."""
    return _run_template(_render_docx_in_process, docx_template_name(kind, data), template_dir,
                         kind, data, template_dir)


def _render_docx_in_process(kind: str, data: dict[str, Any],
                            template_dir: str | Path | None,
                            seconds: float | None = None) -> bytes:
    """Fill the Word template of KIND with docxtpl, in the same sandbox as the text formats.

    docxtpl renders the document's XML as one Jinja2 template: it is autoescaped (a "<" in a
    finding must not break the XML), while the macro files it imports stay plain text as for
    the other formats. The document's properties say who wrote it, in what language, when.
    """
    import html
    import io
    from datetime import UTC, datetime

    from docxtpl import DocxTemplate

    name = docx_template_name(kind, data)
    path = find_template(name, template_dir)
    env = environment(template_dir)
    # XML 1.0 has no control characters: one left in old data would make the file unreadable.
    env.finalize = _xml_safe
    by_name = env.autoescape
    # A template made by from_string (docxtpl's XML parts) has no name.
    env.autoescape = lambda template_name: template_name is None or by_name(template_name)
    holder: dict[str, Any] = {"file": str(path)}
    buffer = io.BytesIO()
    with _guarded(env, name, holder, seconds):
        document = DocxTemplate(str(path))
        try:
            document.init_docx()
        except Exception:  # noqa: BLE001 - python-docx fails many ways on a file that is no .docx
            raise TemplateProblem(f"Mẫu {path}: không phải tệp Word (.docx) đọc được."
                                  ) from None
        document.render({**data, "glossary_seen": set()}, jinja_env=env)
        props = document.docx.core_properties
        # Properties were rendered through the same escaping environment; they are text.
        for field in ("title", "author", "subject", "comments", "language"):
            setattr(props, field, html.unescape(getattr(props, field) or ""))
        props.last_modified_by = props.author
        props.created = props.modified = datetime.now(UTC).replace(microsecond=0,
                                                                   tzinfo=None)
        props.revision = 1
        document.save(buffer)
        if buffer.tell() > MAX_OUTPUT_CHARS:
            raise _OverBudget("size")
    return buffer.getvalue()


def _tidy(text: str) -> str:
    # Template whitespace, not content: no trailing spaces, no run of blank lines.
    lines = [line.rstrip() for line in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n"


def render(kind: str, fmt: str, data: dict[str, Any],
           template_dir: str | Path | None = None) -> str | bytes:
    if fmt == "docx":
        return render_docx(kind, data, template_dir)
    if fmt == "pdf":
        from coordtrack.documents.pdf import docx_to_pdf

        return docx_to_pdf(render_docx(kind, data, template_dir))
    return render_template(kind, fmt, data, template_dir)
