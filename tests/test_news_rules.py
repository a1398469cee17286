"""Two prose rules of the news item, tested directly rather than only through snapshots.

A snapshot is rewritten by the code under test, so one careless update would accept a
regression; these tests state the rules: a run of recommendations with the same sender,
addressee and answer reads as one, and a person's titles are given once.
"""

from __future__ import annotations

import pytest

import coordtrack

CHAIR = "Võ Văn Nhàn - Phó Bí thư Thường trực Huyện ủy"
SPEAKER = "Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy"
ANSWER = "Văn phòng Tỉnh ủy sẽ xem xét trong quý III"


@pytest.fixture
def reg():
    with coordtrack.open_register(None) as register:
        coordtrack.add(register, "body", {"name": "Văn phòng Huyện ủy", "short_name": "VPHU"})
        coordtrack.add(register, "body", {"name": "Văn phòng Tỉnh ủy", "short_name": "VPTU"})
        coordtrack.add(register, "meeting", {
            "title": "Hội nghị sơ kết quy chế phối hợp", "date": "23/5/2024",
            "organisers": ["VPHU"], "chairs": [CHAIR]})
        yield register


def add(reg, kind: str, text: str, **values) -> None:
    coordtrack.add(reg, kind, {"meeting": 1, "text": text, **values})


def news(reg) -> str:
    return coordtrack.render(reg, "news", meeting=1)


def sentence_with(text: str, part: str) -> str:
    [found] = [s for s in text.replace("\n", " ").split(". ") if part in s]
    return found


def test_recommendations_with_one_sender_addressee_and_answer_read_as_one(reg):
    same = {"from_body": "VPHU", "to_body": "VPTU", "response": ANSWER}
    add(reg, "recommendation", "sớm ban hành hướng dẫn nghiệp vụ lưu trữ", **same)
    add(reg, "recommendation", "tổ chức tập huấn công tác văn thư", **same)
    add(reg, "recommendation", "bổ sung biên chế", **{**same, "response": "chưa có chỉ tiêu"})
    text = news(reg)
    # The first two share one sentence and one answer; the third has its own.
    grouped = sentence_with(text, "hướng dẫn nghiệp vụ lưu trữ")
    assert "tập huấn công tác văn thư" in grouped
    assert "biên chế" not in grouped
    assert text.count(ANSWER) == 1
    assert text.count("chưa có chỉ tiêu") == 1
    assert text.index("tập huấn") < text.index(ANSWER) < text.index("biên chế")


def test_recommendations_with_different_answers_are_not_merged(reg):
    add(reg, "recommendation", "sớm ban hành hướng dẫn nghiệp vụ lưu trữ",
        from_body="VPHU", to_body="VPTU", response=ANSWER)
    add(reg, "recommendation", "tổ chức tập huấn công tác văn thư",
        from_body="VPHU", to_body="VPTU", response="đã tổ chức trong tháng 4")
    text = news(reg)
    assert "tập huấn" not in sentence_with(text, "hướng dẫn nghiệp vụ lưu trữ")


def test_a_persons_titles_are_given_once(reg):
    add(reg, "directive", "biểu dương những thành tích đạt được", speakers=[SPEAKER])
    add(reg, "directive", "yêu cầu Văn phòng Huyện ủy khắc phục hạn chế", speakers=[CHAIR])
    add(reg, "directive", "đề nghị hai văn phòng tiếp tục phối hợp chặt chẽ",
        speakers=[SPEAKER])
    text = news(reg)
    # The chair is introduced with his titles in the lead, then by his given name.
    assert text.count("Phó Bí thư Thường trực Huyện ủy") == 1
    assert "đồng chí Nhàn yêu cầu" in text.replace("Đồng chí", "đồng chí")
    assert text.count("HUV, Chánh Văn phòng Huyện ủy") == 1
    assert text.index("HUV, Chánh Văn phòng") < text.index("biểu dương")
