"""`coordtrack serve`'s Datasette, in-process (no browser): metadata, search, pages, refusals."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote

import pytest

pytest.importorskip("datasette", reason="the web extra is not installed")

from coordtrack.web import server  # noqa: E402


@pytest.fixture
def get(demo_cli):
    datasette = server.make_datasette(demo_cli.db)
    name = demo_cli.db.stem

    def fetch(path: str):
        return asyncio.run(datasette.client.get(path.format(db=name)))

    return fetch


def ids(response) -> list[int]:
    return sorted(r["id"] for r in response.json())


@pytest.mark.parametrize("table", ["findings", "meetings", "agreements"])
def test_search_box_of_each_table_ignores_marks_and_d(get, table):
    word = {"findings": "Đảng", "meetings": "Đoàn", "agreements": "Văn phòng"}[table]
    from coordtrack.vietnamese import fold

    expected = ids(get(f"/{{db}}/{table}.json?_search={quote(word)}&_shape=array&_size=max"))
    assert expected
    for query in (word.lower(), fold(word), word.upper()):
        found = get(f"/{{db}}/{table}.json?_search={quote(query)}&_shape=array&_size=max")
        assert ids(found) == expected, query


def test_metadata_labels_facets_and_hidden_tables(get):
    tables = {t["name"]: t for t in get("/{db}.json").json()["tables"]}
    assert tables["findings_fts"]["hidden"] and tables["history"]["hidden"]
    assert not tables["findings"]["hidden"]
    page = get("/{db}/findings").text
    assert "Nội dung hội nghị (findings)" in page
    assert 'data-column="status"' in page and 'data-column="kind"' in page
    # Foreign keys show the label column, not the number twice.
    links = get("/{db}/finding_owners.json?_shape=array&_labels=on&_size=1").json()
    assert isinstance(links[0]["finding_id"], dict) and links[0]["finding_id"]["label"]


def test_canned_queries(get):
    rows = get("/{db}/nhiem_vu_theo_tien_do.json?_shape=array").json()
    assert rows and set(rows[0]) == {"Phân loại", "Số nhiệm vụ"}
    by_body = get("/{db}/ton_tai_theo_co_quan.json?_shape=array").json()
    assert sum(r["Số tồn tại"] for r in by_body) == len(
        get("/{db}/open_shortcomings.json?_shape=array&_size=max").json())
    found = [get(f"/{{db}}/tim_kiem.json?_shape=array&q={quote(q)}").json()
             for q in ("Đảng ủy", "dang uy", 'a" OR b')]
    assert found[0] and found[0] == found[1]
    assert found[2] == []  # quotes and operators are text, never query syntax


def test_document_pages_and_docx(get):
    page = get("/-/coordtrack/news/1")
    assert page.status_code == 200 and "Chiều ngày 10/6/2021" in page.text
    docx = get("/-/coordtrack/news/1.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert 'filename="tin-bai-hoi-nghi-1.docx"' in docx.headers["content-disposition"]
    assert get("/-/coordtrack/monthly/2024-05").status_code == 200
    index = get("/-/coordtrack").text
    summary = index.split('/-/coordtrack/summary/')[1].split('"')[0]
    assert get(f"/-/coordtrack/summary/{summary}").status_code == 200
    missing = get("/-/coordtrack/news/999")
    assert missing.status_code == 404 and "Không lập được văn bản" in missing.text


def test_body_summary_page_and_docx(get):
    index = get("/-/coordtrack").text
    assert '<li id="co-quan-' in index
    # Văn phòng Huyện ủy organised the meeting of 23/5/2024.
    body = int(get("/{db}/bodies.json?_shape=array&short_name=VPHU").json()[0]["id"])
    link = f"/-/coordtrack/summary/body/{body}/2024"
    assert f'href="{link}"' in index
    page = get(link)
    assert page.status_code == 200
    assert "Kết quả công tác phối hợp của Văn phòng Huyện ủy năm 2024" in page.text
    assert f'href="{link}.docx"' in page.text
    docx = get(link + ".docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert (f'filename="bao-cao-co-quan-{body}-nam-2024.docx"'
            in docx.headers["content-disposition"])
    # The bodies table leads to the body's summaries on the documents page.
    assert f'href="/-/coordtrack#co-quan-{body}"' in get("/{db}/bodies").text


@pytest.mark.parametrize(("path", "message"), [
    ("/-/coordtrack/summary/body/999/2024", "Không tìm thấy cơ quan số 999."),
    ("/-/coordtrack/summary/body/{body}/2019",
     "Sổ đăng ký chưa ghi nhận gì về Văn phòng Huyện ủy trong năm 2019"),
])
def test_body_summary_page_says_what_is_missing(get, path, message):
    body = get("/{db}/bodies.json?_shape=array&short_name=VPHU").json()[0]["id"]
    page = get(path.replace("{body}", str(body)))
    assert page.status_code == 404 and message in page.text


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/-/coordtrack/news/abc", 404, "Không có trang /-/coordtrack/news/abc"),
    ("/-/coordtrack/summary/body/{body}/0", 404, "Không có trang"),
    ("/-/coordtrack/summary/body/{body}/2024.pdf", 404, "Không có trang"),
    ("/-/coordtrack/summary/body/{body}/20245", 404, "Không có trang"),
    ("/-/coordtrack/summary/body/x/2024", 404, "Không có trang"),
    ("/-/coordtrack/summary/body/{body}/--05", 404, "Không có trang"),
    ("/-/coordtrack/monthly/--05-23", 404, "Không có trang"),
    ("/-/coordtrack/nothing/here", 404, "Không có trang"),
    ("/-/coordtrack/news/99999999999999999999", 404,
     "Không tìm thấy hội nghị số 99999999999999999999."),
    ("/-/coordtrack/summary/body/99999999999999999999/2024", 404, "Không tìm thấy cơ quan"),
    ("/-/coordtrack/summary/1/0000", 400, "năm không hợp lệ: 0."),
    ("/-/coordtrack/monthly/2024-13", 400, "Tháng không hợp lệ"),
])
def test_a_url_that_names_no_document_gets_a_vietnamese_page(get, path, status, message):
    # Datasette's own 404 handling answers 500 "Error" here (rich 15), so none may reach it.
    body = get("/{db}/bodies.json?_shape=array&short_name=VPHU").json()[0]["id"]
    page = get(path.replace("{body}", str(body)))
    assert page.status_code == status and message in page.text
    assert "<title>Error" not in page.text


def test_a_meeting_without_a_year_makes_no_yearly_or_monthly_link(demo_cli, get):
    meeting = demo_cli.ok("-q", "meeting", "add", "Hội nghị giao ban", "--date", "23/5",
                          "--organiser", "VPHU").strip()
    demo_cli.ok("-q", "shortcoming", "add", "Chậm gửi báo cáo", "--meeting", meeting)
    index = get("/-/coordtrack").text
    assert "(--05-23)" in index  # the meeting is listed, with its date as recorded
    assert "/--05" not in index.replace(f"/news/{meeting}", "")
    assert "năm --" not in index and "tháng 23/--05" not in index
    assert get("/-/coordtrack/dashboard").status_code == 200


def test_dashboard_draws_svg_without_network(get):
    page = get("/-/coordtrack/dashboard").text
    assert page.count('<svg class="chart"') == 2
    assert "<script src=\"http" not in page and "https://" not in page.split("<svg")[1]


def test_nothing_can_be_written_through_the_site(get):
    result = get("/{db}.json?sql=" + quote("DELETE FROM findings") + "&_shape=array")
    assert result.status_code == 400
    assert json.loads(result.text)["ok"] is False


def test_views_search_with_their_tables_index(get):
    def found(path):
        return ids(get(path + "&_shape=array&_size=max"))

    table = found("/{db}/findings.json?kind=" + quote("nhiệm vụ") + "&_search=" + quote("Đảng"))
    assert table and found("/{db}/task_status.json?_search=dang") == table
    assert found("/{db}/meetings_described.json?_search=doan") == found(
        "/{db}/meetings.json?_search=" + quote("Đoàn"))
