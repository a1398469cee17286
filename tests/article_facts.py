"""Facts that a generated news item (`coordtrack report news`) must contain, per fixture.

`ARTICLE_FACTS` maps the file name of each meeting fixture in `coordtrack/fixtures/` to the
ordered list of short strings that the news item rendered for that meeting must contain, in
this order. Each fixture encodes one of the example articles in the shared `seeds/`:

- ``2024-05-23-vphu-vp-hdnd-ubnd.yaml``: seed 000, Văn phòng Huyện ủy and Văn phòng HĐND và
  UBND huyện, chiều 23/5/2024;
- ``2023-03-08-qna-tong-ket-2022.yaml``: seed 001, the 2022 review held by Văn phòng UBND tỉnh,
  chiều 8/3/2023;
- ``2021-06-10-dni-vptu-6-thang.yaml``: seed 003, Văn phòng Tỉnh ủy's online meeting on the
  first half of 2021, chiều 10/6/2021.

The order is the order of the meeting as its file records it: the lead (date as "23/5/2024",
organisers, the meeting's title, then its place), chairs (name, then titles), attendees
(name, then titles, then groups), then the findings in the file's order (a speaker's titles
only where they differ from the ones given earlier; a recommendation's answer after the last
recommendation it answers), and the author.

Each finding fact is 3 to 8 words copied exactly from the text of that finding in the fixture,
and never includes the text's first word, because the report may capitalise it. So the check
can be exact and case-sensitive: find each fact in the rendered text, starting after the end
of the previous fact.
"""

ARTICLE_FACTS: dict[str, list[str]] = {
    "2024-05-23-vphu-vp-hdnd-ubnd.yaml": [
        # lead
        "23/5/2024",
        "Văn phòng Huyện ủy",
        "Văn phòng HĐND và UBND huyện",
        "đánh giá kết quả thực hiện Quy chế phối hợp công tác",
        # chairs
        "Lê Công Phu",
        "HUV, Chánh Văn phòng Huyện ủy",
        "Nguyễn Bi",
        "HUV, Chánh Văn phòng HĐND và UBND huyện",
        # attendees
        "Võ Văn Nhàn",
        "Phó Bí thư Thường trực Huyện ủy",
        "Lý Xuân Phong",
        "UVBTVHU, Phó Chủ tịch HĐND huyện",
        "lãnh đạo, chuyên viên của 2 cơ quan",
        # achievements
        "triển khai chủ động, tích cực, hiệu quả",
        "nắm tình hình, trao đổi thông tin",
        "KT-XH, QP-AN, đối ngoại",
        "tham mưu xây dựng, phục vụ hiệu quả",
        "tiếp nhận, xử lý, giải quyết đơn thư",
        "khánh tiết được phối hợp tổ chức tốt",
        "đúng chức năng, nhiệm vụ được giao",
        # shortcomings
        "có lúc, có việc chưa kịp thời",
        "văn bản chưa đảm bảo yêu cầu",
        "thông tin tổng hợp phục vụ công tác",
        "xin ý kiến chỉ đạo của Ban",
        "chuẩn bị tài liệu, nội dung họp",
        "đôi lúc còn chưa được thông suốt",
        "trả lời một số đơn thư còn chậm",
        # directives
        "UVBTV, Phó Chủ tịch HĐND huyện",
        "thành tích đạt được trong thời gian qua",
        "hiệu quả xây dựng chương trình công tác",
        "trình độ chuyên môn, trình độ chính trị",
        "tinh thần đoàn kết, thống nhất, chia sẻ",
        # tasks
        "6 tháng còn lại năm 2024",
        "xây dựng huyện nông thôn mới",
        "Đại hội Đảng các cấp nhiệm kỳ 2025-2030",
        "sáp nhập huyện, xã trong thời gian đến",
        "lễ kỷ niệm trọng đại của huyện",
        # author
        "TG",
    ],
    "2023-03-08-qna-tong-ket-2022.yaml": [
        # lead
        "8/3/2023",
        "Văn phòng UBND tỉnh",
        "tổng kết thực hiện quy chế phối hợp công tác",
        "Văn phòng Đoàn ĐBQH&HĐND tỉnh",
        "năm 2022",
        # chairs
        "lãnh đạo các văn phòng",
        # attendees
        "Nguyễn Công Thanh",
        "Phó Chủ tịch HĐND tỉnh",
        # achievements
        "đạt nhiều kết quả nổi bật",
        "Đoàn ĐBQH tỉnh, HĐND tỉnh, UBND tỉnh",
        "tổ chức tốt các hội nghị, kỳ họp",
        "nhà đầu tư đến thăm và làm việc",
        "lễ kỷ niệm lớn trong năm",
        "nhịp nhàng trong hoạt động tiếp công dân",
        "lần thứ 7, 8, 9, 10 (khóa XXII)",
        "quý I, II, III/2022",
        "8 kỳ họp HĐND tỉnh",
        "nghị quyết, báo cáo của Tỉnh ủy",
        "43 nghị quyết quy phạm pháp luật",
        "68 nghị quyết cá biệt",
        "các quyết định của UBND tỉnh",
        # tasks
        "lịch công tác của lãnh đạo tỉnh",
        "hạn chế thấp nhất việc thay đổi lịch",
        "các cuộc họp, hội nghị kịp thời",
        "tham mưu văn bản trình các cuộc họp",
        "hồ sơ, văn bản liên quan cần thiết",
        "báo cáo Ban cán sự đảng UBND tỉnh",
        "chuẩn bị tài liệu trình HĐND tỉnh",
        # author
        "X.PHÚ",
    ],
    "2021-06-10-dni-vptu-6-thang.yaml": [
        # lead
        "10/6/2021",
        "Văn phòng Tỉnh ủy",
        "trực tuyến với văn phòng các cấp ủy trực thuộc tỉnh",
        "6 tháng đầu năm 2021",
        "Hội trường Tỉnh ủy",
        # chairs
        "Nguyễn Thị Hồng Trang",
        "Chánh Văn phòng Tỉnh ủy",
        "Nguyễn Xuân Cường",
        "Phó chánh Văn phòng Tỉnh ủy",
        "Từ Thiên Tú",
        # attendees
        "Phó bí thư thường trực Huyện ủy, Thành ủy",
        # achievements
        "bám sát chỉ đạo của Tỉnh ủy",
        "chỉ tiêu Nghị quyết năm 2021",
        "quán triệt, học tập nghiêm túc",
        "thu thập và xử lý thông tin",
        "ứng dụng công nghệ thông tin",
        "quản lý tài chính, tài sản",
        "kiến nghị của công dân được chú trọng",
        "Quy định 11-QĐi/TW ngày 18-2-2019",
        "phòng, chống dịch Covid-19",
        "bầu cử ĐBQH khóa XV",
        # shortcomings
        "trong vòng 1 tuần hoặc có 3 ngày",
        # recommendations, then the answer given to them
        "nhiệm kỳ 2020-2025",
        "tập huấn nghiệp vụ công tác văn phòng",
        "chấm điểm xếp loại các Đảng bộ",
        "các tổ chức cơ sở Đảng",
        "đã trao đổi, hướng dẫn cụ thể",
        # directives (the conclusion answers the recommendations, as in the article)
        "cảm ơn sự quan tâm của Thường trực",
        "đánh giá cao những kết quả nổi bật",
        # tasks
        "nhiệm vụ quan trọng, nòng cốt",
        "toàn khóa Đại hội XIII của Đảng",
        "Nghị quyết Đại hội XI Đảng bộ tỉnh",
        "mục tiêu kép vừa chống dịch",
        "mục tiêu, nhiệm vụ năm 2021",
        "nắm bắt kịp thời để tham mưu",
        "hình thức phù hợp để tham mưu",
        # author
        "Phương Hằng",
    ],
}


# -- the checks an editor would make, shared by every meeting's news test ----------------------
SENTENCE_LIMIT = 450


def split_sentences(text: str) -> list[str]:
    """Sentences of a rendered news item: a full stop, "!", "?" or "…" followed by a space and
    a capital letter closes one, and so does a line break."""
    import re

    sentences: list[str] = []
    for line in text.replace("./.", ".").splitlines():
        for piece in re.split(r"(?<=[.!?…])\s+", line.strip()):
            if sentences and sentences[-1] and piece[:1].islower():
                sentences[-1] += " " + piece  # "v.v. của …": not a new sentence
            elif piece:
                sentences.append(piece)
        sentences.append("")
    return [s for s in sentences if s]


def check_facts_in_order(text: str, facts: list[str]) -> None:
    position = 0
    for fact in facts:
        found = text.find(fact, position)
        assert found >= 0, f"thiếu hoặc sai thứ tự: {fact!r} (sau vị trí {position})"
        position = found + len(fact)


def check_sentence_lengths(text: str, items: list[str]) -> None:
    """No sentence longer than SENTENCE_LIMIT unless one recorded item alone is that long:
    then the sentence is that item with at most a short lead-in."""
    for sentence in split_sentences(text):
        if len(sentence) <= SENTENCE_LIMIT:
            continue
        holders = [i for i in items if len(i) > SENTENCE_LIMIT - 150 and i[1:60] in sentence]
        assert holders, f"câu dài {len(sentence)} ký tự: {sentence[:120]!r}…"
        assert len(sentence) <= max(len(i) for i in holders) + 150, sentence[:120]
