"""Reading the files a clerk names and writing ours all-or-nothing, with Vietnamese errors.

A report, an export or a backup is written to a temporary file in the same folder and moved
into place with `os.replace`, so a crash, a full disk or Ctrl-C never leaves half a file
where the clerk expects a whole one (and it works the same on Windows).

Every file we write is private to its owner (0600): registers, exports and reports hold the
office's internal records. `-o -` is standard output. A target that exists but is not a
regular file is never replaced: a device or a FIFO (`/dev/null`, a named pipe) is written
through, a directory or a socket is refused. A killed run cannot remove its temporary file;
the next write to the same folder removes those left by runs killed long enough ago.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
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
    except (OSError, UnicodeDecodeError) as exc:
        raise read_error(path, exc, encoding_hint) from None


def read_lines(path: str | Path, *, encoding_hint: str = "") -> Iterator[str]:
    """The lines of a UTF-8 file as they are read, ends kept ("\r\n" too), BOM dropped: a
    large file never sits in memory whole. Errors are raised as `read_text` raises them."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            yield from fh
    except (OSError, UnicodeDecodeError) as exc:
        raise read_error(path, exc, encoding_hint) from None


def read_error(path: Path, exc: OSError | UnicodeDecodeError,
               encoding_hint: str = "") -> CoordtrackError:
    if isinstance(exc, FileNotFoundError):
        return CoordtrackError(f"Không tìm thấy tệp {path}.")
    if isinstance(exc, IsADirectoryError):
        return CoordtrackError(f"{path} là một thư mục, không phải tệp.")
    if isinstance(exc, UnicodeDecodeError):
        return CoordtrackError(f"Tệp {path} không phải văn bản UTF-8{encoding_hint}.")
    return CoordtrackError(f"Không đọc được tệp {path}: {os_error_text(exc)}.")


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


PRIVATE = 0o600
# A temporary file untouched for this long belongs to a run that was killed: a live export
# writes to its file continuously.
STALE_TEMP_SECONDS = 15 * 60


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temps(target: Path) -> None:
    """Remove `.NAME.xxxxxxxx.tmp` files a killed write of `target` left behind."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        candidates = list(target.parent.glob(f"{_glob_escape(_temp_prefix(target))}*.tmp"))
    except OSError:
        return
    for tmp in candidates:
        # mkstemp's part is 8 characters: only our own files match, not the clerk's.
        middle = tmp.name[len(_temp_prefix(target)):-len(".tmp")]
        if len(middle) != 8:
            continue
        try:
            info = tmp.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                tmp.unlink()
        except OSError:
            continue


def _glob_escape(text: str) -> str:
    import glob

    return glob.escape(text)


def target_kind(path: Path) -> str:
    """"missing", "file", "device" (character/block device or FIFO), "dir" or "other"."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise CoordtrackError(f"Không ghi được {path}: tên tệp quá dài.") from None
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode):
        return "device"
    return "other"


def refuse_unusual_target(path: Path) -> None:
    """For files that must be regular (a backup): refuse a directory, device, FIFO, socket."""
    kind = target_kind(path)
    if kind == "dir":
        raise CoordtrackError(f"{path} là một thư mục, không phải tệp.")
    if kind in ("device", "other"):
        raise CoordtrackError(f"{path} không phải tệp thường (thiết bị, đường ống hoặc "
                              "socket); hãy chọn một tên tệp khác.")


@contextmanager
def _stdout(binary: bool, newline: str | None) -> Iterator[IO]:
    import io

    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a replaced sys.stdout without bytes: text is all it takes
        if binary:
            raise CoordtrackError("Đầu ra chuẩn không nhận dữ liệu nhị phân; hãy dùng -o TỆP.")
        yield sys.stdout
        sys.stdout.flush()
        return
    sys.stdout.flush()
    if binary:
        yield stream
        stream.flush()
        return
    wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline=newline, write_through=True)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()  # sys.stdout keeps its buffer


@contextmanager
def _write_through(target: Path, binary: bool, newline: str | None) -> Iterator[IO]:
    mode = "wb" if binary else "w"
    try:
        fh = open(target, mode, encoding=None if binary else "utf-8",  # noqa: SIM115
                  newline=None if binary else newline)
    except OSError as exc:
        raise CoordtrackError(f"Không ghi được {target}: {os_error_text(exc)}.") from None
    try:
        with fh:
            yield fh
    except OSError as exc:
        raise CoordtrackError(f"Không ghi được {target}: {os_error_text(exc)}.") from None


@contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False,
                  newline: str | None = None) -> Iterator[IO]:
    """Yield a file to write; it replaces `path` only if the block ends without error.

    `-` is standard output; an existing device or FIFO is written through, not replaced.
    """
    if str(path) == "-":
        with _stdout(binary, newline) as fh:
            yield fh
        return
    target = Path(path).expanduser()
    folder = target.parent
    kind = target_kind(target)
    if kind == "device":
        with _write_through(target, binary, newline) as fh:
            yield fh
        return
    refuse_unusual_target(target)
    if not folder.is_dir():
        raise CoordtrackError(f"Không ghi được {target}: thư mục {folder} không tồn tại.")
    import tempfile  # only writers need it; reading commands start faster without

    remove_stale_temps(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=_temp_prefix(target), suffix=".tmp")
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
        # mkstemp already made it 0600; a umask or an ACL must not widen what it replaces.
        os.chmod(tmp, PRIVATE)
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


def write_private(path: Path, text: str) -> None:
    """Write a working file of ours (a draft) in place, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        if hasattr(os, "fchmod"):
            os.fchmod(fh.fileno(), PRIVATE)  # an existing draft keeps no wider mode
        fh.write(text)


def private_folder(path: Path) -> Path:
    """Create our own folder (drafts, caches) readable by its owner only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def create_private(path: Path) -> None:
    """Create an empty file that is 0600 from its first byte (for SQLite to fill).

    FileExistsError if it is there: the caller picks another name (migrations does).
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
