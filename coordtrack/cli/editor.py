"""`meeting new`: a meeting written in the clerk's editor, like `git commit`.

The draft lives on disk until it is imported, so a crash, a closed window or a validation
error never loses what the clerk typed. Errors are written as comments at the top of the
draft, which is then opened again.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from coordtrack.errors import CoordtrackError
from coordtrack.exchange import meeting_file as capture
from coordtrack.files import private_folder, write_private
from coordtrack.register.file import Register
from coordtrack.resources import builtin_templates_dir

ERROR_MARK = "# !! "
SKELETON = "meeting.yaml"


def drafts_dir() -> Path:
    explicit = os.environ.get("COORDTRACK_DRAFTS")
    if explicit:
        return Path(explicit)
    from platformdirs import user_data_dir

    return Path(user_data_dir("coordtrack", appauthor=False)) / "drafts"


def editor_command() -> list[str]:
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var)
        if value:
            if os.name != "nt":
                return shlex.split(value)
            # Windows: backslashes are path separators, and "C:\Program Files\…" comes quoted.
            return [part.strip('"') for part in shlex.split(value, posix=False)]
    if os.name == "nt":
        return ["notepad"]
    for candidate in ("nano", "vi"):
        if shutil.which(candidate):
            return [candidate]
    raise CoordtrackError("Không tìm thấy trình soạn thảo: hãy đặt biến môi trường EDITOR.")


def strip_errors(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(ERROR_MARK))


def with_errors(text: str, errors: list[str]) -> str:
    head = [f"{ERROR_MARK}Chưa nhập được: sửa các lỗi dưới đây rồi lưu lại "
            "(để hủy, xóa hết nội dung rồi lưu).\n"]
    head += [f"{ERROR_MARK}- {e}\n" for e in errors]
    return "".join(head) + strip_errors(text)


def _run_editor(path: Path) -> None:
    command = editor_command() + [str(path)]
    try:
        completed = subprocess.run(command, check=False)
    except FileNotFoundError:
        raise CoordtrackError(f"Không chạy được trình soạn thảo '{command[0]}'.") from None
    if completed.returncode != 0:
        raise CoordtrackError(
            f"Trình soạn thảo kết thúc với mã lỗi {completed.returncode}; bản nháp vẫn được giữ "
            f"tại {path}."
        )


def capture_meeting(reg: Register, say: Callable[[str], None],
                    initial: str | None = None) -> tuple[int, str]:
    """Edit a new meeting file and import it on save. `initial` is a draft to start from
    (from `coordtrack extract`): saved unchanged, it is imported as it is."""
    folder = private_folder(drafts_dir())
    draft = folder / f"hoi-nghi-{datetime.now():%Y%m%d-%H%M%S}.yaml"
    skeleton = initial if initial is not None else (
        builtin_templates_dir() / SKELETON).read_text(encoding="utf-8")
    write_private(draft, skeleton)
    previous = skeleton if initial is None else None
    return _edit_until_imported(reg, draft, previous, say, lambda doc: capture.import_document(
        reg, doc, str(draft)))


def edit_meeting(reg: Register, meeting_id: int, say: Callable[[str], None],
                 confirm: Callable[[list[str]], bool] | None) -> tuple[int | None, str]:
    """`meeting edit N`: the meeting as a meeting file in the editor, imported on save with
    the checks of any re-import (removals asked). Returns (None, …) when nothing changed."""
    text, baselines = capture.export_meeting(reg, meeting_id)
    folder = private_folder(drafts_dir())
    draft = folder / f"hoi-nghi-{meeting_id}-{datetime.now():%Y%m%d-%H%M%S}.yaml"
    write_private(draft, text)
    return _edit_until_imported(
        reg, draft, text, say,
        lambda doc: capture.import_document(reg, doc, str(draft), confirm=confirm,
                                            baselines=baselines),
        unchanged_is_done=True)


def _edit_until_imported(reg: Register, draft: Path, previous: str | None,
                         say: Callable[[str], None], import_doc, *,
                         unchanged_is_done: bool = False) -> tuple[int | None, str]:
    first = previous
    while True:
        _run_editor(draft)
        try:
            # utf-8-sig: Notepad may save with a BOM, which would hide our "# !!" lines.
            text = draft.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CoordtrackError(
                f"Bản nháp {draft} không được lưu dạng UTF-8; hãy lưu lại với mã hóa UTF-8 rồi "
                f"nhập bằng: coordtrack import {draft}"
            ) from None
        body = strip_errors(text)
        if not body.strip():
            draft.unlink(missing_ok=True)
            raise CoordtrackError("Đã hủy: tệp trống, không có gì được nhập.")
        if unchanged_is_done and text == first:
            draft.unlink(missing_ok=True)
            return None, "không có thay đổi"
        if text == previous:
            raise CoordtrackError(
                f"Tệp không thay đổi nên chưa nhập; bản nháp được giữ tại {draft}. "
                f"Sửa xong, nhập bằng: coordtrack import {draft}"
            )
        try:
            doc = capture.parse(body, str(draft))
            result = import_doc(doc)
        except (capture.NeedsConfirmation, capture.Declined) as exc:
            # Not an error in the text: reopening the draft would not help.
            raise CoordtrackError(f"{exc.message} Bản nháp được giữ tại {draft}.") from None
        except capture.InvalidFile as exc:
            errors = exc.errors
        except CoordtrackError as exc:
            errors = [exc.message]
        else:
            draft.unlink(missing_ok=True)
            return result.meeting_id, result.summary()
        previous = with_errors(body, errors)
        write_private(draft, previous)
        say(f"Có {len(errors)} lỗi; mở lại bản nháp {draft}.")
        if not sys.stdin.isatty() and os.environ.get("COORDTRACK_EDITOR_RETRY") == "0":
            raise CoordtrackError(f"Có lỗi, bản nháp giữ tại {draft}: {errors[0]}")
