"""User templates under limits the OS enforces: a runaway template fails fast, even from cron."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import NEWS_FIXTURE

from coordtrack.documents import sandbox

LOOP = ("{% set r = range(100000)|list %}"
        "{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}\n")
ONE_LONG_CALL = "{{ (9**9999)**9999 }}\n"
MEMORY = "{{ 'x'.ljust(2000000000) }}\n"


def _cron(args: list[str], tmp_path) -> subprocess.CompletedProcess:
    """coordtrack as cron runs it: no terminal, no stdin, its own session, a bare environment."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "COORDTRACK_CONFIG": str(tmp_path / "none.toml"),
           "COORDTRACK_CACHE": str(tmp_path / "cache"),
           "COORDTRACK_TEMPLATE_SECONDS": "1", "LANG": "C"}
    return subprocess.run([sys.executable, "-m", "coordtrack", *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                          start_new_session=True)


def _text_template(path, source: str) -> None:
    path.write_text(source, encoding="utf-8")


def _word_template(path, source: str) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Tin hoạt động")
    document.add_paragraph(source.strip())
    document.save(path)


TIME = "chạy quá giới hạn 1.5 giây (có thể là vòng lặp không dừng); đã dừng."
LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the memory cap is an rlimit (Linux)")


@pytest.mark.parametrize(("file", "write", "source", "reason"), [
    ("news.txt.j2", _text_template, LOOP, TIME),
    ("news.txt.j2", _text_template, ONE_LONG_CALL, TIME),
    pytest.param("news.txt.j2", _text_template, MEMORY,
                 "dùng quá giới hạn bộ nhớ 1024 MB; đã dừng.", marks=LINUX_ONLY),
    ("news.docx", _word_template, LOOP, TIME),
    pytest.param("news.docx", _word_template, MEMORY,
                 "dùng quá giới hạn bộ nhớ 1024 MB; đã dừng.", marks=LINUX_ONLY),
], ids=["pure-loop", "one-long-call", "memory", "word-pure-loop", "word-memory"])
def test_runaway_user_template_is_refused_fast_under_cron(cli, tmp_path, file, write, source,
                                                          reason):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    write(mine / file, source)
    out = tmp_path / f"tin{(mine / file).suffixes[0]}"
    started = time.monotonic()
    done = _cron(["--db", str(cli.db), "report", "news", "--meeting", str(meeting),
                  "--template-dir", str(mine), "-o", str(out)], tmp_path)
    elapsed = time.monotonic() - started
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1, stderr
    assert stderr == f"Lỗi: Mẫu {mine / file}: {reason}\n"
    assert elapsed < 8, elapsed
    assert not out.exists() and done.stdout == b""


def _sleep_forever() -> None:
    while True:
        pass


def _allocate() -> int:
    return len(bytearray(4 * 1024**3))


def test_run_limited_returns_results_and_raises_errors():
    assert sandbox.run_limited(sum, [1, 2, 3], seconds=10, memory_mb=256) == 6
    with pytest.raises(ZeroDivisionError):
        sandbox.run_limited(divmod, 1, 0, seconds=10, memory_mb=256)
    started = time.monotonic()
    with pytest.raises(sandbox.LimitExceeded) as caught:
        sandbox.run_limited(_sleep_forever, seconds=0.3, memory_mb=256)
    assert caught.value.kind == "time" and time.monotonic() - started < 3


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rlimit-based (Linux)")
def test_run_limited_caps_memory():
    with pytest.raises(sandbox.LimitExceeded) as caught:
        sandbox.run_limited(_allocate, seconds=20, memory_mb=256)
    assert caught.value.kind == "memory"
