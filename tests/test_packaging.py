"""What a clerk's non-editable install must carry: templates, the meeting skeleton, fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

import coordtrack
from coordtrack.resources import PACKAGE_DIR, builtin_templates_dir, fixture_files

INSTALLED = "site-packages" in Path(coordtrack.__file__).parts


@pytest.mark.skipif(not INSTALLED, reason="an editable/source checkout finds ../templates")
def test_wheel_carries_templates_inside_the_package():
    assert builtin_templates_dir() == PACKAGE_DIR / "templates"


def test_templates_and_fixtures_are_there():
    names = {p.name for p in builtin_templates_dir().iterdir()}
    for kind in ("news", "summary", "monthly", "followup"):
        for fmt in ("txt", "md", "html"):
            assert f"{kind}.{fmt}.j2" in names
    assert "meeting.yaml" in names
    assert len(fixture_files()) == 3
