"""Data for the four reports (news, summary, monthly, followup), gathered with SQL.

Each `*_data` function returns one plain dict (strings, numbers, lists, dicts) that feeds
every output format: the txt/md/html templates and the .docx builder all read the same dict,
so a report cannot say one thing on paper and another on screen. Wording lives in the
templates; this module only selects, sums and groups.

Everything is computed in SQLite over indexed columns (findings(meeting_id, kind, position),
findings(kind, status), findings(kind, due_on), meetings(held_on)), so the size of the
register does not change how much Python touches: only the rows a report prints come back,
and the long lists of the monthly and followup reports are capped (`LIST_CAP`).
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.config import Config
from coordtrack.errors import CoordtrackError, NotFound, UsageError
from coordtrack.register import status
from coordtrack.register.file import Register
from coordtrack.register.records import resolve
from coordtrack.register.recordtypes import (
    PARTICIPANT_FIELDS,
    finding_type,
    kind_sql,
    role_code,
)

PLACEHOLDER = "…"
# A cron mail or a printed list of thousands of lines helps nobody; the counts stay exact.
LIST_CAP = 500
# Overdue tasks pile up over the years; a monthly note names the oldest and counts the rest,
# the follow-up report lists them all.
MONTHLY_OVERDUE_CAP = 50
TODAY_ENV = "COORDTRACK_TODAY"

# The documents there are, each a *_data function below and templates of that name.
KINDS = ("news", "summary", "monthly", "followup")

# Signing authority (Nghị định 30: "TM.", "KT.", "TL.", "TUQ."; Hướng dẫn 36: "T/M", "K/T",
# "T/L", "T/UQ"), keyed by the folded letters a clerk may type in either form.
_AUTHORITY = {"tm": ("TM.", "T/M"), "kt": ("KT.", "K/T"), "tl": ("TL.", "T/L"),
              "tuq": ("TUQ.", "T/UQ")}
# Config values a formal document needs; each one left empty prints "…" and is named on stderr.
OFFICE_SETTINGS = ("office_name", "place", "signer_title", "signer_name", "report_prefix")
LAYOUTS = {"nhà nước": "state", "đảng": "party", "state": "state", "party": "party"}


# -- dates -------------------------------------------------------------------------------------
def report_today(value: str | None = None) -> date:
    """The report's "today": --today, else COORDTRACK_TODAY (for tests and snapshots)."""
    raw = value or os.environ.get(TODAY_ENV)
    if not raw:
        return date.today()
    try:
        today = vi.parse_date(raw)
    except ValueError as exc:
        raise UsageError(f"--today: {exc}") from exc
    # Reports reach back to last year and forward to next: both must be real years.
    if not 1900 <= today.year <= 9998:
        raise UsageError(f"--today: năm {today.year} nằm ngoài khoảng 1900–9998 mà báo cáo "
                         "tính được.")
    return today


def _iso(d: date) -> str:
    return d.isoformat()


def resolve_period(today: date, *, year: int | None = None, period: str | None = None,
                   start: str | None = None, end: str | None = None) -> tuple[date, date, str]:
    """The summary's period as (start, end, Vietnamese phrase)."""
    given = sum(x is not None for x in (year, period)) + (start is not None or end is not None)
    if given > 1:
        raise UsageError("Chỉ chọn một cách ghi kỳ báo cáo: --year, --period hoặc --from/--to.")
    if year is not None:
        if not 1900 <= year <= 9999:
            raise UsageError(f"--year: năm không hợp lệ: {year}.")
        p = vi.parse_period(str(year))
        return p.start, p.end, p.phrase()
    if period is not None:
        try:
            p = vi.parse_period(period)
        except ValueError as exc:
            raise UsageError(f"--period: {exc}") from exc
        return p.start, p.end, p.phrase()
    if start is None and end is None:
        p = vi.parse_period(str(today.year))
        return p.start, p.end, p.phrase()
    try:
        first = vi.parse_date(start) if start else date(today.year, 1, 1)
        last = vi.parse_date(end) if end else today
    except ValueError as exc:
        raise UsageError(f"--from/--to: {exc}") from exc
    if last < first:
        raise UsageError("--to không được trước --from.")
    return first, last, _span_phrase(first, last)


def _span_phrase(first: date, last: date) -> str:
    # A span that is exactly a known period reads better by its name ("6 tháng đầu năm 2024").
    if first.year == last.year:
        y = first.year
        for code in (f"{y}", f"{y}-H1", f"{y}-H2", f"{y}-9M", *(f"{y}-Q{q}" for q in range(1, 5)),
                     *(f"{y}-{m:02d}" for m in range(1, 13))):
            p = vi.parse_period(code)
            if (p.start, p.end) == (first, last):
                return p.phrase()
    return f"từ ngày {vi.news_date(first)} đến ngày {vi.news_date(last)}"


def month_bounds(text: str | None, today: date) -> tuple[date, date, str]:
    try:
        year, month = vi.parse_month("last" if text is None else text, today)
    except ValueError as exc:
        raise UsageError(f"--month: {exc}") from exc
    p = vi.parse_period(f"{year:04d}-{month:02d}")
    return p.start, p.end, vi.month_phrase(year, month)


# -- small helpers -----------------------------------------------------------------------------
def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _json_list(value: str | None) -> list[str]:
    import json

    if not value:
        return []
    try:
        items = json.loads(value)
    except ValueError:
        return [value]
    return [str(i) for i in items if i not in (None, "")] if isinstance(items, list) else []


def _folded_contains(haystack: str, needle: str) -> bool:
    return bool(needle) and vi.fold(needle) in vi.fold(haystack)


def _group_in_order(items: list[dict], key: str) -> list[dict[str, Any]]:
    """Group rows by `key`, groups in order of first appearance (the article's order)."""
    groups: dict[Any, list[dict]] = {}
    for item in items:
        groups.setdefault(item.get(key), []).append(item)
    return [{key: k, "items": v} for k, v in groups.items()]


def _categories(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Tasks per office category, in the offices' order, each with the words reports use."""
    return [{"category": c, "heading": status.CATEGORY_HEADINGS[c],
             "phrase": status.CATEGORY_PHRASES[c], "count": counts[c]}
            for c in status.TASK_CATEGORIES]


def _state_shortcomings(rows: list[dict[str, Any]]) -> None:
    """Each shortcoming with the status a report states (none recorded: not yet remedied),
    and `status_remark`, the same unless it is that usual one (then empty)."""
    for row in rows:
        row["status"] = status.shortcoming_status(row)
        row["status_remark"] = "" if row["status"] == status.SHORTCOMING_OPEN else row["status"]


def _by_finding(rows: list[dict]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for row in rows:
        fid = row.pop("finding_id")
        out.setdefault(fid, []).append(row)
    return out


# -- one meeting -------------------------------------------------------------------------------
def _meeting_row(reg: Register, meeting_id: int) -> dict[str, Any]:
    m = reg.one("SELECT * FROM meetings WHERE id = ?", (meeting_id,))
    if m is None:
        raise NotFound(f"Không tìm thấy hội nghị số {meeting_id}.")
    return m


MEETING_ORDER = "m.held_on, f.meeting_id, f.position, f.id"
# The finding types the news and summary reports count and list, by record type name.
REPORTED_KINDS = ("achievement", "shortcoming", "directive", "recommendation", "task")


def _finding_rows(reg: Register, where: str, params: Any, *, limit: int | None = None,
                  order: str = MEETING_ORDER, index: str | None = None) -> list[dict[str, Any]]:
    """Findings with their bodies by full name; `where` is about alias f (and m)."""
    indexed = f" INDEXED BY {index}" if index else ""
    sql = (
        "SELECT f.id, f.kind, f.meeting_id, f.text, f.area, f.value, f.unit, f.cause, "
        "f.status, f.resolved_on, f.due_on, f.done_on, f.response, f.carried_over_from_id, "
        "f.raised_by, f.addressees, f.from_people, f.recipients, f.action, "
        "(SELECT title FROM agreements WHERE id = f.agreement_id) AS agreement, "
        "(SELECT number FROM agreements WHERE id = f.agreement_id) AS agreement_number, "
        "m.held_on AS meeting_on, m.title AS meeting_title, "
        "b.name AS body, fb.name AS from_body, tb.name AS to_body "
        f"FROM findings f{indexed} JOIN meetings m ON m.id = f.meeting_id "
        "LEFT JOIN bodies b ON b.id = f.body_id "
        "LEFT JOIN bodies fb ON fb.id = f.from_body_id "
        "LEFT JOIN bodies tb ON tb.id = f.to_body_id "
        f"WHERE {where} ORDER BY {order}"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = reg.rows(sql, params)
    for row in rows:
        row["value"] = _number(row["value"])
        # The templates, including those clerks copied, tell findings by record type name.
        row["kind"] = finding_type(row["kind"]).name
    return rows


def _attach_people_and_owners(reg: Register, rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows if r["kind"] in ("directive", "task")]
    speakers: dict[int, list[dict]] = {}
    owners: dict[int, list[dict]] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        marks = ", ".join("?" for _ in chunk)
        speakers.update(_by_finding(reg.rows(
            "SELECT s.finding_id, p.name, s.titles FROM finding_speakers s "
            f"JOIN people p ON p.id = s.person_id WHERE s.finding_id IN ({marks}) "
            "ORDER BY s.finding_id, s.position, s.id", chunk)))
        owners.update(_by_finding(reg.rows(
            "SELECT o.finding_id, b.name, b.short_name FROM finding_owners o "
            f"JOIN bodies b ON b.id = o.body_id WHERE o.finding_id IN ({marks}) "
            "ORDER BY o.finding_id, o.position, o.id", chunk)))
    for row in rows:
        if row["kind"] == "directive":
            row["speakers"] = speakers.get(row["id"], [])
        if row["kind"] == "task":
            row["owners"] = owners.get(row["id"], [])


def _meeting_people(reg: Register, meeting_id: int, role: str) -> list[dict[str, Any]]:
    return reg.rows(
        "SELECT p.name, l.titles FROM meeting_participants l JOIN people p ON p.id = l.person_id"
        " WHERE l.meeting_id = ? AND l.role = ? ORDER BY l.position, l.id", (meeting_id, role))


# A headline longer than this is not repeated in the lead: articles say "hội nghị tổng kết
# công tác phối hợp năm 2023" and leave the parties to the organisers named before it.
LONG_TITLE_WORDS = 30


def short_title(title: str) -> str:
    """The meeting's title as the lead names it: whole, or cut before "giữa …" when long."""
    words = vi.clean(title).split()
    if len(words) <= LONG_TITLE_WORDS:
        return vi.clean(title)
    folded = [vi.fold(w) for w in words]
    if "giua" in folded[3:]:
        cut = folded.index("giua", 3)
        kept = words[:cut]
        # The period the title ends with ("năm 2023") still belongs to the short form.
        period = " ".join(words[-7:])
        m = re.search(r"((?:\d+ tháng (?:đầu |cuối )?|quý [IV]+ )?năm \d{4}"
                      r"|(?:giai đoạn|nhiệm kỳ) \d{4}\s*-\s*\d{4})$", period)
        short = " ".join(kept) + (f" {m.group(1)}" if m else "")
        return short  # a name of the event, capitalised as the full title is
    return vi.clean(title)


def meeting_info(reg: Register, meeting_id: int) -> dict[str, Any]:
    m = _meeting_row(reg, meeting_id)
    organisers = reg.rows(
        "SELECT b.name, b.short_name FROM meeting_organisers l JOIN bodies b ON b.id = l.body_id"
        " WHERE l.meeting_id = ? ORDER BY l.position, l.id", (meeting_id,))
    agreements = reg.rows(
        "SELECT a.number, a.title, a.term FROM meeting_agreements l JOIN agreements a "
        "ON a.id = l.agreement_id WHERE l.meeting_id = ? ORDER BY l.position, l.id",
        (meeting_id,))
    for a in agreements:
        a["term"] = vi.period_phrase(a["term"]) if a["term"] else ""
    period = vi.period_phrase(m["period"]) if m["period"] else ""
    return {
        "id": m["id"],
        "title": m["title"],
        "kind": m["kind"],
        "held_on": m["held_on"],
        "part_of_day": m["part_of_day"] or "",
        "place": m["place"] or "",
        "online": bool(m["online"]),
        "online_in_title": _folded_contains(m["title"], "trực tuyến"),
        "connection_points": _json_list(m["connection_points"]),
        "period": period,
        "period_in_title": _folded_contains(m["title"], period) or vi.states_period(m["title"]),
        "short_title": short_title(m["title"]),
        "organisers": organisers,
        "lead_organiser": reg.scalar("SELECT b.name FROM bodies b JOIN meetings m "
                                     "ON m.lead_organiser_id = b.id WHERE m.id = ?",
                                     (meeting_id,)) or "",
        "purposes": _json_list(m["purposes"]),
        # chairs, co_chairs, leaders, openers, presenters, speakers, attendees
        **{f.name: _meeting_people(reg, meeting_id, role_code(f.name))
           for f in PARTICIPANT_FIELDS},
        "chair_groups": _json_list(m["chair_groups"]),
        "attendee_groups": _json_list(m["attendee_groups"]),
        "agreements": agreements,
        "author": m["author"] or "",
        "source": m["source"] or "",
    }


class _Mentions:
    """Who and what the news item has already named, in the order it names them.

    An article gives a person's full name and titles once and then "đồng chí" with the given
    name, and a body's full name once and then its short form. Names are given again in full
    when the titles change (they are news), or when two people share a given name.
    """

    def __init__(self, given_names: list[str]):
        self.titles: dict[str, str] = {}
        self.bodies: set[str] = set()
        counts: dict[str, int] = {}
        for name in given_names:
            counts[vi.given_name(name)] = counts.get(vi.given_name(name), 0) + 1
        self.shared = {g for g, n in counts.items() if n > 1}

    def person(self, person: dict[str, Any]) -> dict[str, Any]:
        name, titles = person.get("name") or "", vi.clean(person.get("titles"))
        out = {"name": name, "titles": titles, "short": False}
        if not name:
            return out  # known only by title: the title is all there is to say
        if name in self.titles and (not titles or titles == self.titles[name]):
            out["titles"] = ""
            out["short"] = vi.given_name(name) not in self.shared
        if titles:
            self.titles[name] = titles
        else:
            self.titles.setdefault(name, "")
        return out

    def body(self, body: dict[str, Any] | None) -> dict[str, Any] | None:
        if not body or not body.get("name"):
            return None
        first = body["name"] not in self.bodies
        self.bodies.add(body["name"])
        return {"name": body["name"], "short_form": body.get("short_form") or "",
                "first": first}


def _group_key(row: dict[str, Any]) -> tuple:
    kind = row["kind"]
    if kind == "achievement":
        return (row["body"], row["area"])
    if kind == "shortcoming":
        return (row["body"], row["raised_by"])
    if kind == "directive":
        return (tuple((s["name"], s["titles"]) for s in row["speakers"]), row["addressees"])
    if kind == "recommendation":
        return (row["from_body"], row["from_people"], row["to_body"], row["response"])
    if kind == "task":
        return tuple(o["name"] for o in row.get("owners", []))
    return (row["id"],)  # discussion, commendation, signing: each is its own sentence


def _blocks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings in the meeting's recorded order: runs of one kind, and inside a run, groups
    of neighbours about the same body, field, speaker or owners. Nothing is moved."""
    blocks: list[dict[str, Any]] = []
    seen_kinds: set[str] = set()
    for row in rows:
        if not blocks or blocks[-1]["kind"] != row["kind"]:
            blocks.append({"kind": row["kind"], "first": row["kind"] not in seen_kinds,
                           "groups": []})
            seen_kinds.add(row["kind"])
        groups = blocks[-1]["groups"]
        key = _group_key(row)
        if groups and groups[-1]["key"] == key:
            groups[-1]["items"].append(row)
        else:
            groups.append({"key": key, "items": [row]})
    return blocks


def _mentions_in_text(text: str, body: dict[str, Any] | None) -> bool:
    if not body:
        return False
    return any(_folded_contains(text, n) for n in (body["name"], body.get("short_form")) if n)


def _name_groups(block: dict[str, Any], mentions: _Mentions,
                 bodies: dict[str, dict[str, Any]]) -> None:
    """Fill in how each group names its people and bodies, in the order the item prints
    them. A body is named when the subject changes, not again for each field; a group that
    names nothing new continues the sentence of the group before it."""
    kind = block["kind"]
    named: set[str] = set()
    subject: str | None = None
    kept: list[dict[str, Any]] = []
    for group in block["groups"]:
        first = group["items"][0]
        text = first["text"] or ""
        del group["key"]
        silent = False
        if kind in ("achievement", "shortcoming"):
            body = bodies.get(first["body"]) if first["body"] else None
            changed = bool(body) and first["body"] != subject
            subject = first["body"] or subject
            # A clause that already names its body ("Văn phòng UBND tỉnh phối hợp …") needs
            # no "Đối với …" in front of it.
            shown = body if changed and not _mentions_in_text(text, body) else None
            group["body"] = mentions.body(shown)
            area = first.get("area") or ""
            # "Về lễ tân, khánh tiết, công tác lễ tân …" says the field twice: a field is
            # named only when the clause does not, and only when it reads as one phrase.
            group["area"] = area if area and "," not in area and not _folded_contains(
                text, area) else ""
            group["raised_by"] = first.get("raised_by") or ""
            silent = kind == "shortcoming" and not group["body"] and not group["raised_by"]
        elif kind == "directive":
            group["speakers"] = [mentions.person(s) for s in first["speakers"]]
            addressees = first["addressees"] or ""
            group["addressees"] = "" if _folded_contains(text, addressees) else addressees
        elif kind == "recommendation":
            group["from_people"] = first["from_people"] or ""
            group["from_body"] = mentions.body(bodies.get(first["from_body"] or ""))
            group["to_body"] = mentions.body(bodies.get(first["to_body"] or ""))
            group["response"] = first["response"] or ""
        elif kind == "commendation":
            group["from_body"] = mentions.body(bodies.get(first["from_body"] or ""))
        elif kind == "signing":
            named = first["agreement"] and (_folded_contains(text, first["agreement"]) or (
                first["agreement_number"] and first["agreement_number"] in text))
            group["agreement"] = "" if named or not first["agreement"] else first["agreement"]
            group["agreement_number"] = first["agreement_number"] or ""
        elif kind == "task":
            owners = [bodies[o["name"]] for o in first["owners"]]
            new = [o for o in owners if o["name"] not in named]
            in_text = any(_mentions_in_text(text, o) for o in owners)
            shown = owners if new and not in_text else []
            named.update(o["name"] for o in owners)
            group["owners"] = [mentions.body(o) for o in shown]
            silent = not shown
        if silent and kept:
            kept[-1]["items"].extend(group["items"])
        else:
            kept.append(group)
    block["groups"] = kept


def _recommendation_groups(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Runs of recommendations with the same sender, addressee and answer read as one."""
    groups: list[dict[str, Any]] = []
    for item in items:
        key = (item["from_body"], item["to_body"], item["response"])
        if groups and groups[-1]["key"] == key:
            groups[-1]["items"].append(item)
        else:
            groups.append({"key": key, "from_body": item["from_body"] or "",
                           "to_body": item["to_body"] or "", "response": item["response"] or "",
                           "items": [item]})
    for group in groups:
        del group["key"]
    return groups


def _bodies_by_name(reg: Register, meeting_id: int) -> dict[str, dict[str, Any]]:
    """Every body the meeting's findings name, by the name the finding rows carry."""
    rows = reg.rows(
        "SELECT DISTINCT b.name, b.short_name, b.short_form FROM bodies b WHERE b.id IN ("
        "SELECT body_id FROM findings WHERE meeting_id = :m UNION "
        "SELECT from_body_id FROM findings WHERE meeting_id = :m UNION "
        "SELECT to_body_id FROM findings WHERE meeting_id = :m UNION "
        "SELECT o.body_id FROM finding_owners o JOIN findings f ON f.id = o.finding_id "
        "WHERE f.meeting_id = :m UNION "
        "SELECT body_id FROM meeting_organisers WHERE meeting_id = :m UNION "
        "SELECT lead_organiser_id FROM meetings WHERE id = :m)", {"m": meeting_id})
    return {r["name"]: {"name": r["name"], "short_form": r.get("short_form") or ""}
            for r in rows}


def news_data(reg: Register, meeting_ref: Any) -> dict[str, Any]:
    meeting_id = resolve(reg, "meeting", meeting_ref)
    meeting = meeting_info(reg, meeting_id)
    rows = _finding_rows(reg, "f.meeting_id = ?", (meeting_id,))
    _attach_people_and_owners(reg, rows)
    bodies = _bodies_by_name(reg, meeting_id)
    people = [p["name"] for role in ("chair", "co_chair", "leader", "attendee", "opener",
                                     "presenter", "speaker") for p in meeting[f"{role}s"]] + [
        s["name"] for r in rows for s in r.get("speakers", [])]
    mentions = _Mentions(list(dict.fromkeys(people)))
    # The lead names the organisers, then the chairs and guests, then the findings follow
    # in the order the meeting file recorded them.
    lead = meeting["lead_organiser"]
    if lead and lead not in bodies:
        bodies[lead] = {"name": lead, "short_form": ""}
    # The lead organiser is named first: "A phối hợp với B, C tổ chức".
    ordered = sorted(meeting["organisers"], key=lambda o: o["name"] != lead)
    meeting["organiser_mentions"] = [mentions.body(bodies.get(o["name"], o)) for o in ordered]
    named = meeting["organiser_mentions"]
    if lead and not any(o["name"] == lead for o in named):
        named.insert(0, mentions.body(bodies[lead]))
    meeting["lead_mention"] = named[0] if lead else None
    meeting["organiser_mentions"] = named[1:] if lead else named
    for role in ("chair", "co_chair", "leader", "attendee", "opener", "presenter", "speaker"):
        meeting[f"{role}_mentions"] = [mentions.person(p) for p in meeting[f"{role}s"]]
    blocks = _blocks(rows)
    for block in blocks:
        _name_groups(block, mentions, bodies)
    by_kind: dict[str, list[dict]] = {k: [] for k in REPORTED_KINDS}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    tasks = by_kind["task"]
    owner_sets = {tuple(o["name"] for o in t["owners"]) for t in tasks}
    common_owners = list(next(iter(owner_sets))) if len(owner_sets) == 1 else []
    shortcomings = by_kind["shortcoming"]
    return {
        "kind": "news",
        "meeting": meeting,
        "blocks": blocks,
        # The lists by kind stay for templates written before `blocks` existed.
        "achievements": by_kind["achievement"],
        "shortcomings": shortcomings,
        "shortcomings_general": [s for s in shortcomings if not s["body"]],
        "shortcoming_groups": [g for g in _group_in_order(shortcomings, "body") if g["body"]],
        "directives": by_kind["directive"],
        "recommendations": by_kind["recommendation"],
        "recommendation_groups": _recommendation_groups(by_kind["recommendation"]),
        "tasks": tasks,
        "task_owners": common_owners,
    }


# -- the frame of a formal document --------------------------------------------------------------
def _authority(capacity: str, party: bool) -> str:
    """The signing authority in the issuing layout's own spelling: "TM." ↔ "T/M"."""
    found = re.match(r"^\s*(T\s*/\s*UQ|T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|TUQ|TM|KT|TL)\b\.?\s*",
                     capacity, flags=re.IGNORECASE)
    if not found:
        return capacity
    key = re.sub(r"[^a-z]", "", vi.fold(found[1]))
    return _AUTHORITY[key][1 if party else 0] + " " + capacity[found.end():]


def _issuer(reg: Register, config: Config, body: Any = None) -> dict[str, Any] | None:
    """The issuing body's record: the config's office if the register knows it, else --body."""
    for ref in (vi.clean(config.office_name), body):
        if not ref:
            continue
        try:
            body_id = resolve(reg, "body", ref)
        except CoordtrackError:  # unknown or ambiguous: the layout is guessed from the name
            continue
        return reg.one("SELECT * FROM bodies WHERE id = ?", (body_id,))
    return None


def office_info(reg: Register | None, config: Config, today: date, number: str | None = None,
                body: Any = None) -> dict[str, Any]:
    """Issuing body, number, place and date, signer: the frame of a formal document.

    The layout follows the issuing body's sector (a Party body writes by Hướng dẫn 36, every
    other body by Nghị định 30); `layout` in the config overrides it. `missing` names the
    config values left empty, which print as "…"."""
    record = _issuer(reg, config, body) if reg is not None else None
    office = vi.clean(config.office_name) or (record["name"] if record else "")
    parent = vi.clean(config.parent_office)
    sector = (record.get("sector") if record else None) or vi.guess_sector(office, parent)
    override = vi.clean(config.layout).lower()
    if override and override not in LAYOUTS:
        raise UsageError(f"Tệp cấu hình: layout = '{config.layout}' không hợp lệ; ghi \"đảng\" "
                         "hoặc \"nhà nước\" (hoặc bỏ dòng này để theo khối của cơ quan).")
    layout = LAYOUTS.get(override) or ("party" if sector == "đảng" else "state")
    party = layout == "party"
    missing = [key for key in OFFICE_SETTINGS if not vi.clean(getattr(config, key))
               and not (key == "office_name" and office)]
    office = office or PLACEHOLDER
    prefix = vi.clean(config.report_prefix) or PLACEHOLDER
    num = vi.clean(number) or PLACEHOLDER
    # NĐ 30: "Số: 12/BC-VPHU"; HD 36-HD/VPTW: "Số 12-BC/HU", without the colon.
    number_line = f"Số {num}-BC/{prefix}" if party else f"Số: {num}/BC-{prefix}"
    capacity = _authority(vi.clean(config.signer_capacity), party).strip()
    if capacity in {spelling for pair in _AUTHORITY.values() for spelling in pair}:
        # A bare "TM." is completed with the body it signs for.
        capacity = f"{capacity} {office.upper()}"
    place = vi.clean(config.place) or PLACEHOLDER
    return {
        "party": party,
        "layout": layout,
        "sector": sector,
        "office_name": office,
        "office_short": (record.get("short_name") or "") if record else "",
        "office_upper": office.upper(),
        "parent_office": parent,
        "parent_upper": parent.upper(),
        "number_line": number_line,
        "place": place,
        "date": today.isoformat(),
        "place_date": f"{place}, {vi.formal_date(today)}",
        "signer_capacity": capacity.upper() if capacity else "",
        "signer_title": (vi.clean(config.signer_title) or PLACEHOLDER).upper(),
        "signer_name": vi.clean(config.signer_name) or PLACEHOLDER,
        "missing": missing,
    }


def recipients_without_issuer(names: list[str], office: dict[str, Any]) -> list[str]:
    """A document is never sent to the body that issues it: its own copy is "Lưu"."""
    own = {vi.fold(office["office_name"]), vi.fold(office.get("office_short") or "")} - {""}
    return [n for n in names if vi.fold(n) not in own]


def _pick_agreement(reg: Register, ref: Any) -> int:
    if ref is not None:
        return resolve(reg, "agreement", ref)
    rows = reg.rows("SELECT id FROM agreements LIMIT 2")
    if len(rows) == 1:
        return rows[0]["id"]
    if not rows:
        raise NotFound("Sổ đăng ký chưa có quy chế phối hợp nào (thêm bằng: coordtrack "
                       "agreement add … hoặc coordtrack import TỆP; hoặc báo cáo theo cơ quan: "
                       "--body CƠ_QUAN).")
    raise UsageError("Hãy chọn quy chế phối hợp: --agreement SỐ (xem: coordtrack agreement list),"
                     " hoặc báo cáo theo cơ quan: --body CƠ_QUAN.")


# A meeting belongs to the period it reviews: the tổng kết of 2022, held in March 2023,
# belongs in the 2022 report. A meeting that names no period belongs to the day it was held.
REVIEWED_ON = "coalesce(mm.period_end, mm.held_on)"


def _meetings_of(scope: dict[str, Any], when: str) -> str:
    """SQL for the ids of the meetings a summary covers: those of the agreement and/or those
    the body organised, reviewing a time `when` (e.g. "BETWEEN :start AND :end")."""
    where = [f"{REVIEWED_ON} {when}"]
    if "agreement" in scope:
        where.append("mm.id IN (SELECT meeting_id FROM meeting_agreements "
                     "WHERE agreement_id = :agreement)")
    if "body" in scope:
        where.append("mm.id IN (SELECT meeting_id FROM meeting_organisers WHERE body_id = :body)")
    return f"SELECT mm.id FROM meetings mm WHERE {' AND '.join(where)}"


def _figures(reg: Register, where: str, params: Any) -> list[dict[str, Any]]:
    """Achievement figures summed by field and unit, in the order they were first recorded."""
    figures = reg.rows(
        "SELECT f.area, f.unit, sum(f.value) AS total, count(*) AS count, "
        "count(DISTINCT f.meeting_id) AS meetings FROM findings f "
        f"WHERE f.value IS NOT NULL AND {where} "
        "GROUP BY coalesce(f.area, ''), coalesce(f.unit, '') "
        "ORDER BY min(f.meeting_id), min(f.position)", params)
    for row in figures:
        row["total"] = _number(row["total"])
        row["area"] = row["area"] or ""
        row["unit"] = row["unit"] or ""
    return figures


def summary_data(reg: Register, config: Config, today: date, *, agreement: Any = None,
                 body: Any = None, year: int | None = None, period: str | None = None,
                 start: str | None = None, end: str | None = None,
                 number: str | None = None) -> dict[str, Any]:
    """The summary of an agreement's meetings over a period; with `body` too, only the
    meetings of the agreement that body organised. With `body` alone: `body_summary_data`."""
    if body is not None and agreement is None:
        return body_summary_data(reg, config, today, body=body, year=year, period=period,
                                 start=start, end=end, number=number)
    first, last, phrase = resolve_period(today, year=year, period=period, start=start, end=end)
    scope: dict[str, Any] = {}
    subject_body = None
    if body is not None:
        scope["body"] = resolve(reg, "body", body)
        subject_body = reg.one("SELECT name, short_name FROM bodies WHERE id = ?",
                               (scope["body"],))
    if agreement is not None or body is None:
        scope["agreement"] = _pick_agreement(reg, agreement)
    a = reg.one("SELECT * FROM agreements WHERE id = ?", (scope["agreement"],)) \
        if "agreement" in scope else None
    parties = reg.rows(
        "SELECT b.name, b.short_name FROM agreement_parties l JOIN bodies b ON b.id = l.body_id "
        "WHERE l.agreement_id = ? ORDER BY l.position, l.id", (a["id"],)) if a else []
    params = {**scope, "start": _iso(first), "end": _iso(last)}
    in_period = _meetings_of(scope, "BETWEEN :start AND :end")
    earlier = _meetings_of(scope, "< :start")
    meetings = reg.rows(
        "SELECT m.id, m.title, m.kind, m.held_on, m.period FROM meetings m "
        f"WHERE m.id IN ({in_period}) ORDER BY m.held_on, m.id", params)
    for m in meetings:
        m["period"] = vi.period_phrase(m["period"]) if m["period"] else ""
    of_period = f"f.meeting_id IN ({in_period})"
    figures = _figures(reg, f"{kind_sql('f', 'achievement')} AND {of_period}", params)
    rows = _finding_rows(reg, f"{kind_sql('f', *REPORTED_KINDS)} AND {of_period}", params)
    _attach_people_and_owners(reg, rows)
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    shortcomings = by_kind.get("shortcoming", [])
    _state_shortcomings(shortcomings)
    # Earlier open shortcomings pile up over the years: the oldest are named, all counted.
    carried_where = (f"{kind_sql('f', 'shortcoming')} AND f.meeting_id IN ({earlier}) AND "
                     f"{status.shortcoming_open_on_sql('f', ':end')}")
    carried = _finding_rows(reg, carried_where, params, limit=LIST_CAP)
    _state_shortcomings(carried)
    carried_count = len(carried) if len(carried) < LIST_CAP else reg.scalar(
        f"SELECT count(*) FROM findings f WHERE {carried_where}", params)
    earlier_tasks = reg.rows(
        f"SELECT {status.category_sql()} AS category, count(*) AS count FROM findings t "
        f"WHERE {kind_sql('t', 'task')} AND t.meeting_id IN ({earlier}) "
        "GROUP BY category", {**params, "today": _iso(min(today, last))})
    task_counts = {c: 0 for c in status.TASK_CATEGORIES}
    for row in earlier_tasks:
        task_counts[row["category"]] = row["count"]
    seen_causes: list[str] = []
    for item in shortcomings:
        if item["cause"] and item["cause"] not in seen_causes:
            seen_causes.append(item["cause"])
    office = office_info(reg, config, today, number,
                         body=subject_body["name"] if subject_body else None)
    if parties:
        recipients = [p["name"] for p in parties]
    else:
        recipients = [office["parent_office"]] if office["parent_office"] else []
    return {
        "kind": "summary",
        "scope": "agreement",
        "office": office,
        "agreement": ({"id": a["id"], "number": a["number"] or "", "title": a["title"],
                       "signed_on": a["signed_on"] or "", "parties": parties} if a else None),
        "body": ({"name": subject_body["name"], "short_name": subject_body["short_name"] or ""}
                 if subject_body else None),
        "period": phrase,
        "start": _iso(first),
        "end": _iso(last),
        "meetings": meetings,
        "figures": figures,
        "achievements": by_kind.get("achievement", []),
        "shortcomings": shortcomings,
        "shortcoming_groups": _group_in_order(shortcomings, "body"),
        "causes": seen_causes,
        "carried_over": carried,
        "carried_over_count": carried_count,
        "earlier_tasks": task_counts,
        "earlier_task_categories": _categories(task_counts),
        "earlier_tasks_total": sum(task_counts.values()),
        "directives": by_kind.get("directive", []),
        "tasks": by_kind.get("task", []),
        "recommendations": by_kind.get("recommendation", []),
        "recipients": recipients_without_issuer(recipients, office),
    }


# -- the summary of one body -------------------------------------------------------------------
# A formal report names this many items of each list, oldest first; the rest are counted.
SUMMARY_NAMED = 20
# The meetings a body organised, as one of the organisers or as the lead.
ORGANISED_BY_BODY = ("SELECT meeting_id FROM meeting_organisers WHERE body_id = :body "
                     "UNION SELECT id FROM meetings WHERE lead_organiser_id = :body")
# The meetings that reviewed an agreement the body is a party to: it took part in them.
PARTY_TO_BY_BODY = ("SELECT l.meeting_id FROM meeting_agreements l JOIN agreement_parties p "
                    "ON p.agreement_id = l.agreement_id WHERE p.body_id = :body")
BODY_FINDING_KINDS = ("achievement", "shortcoming", "task", "directive", "recommendation")


# The scopes below are written as `f.id IN (…)` of indexed look-ups (by body, by the few
# meetings it organised), so SQLite starts from the body's own findings instead of walking
# every finding of the period: at 1M findings that is 0.3 s against a few ms per list.
def _of_body(column: str) -> str:
    """SQL: the finding names the body in `column`, or names no body there and was recorded
    at a meeting the body organised (a body's own review speaks of itself)."""
    return (f"f.id IN (SELECT id FROM findings WHERE {column} = :body UNION ALL "
            f"SELECT id FROM findings WHERE meeting_id IN ({ORGANISED_BY_BODY}) "
            f"AND {column} IS NULL)")


# Tasks the body owns, or with no owner recorded at a meeting the body organised.
TASK_OF_BODY = ("f.id IN (SELECT finding_id FROM finding_owners WHERE body_id = :body "
                "UNION ALL SELECT t.id FROM findings t "
                f"WHERE t.meeting_id IN ({ORGANISED_BY_BODY}) AND "
                "NOT EXISTS (SELECT 1 FROM finding_owners o WHERE o.finding_id = t.id))")


def addressed_to(addressees: str | None, own: list[str], others: list[str]) -> bool:
    """Whether a directive given at one of the body's meetings concerns the body: it names
    no one ("yêu cầu các cơ quan …" speaks to all present), names the body, or names only
    groups (các văn phòng …) and no other body."""
    if not vi.clean(addressees):
        return True
    if any(_folded_contains(addressees or "", n) for n in own if n):
        return True
    return not any(_folded_contains(addressees or "", n) for n in others if n)


def _named_list(reg: Register, where: str, params: dict[str, Any],
                order: str = MEETING_ORDER) -> dict[str, Any]:
    """The first SUMMARY_NAMED findings of a list and how many there are in all."""
    rows = _finding_rows(reg, where, params, limit=SUMMARY_NAMED, order=order)
    count = len(rows) if len(rows) < SUMMARY_NAMED else reg.scalar(
        f"SELECT count(*) FROM findings f JOIN meetings m ON m.id = f.meeting_id WHERE {where}",
        params)
    return {"items": rows, "count": count, "more": count - len(rows)}


def _meeting_list(reg: Register, where: str, params: dict[str, Any]) -> dict[str, Any]:
    rows = reg.rows(f"SELECT m.id, m.title, m.held_on FROM meetings m WHERE {where} "
                    f"ORDER BY m.held_on, m.id LIMIT {SUMMARY_NAMED}", params)
    count = len(rows) if len(rows) < SUMMARY_NAMED else reg.scalar(
        f"SELECT count(*) FROM meetings m WHERE {where}", params)
    return {"items": rows, "count": count, "more": count - len(rows)}


def body_summary_data(reg: Register, config: Config, today: date, *, body: Any,
                      year: int | None = None, period: str | None = None,
                      start: str | None = None, end: str | None = None,
                      number: str | None = None) -> dict[str, Any]:
    """What the register holds about one body's coordination over a period, across all its
    agreements and meetings: the meetings it organised or took part in, its achievements,
    its shortcomings (raised, resolved, still open, carried over), its tasks by the four
    office categories, the directives to it and the recommendations from and to it.

    A meeting belongs to the period it reviews (as in the agreement summary); a shortcoming
    resolved and a task due within the period count in it whatever meeting raised them."""
    import json

    from coordtrack.register.recordtypes import RECORD_TYPES

    first, last, phrase = resolve_period(today, year=year, period=period, start=start, end=end)
    body_id = resolve(reg, "body", body)
    subject = reg.one("SELECT name, short_name, short_form FROM bodies WHERE id = ?", (body_id,))
    as_of = min(today, last)
    params: dict[str, Any] = {"body": body_id, "start": _iso(first), "end": _iso(last),
                              "as_of": _iso(as_of), "today": _iso(as_of)}
    # Stored kind codes come from the record types, so a renamed code changes one place.
    params.update({f"k_{k}": RECORD_TYPES[k].finding_kind for k in BODY_FINDING_KINDS})
    in_period = f"SELECT mm.id FROM meetings mm WHERE {REVIEWED_ON} BETWEEN :start AND :end"
    earlier = f"SELECT mm.id FROM meetings mm WHERE {REVIEWED_ON} < :start"
    of_period = f"f.meeting_id IN ({in_period})"

    organised = _meeting_list(reg, f"m.id IN ({in_period}) AND m.id IN ({ORGANISED_BY_BODY})",
                              params)
    took_part = _meeting_list(reg, f"m.id IN ({in_period}) AND m.id IN ({PARTY_TO_BY_BODY}) "
                              f"AND m.id NOT IN ({ORGANISED_BY_BODY})", params)

    # "+f.kind": the body's own findings are few, all findings of a kind are a quarter of a
    # large register; without the "+" SQLite walks the kind index and tests each row.
    achieved = f"+f.kind = :k_achievement AND {of_period} AND {_of_body('body_id')}"
    achievements = _named_list(reg, achieved, params)
    figures = _figures(reg, achieved, params)

    shortcoming = f"+f.kind = :k_shortcoming AND {_of_body('body_id')}"
    raised_where = f"{shortcoming} AND {of_period}"
    raised = _named_list(reg, raised_where, params)
    still_open = _named_list(
        reg, f"{raised_where} AND {status.shortcoming_open_on_sql('f', ':end')}", params)
    resolved = _named_list(
        reg, f"{shortcoming} AND {status.shortcoming_resolved_sql('f')} "
        "AND f.resolved_on BETWEEN :start AND :end", params, order="f.resolved_on, f.id")
    carried = _named_list(
        reg, f"{shortcoming} AND f.meeting_id IN ({earlier}) "
        f"AND {status.shortcoming_open_on_sql('f', ':end')}", params)
    for part in (raised, still_open, resolved, carried):
        _state_shortcomings(part["items"])
    causes = list(dict.fromkeys(s["cause"] for s in raised["items"] if s["cause"]))

    # The body's tasks of the period: set at its meetings, due within it, or carried over
    # (set before it and still open when it began, whenever they fall due): an open task
    # from 2023 is still work of 2025, as a carried-over shortcoming is.
    params["before"] = _iso(first - timedelta(days=1))
    carried_task = (f"f.meeting_id IN ({earlier}) AND "
                    f"{status.task_open_on_sql('f', ':before')}")
    task_where = (f"+f.kind = :k_task AND {TASK_OF_BODY} AND "
                  f"({of_period} OR f.due_on BETWEEN :start AND :end OR ({carried_task}))")
    counts = {c: 0 for c in status.TASK_CATEGORIES}
    tasks_carried = 0
    for row in reg.rows(f"SELECT {status.category_sql('f', ':as_of')} AS category, "
                        f"count(*) AS count, sum({carried_task}) AS carried "
                        f"FROM findings f WHERE {task_where} GROUP BY category", params):
        counts[row["category"]] = row["count"]
        tasks_carried += row["carried"]
    categories = _categories(counts)
    for cat in categories:
        listed = _named_list(reg, f"{task_where} AND "
                             f"{status.category_filter_sql(cat['category'], 'f', ':as_of')}",
                             params, order="f.due_on IS NULL, f.due_on, m.held_on, f.id")
        _attach_people_and_owners(reg, listed["items"])
        named_ids = json.dumps([t["id"] for t in listed["items"]])
        carried_ids = {r["id"] for r in reg.rows(
            "SELECT f.id FROM findings f WHERE f.id IN (SELECT value FROM json_each(:ids)) "
            f"AND {carried_task}", {**params, "ids": named_ids})}
        for t in listed["items"]:
            t["carried"] = t["id"] in carried_ids
            # Days late are news only for a task still open; a late finish shows its date.
            t["days_late"] = status.days_late(t, as_of) if status.is_task_open(t) else None
        cat.update(listed)

    # Directives: those given at the body's meetings of the period that concern it.
    directive_rows = _finding_rows(
        reg, f"+f.kind = :k_directive AND {of_period} AND f.meeting_id IN "
        f"({ORGANISED_BY_BODY} UNION {PARTY_TO_BY_BODY})", params)
    names = reg.rows("SELECT id, name, short_name, short_form FROM bodies")
    own = [v for n in names if n["id"] == body_id
           for v in (n["name"], n["short_name"], n["short_form"]) if v]
    others = [v for n in names if n["id"] != body_id
              for v in (n["name"], n["short_name"], n["short_form"]) if v]
    directive_rows = [d for d in directive_rows if addressed_to(d["addressees"], own, others)]
    directives = {"items": directive_rows[:SUMMARY_NAMED], "count": len(directive_rows),
                  "more": max(0, len(directive_rows) - SUMMARY_NAMED)}
    _attach_people_and_owners(reg, directives["items"])

    recommendation = f"f.kind = :k_recommendation AND {of_period}"
    from_body = _named_list(reg, f"{recommendation} AND f.from_body_id = :body", params)
    to_body = _named_list(reg, f"{recommendation} AND f.to_body_id = :body", params)

    recorded = (organised["count"] + took_part["count"] + achievements["count"]
                + raised["count"] + resolved["count"] + carried["count"] + sum(counts.values())
                + directives["count"] + from_body["count"] + to_body["count"])
    if not recorded:
        raise NotFound(f"Sổ đăng ký chưa ghi nhận gì về {subject['name']} trong {phrase}: "
                       "không có hội nghị, kết quả, tồn tại, nhiệm vụ, ý kiến chỉ đạo hay kiến "
                       "nghị nào (xem: coordtrack meeting list).")
    office = office_info(reg, config, today, number, body=subject["name"])
    recipients = [office["parent_office"]] if office["parent_office"] else []
    recipients.append(subject["name"])
    return {
        "kind": "summary",
        "scope": "body",
        "office": office,
        "agreement": None,
        "body": {"name": subject["name"], "short_name": subject["short_name"] or ""},
        "period": phrase,
        "start": _iso(first),
        "end": _iso(last),
        "as_of": _iso(as_of),
        "organised": organised,
        "took_part": took_part,
        "achievements": achievements,
        "figures": figures,
        "raised": raised,
        "still_open": still_open,
        "resolved": resolved,
        "carried_over": carried,
        "causes": causes,
        "task_categories": categories,
        "tasks_total": sum(counts.values()),
        "tasks_carried": tasks_carried,
        "directives": directives,
        "recommendations_from": from_body,
        "recommendations_to": to_body,
        "named": SUMMARY_NAMED,
        "recipients": recipients_without_issuer(list(dict.fromkeys(recipients)), office),
    }


# -- monthly -----------------------------------------------------------------------------------
def _frame(reg: Register, config: Config | None, today: date) -> dict[str, Any]:
    """Letterhead and signature for the .docx and PDF of the monthly and follow-up reports,
    sent up to the parent body."""
    office = office_info(reg, config or Config(), today)
    parent = [office["parent_office"]] if office["parent_office"] else []
    return {"office": office, "recipients": recipients_without_issuer(parent, office)}


def monthly_data(reg: Register, today: date, month: str | None = None,
                 config: Config | None = None) -> dict[str, Any]:
    first, last, phrase = month_bounds(month, today)
    # Overdue is judged at the end of the month, or today while the month is still running.
    as_of = min(today, last)
    params = {"start": _iso(first), "end": _iso(last), "as_of": _iso(as_of),
              "today": _iso(as_of)}
    meetings = reg.rows(
        "SELECT m.id, m.title, m.held_on, m.part_of_day, "
        "(SELECT group_concat(x, ', ') FROM (SELECT coalesce(b.short_name, b.name) AS x "
        " FROM meeting_organisers l JOIN bodies b ON b.id = l.body_id "
        " WHERE l.meeting_id = m.id ORDER BY l.position, l.id)) AS organisers "
        "FROM meetings m WHERE m.held_on BETWEEN :start AND :end ORDER BY m.held_on, m.id "
        f"LIMIT {LIST_CAP}", params)
    meeting_count = reg.scalar(
        "SELECT count(*) FROM meetings WHERE held_on BETWEEN :start AND :end", params)
    counts = {finding_type(r["kind"]).name: r["count"] for r in reg.rows(
        "SELECT f.kind, count(*) AS count FROM findings f WHERE f.meeting_id IN "
        "(SELECT id FROM meetings WHERE held_on BETWEEN :start AND :end) GROUP BY f.kind",
        params)}
    findings = {k: counts.get(k, 0) for k in REPORTED_KINDS}

    def listed(where: str, order: str, index: str, cap: int = LIST_CAP,
               also: tuple[str, str] | None = None) -> tuple[list[dict], int]:
        # Each list has a partial index holding exactly its items (migration m003). SQLite
        # does not pick partial indexes reliably once statistics exist, so it is named:
        # the count reads only that index, and the date order lets LIMIT stop early.
        # `also` is a second (where, index) part: tasks done only after the month's end
        # were still open at its end, and live in another index.
        total, rows = 0, []
        for part_where, part_index in [(where, index), *([also] if also else [])]:
            count = reg.scalar(f"SELECT count(*) FROM findings f INDEXED BY {part_index} "
                               f"WHERE {part_where}", params)
            total += count
            if count:
                rows += _finding_rows(reg, part_where, params, limit=cap, order=order,
                                      index=part_index)
        if also:
            keys = [key.strip().removeprefix("f.") for key in order.split(",")]
            rows = sorted(rows, key=lambda r: tuple(r[k] for k in keys))[:cap]
        if rows:
            _attach_people_and_owners(reg, rows)
        return rows, total

    resolved, resolved_count = listed(
        f"{kind_sql('f', 'shortcoming')} AND {status.shortcoming_resolved_sql('f')} "
        "AND f.resolved_on BETWEEN :start AND :end", "f.resolved_on, f.id",
        status.RESOLVED_SHORTCOMINGS_INDEX)
    done, done_count = listed(
        f"{kind_sql('f', 'task')} AND {status.task_done_sql('f')} "
        "AND f.done_on BETWEEN :start AND :end",
        "f.done_on, f.id", status.DONE_TASKS_INDEX)
    for t in done:
        t["late"] = status.is_late(t)
    # Due and overdue are as of the month's end: a task finished only after it still counts.
    due, due_count = listed(
        f"{kind_sql('f', 'task')} AND {status.task_open_sql('f')} "
        "AND f.due_on BETWEEN :start AND :end", "f.due_on, f.id", status.OPEN_TASKS_INDEX,
        also=(f"{kind_sql('f', 'task')} AND {status.done_after_sql('f', ':as_of')} "
              "AND f.due_on BETWEEN :start AND :end", status.TASK_STATE_INDEX))
    overdue, overdue_count = listed(
        f"{kind_sql('f', 'task')} AND {status.overdue_sql('f', ':as_of')}", "f.due_on, f.id",
        status.OPEN_TASKS_INDEX, cap=MONTHLY_OVERDUE_CAP,
        also=(f"{kind_sql('f', 'task')} AND {status.done_after_sql('f', ':as_of')} "
              f"AND {status.past_due_sql('f', ':as_of')}", status.TASK_STATE_INDEX))
    for t in overdue:
        t["days_late"] = status.days_late(t, as_of)
    active = bool(meeting_count or sum(findings.values()) or resolved_count or done_count
                  or due_count)
    return {
        **_frame(reg, config, today),
        "kind": "monthly",
        "month": phrase,
        "start": _iso(first),
        "end": _iso(last),
        "as_of": _iso(as_of),
        "date": _iso(today),
        "active": active,
        "meetings": meetings,
        "meeting_count": meeting_count,
        "findings": findings,
        "findings_total": sum(findings.values()),
        "resolved": resolved,
        "resolved_count": resolved_count,
        "done": done,
        "done_count": done_count,
        "due": due,
        "due_count": due_count,
        "overdue": overdue,
        "overdue_count": overdue_count,
        "cap": LIST_CAP,
    }


# -- followup ----------------------------------------------------------------------------------
NO_BODY = "Chưa xác định cơ quan"
# CROSS JOIN keeps SQLite's loop order: meetings by date (meetings_held_on), then each
# meeting's findings (findings_meeting), so "oldest first … LIMIT n" stops after n rows
# instead of sorting every open item in the register.
BY_MEETING_DATE = "meetings m CROSS JOIN findings f ON f.meeting_id = m.id"


def followup_data(reg: Register, today: date, *, body: Any = None,
                  agreement: Any = None, overdue_only: bool = False,
                  config: Config | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"today": _iso(today)}
    scope = ""
    if agreement is not None:
        params["agreement"] = resolve(reg, "agreement", agreement)
        scope += (" AND f.meeting_id IN (SELECT meeting_id FROM meeting_agreements "
                  "WHERE agreement_id = :agreement)")
    body_scope_s = body_scope_t = ""
    if body is not None:
        params["body"] = resolve(reg, "body", body)
        body_scope_s = " AND f.body_id = :body"
        body_scope_t = " AND o.body_id = :body"
    age = "CAST(julianday(:today) - julianday(m.held_on) AS INTEGER)"
    shortcomings = [] if overdue_only else reg.rows(
        f"SELECT f.id, f.text, f.status, f.cause, m.held_on AS meeting_on, {age} AS age, "
        f"coalesce(b.name, '{NO_BODY}') AS body FROM {BY_MEETING_DATE} "
        "LEFT JOIN bodies b ON b.id = f.body_id "
        f"WHERE {kind_sql('f', 'shortcoming')} AND {status.shortcoming_open_sql('f')}"
        f"{scope}{body_scope_s} ORDER BY m.held_on, m.id, f.position, f.id "
        f"LIMIT {LIST_CAP}", params)
    category = status.category_sql("f")
    # due_index=False keeps SQLite on findings_meeting here: probing the due-date index once
    # per meeting would turn the date-ordered walk quadratic.
    overdue_filter = f" AND {status.past_due_sql('f', due_index=False)}" if overdue_only else ""
    tasks = reg.rows(
        f"SELECT f.id, f.text, f.status, f.due_on, m.held_on AS meeting_on, {age} AS age, "
        f"({category}) AS category, coalesce(b.name, '{NO_BODY}') AS body, "
        f"{status.days_late_sql('f')} AS days_late "
        f"FROM {BY_MEETING_DATE} "
        "LEFT JOIN finding_owners o ON o.finding_id = f.id LEFT JOIN bodies b ON b.id = o.body_id "
        f"WHERE {kind_sql('f', 'task')} AND {status.task_open_sql('f')}"
        f"{scope}{body_scope_t}{overdue_filter} "
        f"ORDER BY m.held_on, m.id, f.position, f.id, o.position LIMIT {LIST_CAP}",
        params)
    counts = {c: 0 for c in status.TASK_CATEGORIES}
    body_join = (" AND f.id IN (SELECT finding_id FROM finding_owners o WHERE 1=1"
                 f"{body_scope_t})") if body is not None else ""
    for row in reg.rows(
            f"SELECT ({category}) AS category, count(*) AS count FROM findings f "
            f"WHERE {kind_sql('f', 'task')}{scope}{body_join} GROUP BY category", params):
        counts[row["category"]] = row["count"]
    open_shortcomings = 0 if overdue_only else reg.scalar(
        f"SELECT count(*) FROM findings f INDEXED BY {status.OPEN_SHORTCOMINGS_INDEX} "
        f"WHERE {kind_sql('f', 'shortcoming')} "
        f"AND {status.shortcoming_open_sql('f')}{scope}{body_scope_s}", params)
    _state_shortcomings(shortcomings)
    groups: dict[str, dict[str, Any]] = {}
    for s in shortcomings:
        groups.setdefault(s["body"], {"body": s["body"], "shortcomings": [], "tasks": []})[
            "shortcomings"].append(s)
    for t in tasks:
        groups.setdefault(t["body"], {"body": t["body"], "shortcomings": [], "tasks": []})[
            "tasks"].append(t)
    ordered = vi.sorted_vi(groups.values(), key=lambda g: g["body"])
    # The catch-all group goes last: it is a to-do for the clerk, not a body.
    ordered.sort(key=lambda g: g["body"] == NO_BODY)
    return {
        **_frame(reg, config, today),
        "kind": "followup",
        "date": _iso(today),
        "overdue_only": overdue_only,
        "groups": ordered,
        "task_counts": counts,
        "task_categories": _categories(counts),
        "tasks_total": sum(counts.values()),
        "open_shortcomings": open_shortcomings,
        "open_tasks": sum(counts[c] for c in status.OPEN_CATEGORIES),
        "truncated": len(shortcomings) >= LIST_CAP or len(tasks) >= LIST_CAP,
        "cap": LIST_CAP,
    }
