"""Ten realistic meetings beyond the three example articles (issue 9), each recorded as a
meeting file in tests/meetings/ and written up as a news item. Each is checked the way the
examples are: every recorded fact appears, in the recorded order; no sentence is longer
than 450 characters unless one recorded item alone is; and the text is clean. Then the
model rules the news item rests on: two provinces' bodies of the same name stay apart, a
partial date is stored and printed as known, people known only by title."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from article_facts import check_facts_in_order, check_sentence_lengths, split_sentences
from test_reports import assert_clean

MEETINGS = Path(__file__).parent / "meetings"

# Facts in the order of the meeting (lead, people, then the findings as recorded). A finding
# fact never starts with the finding's first word, which the writer may capitalise.
MEETING_FACTS: dict[str, list[str]] = {
    "01-dang-uy-xa-giao-ban-thang.yaml": [
        "Sáng ngày 5/9/2024", "Hội trường UBND xã", "Đảng ủy xã Điện Quang",
        "giao ban Đảng ủy xã tháng 8 năm 2024", "Nguyễn Văn Hùng - Bí thư Đảng ủy xã",
        "bí thư các chi bộ trực thuộc",
        "diện tích gieo trồng vụ Hè Thu đạt 412 ha", "78% dự toán huyện giao",
        "Đảng ủy xã đã chỉ đạo các chi bộ", "3 đảng viên mới",
        "Phó Bí thư Thường trực Đảng ủy", "cập nhật dữ liệu dân cư", "quỹ phòng, chống thiên tai",
        "đồng chí Hùng", "UBND xã tập trung chỉ đạo thu hoạch",
        "Ban sẽ kiểm tra", "trước ngày 30/9/2024",
        "Chương trình MTQG xây dựng nông thôn mới", "rà soát lại từng tiêu chí",
        "Cổng thông tin điện tử huyện Điện Bàn",
    ],
    "02-ky-ket-quy-che-cong-an-mat-tran-huyen.yaml": [
        "Chiều ngày 12/3/2024", "Hội trường Công an huyện", "Công an huyện Thăng Bình",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Thăng Bình", "Lễ ký kết Quy chế phối hợp",
        "sức mạnh của cả hệ thống chính trị", "Trần Minh Đức - Thượng tá, Trưởng Công an huyện",
        "Lê Thị Hoa - Chủ tịch Ủy ban MTTQ Việt Nam huyện", "đồng chủ trì",
        "Tham dự và chỉ đạo", "Phạm Quốc Bảo - Phó Bí thư Thường trực Huyện ủy",
        "Chủ tịch Ủy ban MTTQ Việt Nam huyện đã ký kết", "số 01/QCPH-CAH-MTTQ",
        "Minh Tâm",
    ],
    "03-truc-tuyen-so-ket-cchc.yaml": [
        "Sáng ngày 16/7/2024", "UBND tỉnh Quảng Trị", "trực tuyến sơ kết công tác cải cách",
        "điểm cầu chính tại Hội trường UBND tỉnh", "10 điểm cầu các huyện",
        "125 điểm cầu các xã", "Hoàng Nam - Phó Chủ tịch UBND tỉnh",
        "Nguyễn Thị Thanh Hà - Giám đốc Sở Nội vụ", "trình bày báo cáo",
        "43 văn bản chỉ đạo", "trong đó có 12 quyết định", "6 lớp bồi dưỡng kỹ năng số",
        "hơn 900 lượt người", "đúng hạn đạt 98,7%", "hồ sơ, kết quả giải quyết thủ tục",
        "9 ý kiến", "tập trung làm rõ nguyên nhân", "đồng chí Nam",
        "các sở, ban, ngành và địa phương", "trách nhiệm người đứng đầu",
        "Ngọc Trâm (QTO)",
    ],
    "04-cong-an-mat-tran-tong-ket-chuong-trinh.yaml": [
        "số 05/CTrPH-CAT-MTTQ", "giai đoạn 2019-2024", "sáng ngày 28/6/2024",
        "Công an tỉnh Quảng Ngãi", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi",
        "Võ Thanh Tùng - Đại tá, Phó Giám đốc Công an tỉnh",
        "Đinh Thị Lan - Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "đồng chủ trì",
        "Ủy ban MTTQ tỉnh", "Mặt trận các cấp", "hơn 2.300 nguồn tin", "184 mô hình tự quản",
        "1.120 buổi tuyên truyền", "khám phá án đạt 91%",
        "nắm tình hình tại cơ sở có lúc còn hình thức",
        "Giấy khen của Giám đốc Công an tỉnh", "25 tập thể, cá nhân",
        "Bằng khen của Ủy ban MTTQ Việt Nam tỉnh", "12 tập thể và 18 cá nhân",
        "giai đoạn 2024-2029", "tội phạm công nghệ cao", "Hoài Thương (Báo Quảng Ngãi)",
    ],
    "05-vks-toa-an-sua-doi-quy-che.yaml": [
        "số 02/QCPH-VKS-TA", "chiều ngày 20/2/2024", "trụ sở Tòa án nhân dân huyện",
        "Viện kiểm sát nhân dân huyện Phù Cát", "Tòa án nhân dân huyện Phù Cát",
        "Nguyễn Hữu Phước - Viện trưởng", "Lê Văn Tâm - Chánh án", "đồng chủ trì",
        "14 phiên tòa rút kinh nghiệm", "không để xảy ra oan, sai",
        "TAND huyện kiến nghị với VKSND huyện", "hồ sơ truy tố kèm bản điện tử",
        "thống nhất thực hiện từ quý II năm 2024",
        "sửa đổi, bổ sung Điều 5 và Điều 9", "đồng chí Phước",
        "thẩm phán thực hiện nghiêm quy chế đã sửa đổi",
    ],
    "06-dong-chu-tri-tinh.yaml": [
        "Sáng ngày 18/1/2024", "Văn phòng Tỉnh ủy, Văn phòng Đoàn ĐBQH và HĐND tỉnh và "
        "Văn phòng UBND tỉnh tổ chức", "Trần Hữu Thế - Chánh Văn phòng Tỉnh ủy",
        "Lê Tấn Hổ - Chánh Văn phòng UBND tỉnh đồng chủ trì",
        "lãnh đạo các phòng chuyên môn", "15 hội nghị Ban Chấp hành Đảng bộ tỉnh",
        "214 văn bản", "lịch công tác tuần của lãnh đạo tỉnh", "P.V",
    ],
    "07-khong-ngay-hoi-nong-dan.yaml": [
        "Vừa qua", "Ngân hàng Chính sách xã hội huyện Krông Pắc phối hợp với Hội Nông dân",
        "ủy thác cho vay vốn ưu đãi", "chủ tịch Hội Nông dân 14 xã, thị trấn",
        "tổ trưởng các tổ tiết kiệm và vay vốn", "312 tỷ đồng với 6.480 hộ vay",
        "nợ quá hạn giảm còn 0,18%", "các tổ trưởng tổ tiết kiệm và vay vốn kiến nghị",
        "lên 150 triệu đồng", "Hội Nông dân huyện củng cố", "Báo Đắk Lắk",
    ],
    "08-khong-nam-huyen-doan.yaml": [
        "Sáng ngày 23/5,", "Nhà Văn hóa huyện", "Huyện đoàn Đại Lộc",
        "Phòng Giáo dục và Đào tạo huyện Đại Lộc (Phòng GD&ĐT)",
        "Phan Thị Mỹ Linh - Bí thư Huyện đoàn", "Tuổi trẻ sống đẹp, sống có ích",
        "Phòng GD&ĐT phối hợp tổ chức Hội thi", "đồng chí Linh", "các hoạt động hè",
        "Thanh Bình",
    ],
    "09-dang-uy-so-ket-quy.yaml": [
        "Chiều ngày 3/10/2024", "Đảng ủy Sở Tài chính tỉnh Hà Tĩnh",
        "sơ kết công tác Đảng quý III năm 2024", "đồng chí Bí thư Đảng ủy Sở chủ trì",
        "bí thư các chi bộ trực thuộc", "chi bộ tổ chức sinh hoạt thường kỳ",
        "Theo Ủy ban Kiểm tra Đảng ủy Sở", "còn thiếu chữ ký",
        "các đồng chí đảng viên kiến nghị", "tham quan mô hình hay",
        "đồng chí Bí thư Đảng ủy Sở", "kế hoạch sinh hoạt chuyên đề quý IV",
        "Đảng ủy Khối các cơ quan tỉnh",
    ],
    "10-phuong-so-ket-6-thang.yaml": [
        "Sáng ngày 8/7/2024", "Hội trường UBND phường", "UBND phường Hòa Khánh Bắc",
        "6 tháng đầu năm 2024", "Đặng Văn Thành - Chủ tịch UBND phường",
        "Huỳnh Thị Mai - Phó Chủ tịch UBND quận Liên Chiểu", "phát biểu khai mạc",
        "Quỹ \"Vì người nghèo\" được 486 triệu đồng", "320 suất quà",
        "215 người tham gia bảo hiểm xã hội", "Khu dân cư không rác thải nhựa",
        "56 trường hợp lấn chiếm vỉa hè", "hơn 3.000 lượt người dân",
        "ứng dụng Góp ý Đà Nẵng", "đồng chí Mai", "UBND phường và Ủy ban MTTQ Việt Nam phường",
        "bảo hiểm y tế toàn dân", "Quốc Việt",
    ],
}


def copy_of(tmp_path: Path, name: str) -> str:
    """Import a copy: an import writes the uids it gave back into the file."""
    import shutil

    target = tmp_path / name
    if not target.exists():
        shutil.copyfile(MEETINGS / name, target)
    return str(target)


def recorded_items(path: Path) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [f["text"] for f in doc.get("findings") or []]


def test_every_meeting_file_has_its_facts():
    assert sorted(MEETING_FACTS) == sorted(p.name for p in MEETINGS.glob("*.yaml"))
    assert len(MEETING_FACTS) >= 10


@pytest.mark.parametrize("name", sorted(MEETING_FACTS))
def test_meeting_news_carries_every_fact_in_order(cli, tmp_path, name):
    meeting = int(cli.ok("import", copy_of(tmp_path, name)).strip())
    text = cli.ok("report", "news", "--meeting", meeting)
    check_facts_in_order(text, MEETING_FACTS[name])
    check_sentence_lengths(text, recorded_items(MEETINGS / name))
    assert_clean(text)
    assert text.rstrip().count("./.") == 1


@pytest.mark.parametrize("name", sorted(MEETING_FACTS))
def test_meeting_news_in_every_format(cli, tmp_path, name):
    meeting = int(cli.ok("import", copy_of(tmp_path, name)).strip())
    for fmt in ("md", "html"):
        out = cli.ok("report", "news", "--meeting", meeting, "--format", fmt)
        assert "Traceback" not in out and out.strip()


def test_long_lists_are_split_into_sentences_and_paragraphs(cli, tmp_path):
    meeting = int(cli.ok("import", copy_of(tmp_path, "10-phuong-so-ket-6-thang.yaml")).strip())
    text = cli.ok("report", "news", "--meeting", meeting)
    assert all(len(s) <= 450 for s in split_sentences(text))
    # Two fields, two paragraphs; the second opens with its field.
    assert "\n\nVề đô thị văn minh, 42 tổ dân phố" in text


def _bodies(cli) -> list[tuple]:
    return cli.rows("SELECT id, uid, name, short_name, level, place, short_form FROM bodies "
                    "ORDER BY id")


def test_two_provinces_in_one_register_change_no_body(cli, tmp_path):
    cli.ok("import", copy_of(tmp_path, "03-truc-tuyen-so-ket-cchc.yaml"))
    before = _bodies(cli)
    news_before = cli.ok("report", "news", "--meeting", "1")
    # Phú Yên also has a "Văn phòng Tỉnh ủy" with short name VPTU.
    cli.ok("import", copy_of(tmp_path, "06-dong-chu-tri-tinh.yaml"))
    after = _bodies(cli)
    assert after[:len(before)] == before
    offices = [b for b in after if b[2] == "Văn phòng Tỉnh ủy"]
    assert sorted(b[5] for b in offices) == ["tỉnh Phú Yên", "tỉnh Quảng Trị"]
    # The Phú Yên meeting's organisers are Phú Yên's bodies.
    places = cli.rows("SELECT DISTINCT b.place FROM meeting_organisers o JOIN bodies b "
                      "ON b.id = o.body_id WHERE o.meeting_id = 2")
    assert places == [("tỉnh Phú Yên",)]
    assert cli.ok("report", "news", "--meeting", "1") == news_before
    # Importing the first again changes nothing.
    again = cli("import", copy_of(tmp_path, "03-truc-tuyen-so-ket-cchc.yaml"))
    assert again.exit_code == 0 and "không có thay đổi" in again.stderr
    assert _bodies(cli) == after


def test_people_and_agreements_of_a_file_name_its_own_bodies(cli, tmp_path):
    """After two provinces' "VPTU", a file whose people and agreement name "VPTU" means the
    body it declares itself, not "one of three"."""
    cli.ok("import", copy_of(tmp_path, "03-truc-tuyen-so-ket-cchc.yaml"))
    cli.ok("import", copy_of(tmp_path, "06-dong-chu-tri-tinh.yaml"))
    third = tmp_path / "dong-nai.yaml"
    third.write_text(
        "bodies:\n  - name: Văn phòng Tỉnh ủy\n    short_name: VPTU\n"
        "    place: tỉnh Đồng Nai\n"
        "people:\n  - name: Nguyễn Thị Hồng Trang\n    body: VPTU\n"
        "agreements:\n  - title: Quy chế làm việc của Văn phòng Tỉnh ủy\n"
        "    parties: [VPTU]\n"
        "meeting:\n  title: Hội nghị giao ban văn phòng cấp ủy\n  date: 10/6/2021\n"
        "  organisers: [VPTU]\n", encoding="utf-8")
    cli.ok("import", str(third))
    assert cli.rows("SELECT b.place FROM people p JOIN bodies b ON b.id = p.body_id "
                    "WHERE p.name = 'Nguyễn Thị Hồng Trang'") == [("tỉnh Đồng Nai",)]
    assert cli.rows("SELECT b.place FROM agreement_parties a JOIN bodies b "
                    "ON b.id = a.body_id") == [("tỉnh Đồng Nai",)]


def test_a_body_name_is_unique_within_its_place(cli):
    cli.ok("body", "add", "Văn phòng Tỉnh ủy", "--place", "tỉnh Quảng Nam")
    cli.ok("body", "add", "Văn phòng Tỉnh ủy", "--place", "tỉnh Đồng Nai")
    again = cli("body", "add", "Văn phòng Tỉnh ủy", "--place", "tỉnh Quảng Nam")
    assert again.exit_code == 1 and "Đã có cơ quan" in again.stderr


@pytest.mark.parametrize(("date", "stored", "lead"), [
    (None, None, "Vừa qua, "),
    ("vừa qua", None, "Vừa qua, "),
    ("23/5", "--05-23", "Chiều ngày 23/5, "),
    ("tháng 5/2024", "2024-05", "Trong tháng 5/2024, "),
    ("23/5/2024", "2024-05-23", "Chiều ngày 23/5/2024, "),
])
def test_a_partial_date_is_stored_and_printed_as_known(cli, tmp_path, date, stored, lead):
    doc = {"bodies": [{"name": "Văn phòng Huyện ủy", "short_name": "VPHU"}],
           "meeting": {"title": "Hội nghị giao ban", "part_of_day": "chiều",
                       "organisers": ["VPHU"]},
           "findings": [{"kind": "achievement", "text": "hoàn thành kế hoạch tháng"}]}
    if date is not None:
        doc["meeting"]["date"] = date
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    meeting = cli.ok("import", str(path)).strip()
    assert cli.rows("SELECT held_on FROM meetings") == [(stored,)]
    text = cli.ok("report", "news", "--meeting", meeting)
    assert text.split("\n\n")[1].startswith(lead + "Văn phòng Huyện ủy tổ chức")


def test_a_date_that_does_not_exist_is_refused(cli, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("meeting:\n  title: Hội nghị\n  date: 31/2\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1 and "31/2" in result.stderr


def test_people_known_only_by_title_stay_apart(cli, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        "meeting:\n  title: Hội nghị giao ban\n  date: 2/1/2024\n  chairs:\n"
        "    - titles: Bí thư Đảng ủy xã\n    - titles: Chủ tịch UBND xã\n", encoding="utf-8")
    meeting = cli.ok("import", str(path)).strip()
    text = cli.ok("report", "news", "--meeting", meeting)
    assert ("Hội nghị do đồng chí Bí thư Đảng ủy xã; đồng chí Chủ tịch UBND xã chủ trì."
            in text)


def test_followup_of_an_undated_meeting_says_so(cli, tmp_path):
    cli.ok("import", copy_of(tmp_path, "07-khong-ngay-hoi-nong-dan.yaml"))
    out = cli.ok("followup", "--today", "1/12/2024")
    assert "hội nghị không ghi ngày" in out and "đã  ngày" not in out
