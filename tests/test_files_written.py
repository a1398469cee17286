"""What we write: 0600 always, never a device replaced by a file, `-o -` is stdout, and no
temporary files left behind by a killed run."""

from __future__ import annotations

import os
import socket
import stat
import sys
import threading
import time

import pytest
from conftest import NEWS_FIXTURE

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and special files")


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


@POSIX
@pytest.mark.parametrize("args", [
    ["export", "--format", "csv", "-o", "{out}.csv"],
    ["export", "--format", "json", "-o", "{out}.json"],
    ["report", "news", "--meeting", "1", "-o", "{out}.txt"],
    ["report", "news", "--meeting", "1", "-o", "{out}.docx"],
    ["backup", "{out}.db"],
])
def test_every_file_we_write_is_private_even_over_a_shared_one(cli, tmp_path, args):
    cli.import_fixture(NEWS_FIXTURE)
    old_umask = os.umask(0o022)
    try:
        out = tmp_path / "ra"
        argv = [a.format(out=out) for a in args]
        target = tmp_path / argv[-1].rsplit("/", 1)[-1]
        cli.ok(*argv)
        assert _mode(target) == 0o600
        target.chmod(0o644)
        cli.ok(*argv, *(["--force"] if args[0] == "backup" else []))
        assert _mode(target) == 0o600
    finally:
        os.umask(old_umask)


@POSIX
def test_copied_templates_are_private(cli, tmp_path):
    cli.ok("templates", "copy", str(tmp_path / "mau"))
    assert {_mode(p) for p in (tmp_path / "mau").iterdir()} == {0o600}


def _fifo_reader(path, sink: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fh:
            sink.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@POSIX
def test_output_onto_a_fifo_is_written_through(cli, tmp_path):
    cli.import_fixture(NEWS_FIXTURE)
    fifo = tmp_path / "ong"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _fifo_reader(fifo, got)
    cli.ok("export", "--format", "json", "-o", str(fifo))
    reader.join(10)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and got[0].decode("utf-8") == cli.ok("export", "--format", "json", "-o", "-")


@POSIX
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")
def test_output_onto_a_device_node_keeps_the_device(cli, tmp_path):
    cli.import_fixture(NEWS_FIXTURE)
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    cli.ok("export", "-o", str(node))
    assert stat.S_ISCHR(node.stat().st_mode) and node.stat().st_rdev == os.makedev(1, 3)
    assert cli("backup", str(node), "--force").exit_code == 1
    assert stat.S_ISCHR(node.stat().st_mode)


@POSIX
def test_output_onto_a_socket_or_directory_is_refused(cli, tmp_path):
    cli.import_fixture(NEWS_FIXTURE)
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        result = cli("export", "-o", str(path))
        assert result.exit_code == 1
        assert result.stderr == (f"Lỗi: {path} không phải tệp thường (thiết bị, đường ống hoặc "
                                 "socket); hãy chọn một tên tệp khác.\n")
        assert stat.S_ISSOCK(path.stat().st_mode)
    finally:
        server.close()
    result = cli("report", "news", "--meeting", "1", "-o", str(tmp_path))
    assert result.exit_code in (1, 2) and tmp_path.is_dir()


def test_dash_means_standard_output(cli):
    cli.import_fixture(NEWS_FIXTURE)
    news = cli.ok("report", "news", "--meeting", "1")
    assert cli.ok("report", "news", "--meeting", "1", "-o", "-") == news
    assert cli.ok("export", "--format", "json", "-o", "-").startswith("{")
    assert not os.path.exists("-")


def test_temporary_files_of_killed_runs_are_cleaned_up(cli, tmp_path):
    cli.import_fixture(NEWS_FIXTURE)
    out = tmp_path / "so.csv"
    stale = tmp_path / ".so.csv.k1ll3d_x.tmp"
    fresh = tmp_path / ".so.csv.running.tmp"  # 7 characters: not ours
    live = tmp_path / ".so.csv.abcd1234.tmp"  # another export writing right now
    for path in (stale, fresh, live):
        path.write_bytes(b"x" * 100)
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    cli.ok("export", "--format", "csv", "-o", str(out))
    assert not stale.exists() and fresh.exists() and live.exists()
    assert sorted(p.name for p in tmp_path.glob(".so.csv.*")) == [live.name, fresh.name]


def test_templates_copy_onto_a_full_disk_leaves_no_partial_folder(cli, tmp_path, monkeypatch):
    import errno

    from coordtrack.documents import render

    real = render.write_atomic
    calls = []

    def fill_up(path, content):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, content)

    monkeypatch.setattr(render, "write_atomic", fill_up)
    folder = tmp_path / "mau"
    result = cli("templates", "copy", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (f"Lỗi: Không sao chép được mẫu vào {folder}: ổ đĩa đã đầy; "
                             "không mẫu nào được chép.\n")
    assert not folder.exists()
