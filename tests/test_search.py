"""Search: accent-, case- and đ-insensitive, phrases, filters, ranking ties, no tracebacks."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, Cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coordtrack import search as search_mod
from coordtrack.cli import app
from coordtrack.register.file import open_register


def ids(cli: Cli, *args: str) -> list[tuple[str, int]]:
    out = cli.ok("search", *args, "--format", "json")
    return [(r["type"], r["id"]) for r in json.loads(out)]


@pytest.fixture
def reg_cli(demo_cli: Cli) -> Cli:
    demo_cli.ok("achievement", "add", "--meeting", "1", "Ban Thường vụ Đảng ủy khối tiếp công dân")
    return demo_cli


def test_accents_case_and_d_fold_both_ways(reg_cli):
    plain = ids(reg_cli, "tiep cong dan")
    assert plain
    # The same hits whatever the marks; typed with marks, exact spellings come first
    # (tests/test_cli_search.py), so the order may differ.
    assert sorted(ids(reg_cli, "TIẾP CÔNG DÂN")) == sorted(plain)
    assert ids(reg_cli, "tiếp công dân") == ids(reg_cli, "TIẾP CÔNG DÂN")
    assert ids(reg_cli, unicodedata.normalize("NFD", "Tiếp Công Dân")) == ids(
        reg_cli, "tiếp công dân")
    assert sorted(ids(reg_cli, "TIEP cong DÂN")) == sorted(plain)


def test_d_matches_dj(reg_cli):
    texts = [r["text"] for r in json.loads(reg_cli.ok("search", "dang", "-f", "json", "-n", "500"))]
    assert any("Đảng" in t for t in texts)
    hits = json.loads(reg_cli.ok("search", "DANG UY", "-f", "json"))
    assert any("Đảng ủy" in r["text"] for r in hits)
    assert sorted(ids(reg_cli, "đảng ủy")) == sorted(ids(reg_cli, "DANG UY")) == sorted(
        ids(reg_cli, "Đang Uy"))
    # The Icelandic eth typed on a foreign keyboard stands for đ too.
    assert ids(reg_cli, "\u00f0ảng ủy") == ids(reg_cli, "đảng ủy")


def test_phrase_search(reg_cli):
    loose = ids(reg_cli, "cong tiep")
    phrase = ids(reg_cli, '"tiep cong dan"')
    assert phrase and set(phrase) <= set(loose)
    assert ids(reg_cli, '"cong tiep"') == []
    results = json.loads(reg_cli.ok("search", '"tiep cong dan"', "-f", "json"))
    for r in results:
        assert "tiep cong dan" in search_mod.vi.fold(r["snippet"]).replace(",", "")


def test_filters(reg_cli):
    all_hits = ids(reg_cli, "tiep cong dan")
    assert {t for t, _ in ids(reg_cli, "tiep cong dan", "--kind", "achievement")} == \
        {"achievement"}
    assert ids(reg_cli, "tiep cong dan", "--kind", "meeting") == []
    in_2023 = ids(reg_cli, "tiep cong dan", "--from", "2023", "--to", "2023")
    assert in_2023 and set(in_2023) < set(all_hits)
    rows = json.loads(reg_cli.ok("search", "tiep cong dan", "--from", "1/1/2023", "--to",
                                 "31/12/2023", "-f", "json"))
    assert rows and all(r["date"].startswith("2023") for r in rows)
    meetings = ids(reg_cli, "hoi nghi", "--kind", "meeting")
    assert meetings and {t for t, _ in meetings} == {"meeting"}
    assert ids(reg_cli, "quy che", "--kind", "agreement")
    body_hits = ids(reg_cli, "van ban", "--body", "VPHU")
    assert set(body_hits) <= set(ids(reg_cli, "van ban", "-n", "500"))
    assert len(ids(reg_cli, "dang", "--limit", "2")) == 2
    bad = reg_cli("search", "x", "--kind", "nope")
    assert bad.exit_code == 2 and "--kind" in bad.stderr


def test_index_follows_edits_and_removals(reg_cli):
    new_id = reg_cli.ok("achievement", "add", "--meeting", "1", "lắp đặt camera xyzzy").strip()
    assert ids(reg_cli, "xyzzy") == [("achievement", int(new_id))]
    reg_cli.ok("achievement", "edit", new_id, "--text", "lắp đặt máy quét plugh")
    assert ids(reg_cli, "xyzzy") == []
    assert ids(reg_cli, "plugh") == [("achievement", int(new_id))]
    reg_cli.ok("achievement", "remove", new_id)
    assert ids(reg_cli, "plugh") == []
    reg_cli.ok("undo")
    assert ids(reg_cli, "plugh") == [("achievement", int(new_id))]


def test_ties_in_vietnamese_order(cli):
    cli.import_fixture()
    # Same length and one hit each: equal bm25 scores, so Vietnamese order decides.
    for text in ("Bình zorgle", "Ánh zorgle", "Anh zorgle", "Ăn zorgle", "Đào zorgle",
                 "Dương zorgle"):
        cli.ok("achievement", "add", "--meeting", "1", text)
    texts = [r["text"] for r in json.loads(cli.ok("search", "zorgle", "-f", "json"))]
    assert texts == ["Anh zorgle", "Ánh zorgle", "Ăn zorgle", "Bình zorgle", "Dương zorgle",
                     "Đào zorgle"]
    # The cut of --limit falls inside the run of ties: still the Vietnamese first ones.
    texts = [r["text"] for r in json.loads(cli.ok("search", "zorgle", "-f", "json", "-n", "2"))]
    assert texts == ["Anh zorgle", "Ánh zorgle"]


def test_snippets_plain_when_piped_and_marked_on_terminal(reg_cli):
    out = reg_cli.ok("search", "tiep cong dan")
    assert "[bold" not in out and "tiếp công dân" in out
    marked = search_mod.snippet("Đảng ủy tiếp [công] dân", {"tiep", "dan"}, markup=True)
    assert "[bold yellow]tiếp[/]" in marked and "[bold yellow]dân[/]" in marked
    assert "\\[công]" in marked
    long = " ".join(["chữ"] * 60 + ["mục tiêu"] + ["chữ"] * 60)
    cut = search_mod.snippet(long, {"tieu"}, markup=False)
    assert cut.startswith("…") and cut.endswith("…") and "mục tiêu" in cut


def test_csv_and_tsv(reg_cli):
    out = reg_cli.ok("search", "tiep cong dan", "-f", "csv")
    # Every CSV starts with a BOM, so that Excel reads it as UTF-8.
    assert out.splitlines()[0] == "\ufefftype,id,uid,date,meeting,text,snippet,score"
    assert "\t" in reg_cli.ok("search", "tiep cong dan", "-f", "tsv")


@pytest.mark.parametrize("text", ['"', '"tiep', 'tiep"cong', "*", "-", "AND", "NEAR(", ":",
                                  "tiep AND", "text:tiep", "OR OR", "NOT dan", "^tiep",
                                  "tiep*", "(", ")", "{a b}", "\x00", "   ", "''", "—"])
def test_hostile_queries_never_crash(reg_cli, text):
    result = reg_cli("search", "--", text)
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1


def test_operators_are_literal_words(reg_cli):
    # "AND"/"NOT" are words like any other: "tiep NOT dan" needs all three words.
    assert ids(reg_cli, "tiep NOT dan") == []
    assert ids(reg_cli, "tiep* cong") == ids(reg_cli, "tiep cong")


def test_search_function_in_process(reg_cli):
    reg = open_register(reg_cli.db, write=False)
    try:
        rows = search_mod.search(reg, "tiep cong dan", kind="achievement", limit=3)
    finally:
        reg.close()
    assert 0 < len(rows) <= 3
    assert {"type", "id", "text", "snippet", "score"} <= set(rows[0])


def test_index_openable_and_writable_without_coordtrack(reg_cli):
    # Triggers use plain SQL only: a stock sqlite3 can write the tables and keep the index.
    conn = sqlite3.connect(reg_cli.db)
    conn.execute("INSERT INTO findings (uid, kind, meeting_id, text, created_at, updated_at) "
                 "VALUES ('u-ext', 'nhiệm vụ', 1, 'Đôn đốc quux', 'x', 'x')")
    conn.commit()
    conn.close()
    assert [t for t, _ in ids(reg_cli, "don doc quux")] == ["task"]


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("search") / "r.db"
    runner = CliRunner()
    for name in FIXTURES:
        assert runner.invoke(app, ["--db", str(db), "import", str(FIXTURES[name])]).exit_code == 0
    return db


@pytest.mark.slow
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_fuzz_search_never_tracebacks(shared_db, text):
    runner = CliRunner()
    for argv in (["search", "--", text], ["search", text, "-f", "json"]):
        result = runner.invoke(app, ["--db", str(shared_db), *argv])
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.stderr
        if result.exit_code:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
