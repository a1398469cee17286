"""Reading the files a clerk names and writing ours all-or-nothing, with Vietnamese errors.

A report, an export or a backup is written to a temporary file in the same folder and moved
into place with `os.replace`, so a crash, a full disk or Ctrl-C never leaves half a file
where the clerk expects a whole one (and it works the same on Windows).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from coordtrack.errors import CoordtrackError

_ERRNO_TEXT = {
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không có quyền truy cập",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EEXIST: "tệp đã tồn tại",
    errno.EBUSY: "tệp đang được một chương trình khác sử dụng",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EINVAL: "tên tệp không hợp lệ",
}
# Windows reports a document open in Word as winerror 32, not as an errno.
_WINERROR_TEXT = {32: "tệp đang mở trong một chương trình khác (ví dụ Word); hãy đóng tệp rồi "
                      "thử lại", 5: "không có quyền truy cập"}


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Vietnamese: the OS's own message is in the OS's language."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR_TEXT:
        return _WINERROR_TEXT[winerror]
    return _ERRNO_TEXT.get(exc.errno, f"lỗi hệ thống số {exc.errno}")


def read_text(path: str | Path, *, encoding_hint: str = "") -> str:
    """The text of a UTF-8 file (a BOM, as Excel writes, is dropped)."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CoordtrackError(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise CoordtrackError(f"{path} là một thư mục, không phải tệp.") from None
    except UnicodeDecodeError:
        raise CoordtrackError(f"Tệp {path} không phải văn bản UTF-8{encoding_hint}.") from None
    except OSError as exc:
        raise CoordtrackError(f"Không đọc được tệp {path}: {os_error_text(exc)}.") from None


def read_stdin() -> str:
    """Standard input as UTF-8, whatever the console's code page (Windows pipes are not)."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return sys.stdin.read()
    try:
        return stream.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CoordtrackError("Đầu vào chuẩn không phải văn bản UTF-8.") from None


@contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False,
                  newline: str | None = None) -> Iterator[IO]:
    """Yield a file to write; it replaces `path` only if the block ends without error."""
    target = Path(path).expanduser()
    folder = target.parent
    if target.is_dir():
        raise CoordtrackError(f"{target} là một thư mục, không phải tệp.")
    if not folder.is_dir():
        raise CoordtrackError(f"Không ghi được {target}: thư mục {folder} không tồn tại.")
    import tempfile  # only writers need it; reading commands start faster without

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise CoordtrackError(
            f"Không ghi được {target}: {os_error_text(exc)}."
        ) from None
    try:
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private; a report is meant to be shared like any document.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CoordtrackError(f"Không ghi được {target}: {os_error_text(exc)}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write all of the file or nothing."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_writer(path, binary=True) as fh:
        fh.write(data)
    return Path(path).expanduser()
