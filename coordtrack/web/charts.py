"""Charts drawn as inline SVG from the register's views: no script, no network.

Each function returns the SVG text; labels are escaped, colours come from one palette, and
every bar has a <title> so a reader hovering it sees the number.
"""

from __future__ import annotations

import sqlite3
from html import escape

from coordtrack.register import status
from coordtrack.register.recordtypes import kind_sql
from coordtrack.vietnamese import month_sql

PALETTE = {
    status.DONE_ON_TIME: "#2e7d32",
    status.DONE_LATE: "#9e9d24",
    status.OPEN_IN_TIME: "#1565c0",
    status.OPEN_OVERDUE: "#c62828",
}
RAISED, RESOLVED = "#ef6c00", "#2e7d32"

def _quarter_sql(column: str) -> str:
    # From the month of the date, so a date without a year or month ("--05-23") has none.
    m = month_sql(column)
    return f"(substr({m}, 1, 4) || '-Q' || ((CAST(substr({m}, 6, 2) AS INTEGER) + 2) / 3))"


def shortcomings_per_quarter(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """(quarter, shortcomings raised at meetings held in it, shortcomings resolved in it)."""
    raised = dict(conn.execute(
        f"SELECT {_quarter_sql('m.held_on')} AS q, count(*) FROM findings f "
        f"JOIN meetings m ON m.id = f.meeting_id WHERE {kind_sql('f', 'shortcoming')} "
        "AND q IS NOT NULL GROUP BY 1"))
    resolved = dict(conn.execute(
        f"SELECT {_quarter_sql('f.resolved_on')} AS q, count(*) FROM findings f "
        f"WHERE {kind_sql('f', 'shortcoming')} AND {status.shortcoming_resolved_sql('f')} "
        "AND q IS NOT NULL GROUP BY 1"))
    known = sorted(set(raised) | set(resolved))
    if not known:
        return []
    # Every quarter from the first to the last, so that a quiet quarter shows as a gap.
    (y, q), (last_y, last_q) = (_quarter(known[0]), _quarter(known[-1]))
    quarters = []
    while (y, q) <= (last_y, last_q):
        quarters.append(f"{y}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return [(k, raised.get(k, 0), resolved.get(k, 0)) for k in quarters]


def _quarter(text: str) -> tuple[int, int]:
    year, quarter = text.split("-Q")
    return int(year), int(quarter)


def tasks_per_body(conn: sqlite3.Connection) -> list[tuple[str, dict[str, int]]]:
    """(body, {category: tasks}) for each body owning a task, most tasks first."""
    rows = conn.execute(
        "SELECT coalesce(b.name, '(không ghi cơ quan)'), t.status_category, count(*) "
        "FROM task_status t LEFT JOIN finding_owners o ON o.finding_id = t.id "
        "LEFT JOIN bodies b ON b.id = o.body_id GROUP BY 1, 2").fetchall()
    bodies: dict[str, dict[str, int]] = {}
    for body, category, count in rows:
        bodies.setdefault(body, {})[category] = count
    return sorted(bodies.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def _bar(x: int, y: int, width: int, height: int, colour: str, tip: str) -> str:
    return (f'<rect class="bar" x="{x}" y="{y}" width="{width}" height="{height}" '
            f'fill="{colour}"><title>{escape(tip)}</title></rect>')


def _legend(items: list[tuple[str, str]], y: int) -> str:
    parts, x = [], 10
    for label, colour in items:
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="{y + 11}">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    return "".join(parts)


def quarter_chart(data: list[tuple[str, int, int]]) -> str:
    """Grouped bars: raised and resolved shortcomings per quarter."""
    if not data:
        return '<p class="empty">Chưa có tồn tại, hạn chế nào.</p>'
    top = max(max(r, s) for _, r, s in data) or 1
    group, bar, height, base = 56, 20, 180, 210
    width = 50 + group * len(data)
    out = [f'<svg class="chart" id="chart-quarters" role="img" width="{width}" height="270" '
           f'viewBox="0 0 {width} 270" xmlns="http://www.w3.org/2000/svg" '
           'aria-label="Tồn tại phát sinh và đã khắc phục theo quý" font-size="11" '
           'font-family="sans-serif">',
           f'<line x1="40" y1="{base}" x2="{width}" y2="{base}" stroke="#666"/>',
           f'<text x="4" y="{base - height + 4}">{top}</text><text x="4" y="{base}">0</text>']
    for i, (quarter, raised, resolved) in enumerate(data):
        x = 46 + i * group
        for j, (value, colour, what) in enumerate(((raised, RAISED, "phát sinh"),
                                                   (resolved, RESOLVED, "đã khắc phục"))):
            if not value:
                continue
            h = max(1, round(height * value / top))
            out.append(_bar(x + j * bar, base - h, bar - 2, h, colour,
                            f"{quarter}: {value} tồn tại {what}"))
        if len(data) <= 16 or quarter.endswith("Q1"):
            out.append(f'<text x="{x}" y="{base + 14}">{escape(quarter)}</text>')
    out.append(_legend([("Phát sinh", RAISED), ("Đã khắc phục", RESOLVED)], base + 30))
    out.append("</svg>")
    return "".join(out)


def body_chart(data: list[tuple[str, dict[str, int]]]) -> str:
    """Stacked horizontal bars: each body's tasks by status category."""
    if not data:
        return '<p class="empty">Chưa có nhiệm vụ nào.</p>'
    top = max(sum(c.values()) for _, c in data) or 1
    row, label_width, bar_width = 24, 280, 360
    height = 40 + row * len(data)
    width = label_width + bar_width + 60
    out = [f'<svg class="chart" id="chart-bodies" role="img" width="{width}" '
           f'height="{height + 20}" viewBox="0 0 {width} {height + 20}" '
           'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif" '
           'aria-label="Nhiệm vụ theo phân loại tiến độ của từng cơ quan">']
    for i, (body, counts) in enumerate(data):
        y = 10 + i * row
        name = body if len(body) <= 45 else body[:44] + "…"
        out.append(f'<text x="4" y="{y + 14}"><title>{escape(body)}</title>'
                   f'{escape(name)}</text>')
        x = label_width
        for category in status.TASK_CATEGORIES:
            value = counts.get(category, 0)
            if not value:
                continue
            w = max(1, round(bar_width * value / top))
            out.append(_bar(x, y, w, row - 6, PALETTE[category],
                            f"{body}: {value} nhiệm vụ {category}"))
            x += w
        out.append(f'<text x="{x + 4}" y="{y + 14}">{sum(counts.values())}</text>')
    out.append(_legend([(c, PALETTE[c]) for c in status.TASK_CATEGORIES[:2]], height - 20))
    out.append(_legend([(c, PALETTE[c]) for c in status.TASK_CATEGORIES[2:]], height - 2))
    out.append("</svg>")
    return "".join(out)
