"""`meeting new`: the clerk's editor, errors written back as comments, the draft never lost."""

from __future__ import annotations

import sys
import textwrap

GOOD = textwrap.dedent("""\
    bodies:
      - name: Văn phòng Huyện ủy
        short_name: VPHU
    meeting:
      kind: sơ kết
      title: Hội nghị sơ kết 6 tháng đầu năm 2024
      date: 12/7/2024
      part_of_day: sáng
      organisers: [VPHU]
      chairs:
        - person: Lê Công Phu
          titles: HUV, Chánh Văn phòng Huyện ủy
    findings:
      - kind: shortcoming
        body: VPHU
        text: việc gửi, nhận văn bản còn chậm
    """)


def _editor(tmp_path, monkeypatch, versions: list[str]) -> None:
    """An 'editor' that writes the next prepared version of the file each time it runs."""
    script = tmp_path / "editor.py"
    state = tmp_path / "editor-state"
    for i, text in enumerate(versions):
        (tmp_path / f"version{i}.yaml").write_text(text, encoding="utf-8")
    script.write_text(textwrap.dedent(f"""\
        import pathlib, shutil, sys
        state = pathlib.Path({str(state)!r})
        n = int(state.read_text()) if state.exists() else 0
        seen = pathlib.Path({str(tmp_path)!r}) / f"seen{{n}}.yaml"
        shutil.copy(sys.argv[1], seen)
        nxt = pathlib.Path({str(tmp_path)!r}) / f"version{{n}}.yaml"
        if nxt.exists():
            shutil.copy(nxt, sys.argv[1])
        state.write_text(str(n + 1))
        """), encoding="utf-8")
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    monkeypatch.delenv("VISUAL", raising=False)


def test_meeting_new_imports_on_save(cli, tmp_path, monkeypatch):
    _editor(tmp_path, monkeypatch, [GOOD])
    result = cli("meeting", "new")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert cli.rows("SELECT title FROM meetings") == [("Hội nghị sơ kết 6 tháng đầu năm 2024",)]
    skeleton = (tmp_path / "seen0.yaml").read_text("utf-8")
    assert "# Hội nghị mới" in skeleton and "findings:" in skeleton
    assert not list((tmp_path / "drafts").glob("*.yaml")), "an imported draft is removed"


def test_errors_reopen_the_draft_as_comments(cli, tmp_path, monkeypatch):
    bad = GOOD.replace("12/7/2024", "31/6/2024")
    _editor(tmp_path, monkeypatch, [bad, GOOD])
    result = cli("meeting", "new")
    assert result.exit_code == 0, result.stderr
    reopened = (tmp_path / "seen1.yaml").read_text("utf-8")
    assert reopened.startswith("# !! Chưa nhập được")
    assert "31/6/2024" in reopened, "the clerk's text is kept"
    assert "Ngày" in reopened.splitlines()[1]
    assert cli.count("meetings") == 1


def test_unchanged_draft_is_kept_on_disk(cli, tmp_path, monkeypatch):
    _editor(tmp_path, monkeypatch, [GOOD.replace("12/7/2024", "31/6/2024")])
    result = cli("meeting", "new")
    assert result.exit_code == 1
    drafts = list((tmp_path / "drafts").glob("*.yaml"))
    assert len(drafts) == 1 and "31/6/2024" in drafts[0].read_text("utf-8")
    assert str(drafts[0]) in result.stderr
    if sys.platform != "win32":  # the draft holds the office's records: owner only
        assert drafts[0].stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "drafts").stat().st_mode & 0o777 == 0o700
    assert not cli.db.exists() or cli.count("meetings") == 0


def test_draft_saved_in_a_legacy_code_page_is_kept_with_a_clear_message(cli, tmp_path,
                                                                         monkeypatch):
    script = tmp_path / "ansi.py"
    script.write_text(textwrap.dedent("""\
        import sys
        open(sys.argv[1], "wb").write("meeting:\\n  title: Hôm nay\\n".encode("cp1252"))
        """), encoding="utf-8")
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    result = cli("meeting", "new")
    assert result.exit_code == 1
    assert "UTF-8" in result.stderr
    assert len(list((tmp_path / "drafts").glob("*.yaml"))) == 1


def test_windows_editor_paths_keep_their_spaces(monkeypatch):
    from coordtrack.cli import editor

    monkeypatch.setattr(editor.os, "name", "nt")
    monkeypatch.setenv("EDITOR", '"C:\\Program Files\\Notepad++\\notepad++.exe" -multiInst')
    assert editor.editor_command() == ["C:\\Program Files\\Notepad++\\notepad++.exe",
                                       "-multiInst"]


def test_skeleton_with_only_title_and_date_adds_no_sample_records(cli, tmp_path, monkeypatch):
    """Examples in the skeleton are comments: filling in two lines records just the meeting."""
    script = tmp_path / "fill.py"
    script.write_text(textwrap.dedent("""\
        import pathlib, re, sys
        path = pathlib.Path(sys.argv[1])
        text = path.read_text("utf-8")
        text = re.sub(r"(?m)^  title:.*$", "  title: Họp giao ban tháng 6", text)
        text = re.sub(r"(?m)^  date:.*$", "  date: 28/6/2024", text)
        path.write_text(text, "utf-8")
        """), encoding="utf-8")
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    result = cli("meeting", "new")
    assert result.exit_code == 0, result.stderr
    assert cli.rows("SELECT title, held_on, kind, part_of_day FROM meetings") == [
        ("Họp giao ban tháng 6", "2024-06-28", "khác", None)]
    for table in ("bodies", "people", "agreements", "findings", "meeting_organisers"):
        assert cli.count(table) == 0, table
