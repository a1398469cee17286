"""The demo register: the three example articles, as a clerk would have recorded them."""

from __future__ import annotations

from coordtrack.errors import CoordtrackError
from coordtrack.exchange import meeting_file as capture
from coordtrack.register.file import Register
from coordtrack.resources import fixture_files

NEWS_MEETING = "2024-05-23-vphu-vp-hdnd-ubnd.yaml"


def refuse_a_register_in_use(reg: Register) -> None:
    """The demo writes only into an empty register or an earlier demo, never a clerk's own."""
    demo_meetings = {capture.parse(f.read_text(encoding="utf-8"), f.name)["meeting"]["title"]
                     for f in fixture_files()}
    titles = {row["title"] for row in reg.rows("SELECT title FROM meetings")}
    if titles - demo_meetings:
        raise CoordtrackError(
            f"Sổ đăng ký {reg.display_path} đã có dữ liệu thật; bản demo không ghi vào đó. "
            "Hãy cho một tệp mới: coordtrack demo mau.db"
        )


def build(reg: Register) -> int:
    """Import every bundled fixture; return the id of the meeting the demo writes up."""
    news_id = None
    for fixture in fixture_files():
        doc = capture.parse(fixture.read_text(encoding="utf-8"), fixture.name)
        result = capture.import_document(reg, doc, fixture.name)
        if fixture.name == NEWS_MEETING:
            news_id = result.meeting_id
    if news_id is None:
        raise RuntimeError(f"the bundled fixture {NEWS_MEETING} is missing")
    return news_id
