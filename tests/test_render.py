"""Templates a clerk can change, the sandbox and its guards, escaping per format, the Markdown
to .docx converter, `templates`, `demo` and `config`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NEWS_FIXTURE

from coordtrack.documents import render
from coordtrack.resources import builtin_templates_dir


def one_line_error(result, *fragments: str, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


# -- user templates ----------------------------------------------------------------------------
def test_user_template_overrides_one_file_only(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text("TIN: {{ meeting.title|upper }} ({{ meeting.held_on"
                                      "|news_date }})\n", encoding="utf-8")
    out = cli.ok("report", "news", "--meeting", meeting, "--template-dir", str(mine))
    assert out == "TIN: HỘI NGHỊ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN QUY CHẾ PHỐI HỢP CÔNG TÁC GIỮA 2 " \
                  "VĂN PHÒNG (23/5/2024)\n"
    # The other formats still come from the built-in templates.
    md = cli.ok("report", "news", "--meeting", meeting, "--template-dir", str(mine), "-f", "md")
    assert md.startswith("# Hội nghị đánh giá")


def test_config_template_dir_is_used(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text("Bản của văn phòng\n", encoding="utf-8")
    config = Path(os.environ["COORDTRACK_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'template_dir = "{mine.as_posix()}"\n', encoding="utf-8")
    assert cli.ok("report", "news", "--meeting", meeting) == "Bản của văn phòng\n"


def test_user_template_may_include_builtin_macros(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text(
        '{% import "_news.j2" as news with context %}{{ news.paragraphs[0] }}\n',
        encoding="utf-8")
    out = cli.ok("report", "news", "--meeting", meeting, "--template-dir", str(mine))
    assert out.startswith("Chiều ngày 23/5/2024, Văn phòng Huyện ủy phối hợp với")


@pytest.mark.parametrize(("source", "fragments"), [
    ("Xin chào {% for x in meeting.chairs %}\n", ["lỗi cú pháp", "dòng 1"]),
    ("dòng một\n{{ meeting.ten_sai }}\n", ["dòng 2", "ten_sai"]),
    ("{{ khong_co }}\n", ["biến 'khong_co' chưa được định nghĩa"]),
    ("a\nb\n{{ 1 // 0 }}\n", ["dòng 3"]),
    ("{{ meeting.__class__.__mro__ }}\n", ["không được phép"]),
    ("{{ meeting.title|khong_co_bo_loc }}\n", ["khong_co_bo_loc"]),
])
def test_broken_template_reports_file_and_line(cli, tmp_path, source, fragments):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text(source, encoding="utf-8")
    result = cli("report", "news", "--meeting", meeting, "--template-dir", str(mine))
    message = one_line_error(result, "news.txt.j2", *fragments)
    assert message.startswith("Lỗi: Mẫu ")
    assert result.stdout == ""


def test_endless_template_is_stopped(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "TIME_BUDGET_SECONDS", 0.5)
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
        encoding="utf-8")
    result = cli("report", "news", "--meeting", meeting, "--template-dir", str(mine))
    one_line_error(result, "news.txt.j2", "giây", "đã dừng")


@pytest.mark.parametrize("source", [
    "{% for i in range(100000) %}{{ meeting.title }}{{ meeting.title }}{% endfor %}\n",
    "{{ 'x' * 10000000 }}\n",
    "{{ 10 ** 100000000 }}\n",
])
def test_huge_output_is_stopped(cli, tmp_path, monkeypatch, source):
    monkeypatch.setattr(render, "MAX_OUTPUT_CHARS", 100_000)
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text(source, encoding="utf-8")
    out = tmp_path / "tin.txt"
    result = cli("report", "news", "--meeting", meeting, "--template-dir", str(mine),
                 "-o", str(out))
    one_line_error(result, "news.txt.j2")
    assert not out.exists()


def test_missing_template_dir_and_template(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    one_line_error(cli("report", "news", "--meeting", meeting, "--template-dir",
                       str(tmp_path / "khong-co")), "Không tìm thấy thư mục mẫu")


# -- escaping per format -----------------------------------------------------------------------
def test_each_format_escapes_user_text(cli):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    # Added last, it opens a sentence of its own: its first word is capitalised.
    cli.ok("achievement", "add", "--meeting", meeting, "kết quả <b>đậm</b> & *sao* | [liên kết]")
    txt = cli.ok("report", "news", "--meeting", meeting)
    assert "Kết quả <b>đậm</b> & *sao* | [liên kết]" in txt
    html = cli.ok("report", "news", "--meeting", meeting, "-f", "html")
    assert "&lt;b&gt;đậm&lt;/b&gt; &amp; *sao*" in html and "<b>đậm" not in html
    assert "<style>" in html and "<script" not in html and "http" not in html.split("<body>")[1]
    md = cli.ok("report", "news", "--meeting", meeting, "-f", "md")
    assert r"\<b\>đậm\</b\> & \*sao\* \| \[liên kết\]" in md


def test_docx_keeps_user_text_literal(cli, tmp_path):
    """The Word template is one Jinja2 template over XML: user text is escaped into it, and
    a tag typed by a clerk is text, not a tag."""
    from docx import Document

    meeting = cli.import_fixture(NEWS_FIXTURE)
    typed = "Đậm <w:p>x</w:p> & *sao* {{ 7*7 }} {%p if 1 %}"
    cli.ok("achievement", "add", "--meeting", meeting, typed)
    out = tmp_path / "tin.docx"
    cli.ok("report", "news", "--meeting", meeting, "-o", str(out))
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert typed in text


def test_broken_user_docx_template_is_one_line(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "news.docx").write_bytes(b"not a zip")
    result = cli("report", "news", "--meeting", meeting, "-o", str(tmp_path / "x.docx"),
                 "--template-dir", str(folder))
    one_line_error(result, "news.docx")
    assert not (tmp_path / "x.docx").exists()


# -- templates list / copy ---------------------------------------------------------------------
def test_templates_list_and_copy(cli, tmp_path):
    listing = cli.ok("templates", "list")
    for name in ("news.txt.j2", "news.md.j2", "news.html.j2", "summary.txt.j2",
                 "monthly.txt.j2", "followup.html.j2"):
        assert name in listing
    assert "tùy chỉnh" not in listing
    dest = tmp_path / "mau"
    result = cli("templates", "copy", str(dest))
    assert result.exit_code == 0 and str(dest) in result.stderr
    copied = sorted(p.name for p in dest.iterdir())
    builtin = builtin_templates_dir()
    expected = sorted(p.name for p in [*builtin.glob("*.j2"), *builtin.glob("*.docx")])
    assert copied == expected
    # The Word templates a clerk edits come along, one per kind and layout.
    for name in ("summary.docx", "summary-dang.docx", "monthly.docx", "followup-dang.docx",
                 "news.docx", "reference.docx"):
        assert name in copied
    again = cli("templates", "copy", str(dest))
    one_line_error(again, "--force")
    cli.ok("templates", "copy", str(dest), "--force")
    listing = cli.ok("templates", "list", "--template-dir", str(dest))
    assert "tùy chỉnh" in listing


def test_copied_templates_render_the_same(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    dest = tmp_path / "mau"
    cli.ok("templates", "copy", str(dest))
    for fmt in ("txt", "md", "html"):
        assert cli.ok("report", "news", "--meeting", meeting, "-f", fmt) == cli.ok(
            "report", "news", "--meeting", meeting, "-f", fmt, "--template-dir", str(dest))


# -- demo --------------------------------------------------------------------------------------
def test_demo_builds_register_at_path(cli, tmp_path):
    target = tmp_path / "demo.db"
    result = cli("demo", str(target), db=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Hội nghị đánh giá kết quả thực hiện Quy chế phối hợp")
    assert "Chiều ngày 23/5/2024, Văn phòng Huyện ủy phối hợp với" in result.stdout
    assert str(target) in result.stderr
    listing = cli("--db", str(target), "meeting", "list", "--format", "csv", db=False)
    assert listing.stdout.count("\n") == 4  # header and three meetings
    # Running it again updates, not duplicates.
    assert cli("demo", "--db", str(target), db=False).exit_code == 0
    listing = cli("--db", str(target), "meeting", "list", "--format", "csv", db=False)
    assert listing.stdout.count("\n") == 4


def test_demo_never_touches_the_configured_register(tmp_path, monkeypatch):
    real = tmp_path / "that.db"
    monkeypatch.setenv("COORDTRACK_DB", str(real))
    result = subprocess.run([sys.executable, "-m", "coordtrack", "demo"], capture_output=True,
                            stdin=subprocess.DEVNULL, timeout=120, env=dict(os.environ))
    assert result.returncode == 0, result.stderr.decode()
    assert not real.exists()
    assert "Chiều ngày 23/5/2024" in result.stdout.decode("utf-8")
    assert "coordtrack-demo" in result.stderr.decode("utf-8")


# -- config ------------------------------------------------------------------------------------
def test_config_shows_where_and_why(cli, tmp_path):
    out = cli.ok("config")
    assert os.environ["COORDTRACK_CONFIG"] in out
    assert "chưa có" in out
    assert f"Sổ đăng ký: {cli.db} (theo --db)" in out
    assert "office_name = (chưa đặt)" in out
    result = cli("config", "init")
    assert result.exit_code == 0
    written = Path(os.environ["COORDTRACK_CONFIG"]).read_text(encoding="utf-8")
    assert "# office_name" in written
    one_line_error(cli("config", "init"), "--force")
    Path(os.environ["COORDTRACK_CONFIG"]).write_text(
        'office_name = "Văn phòng Huyện ủy"\n', encoding="utf-8")
    assert "office_name = Văn phòng Huyện ủy" in cli.ok("config")


@pytest.mark.parametrize("source", [
    "{% include '/etc/passwd' %}\n",
    "{% include '../../../../etc/passwd' %}\n",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
    "{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}\n",
    "{{ lipsum.__globals__['os'].system('echo pwned') }}\n",
    "{{ self.__init__.__globals__ }}\n",
    "{{ meeting.__class__ }}\n",
    "{% set x = namespace() %}{{ x.__dict__ }}{{ config }}\n",
])
def test_templates_cannot_read_files_or_run_code(cli, tmp_path, source):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text(source, encoding="utf-8")
    result = cli("report", "news", "--meeting", meeting, "--template-dir", str(mine))
    assert "root:" not in result.stdout and "pwned" not in result.stdout
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        # Only harmless output may come through (an empty sandboxed value).
        assert "__" not in result.stdout and "<" not in result.stdout
    else:
        one_line_error(result)


def test_config_init_writes_a_commented_example_that_loads(cli, tmp_path):
    import os
    from pathlib import Path

    from coordtrack.config import load_config

    cli.ok("config", "init")
    path = Path(os.environ["COORDTRACK_CONFIG"])
    text = path.read_text(encoding="utf-8")
    assert "report_prefix" in text and "signer_name" in text
    assert load_config(path).office_name is None  # every value is still a comment
    again = cli("config", "init")
    assert again.exit_code == 1 and "--force" in again.stderr
    cli.ok("config", "init", "--force")


def test_output_name_and_format_must_agree(cli, tmp_path):
    meeting = cli.import_fixture(NEWS_FIXTURE)
    result = cli("report", "news", "--meeting", meeting, "-o", str(tmp_path / "x.docx"),
                 "--format", "txt")
    assert result.exit_code == 2 and "docx" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_demo_refuses_a_register_with_real_data(cli):
    cli.ok("meeting", "add", "Hội nghị giao ban tháng 11", "--date", "1/11/2026")
    result = cli("demo", str(cli.db))
    assert result.exit_code == 1 and "dữ liệu thật" in result.stderr
    assert cli.count("meetings") == 1


def test_compiled_templates_are_cached_and_an_edit_is_seen(cli, tmp_path):
    import os
    from pathlib import Path

    meeting = cli.import_fixture(NEWS_FIXTURE)
    first = cli.ok("report", "news", "--meeting", meeting)
    cache = Path(os.environ["COORDTRACK_CACHE"]) / "templates"
    assert any(cache.iterdir())
    assert cli.ok("report", "news", "--meeting", meeting) == first
    mine = tmp_path / "mau"
    mine.mkdir()
    (mine / "news.txt.j2").write_text("Bản sửa: {{ meeting.title }}\n", encoding="utf-8")
    edited = cli.ok("report", "news", "--meeting", meeting, "--template-dir", str(mine))
    assert edited.startswith("Bản sửa: Hội nghị đánh giá")


@pytest.mark.parametrize(("source", "shown"), [
    ("{{ row.text }}", "Nội dung"),
    ("{{ row['items'] }}", "khóa items"),
    ("{{ row.items()|list|length }}", "2"),  # a dict method still wins over a key of its name
    ("{{ row.missing is defined }}", "False"),
    ("{{ row.__class__ is defined }}", "False"),  # the sandbox still refuses internals
])
def test_templates_read_dict_fields_as_jinja_does(source, shown):
    from coordtrack.documents.render import environment

    env = environment()
    row = {"text": "Nội dung", "items": "khóa items"}
    assert env.from_string(source).render(row=row) == shown


@pytest.mark.parametrize(("source", "shown"), [
    ("{% set xs = [] %}{% set _ = xs.append('a') %}{% set _ = xs.append('b') %}{{ xs|join }}",
     "ab"),
    ("{{ lines.hi('An') }}", "chào An"),
    ("{{ lines.title }}", "Tiêu đề"),
    ("{{ lines.missing is defined }}", "False"),
    ("{{ lines._body_stream is defined }}", "False"),  # internals stay refused
    ("{{ lines.__dict__ is defined }}", "False"),
])
def test_templates_reach_list_append_and_imported_macros(source, shown):
    from coordtrack.documents.render import environment

    env = environment()
    lines = env.from_string(
        "{% macro hi(name) %}chào {{ name }}{% endmacro %}{% set title = 'Tiêu đề' %}").module
    assert env.from_string(source).render(lines=lines) == shown


def _headings(spec: str) -> list[dict]:
    # "A a b | B c": sections A and B, with subsections a, b and c.
    return [{"type": "h2" if word.isupper() else "h3", "text": word}
            for word in spec.split() if word != "|"]


@pytest.mark.parametrize(("spec", "expected"), [
    ("A", ["A"]),
    ("A a", ["A", "a"]),
    ("A a b", ["A", "1. a", "2. b"]),
    ("A a | B b c | C c", ["A", "a", "B", "1. b", "2. c", "C", "c"]),
    ("a b A c", ["1. a", "2. b", "A", "c"]),
], ids=["no subsection", "lone", "two", "each section on its own", "before the first section"])
def test_a_lone_subsection_is_not_numbered(spec, expected):
    blocks = _headings(spec) + [{"type": "p", "text": "x"}]
    assert [b["text"] for b in render.number_subsections(blocks)] == expected + ["x"]
