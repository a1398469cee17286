"""`coordtrack serve` in a real browser: Debian's chromium driven by selenium.

Skipped, with the reason shown, where chromium, chromium-driver or selenium is missing
(CI installs them: see .ci/run).
"""

from __future__ import annotations

import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import web_screenshots as web  # noqa: E402

PATHS = web.browser_paths()
pytestmark = pytest.mark.skipif(isinstance(PATHS, str), reason=str(PATHS))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    db = web.demo_register(tmp / "so.db")
    downloads = tmp / "downloads"
    downloads.mkdir()
    with web.serve(db) as base, web.browser(*PATHS, downloads) as drv:
        yield {"base": base, "db": db.stem, "db_path": db, "driver": drv,
               "downloads": downloads}


def row_ids(drv) -> list[int]:
    from selenium.webdriver.common.by import By

    cells = drv.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody td.col-id")
    return sorted(int(c.text.strip()) for c in cells)


def search_findings(site, text: str) -> list[int]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    drv = site["driver"]
    drv.get(f"{site['base']}/{site['db']}/findings?_size=max")
    box = drv.find_element(By.ID, "_search")
    box.clear()
    box.send_keys(text, Keys.ENTER)
    for _ in range(100):
        if "_search=" in drv.current_url:
            break
        time.sleep(0.1)
    return row_ids(drv)


def test_findings_search_box_finds_dang_and_Dang_alike(site):
    everything = search_findings(site, "")
    plain = search_findings(site, "dang")
    assert plain and len(plain) < len(everything)
    assert search_findings(site, "Đảng") == plain
    assert search_findings(site, "đảng") == plain


def test_a_facet_narrows_by_status(site):
    from selenium.webdriver.common.by import By

    drv = site["driver"]
    drv.get(f"{site['base']}/{site['db']}/findings?_size=max")
    before = row_ids(drv)
    link = drv.find_element(By.XPATH, "//div[@data-column='status']//a[contains(., "
                                      "'chưa khắc phục')]")
    link.click()
    for _ in range(100):
        if "status=" in drv.current_url:
            break
        time.sleep(0.1)
    after = row_ids(drv)
    assert after and len(after) < len(before)
    statuses = {c.text for c in drv.find_elements(By.CSS_SELECTOR, "td.col-status")}
    assert statuses == {"chưa khắc phục"}


def test_a_meetings_news_page_renders_and_its_docx_downloads(site):
    from selenium.webdriver.common.by import By

    drv = site["driver"]
    drv.get(f"{site['base']}/-/coordtrack/news/1")
    article = drv.find_element(By.CSS_SELECTOR, "article.coordtrack-document")
    assert "Hội nghị trực tuyến với văn phòng các cấp ủy" in article.text
    assert "Chiều ngày 10/6/2021" in article.text
    link = drv.find_element(By.ID, "docx-download")
    href = link.get_attribute("href")
    link.click()
    target = site["downloads"] / "tin-bai-hoi-nghi-1.docx"
    for _ in range(200):
        if target.exists() and target.stat().st_size:
            break
        time.sleep(0.1)
    if not target.exists():  # a browser build that ignores the download folder setting
        target.write_bytes(urllib.request.urlopen(href, timeout=30).read())
    with zipfile.ZipFile(target) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "10/6/2021" in xml


def test_a_bodys_summary_is_reached_from_the_documents_page(site):
    from selenium.webdriver.common.by import By

    drv = site["driver"]
    body = web.body_id(site["db_path"], "VPHU")
    drv.get(f"{site['base']}/-/coordtrack")
    drv.find_element(By.CSS_SELECTOR, f"#co-quan-{body} a").click()
    article = drv.find_element(By.CSS_SELECTOR, "article.coordtrack-document")
    assert "Kết quả công tác phối hợp của Văn phòng Huyện ủy năm 2024" in article.text
    link = drv.find_element(By.ID, "docx-download").get_attribute("href")
    assert link.endswith(f"/-/coordtrack/summary/body/{body}/2024.docx")


def test_the_dashboard_shows_its_charts(site):
    from selenium.webdriver.common.by import By

    drv = site["driver"]
    drv.get(f"{site['base']}/-/coordtrack/dashboard")
    for chart in ("chart-quarters", "chart-bodies"):
        svg = drv.find_element(By.ID, chart)
        bars = svg.find_elements(By.CSS_SELECTOR, "rect.bar")
        assert bars and all(b.size["height"] > 0 for b in bars), chart
    titles = [t.get_attribute("textContent") for t in
              drv.find_elements(By.CSS_SELECTOR, "#chart-bodies rect.bar title")]
    assert any("chưa hoàn thành quá hạn" in t for t in titles)
    # Nothing on the page comes from the network: no script, image or style from outside.
    outside = drv.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(location.origin))")
    assert outside == []


def test_the_screenshot_script_writes_a_picture_of_each_page(tmp_path):
    written = web.screenshots(tmp_path)
    assert [p.stem for p in written] == list(web.PAGES)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written)
