"""Screenshots of every page of `coordtrack serve`, for a reviewer (and the browser tests).

    python scripts/web_screenshots.py [OUTDIR]      # default: ./screenshots

Builds a demo register with a few dated tasks and a resolved shortcoming (so the charts have
something to draw), starts `coordtrack serve` on a free loopback port, and drives Debian's
chromium through chromium-driver (apt: chromium chromium-driver; pip: selenium).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

COORDTRACK = [sys.executable, "-m", "coordtrack"]
PAGES = {
    "trang-chu": "/",
    "bang-findings": "/{db}/findings",
    "tim-dang": "/{db}/findings?_search=%C4%90%E1%BA%A3ng",
    "loc-tinh-trang": "/{db}/findings?status=ch%C6%B0a+kh%E1%BA%AFc+ph%E1%BB%A5c",
    "khung-nhin-tien-do": "/{db}/task_status",
    "tim-kiem-chung": "/{db}/tim_kiem?q=dang+uy",
    "van-ban": "/-/coordtrack",
    "tin-bai-hoi-nghi-1": "/-/coordtrack/news/1",
    "bao-cao-thang": "/-/coordtrack/monthly/2024-05",
    "bao-cao-co-quan": "/-/coordtrack/summary/body/{vphu}/2024",
    "bang-dieu-khien": "/-/coordtrack/dashboard",
}


def browser_paths() -> tuple[str, str] | str:
    """(chromium, chromedriver), or the reason they cannot be used."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        return "chưa cài chromium và chromium-driver (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "chưa cài selenium (pip install selenium)"
    return chromium, driver


def run(*args: str, db: Path) -> str:
    done = subprocess.run([*COORDTRACK, "--db", str(db), *args], capture_output=True,
                          text=True, check=True)
    return done.stdout


def demo_register(db: Path) -> Path:
    """The demo register, plus tasks in each status category and a resolved shortcoming."""
    run("demo", db=db)
    today = date.today()
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    for owner, text, extra in [
        ("1", "Hoàn thành báo cáo quá hạn", ["--due-on", day(-5)]),
        ("1", "Cập nhật danh mục hồ sơ", ["--due-on", day(30)]),
        ("2", "Tổng hợp ý kiến của Đảng ủy", ["--due-on", day(-20), "--done-on", day(-2)]),
        ("2", "Gửi kế hoạch phối hợp", ["--due-on", day(-9), "--done-on", day(-9)]),
    ]:
        run("task", "add", "--meeting", "1", "--owner", owner, text, *extra, db=db)
    first = run("shortcoming", "list", "--format", "tsv", db=db).splitlines()[1].split("\t")[0]
    run("shortcoming", "resolve", first, db=db)
    return db


def body_id(db: Path, short_name: str) -> int:
    """A body's number in the demo register, for pages addressed by it."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id FROM bodies WHERE short_name = ?",
                            (short_name,)).fetchone()[0]
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(db: Path) -> Iterator[str]:
    """`coordtrack serve` on a free loopback port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([*COORDTRACK, "--db", str(db), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("coordtrack serve did not start: "
                                       + proc.communicate(timeout=5)[1]) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def browser(chromium: str, driver: str, downloads: Path) -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="coordtrack-chromium-")
    # Flags chromium needs as root in a container, and no network of its own.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 "--window-size=1280,1400", "--lang=vi"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    })
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        drv.set_page_load_timeout(60)
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshots(outdir: Path) -> list[Path]:
    paths = browser_paths()
    if isinstance(paths, str):
        raise SystemExit(f"Không chụp được màn hình: {paths}.")
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = demo_register(Path(tmp) / "so-mau.db")
        with serve(db) as base, browser(*paths, Path(tmp)) as drv:
            parts = {"db": db.stem, "vphu": body_id(db, "VPHU")}
            for name, path in PAGES.items():
                drv.get(base + path.format(**parts))
                target = outdir / f"{name}.png"
                height = drv.execute_script("return document.body.scrollHeight")
                drv.set_window_size(1280, min(max(800, height + 100), 6000))
                drv.save_screenshot(str(target))
                written.append(target)
    return written


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots")
    for path in screenshots(out):
        print(path)
