"""PDF through LibreOffice: the .docx a clerk would print, converted exactly as Writer prints it.

LibreOffice runs headless in a temporary folder with its own profile
(-env:UserInstallation), so a Writer window the clerk has open, or another conversion running
at the same time, neither blocks it nor is touched by it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from coordtrack.errors import CoordtrackError

CONVERT_TIMEOUT_SECONDS = 180
MISSING = ("Cần LibreOffice để xuất PDF nhưng không tìm thấy chương trình soffice. "
           "Trên Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; trên Windows: "
           "cài LibreOffice (bản Writer là đủ) rồi chạy lại. Cũng có thể xuất .docx rồi tự "
           "in ra PDF.")


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":  # the installer does not put LibreOffice on PATH
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            candidate = Path(base or "C:/Program Files") / "LibreOffice/program/soffice.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def convert(paths: list[Path], outdir: Path, profile: Path) -> None:
    """Convert several .docx files with one LibreOffice start (it costs seconds)."""
    soffice = find_soffice()
    if soffice is None:
        raise CoordtrackError(MISSING)
    command = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(outdir),
               *map(str, paths)]
    try:
        subprocess.run(command, check=False, capture_output=True,
                       timeout=CONVERT_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise CoordtrackError(f"LibreOffice không chuyển xong sang PDF sau "
                              f"{CONVERT_TIMEOUT_SECONDS} giây; đã dừng.") from None
    except OSError as exc:
        raise CoordtrackError(f"Không chạy được LibreOffice ({soffice}): {exc}.") from None
    missing = [p.name for p in paths if not (outdir / (p.stem + ".pdf")).is_file()]
    if missing:
        raise CoordtrackError(f"LibreOffice không tạo được PDF từ {', '.join(missing)}.")


def docx_to_pdf(content: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="coordtrack-pdf-") as folder:
        work = Path(folder)
        source = work / "van-ban.docx"
        source.write_bytes(content)
        convert([source], work, work / "profile")
        return (work / "van-ban.pdf").read_bytes()
