"""A synthetic register at a province's scale: fixed seed, varied Vietnamese text."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

from coordtrack.register.recordtypes import kind_code

PHRASES = [
    "tham mưu", "tổng hợp", "tiếp công dân", "giải quyết đơn thư", "khiếu nại, tố cáo",
    "xây dựng nông thôn mới", "cải cách hành chính", "chuyển đổi số", "Đảng ủy", "đảng viên",
    "lễ tân, khánh tiết", "đón tiếp các đoàn công tác", "kỳ họp HĐND", "nghị quyết",
    "chương trình công tác", "văn bản quy phạm pháp luật", "phòng, chống dịch bệnh",
    "quốc phòng - an ninh", "kinh tế - xã hội", "thông tin, báo cáo", "lịch công tác",
    "đôn đốc, kiểm tra", "bí mật nhà nước", "văn thư, lưu trữ", "tài chính, tài sản",
    "ứng dụng công nghệ thông tin", "đại biểu Quốc hội", "Mặt trận Tổ quốc", "đoàn thể",
    "sáp nhập đơn vị hành chính", "đội ngũ cán bộ, công chức", "hội nghị chuyên đề",
]
VERBS = ["phối hợp chặt chẽ trong", "chủ động tham mưu", "triển khai kịp thời",
         "còn chậm trong", "chưa thật sự hiệu quả trong", "nâng cao chất lượng",
         "tăng cường", "tổ chức tốt", "bảo đảm tiến độ", "rà soát, đánh giá"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
GIVEN = ["An", "Ánh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hằng", "Hùng",
         "Khánh", "Lan", "Long", "Minh", "Nam", "Ngọc", "Phong", "Phú", "Quân", "Sơn", "Tâm",
         "Thanh", "Trang", "Tú", "Tuấn", "Uyên", "Văn", "Xuân", "Yến"]
KINDS = ["achievement", "shortcoming", "task", "directive", "recommendation"]
KIND_WEIGHTS = [40, 25, 25, 6, 4]
UNITS = ["kỳ họp", "nghị quyết", "văn bản", "đơn thư", "cuộc họp", "lượt công dân"]
STAMP = "2026-01-01T00:00:00+07:00"
DONE_BY = date(2026, 6, 30)

BODY_COLUMNS = ("uid", "name", "short_name", "level", "created_at", "updated_at")
AGREEMENT_COLUMNS = ("uid", "number", "title", "status", "created_at", "updated_at")
MEETING_COLUMNS = ("uid", "kind", "title", "held_on", "part_of_day", "online", "period",
                   "period_start", "period_end", "created_at", "updated_at")
FINDING_COLUMNS = ("uid", "kind", "meeting_id", "position", "text", "area", "value", "unit",
                   "body_id", "status", "due_on", "done_on", "created_at", "updated_at")


class Synthetic:
    def __init__(self, findings: int, *, bodies: int = 500, meetings: int = 20_000,
                 years: int = 10, seed: int = 20261121):
        self.findings = findings
        self.bodies = bodies
        self.meetings = min(meetings, max(1, findings // 10))
        self.years = years
        self.seed = seed
        self.start = date(2016, 1, 1)

    def _uid(self, rnd: random.Random) -> str:
        return str(uuid.UUID(int=rnd.getrandbits(128), version=4))

    def body_rows(self) -> Iterator[tuple]:
        rnd = random.Random(self.seed)
        for i in range(1, self.bodies + 1):
            level = rnd.choice(["tỉnh", "huyện", "xã"])
            yield (self._uid(rnd), f"Văn phòng {rnd.choice(PHRASES)} {level} số {i}",
                   f"VP{i:03d}", level, STAMP, STAMP)

    def agreement_rows(self) -> Iterator[tuple]:
        rnd = random.Random(self.seed + 1)
        for i in range(1, self.bodies // 5 + 1):
            yield (self._uid(rnd), f"{i:02d}-QC/VP", f"Quy chế phối hợp về {rnd.choice(PHRASES)}",
                   "hiệu lực", STAMP, STAMP)

    def meeting_rows(self) -> Iterator[tuple]:
        rnd = random.Random(self.seed + 2)
        span = self.years * 365
        for i in range(1, self.meetings + 1):
            held = self.start + timedelta(days=int(span * i / self.meetings))
            kind = rnd.choice(["tổng kết", "sơ kết", "đánh giá", "giao ban"])
            yield (self._uid(rnd), kind, f"Hội nghị {kind} về {rnd.choice(PHRASES)} số {i}",
                   held.isoformat(), rnd.choice(["sáng", "chiều"]), rnd.random() < 0.2,
                   str(held.year), f"{held.year}-01-01", f"{held.year}-12-31", STAMP, STAMP)

    def meeting_dates(self) -> list[str]:
        return [row[3] for row in self.meeting_rows()]

    def finding_rows(self) -> Iterator[tuple]:
        rnd = random.Random(self.seed + 3)
        dates = self.meeting_dates()
        per_meeting = max(1, self.findings // self.meetings)
        for i in range(self.findings):
            meeting = min(self.meetings, i // per_meeting + 1)
            kind = rnd.choices(KINDS, KIND_WEIGHTS)[0]
            text = (f"{rnd.choice(VERBS)} {rnd.choice(PHRASES)}, {rnd.choice(PHRASES)} và "
                    f"{rnd.choice(PHRASES)} của đồng chí {rnd.choice(FAMILY)} "
                    f"{rnd.choice(GIVEN)}")
            value = unit = status = due = done = None
            if kind == "achievement" and rnd.random() < 0.5:
                value, unit = rnd.randint(1, 500), rnd.choice(UNITS)
            elif kind == "shortcoming":
                status = rnd.choice(["chưa khắc phục", "đang khắc phục", "đã khắc phục"])
            elif kind == "task":
                held = date.fromisoformat(dates[meeting - 1])
                due = (held + timedelta(days=rnd.randint(30, 365))).isoformat()
                status = rnd.choice(["chưa thực hiện", "đã hoàn thành"])
                if status == "đã hoàn thành":
                    # Never after DONE_BY: a done date in the future is refused on import.
                    done = min(held + timedelta(days=rnd.randint(10, 400)), DONE_BY).isoformat()
            yield (self._uid(rnd), kind_code(kind), meeting, i % per_meeting, text,
                   rnd.choice(PHRASES), value, unit, rnd.randint(1, self.bodies), status, due,
                   done, STAMP, STAMP)

    def link_rows(self) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
        rnd = random.Random(self.seed + 4)
        agreements = self.bodies // 5
        organisers = [(m, rnd.randint(1, self.bodies), 0) for m in range(1, self.meetings + 1)]
        reviewed = [(m, rnd.randint(1, agreements), 0) for m in range(1, self.meetings + 1)]
        parties = [(a, b, pos) for a in range(1, agreements + 1)
                   for pos, b in enumerate(sorted({rnd.randint(1, self.bodies)
                                                   for _ in range(3)}))]
        return {
            "meeting_organisers": (("meeting_id", "body_id", "position"), organisers),
            "meeting_agreements": (("meeting_id", "agreement_id", "position"), reviewed),
            "agreement_parties": (("agreement_id", "body_id", "position"), parties),
        }
