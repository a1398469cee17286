"""The status rules, each defined once: as an SQL fragment and as a Python predicate.

When is a task overdue, finished late or on time, which of the four categories an office
report counts it in, when is a shortcoming still open. The listings, the reports and the
overview all ask this module, so the rule cannot drift between a screen and a report.

Boundaries, as the offices read them: a task due today and not done is not yet overdue
(it is overdue from tomorrow); a task finished on its due date is on time. A task without
a due date is never overdue nor late.

The SQL fragments keep the exact shape of the partial indexes' conditions (migration m003,
`status IS NOT '…'`), so SQLite can still use those indexes. `alias` is the table alias of
the findings row ("t", "f") or "" for an unaliased query; `today` is an SQL expression,
usually a named parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# -- the status values stored ----------------------------------------------------------------
AGREEMENT_IN_FORCE = "hiệu lực"
AGREEMENT_EXPIRED = "hết hiệu lực"
AGREEMENT_SUPERSEDED = "đã thay thế"
AGREEMENT_STATUSES = (AGREEMENT_IN_FORCE, AGREEMENT_EXPIRED, AGREEMENT_SUPERSEDED)

SHORTCOMING_OPEN = "chưa khắc phục"
SHORTCOMING_IN_PROGRESS = "đang khắc phục"
SHORTCOMING_RESOLVED = "đã khắc phục"
SHORTCOMING_STATUSES = (SHORTCOMING_OPEN, SHORTCOMING_IN_PROGRESS, SHORTCOMING_RESOLVED)

TASK_NOT_STARTED = "chưa thực hiện"
TASK_IN_PROGRESS = "đang thực hiện"
TASK_DONE = "đã hoàn thành"
TASK_STATUSES = (TASK_NOT_STARTED, TASK_IN_PROGRESS, TASK_DONE)

# -- the four categories of an office report (computed, never stored) -------------------------
DONE_ON_TIME = "đã hoàn thành đúng hạn"
DONE_LATE = "đã hoàn thành quá hạn"
OPEN_IN_TIME = "chưa hoàn thành trong hạn"
OPEN_OVERDUE = "chưa hoàn thành quá hạn"
TASK_CATEGORIES = (DONE_ON_TIME, DONE_LATE, OPEN_IN_TIME, OPEN_OVERDUE)
OPEN_CATEGORIES = (OPEN_IN_TIME, OPEN_OVERDUE)
# How the reports name them: as a table's row heading, and in running text, where the
# timing of an open task is set apart ("chưa hoàn thành (quá hạn)").
CATEGORY_HEADINGS = {
    DONE_ON_TIME: "Đã hoàn thành đúng hạn", DONE_LATE: "Đã hoàn thành quá hạn",
    OPEN_IN_TIME: "Chưa hoàn thành, trong hạn", OPEN_OVERDUE: "Chưa hoàn thành, quá hạn",
}
CATEGORY_PHRASES = {
    DONE_ON_TIME: "đã hoàn thành đúng hạn", DONE_LATE: "đã hoàn thành quá hạn",
    OPEN_IN_TIME: "chưa hoàn thành (trong hạn)", OPEN_OVERDUE: "chưa hoàn thành (quá hạn)",
}

# ASCII codes for scripts (JSON output), each beside its Vietnamese word as the label.
CODES = {
    AGREEMENT_IN_FORCE: "in_force", AGREEMENT_EXPIRED: "expired",
    AGREEMENT_SUPERSEDED: "superseded",
    SHORTCOMING_OPEN: "open", SHORTCOMING_IN_PROGRESS: "in_progress",
    SHORTCOMING_RESOLVED: "resolved",
    TASK_NOT_STARTED: "not_started", TASK_IN_PROGRESS: "in_progress", TASK_DONE: "done",
    DONE_ON_TIME: "done_on_time", DONE_LATE: "done_late", OPEN_IN_TIME: "open_in_time",
    OPEN_OVERDUE: "open_overdue",
}


def code(value: str | None) -> str | None:
    """The ASCII code of a status or category (None stays None)."""
    return None if value is None else CODES.get(value, value)


# Partial indexes of migration m003, one per rule below that has one.
OPEN_TASKS_INDEX = "findings_open_tasks"
DONE_TASKS_INDEX = "findings_done_tasks"
OPEN_SHORTCOMINGS_INDEX = "findings_open_shortcomings"
RESOLVED_SHORTCOMINGS_INDEX = "findings_resolved_shortcomings"
# m003's (kind, status, due_on, done_on): a count of done tasks by due date reads only the
# index, so "due in the month" and "past due at its end" do not grow with the tasks done later.
TASK_STATE_INDEX = "findings_state"


def _col(alias: str, name: str) -> str:
    return f"{alias}.{name}" if alias else name


def _day(value: Any) -> date | None:
    """A stored ISO date (or a date) as a date; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# -- tasks ------------------------------------------------------------------------------------
def task_done_sql(alias: str = "t") -> str:
    return f"{_col(alias, 'status')} = '{TASK_DONE}'"


def is_task_done(row: Mapping[str, Any]) -> bool:
    return row.get("status") == TASK_DONE


def task_open_sql(alias: str = "t") -> str:
    return f"{_col(alias, 'status')} IS NOT '{TASK_DONE}'"


def is_task_open(row: Mapping[str, Any]) -> bool:
    return not is_task_done(row)


def past_due_sql(alias: str = "t", today: str = ":today", *, due_index: bool = True) -> str:
    """The due date has passed (strictly before today), whatever the task's status.

    `due_index=False` writes `+due_on`, which keeps SQLite from choosing the due-date index
    where another walk order is wanted (the follow-up report's oldest-meeting-first).
    """
    due = _col(alias, "due_on")
    if not due_index:
        return f"+{due} < {today}"
    return f"{due} IS NOT NULL AND {due} < {today}"


def is_past_due(row: Mapping[str, Any], today: date) -> bool:
    due = _day(row.get("due_on"))
    return due is not None and due < today


def overdue_sql(alias: str = "t", today: str = ":today", *, due_index: bool = True) -> str:
    """Not done and its due date has passed: due today is not overdue yet."""
    return f"{task_open_sql(alias)} AND {past_due_sql(alias, today, due_index=due_index)}"


def is_overdue(row: Mapping[str, Any], today: date) -> bool:
    return is_task_open(row) and is_past_due(row, today)


def done_after_sql(alias: str = "t", day: str = ":end") -> str:
    """Done, but only after `day`: at the end of that day the task was still open."""
    return f"{task_done_sql(alias)} AND {_col(alias, 'done_on')} > {day}"


def _closed_after(row: Mapping[str, Any], column: str, day: date) -> bool:
    closed = _day(row.get(column))
    return closed is not None and closed > day


def task_open_on_sql(alias: str = "t", day: str = ":end") -> str:
    """Still open at the end of `day`: not done yet, or done only after it."""
    return f"({task_open_sql(alias)} OR {_col(alias, 'done_on')} > {day})"


def is_task_open_on(row: Mapping[str, Any], day: date) -> bool:
    """Still open at the end of `day`: not done yet, or done only after it."""
    return is_task_open(row) or _closed_after(row, "done_on", day)


def days_late_sql(alias: str = "t", today: str = ":today") -> str:
    """Whole days since the due date, NULL while it has not passed."""
    due = _col(alias, "due_on")
    return (f"CASE WHEN {past_due_sql(alias, today)} "
            f"THEN CAST(julianday({today}) - julianday({due}) AS INTEGER) END")


def days_late(row: Mapping[str, Any], today: date) -> int | None:
    if not is_past_due(row, today):
        return None
    due = _day(row.get("due_on"))
    assert due is not None
    return (today - due).days


def _finished_after_due_sql(alias: str) -> str:
    due, done = _col(alias, "due_on"), _col(alias, "done_on")
    return f"{due} IS NOT NULL AND {done} > {due}"


def late_sql(alias: str = "t") -> str:
    """Done, after its due date: finishing on the due date itself is on time."""
    return f"{task_done_sql(alias)} AND {_finished_after_due_sql(alias)}"


def is_late(row: Mapping[str, Any]) -> bool:
    if not is_task_done(row):
        return False
    due, done = _day(row.get("due_on")), _day(row.get("done_on"))
    return due is not None and done is not None and done > due


def on_time_sql(alias: str = "t") -> str:
    """Done, and not late (no due date, no finishing date, or on or before the due date)."""
    return f"{task_done_sql(alias)} AND NOT coalesce({_finished_after_due_sql(alias)}, 0)"


def is_on_time(row: Mapping[str, Any]) -> bool:
    return is_task_done(row) and not is_late(row)


def category_sql(alias: str = "t", today: str = ":today") -> str:
    """The office category of a task, as one SQL expression."""
    return (
        f"CASE WHEN {task_done_sql(alias)} THEN "
        f"CASE WHEN {_finished_after_due_sql(alias)} "
        f"THEN '{DONE_LATE}' ELSE '{DONE_ON_TIME}' END "
        f"ELSE CASE WHEN {past_due_sql(alias, today)} "
        f"THEN '{OPEN_OVERDUE}' ELSE '{OPEN_IN_TIME}' END END"
    )


def category(row: Mapping[str, Any], today: date) -> str:
    if is_task_done(row):
        return DONE_LATE if is_late(row) else DONE_ON_TIME
    return OPEN_OVERDUE if is_overdue(row, today) else OPEN_IN_TIME


def category_filter_sql(name: str, alias: str = "t", today: str = ":today") -> str:
    """Tasks of one category (a value of TASK_CATEGORIES)."""
    return {
        DONE_ON_TIME: on_time_sql(alias),
        DONE_LATE: late_sql(alias),
        OPEN_IN_TIME: f"{task_open_sql(alias)} AND NOT coalesce({past_due_sql(alias, today)}, 0)",
        OPEN_OVERDUE: overdue_sql(alias, today),
    }[name]


# -- shortcomings -----------------------------------------------------------------------------
def shortcoming_open_sql(alias: str = "t") -> str:
    return f"{_col(alias, 'status')} IS NOT '{SHORTCOMING_RESOLVED}'"


def is_shortcoming_open(row: Mapping[str, Any]) -> bool:
    return row.get("status") != SHORTCOMING_RESOLVED


def shortcoming_resolved_sql(alias: str = "t") -> str:
    return f"{_col(alias, 'status')} = '{SHORTCOMING_RESOLVED}'"


def is_shortcoming_resolved(row: Mapping[str, Any]) -> bool:
    return not is_shortcoming_open(row)


def shortcoming_open_on_sql(alias: str = "t", day: str = ":end") -> str:
    """Still open at the end of `day`: not resolved yet, or resolved only after it."""
    return f"({shortcoming_open_sql(alias)} OR {_col(alias, 'resolved_on')} > {day})"


def is_shortcoming_open_on(row: Mapping[str, Any], day: date) -> bool:
    return is_shortcoming_open(row) or _closed_after(row, "resolved_on", day)


def shortcoming_status(row: Mapping[str, Any]) -> str:
    """The status a report states: a shortcoming recorded without one is not yet remedied."""
    return row.get("status") or SHORTCOMING_OPEN


# -- what a date implies ----------------------------------------------------------------------
# Recording the day a shortcoming was resolved or a task done settles its status: a clerk
# who fills in the date has said it happened. Record type name (not the stored kind code)
# → (date column, status it implies).
IMPLIED_STATUS = {"shortcoming": ("resolved_on", SHORTCOMING_RESOLVED),
                  "task": ("done_on", TASK_DONE)}


def apply_implied_status(kind: str | None, row: dict[str, Any]) -> None:
    """Set the status a filled-in resolved_on / done_on implies (in place)."""
    if kind not in IMPLIED_STATUS:
        return
    column, implied = IMPLIED_STATUS[kind]
    if row.get(column):
        row["status"] = implied


# -- dates of record --------------------------------------------------------------------------
# One rule for add, edit, resolve, done and imports: a status that says "resolved" or "done"
# has its date (today when none is given); reopening clears it; the date cannot lie in the
# future, and a deadline cannot fall before the meeting that set it. Refused, never silently
# moved (issue 10.7).
DATE_LABELS = {"resolved_on": "Ngày khắc phục", "done_on": "Ngày hoàn thành"}


def settle_completion(kind: str | None, before: Mapping[str, Any], columns: dict[str, Any],
                      today: date) -> None:
    """Fill in or clear the completion date an explicit status change implies (in place)."""
    if kind not in IMPLIED_STATUS or "status" not in columns:
        return
    column, implied = IMPLIED_STATUS[kind]
    if columns["status"] == implied:
        if not columns.get(column) and not before.get(column):
            columns[column] = today.isoformat()
    elif column not in columns and before.get(column):
        columns[column] = None


def date_problem(kind: str | None, row: Mapping[str, Any], held_on: str | None,
                 today: date) -> str | None:
    """Why the dates of a finding cannot be recorded, or None."""
    if kind in IMPLIED_STATUS:
        column = IMPLIED_STATUS[kind][0]
        value = row.get(column)
        if value and value > today.isoformat():
            return (f"{DATE_LABELS[column]} {_vi_date(value)} ở tương lai (hôm nay là "
                    f"{_vi_date(today.isoformat())}); chỉ ghi việc đã xong.")
    if kind == "task" and row.get("due_on") and held_on and row["due_on"] < held_on:
        return (f"Hạn {_vi_date(row['due_on'])} trước ngày hội nghị giao nhiệm vụ "
                f"({_vi_date(held_on)}).")
    return None


def _vi_date(iso: str) -> str:
    from coordtrack import vietnamese as vi

    return vi.news_date(iso)
