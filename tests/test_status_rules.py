"""The status rules at their boundaries, through every caller that applies them.

Each rule lives once in `coordtrack.register.status`, as SQL and as Python; these tests pin
the boundaries (due yesterday / today / tomorrow, done before / on / after the due date, no
due date) and check that the listings, the overview and the reports agree with the rule.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coordtrack.documents import data as report
from coordtrack.register import overview, records, status
from coordtrack.register.file import open_register
from coordtrack.register.recordtypes import RECORD_TYPES

TODAY = date(2024, 6, 15)
DAY = timedelta(days=1)
TASK = RECORD_TYPES["task"]
SHORTCOMING = RECORD_TYPES["shortcoming"]


@pytest.fixture
def reg():
    register = open_register(None)
    with register.transaction("test"):
        records.add(register, RECORD_TYPES["meeting"],
                    {"title": "Hội nghị sơ kết", "date": "10/1/2024"})
    yield register
    register.close()


def add(reg, rt, **raw) -> int:
    with reg.transaction("test"):
        meeting = reg.scalar("SELECT id FROM meetings")
        return records.add(reg, rt, {"text": "nội dung", "meeting": meeting, **raw})


def row(reg, record_id: int) -> dict:
    return reg.get("findings", record_id)


def sql_holds(reg, fragment: str, record_id: int, **params) -> bool:
    return bool(reg.scalar(f"SELECT count(*) FROM findings t WHERE t.id = :id AND ({fragment})",
                           {"id": record_id, **params}))


OPEN_CASES = [
    # due date, overdue?, category, days late
    (TODAY - DAY, True, status.OPEN_OVERDUE, 1),
    (TODAY, False, status.OPEN_IN_TIME, None),
    (TODAY + DAY, False, status.OPEN_IN_TIME, None),
    (None, False, status.OPEN_IN_TIME, None),
]
OPEN_IDS = ["due yesterday", "due today", "due tomorrow", "no due date"]


@pytest.mark.parametrize(("due", "overdue", "category", "late_days"), OPEN_CASES, ids=OPEN_IDS)
def test_open_task_overdue_boundary(reg, due, overdue, category, late_days):
    task = add(reg, TASK, due_on=due)
    stored = row(reg, task)
    today = {"today": TODAY.isoformat()}
    # The rule itself, both halves.
    assert status.is_overdue(stored, TODAY) is overdue
    assert sql_holds(reg, status.overdue_sql(), task, **today) is overdue
    assert status.category(stored, TODAY) == category
    assert reg.scalar(f"SELECT {status.category_sql()} FROM findings t WHERE id = :id",
                      {"id": task, **today}) == category
    assert status.days_late(stored, TODAY) == late_days
    # Every caller.
    listed = records.list_records(reg, TASK, {"overdue": True}, today=TODAY)
    assert [r["id"] for r in listed] == ([task] if overdue else [])
    [shown] = records.list_records(reg, TASK, {}, today=TODAY)
    assert shown["category"] == category
    by_category = records.list_records(reg, TASK, {"status": category}, today=TODAY)
    assert [r["id"] for r in by_category] == [task]
    assert dict(overview.summary(reg, TODAY))["Nhiệm vụ quá hạn"] == int(overdue)
    monthly = report.monthly_data(reg, TODAY, "6/2024")
    assert monthly["overdue_count"] == int(overdue)
    assert [t.get("days_late") for t in monthly["overdue"]] == ([late_days] if overdue else [])
    followup = report.followup_data(reg, TODAY)
    assert followup["task_counts"][category] == 1
    assert followup["open_tasks"] == 1
    [item] = followup["groups"][0]["tasks"]
    assert (item["category"], item["days_late"]) == (category, late_days)
    only_overdue = report.followup_data(reg, TODAY, overdue_only=True)
    assert sum(len(g["tasks"]) for g in only_overdue["groups"]) == int(overdue)


DUE = date(2024, 6, 5)
DONE_CASES = [
    # due date, done on, late?
    (DUE, DUE - DAY, False),
    (DUE, DUE, False),
    (DUE, DUE + DAY, True),
    (None, DUE, False),
]
DONE_IDS = ["done before due", "done on due date", "done after due", "no due date"]


@pytest.mark.parametrize(("due", "done", "late"), DONE_CASES, ids=DONE_IDS)
def test_done_task_late_boundary(reg, due, done, late):
    task = add(reg, TASK, due_on=due, done_on=done)
    stored = row(reg, task)
    category = status.DONE_LATE if late else status.DONE_ON_TIME
    # Filling in done_on settled the status.
    assert stored["status"] == status.TASK_DONE
    assert status.is_late(stored) is late
    assert status.is_on_time(stored) is not late
    assert not status.is_overdue(stored, TODAY)
    assert sql_holds(reg, status.late_sql(), task) is late
    assert sql_holds(reg, status.on_time_sql(), task) is not late
    assert not sql_holds(reg, status.overdue_sql(), task, today=TODAY.isoformat())
    assert status.category(stored, TODAY) == category
    [shown] = records.list_records(reg, TASK, {}, today=TODAY)
    assert shown["category"] == category
    for name in status.TASK_CATEGORIES:
        found = records.list_records(reg, TASK, {"status": name}, today=TODAY)
        assert [r["id"] for r in found] == ([task] if name == category else []), name
    monthly = report.monthly_data(reg, TODAY, "6/2024")
    assert [(t["id"], t["late"]) for t in monthly["done"]] == [(task, late)]
    counts = report.followup_data(reg, TODAY)["task_counts"]
    assert counts == {c: int(c == category) for c in status.TASK_CATEGORIES}


@pytest.mark.parametrize("how", ["add", "edit", "command"])
def test_setting_resolved_on_sets_the_status(reg, how):
    resolved_on = "20/5/2024"
    if how == "add":
        item = add(reg, SHORTCOMING, resolved_on=resolved_on)
    else:
        item = add(reg, SHORTCOMING)
        assert row(reg, item)["status"] == status.SHORTCOMING_OPEN
        assert dict(overview.summary(reg, TODAY))["Tồn tại chưa khắc phục"] == 1
        with reg.transaction("test"):
            if how == "edit":
                records.edit(reg, SHORTCOMING, item, {"resolved_on": resolved_on})
            else:
                records.resolve_shortcoming(reg, item, date(2024, 5, 20))
    stored = row(reg, item)
    assert (stored["status"], stored["resolved_on"]) == (status.SHORTCOMING_RESOLVED, "2024-05-20")
    assert status.is_shortcoming_resolved(stored)
    assert sql_holds(reg, status.shortcoming_resolved_sql(), item)
    assert not sql_holds(reg, status.shortcoming_open_sql(), item)
    assert dict(overview.summary(reg, TODAY))["Tồn tại chưa khắc phục"] == 0
    assert report.followup_data(reg, TODAY)["open_shortcomings"] == 0
    monthly = report.monthly_data(reg, TODAY, "5/2024")
    assert [s["id"] for s in monthly["resolved"]] == [item]


@pytest.mark.parametrize("how", ["edit", "command"])
def test_setting_done_on_sets_the_status(reg, how):
    task = add(reg, TASK, due_on=TODAY - DAY)
    with reg.transaction("test"):
        if how == "edit":
            records.edit(reg, TASK, task, {"done_on": TODAY})
        else:
            records.complete_task(reg, task, TODAY)
    assert row(reg, task)["status"] == status.TASK_DONE
    assert records.list_records(reg, TASK, {"overdue": True}, today=TODAY) == []


# (record type, closing date column, still-open predicate, its SQL), by record type name.
OPEN_ON_RULES = {
    "shortcoming": (SHORTCOMING, "resolved_on", status.is_shortcoming_open_on,
                    status.shortcoming_open_on_sql),
    "task": (TASK, "done_on", status.is_task_open_on, status.task_open_on_sql),
}


@pytest.mark.parametrize(("kind", "state", "closed_on", "open_on_day"), [
    ("shortcoming", status.SHORTCOMING_OPEN, None, True),
    ("shortcoming", status.SHORTCOMING_IN_PROGRESS, None, True),
    ("shortcoming", status.SHORTCOMING_RESOLVED, TODAY - DAY, False),
    ("shortcoming", status.SHORTCOMING_RESOLVED, TODAY, False),
    ("shortcoming", status.SHORTCOMING_RESOLVED, TODAY + DAY, True),
    ("task", status.TASK_NOT_STARTED, None, True),
    ("task", status.TASK_IN_PROGRESS, None, True),
    ("task", status.TASK_DONE, TODAY - DAY, False),
    ("task", status.TASK_DONE, TODAY, False),
    ("task", status.TASK_DONE, TODAY + DAY, True),
], ids=["open", "in progress", "resolved before", "resolved on the day", "resolved after",
        "task not started", "task in progress", "done before", "done on the day",
        "done after"])
def test_still_open_at_the_end_of_a_day(reg, kind, state, closed_on, open_on_day):
    rt, column, is_open_on, open_on_sql = OPEN_ON_RULES[kind]
    item = add(reg, rt, status=state, **{column: closed_on})
    stored = row(reg, item)
    assert is_open_on(stored, TODAY) is open_on_day
    assert sql_holds(reg, open_on_sql(), item, end=TODAY.isoformat()) is open_on_day
