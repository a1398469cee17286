"""The prose rules of the news writer, each tested directly at its boundaries (issue 9):
proper nouns keep their capital mid-sentence, one rule after a colon, sentences no longer
than an article writes, paragraphs of article size, a person's titles once and then
"đồng chí" with the given name, a body's full name once and then its short form, a period
the title already states not written twice."""

from __future__ import annotations

import pytest

from coordtrack import vietnamese as vi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Names keep their capital.
        ("Văn phòng Tỉnh ủy có hướng dẫn", "Văn phòng Tỉnh ủy có hướng dẫn"),
        ("Đảng ủy xã đã lãnh đạo", "Đảng ủy xã đã lãnh đạo"),
        ("Ban sẽ tổ chức kiểm tra", "Ban sẽ tổ chức kiểm tra"),
        ("HĐND huyện tổ chức", "HĐND huyện tổ chức"),
        ("UBND tỉnh chỉ đạo", "UBND tỉnh chỉ đạo"),
        ("Chương trình phối hợp số 05 được triển khai",
         "Chương trình phối hợp số 05 được triển khai"),
        ("Chương trình MTQG xây dựng nông thôn mới", "Chương trình MTQG xây dựng nông thôn mới"),
        ("Công an tỉnh phối hợp", "Công an tỉnh phối hợp"),
        ("Hội đồng nhân dân huyện ban hành", "Hội đồng nhân dân huyện ban hành"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
        ("Kế hoạch 125/KH-UBND được ban hành", "Kế hoạch 125/KH-UBND được ban hành"),
        ("Phó Chủ tịch UBND xã trả lời", "Phó Chủ tịch UBND xã trả lời"),
        ("Nguyễn Văn An phát biểu", "Nguyễn Văn An phát biểu"),
        ("Quảng Nam đạt", "Quảng Nam đạt"),
        ("Covid-19 được kiểm soát", "Covid-19 được kiểm soát"),
        # Generic first words lose it.
        ("Văn phòng các cấp ủy đã tham mưu", "văn phòng các cấp ủy đã tham mưu"),
        ("Chương trình công tác của huyện", "chương trình công tác của huyện"),
        ("Chương trình công tác của Huyện ủy", "chương trình công tác của Huyện ủy"),
        ("Ban hành các nghị quyết", "ban hành các nghị quyết"),
        ("Đảng viên thực hiện", "đảng viên thực hiện"),
        ("Đoàn công tác của tỉnh", "đoàn công tác của tỉnh"),
        ("Hội nghị đã thống nhất", "hội nghị đã thống nhất"),
        ("Tổ chức thành công 8 kỳ họp", "tổ chức thành công 8 kỳ họp"),
    ],
)
def test_mid_sentence_keeps_proper_nouns(text, expected):
    assert vi.lower_first(text) == expected


def test_after_a_colon_one_rule_a_capital():
    assert vi.sentences(["công tác phối hợp còn chậm", "việc gửi văn bản"],
                        lead="Hội nghị nhìn nhận các tồn tại như:") == [
        "Hội nghị nhìn nhận các tồn tại như: Công tác phối hợp còn chậm; việc gửi văn bản."]
    # After a comma the clause reads mid-sentence, and a name keeps its capital.
    assert vi.sentences(["Văn phòng Tỉnh ủy sớm hướng dẫn"], lead="Tại hội nghị,") == [
        "Tại hội nghị, Văn phòng Tỉnh ủy sớm hướng dẫn."]
    assert vi.sentences(["Tổ chức tốt kỳ họp"], lead="Qua đánh giá,") == [
        "Qua đánh giá, tổ chức tốt kỳ họp."]


def test_sentences_stay_under_the_limit_and_never_cut_an_item():
    items = [f"nội dung số {i} " + "x" * 90 for i in range(12)]
    out = vi.sentences(items, lead="Qua đánh giá tại hội nghị, thời gian qua,")
    assert len(out) > 1
    assert all(len(s) <= vi.SENTENCE_LIMIT for s in out)
    joined = " ".join(out)
    for item in items:
        assert item[1:] in joined  # every clause whole, in order
    assert [joined.find(i[1:]) for i in items] == sorted(joined.find(i[1:]) for i in items)
    # Each new sentence starts with a capital and every sentence ends with one full stop.
    assert all(s[0].isupper() and s.endswith(".") and not s.endswith("..") for s in out)
    long_item = "y" * 600
    assert vi.sentences([long_item, "ngắn"]) == ["Y" + "y" * 599 + ".", "Ngắn."]


def test_paragraphs_pack_groups_without_cutting_sentences():
    a = ["A" * 300 + ".", "B" * 300 + "."]
    b = ["C" * 200 + "."]
    c = ["D" * 100 + "."]
    out = vi.paragraphs([a, b, c])
    assert out == [" ".join(a), " ".join(b + c)]
    assert vi.paragraphs([[], ["Một."]]) == ["Một."]


def test_person_titles_once_then_given_name():
    assert vi.person_phrase("Võ Văn Nhàn", "Phó Bí thư Thường trực Huyện ủy") == (
        "đồng chí Võ Văn Nhàn - Phó Bí thư Thường trực Huyện ủy")
    assert vi.person_phrase("Võ Văn Nhàn", "Phó Bí thư", short=True) == "đồng chí Nhàn"
    # Known only by title.
    assert vi.person_phrase("", "Bí thư Đảng ủy xã") == "đồng chí Bí thư Đảng ủy xã"
    assert vi.person_phrase("", "Bí thư Đảng ủy xã", short=True) == "đồng chí Bí thư Đảng ủy xã"


def test_body_full_name_once_then_short_form():
    assert vi.body_phrase("Hội đồng nhân dân huyện", "HĐND huyện") == (
        "Hội đồng nhân dân huyện (HĐND huyện)")
    assert vi.body_phrase("Hội đồng nhân dân huyện", "HĐND huyện", first=False) == "HĐND huyện"
    # A short form that is only a shorter wording is not introduced in brackets.
    assert vi.body_phrase("Văn phòng Huyện ủy Đại Lộc", "Văn phòng Huyện ủy") == (
        "Văn phòng Huyện ủy Đại Lộc")
    assert vi.body_phrase("Văn phòng Huyện ủy", None, first=False) == "Văn phòng Huyện ủy"


@pytest.mark.parametrize(
    ("title", "states"),
    [
        ("Hội nghị tổng kết công tác phối hợp năm 2023", True),
        ("Hội nghị giao ban tháng 06 năm 2022", True),
        ("Hội nghị sơ kết giai đoạn 2019 - 2021", True),
        ("Hội nghị sơ kết 6 tháng đầu năm 2024", True),
        ("Hội nghị sơ kết quý I/2024", True),
        ("Hội nghị đánh giá kết quả thực hiện Quy chế phối hợp", False),
    ],
)
def test_a_title_that_states_its_period(title, states):
    assert vi.states_period(title) is states


def test_stage_and_term_keep_their_own_word():
    assert vi.period_phrase(vi.parse_period("giai đoạn 2019-2021")) == "giai đoạn 2019-2021"
    assert vi.period_phrase(vi.parse_period("2019-2021")) == "nhiệm kỳ 2019-2021"


@pytest.mark.parametrize(("title", "short"), [
    ("Hội nghị sơ kết công tác phối hợp", "Hội nghị sơ kết công tác phối hợp"),
    ("Hội nghị tổng kết 5 năm thực hiện Chương trình phối hợp số 05 giữa Công an tỉnh và Ủy "
     "ban Mặt trận Tổ quốc Việt Nam tỉnh về vận động toàn dân tham gia bảo vệ an ninh Tổ "
     "quốc, giữ gìn trật tự, an toàn xã hội 6 tháng đầu năm 2024",
     "Hội nghị tổng kết 5 năm thực hiện Chương trình phối hợp số 05 6 tháng đầu năm 2024"),
    ("Hội nghị tổng kết công tác phối hợp giữa Văn phòng Tỉnh ủy, Văn phòng Đoàn ĐBQH và "
     "HĐND tỉnh, Văn phòng UBND tỉnh và các sở, ban, ngành, địa phương trong tỉnh về công "
     "tác tham mưu, phục vụ năm 2023",
     "Hội nghị tổng kết công tác phối hợp năm 2023"),
])
def test_a_long_title_has_a_short_form_in_the_lead(title, short):
    from coordtrack.documents.data import short_title

    assert short_title(title) == short
