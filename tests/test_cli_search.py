"""Search as a clerk uses it: people, titles, no raw JSON, prefixes, exact spellings first."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def office(cli):
    cli.ok("body", "add", "Ủy ban nhân dân xã", "--short-name", "UBND")
    cli.ok("meeting", "add", "Hội nghị giao ban quý II", "--date", "2/5/2024",
           "--place", "Hội trường xã", "--chair", "Trần Thị Hoa - Chủ tịch UBND xã",
           "--connection-point", "tiếp công dân", "--connection-point", "thôn Đông")
    cli.ok("meeting", "add", "Hội nghị sơ kết", "--date", "3/6/2024")
    cli.ok("directive", "add", "--meeting", "2", "--speaker", "Trần Thị Hoa - Chủ tịch UBND xã",
           "tăng cường kỷ cương")
    cli.ok("achievement", "add", "--meeting", "2", "giải quyết đơn thư kịp thời")
    cli.ok("achievement", "add", "--meeting", "2", "trồng hoa")
    cli.ok("achievement", "add", "--meeting", "2",
           "công tác hòa giải ở cơ sở được tăng cường hơn trước rất nhiều lần")
    return cli


def _hits(cli, *args: str) -> list[tuple[str, int]]:
    return [(r["type"], r["id"]) for r in json.loads(cli.ok("search", *args, "-f", "json"))]


@pytest.mark.parametrize("query", ["Tran Thi Hoa", "trần thị hoa", "TRAN THI HOA"])
def test_a_person_finds_the_meetings_she_chaired_and_what_she_said(office, query):
    assert set(_hits(office, query)) == {("meeting", 1), ("directive", 1)}


def test_result_lines_show_no_raw_json(office):
    out = office.ok("search", "tiep cong dan")
    assert "[" not in out and '"' not in out
    assert "tiếp công dân; thôn Đông" in out


def test_a_meeting_hit_shows_its_title(office):
    lines = office.ok("search", "hoi truong").splitlines()
    assert lines[1].endswith("2/5/2024  Hội nghị giao ban quý II — Hội trường xã")


@pytest.mark.parametrize("query, found", [
    ("don th", [("achievement", 2)]),
    ("giai quyet don", [("achievement", 2)]),
    ("kỷ cươ", [("directive", 1)]),
])
def test_the_last_word_matches_as_a_prefix(office, query, found):
    assert _hits(office, query) == found


def test_rows_holding_the_last_word_whole_come_before_its_completions(office):
    office.ok("achievement", "add", "--meeting", "2", "giải quyết đơn thư tồn đọng")
    office.ok("achievement", "add", "--meeting", "2", "giải quyết đông đảo ý kiến")
    # "đơn" is a whole word of two rows; "đông" only completes "don".
    assert _hits(office, "giai quyet don") == [("achievement", 2), ("achievement", 5),
                                               ("achievement", 6)]
    assert _hits(office, "giai quyet don", "--limit", "2") == [("achievement", 2),
                                                               ("achievement", 5)]


def test_a_finished_word_does_not_match_as_a_prefix(office):
    assert _hits(office, "don t ") == []
    assert _hits(office, '"don th"') == []


def test_with_marks_exact_spellings_rank_first(office):
    assert _hits(office, "hòa")[0] == ("achievement", 4)
    assert _hits(office, "hoa")[0] != ("achievement", 4)  # without marks: plain relevance
