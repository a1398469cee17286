"""Every command of coordtrack paired, in the same run, with its floor.

    python benchmarks/run.py [--size N | --sizes 10000,100000,1000000] [--runs K]
                             [--write-readme]

A floor is the least the same work can cost on this machine:
- a listing or an export: the very SELECT statements coordtrack sends (captured with SQLite's
  trace hook) run through the `sqlite3` command-line shell, output in the same format (the
  JSON export's SELECTs make each row's text themselves: its floor is the same rows' columns);
- any other read command: a bare one-command Typer app (`floor_app.py`), the start-up every
  Typer CLI pays;
- an import: `executemany` of the same rows into the same tables with the search triggers
  dropped and no history.

Each command runs as a whole process, as a clerk or cron runs it. The measure is the CPU time
(user + system) of that process, from the kernel: on a machine shared with others it is far
steadier than the wall clock, and the ratio to a floor taken in the same run is the result.
Command and floor run alternately (floor, command, floor, command …), and the ratio is the
median of those pairs' ratios, so each compares two processes run under the same load.
Peak memory (max RSS) comes from the kernel too. The last size gives the main table; with
several sizes a second table shows how each command grows. Nothing here asserts: CI runs it
small as a smoke test only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import (  # noqa: E402
    AGREEMENT_COLUMNS,
    BODY_COLUMNS,
    FINDING_COLUMNS,
    MEETING_COLUMNS,
    PHRASES,
    Synthetic,
)

COORDTRACK = [sys.executable, "-m", "coordtrack"]
FLOOR_APP = [sys.executable, str(HERE / "floor_app.py")]
SEARCH_QUERIES = [
    "tiep cong dan", "TIẾP CÔNG DÂN", "dang uy", "Đảng ủy", "nong thon moi", "cải cách hành chính",
    "chuyen doi so", '"văn thư, lưu trữ"', "don thu khieu nai", "ky hop hdnd", "nghị quyết",
    "le tan khanh tiet", "Nguyễn Phong", "quoc phong an ninh", "bí mật nhà nước",
    "doan cong tac", "tai chinh tai san", "sap nhap", "cong nghe thong tin", "mặt trận tổ quốc",
]
IMPORT_SIZE = 100_000  # findings in the export and the CSV that `coordtrack import` reads


@dataclass
class Sample:
    cpu: float
    wall: float
    peak_mb: float


@dataclass
class Line:
    name: str
    ours: list[Sample]
    floor: list[Sample] | None
    floor_name: str
    goal: str
    limit: float | None = None  # ratio goal
    max_mb: float | None = None
    max_cpu: float | None = None
    note: str = ""
    rate: int | None = None  # rows: the line is a throughput, higher is better
    extra: dict = field(default_factory=dict)

    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.ours)

    def floor_cpu(self) -> float | None:
        return statistics.median(s.cpu for s in self.floor) if self.floor else None

    def peak(self) -> float:
        return max(s.peak_mb for s in self.ours)

    def ratio(self) -> float | None:
        base = self.floor_cpu()
        if not base:
            return None
        if self.floor is not None and len(self.floor) == len(self.ours):
            # Paired samples (floor, command, floor, command …): the median of the pairs'
            # ratios, each taken under the same load, is steadier than a ratio of medians.
            pairs = [(o.cpu, f.cpu) for o, f in zip(self.ours, self.floor, strict=True)
                     if o.cpu and f.cpu]
            if pairs:
                return statistics.median(f / o if self.rate else o / f for o, f in pairs)
        # For a throughput the ratio is ours/floor in rows per second: floor time / our time.
        return base / self.cpu() if self.rate else self.cpu() / base

    def met(self) -> bool:
        ok = True
        ratio = self.ratio()
        if self.limit is not None and ratio is not None:
            ok &= ratio >= self.limit if self.rate else ratio <= self.limit
        if self.max_mb is not None:
            ok &= self.peak() < self.max_mb
        if self.max_cpu is not None:
            ok &= self.cpu() < self.max_cpu
        return ok


def child_env(**extra: str) -> dict[str, str]:
    # Installed packages run from compiled bytecode; a dev shell that forbids writing it
    # would charge every run for compiling coordtrack's sources.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "COORDTRACK_PLAIN": "1", **extra}


# The kernel's peak RSS of a forked child counts the pages of the process that forked it, so
# each command is started by this small launcher rather than by the benchmark (which holds
# the generated rows): what is reported is the command's own CPU time and memory.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, wall,
      usage.ru_maxrss, file=sys.stderr)
"""


def measure(argv: list[str], *, stdin: Path | None = None, stdout: Path | None = None,
            env: dict | None = None, check: bool = True) -> Sample:
    """Run one process; its CPU time, wall time and peak memory as the kernel counted them."""
    argv = [shutil.which(argv[0]) or argv[0], *argv[1:]]
    fin = stdin.open("rb") if stdin else subprocess.DEVNULL
    fout = stdout.open("wb") if stdout else subprocess.DEVNULL
    try:
        done = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], stdin=fin, stdout=fout,
                              stderr=subprocess.PIPE, env=env or child_env(), check=False)
    finally:
        if stdin:
            fin.close()
        if stdout:
            fout.close()
    err = done.stderr.decode(errors="replace").strip().splitlines()
    code, cpu, wall, peak = err[-1].split()
    if check and int(code) != 0:
        raise RuntimeError(f"{' '.join(map(str, argv[-6:]))}: {' '.join(err[:-1])}")
    return Sample(float(cpu), float(wall), int(peak) / 1024)


def repeat(argv: list[str], runs: int, **kw) -> list[Sample]:
    measure(argv, **kw)  # warm the page cache and the bytecode
    return [measure(argv, **kw) for _ in range(runs)]


def paired(ours, floor, runs: int) -> tuple[list[Sample], list[Sample]]:
    """`runs` samples of a command and of its floor, taken alternately (floor, command,
    floor, command …) after one warm-up of each: on a shared machine the load drifts within a
    run, and a floor sampled minutes before its command gave ratios ±0.2 apart between runs.
    `ours` and `floor` are functions that run one process and return its Sample."""
    floor(), ours()
    ours_samples, floor_samples = [], []
    for _ in range(runs):
        floor_samples.append(floor())
        ours_samples.append(ours())
    return ours_samples, floor_samples


def command(argv: list[str], **kw):
    """A function that runs `argv` once and returns its Sample (for `paired`)."""
    return lambda: measure(argv, **kw)


def cli(db: Path | None, args: list[str]) -> list[str]:
    return COORDTRACK + (["--db", str(db)] if db else []) + args


def cli_env(work: Path) -> dict[str, str]:
    return child_env(COORDTRACK_CONFIG=str(work / "none.toml"))


def fresh_register(path: Path, work: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    measure(cli(path, ["init"]), env=cli_env(work))


CAPTURE = """
import sys
from coordtrack.register import file
connect = file.connect
statements = []
def traced(target):
    conn = connect(target)
    conn.set_trace_callback(statements.append)
    return conn
file.connect = traced
from coordtrack.cli import app
import typer
real = sys.stdout
sys.stdout = open("/dev/null", "w")
try:
    typer.main.get_command(app).main(args=sys.argv[1:], prog_name="coordtrack",
                                     standalone_mode=False)
finally:
    sys.stdout = real
print("\\n".join(s.replace("\\n", " ") + ";" for s in statements
                if s.lstrip().upper().startswith(("SELECT", "WITH"))))
"""


def captured_sql(db: Path, args: list[str], work: Path, target: Path) -> Path:
    """The SELECT statements a command sends, with their parameters bound, as a script."""
    done = subprocess.run([sys.executable, "-c", CAPTURE, "--db", str(db), *args],
                          capture_output=True, text=True, env=cli_env(work), check=True)
    target.write_text(done.stdout, encoding="utf-8")
    return target


RAW_EXPORT = """
import sys
from pathlib import Path
from coordtrack.exchange import register_export
from coordtrack.register.file import open_register
reg = open_register(Path(sys.argv[1]), write=False)
for spec in register_export.specs(reg).values():
    parts, tail = register_export.table_query(spec, None)
    print(f"SELECT {', '.join(parts)}{tail} ORDER BY t.id;")
"""


def raw_export_sql(db: Path, work: Path, target: Path) -> Path:
    """The whole export's rows as plain columns (references as uids), one SELECT a table."""
    done = subprocess.run([sys.executable, "-c", RAW_EXPORT, str(db)], capture_output=True,
                          text=True, env=cli_env(work), check=True)
    target.write_text(done.stdout, encoding="utf-8")
    return target


# -- building registers -------------------------------------------------------------------------
def tables(data: Synthetic) -> list[tuple[str, tuple[str, ...], list[tuple]]]:
    out = [("bodies", BODY_COLUMNS, list(data.body_rows())),
           ("agreements", AGREEMENT_COLUMNS, list(data.agreement_rows())),
           ("meetings", MEETING_COLUMNS, list(data.meeting_rows()))]
    out += [(t, cols, rows) for t, (cols, rows) in data.link_rows().items()]
    out.append(("findings", FINDING_COLUMNS, list(data.finding_rows())))
    return out


def load_raw(path: Path, rows) -> None:
    """The import floor: the same rows into the same tables, no triggers, no history."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                           "WHERE type = 'trigger'")]
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("BEGIN IMMEDIATE")
    for table, columns, values in rows:
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                         f"VALUES ({', '.join('?' * len(columns))})", values)
    conn.execute("COMMIT")
    conn.close()


def load_coordtrack(path: Path, rows) -> None:
    from coordtrack.exchange.bulk_insert import insert_rows
    from coordtrack.register.file import open_register

    reg = open_register(path)
    with reg.transaction("benchmark import", "Nhập dữ liệu thử"):
        for table, columns, values in rows:
            insert_rows(reg, table, columns, values)
    reg.close()


def cpu_of(fn) -> Sample:
    start, wall = time.process_time(), time.perf_counter()
    fn()
    return Sample(time.process_time() - start, time.perf_counter() - wall, 0.0)


def meeting_file(path: Path, findings: int = 50) -> Path:
    """A clerk's file: one meeting of the synthetic province with `findings` findings."""
    kinds = ["achievement", "shortcoming", "task", "directive", "recommendation"]
    items = []
    for i in range(findings):
        kind = kinds[i % len(kinds)]
        item = {"kind": kind, "text": f"{PHRASES[i % len(PHRASES)]} của hội nghị thử, mục {i}"}
        if kind in {"achievement", "shortcoming"}:
            item["body"] = f"VP{i % 50 + 1:03d}"
        if kind == "task":
            item["owners"] = [f"VP{i % 50 + 1:03d}"]
        items.append(item)
    doc = {"meeting": {"kind": "sơ kết", "title": "Hội nghị sơ kết thử của benchmark",
                       "date": "15/6/2026", "organisers": ["VP001", "VP002"]},
           "findings": items}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


# -- one size -------------------------------------------------------------------------------
def run_size(size: int, args, work: Path, sources: dict[str, Path]) -> list[Line]:
    runs = args.runs
    env = cli_env(work)
    data = Synthetic(size)
    print(f"— {size:,} nội dung: sinh dữ liệu …", file=sys.stderr)
    rows = tables(data)
    lines: list[Line] = []

    # 1. Bulk import in-process against the raw floor.
    raw_db, big = work / "raw.db", work / f"big-{size}.db"
    raw, ours = [], []
    for _ in range(args.import_runs):
        fresh_register(raw_db, work)
        raw.append(cpu_of(lambda r=rows: load_raw(raw_db, r)))
        fresh_register(big, work)
        ours.append(cpu_of(lambda r=rows: load_coordtrack(big, r)))
    for suffix in ("", "-wal", "-shm"):
        Path(str(raw_db) + suffix).unlink(missing_ok=True)
    lines.append(Line("nhập hàng loạt (insert_rows, trong tiến trình)", ours, raw,
                      "executemany, không trigger, không lịch sử", "≥ 0.5× sàn", 0.5,
                      rate=size))
    del rows
    print(f"— {size:,}: đo các lệnh …", file=sys.stderr)

    # 2. Read commands against the bare Typer floor, sampled alternately with each command.
    floor = command(FLOOR_APP)
    year = 2016 + data.years // 2
    reads = {
        "--version": ["--version"],  # (until now an empty argv: the help, not the version)
        "status": ["status"],
        "body list": ["body", "list"],
        "shortcoming list --body (50 dòng)": ["shortcoming", "list", "--body", "VP007",
                                               "--limit", "50", "--format", "tsv"],
        "search (20 kết quả)": ["search", "tiep cong dan", "--limit", "20", "--format", "tsv"],
        "report monthly": ["report", "monthly", "--month", f"{year}-05"],
        "report summary (một năm)": ["report", "summary", "--agreement", "1", "--year",
                                     str(year)],
        "report news": ["report", "news", "--meeting", "1"],
    }
    for label, argv in reads.items():
        try:
            samples, base = paired(command(cli(big, argv), env=env), floor, runs)
        except RuntimeError as exc:
            lines.append(Line(label, [Sample(float("nan"), 0, 0)], None, "", "",
                              note=f"không chạy được: {exc}"))
            continue
        lines.append(Line(label, samples, base, "Typer trơn", "≤ 1.3× sàn", 1.3))

    # 3. Listings and exports against the same SELECTs through the sqlite3 shell.
    overdue = ["task", "list", "--overdue", "--format", "plain"]
    script = captured_sql(big, overdue, work, work / "overdue.sql")
    ours, base = paired(command(cli(big, overdue), env=env),
                        command(["sqlite3", str(big)], stdin=script), runs)
    lines.append(Line("task list --overdue (plain, ra ống dẫn)", ours, base, "sqlite3",
                      "≤ 2× sàn, < 50 MB", 2.0, max_mb=50))
    for fmt, mode in (("csv", "-csv"), ("json", "-json")):
        out = work / f"export.{fmt}"
        argv = ["export", "--format", fmt, "-o", str(out)]
        script = captured_sql(big, argv, work, work / f"export-{fmt}.sql")
        if fmt == "json":
            # The export's SELECTs make each row's JSON text in SQLite; sqlite3 -json would
            # escape that text again (four times our cost). The floor is the rows' columns.
            script = raw_export_sql(big, work, work / "export-json-columns.sql")
        ours, base = paired(command(cli(big, argv), env=env),
                            command(["sqlite3", mode, str(big)], stdin=script,
                                    stdout=work / "floor.out"), runs)
        lines.append(Line(f"export --format {fmt}", ours, base, f"sqlite3 {mode}",
                          "≤ 2× sàn, < 150 MB", 2.0, max_mb=150))
        if size <= IMPORT_SIZE and fmt == "json":
            sources["json"] = Path(shutil.copy(out, work / f"source-{size}.json"))
            sources["json-rows"] = size
        out.unlink(missing_ok=True)
    (work / "floor.out").unlink(missing_ok=True)

    # 4. A clerk's meeting file, imported and undone as processes.
    mfile = meeting_file(work / "meeting.json")
    imports, undos, bases = [], [], []
    for _ in range(runs):  # each import and its undo paired with a floor run just before
        bases.append(floor())
        imports.append(measure(cli(big, ["import", str(mfile)]), env=env))
        undos.append(measure(cli(big, ["undo"]), env=env))
    lines.append(Line("import tệp hội nghị (50 nội dung)", imports, bases, "Typer trơn",
                      "< 0.4 s CPU", max_cpu=0.4))
    lines.append(Line("undo của lần import đó", undos, bases, "Typer trơn",
                      "không lớn theo sổ", None))

    # 5. `coordtrack import` of an export and of a CSV of findings, as processes. The export
    # goes into an empty register; the CSV names meetings and bodies by number, so it goes
    # into one that has them. The floor loads the same rows the same way.
    if size <= IMPORT_SIZE:
        argv = ["export", "--format", "csv", "-o", str(work / f"source-{size}.csv")]
        for kind in ("achievement", "shortcoming", "task", "directive", "recommendation"):
            argv += ["--kind", kind]
        measure(cli(big, argv), env=env)
        sources["csv"], sources["csv-rows"] = work / f"source-{size}.csv", size
    for fmt in ("json", "csv"):
        source = sources.get(fmt)
        if source is None:
            continue
        count = sources[f"{fmt}-rows"]
        every = tables(Synthetic(count))
        reference = [t for t in every if t[0] != "findings"] if fmt == "csv" else []
        loaded = [t for t in every if t[0] == "findings"] if fmt == "csv" else every
        target = work / "imported.db"
        ours, base = [], []
        label = f"import {fmt} ({count:,} nội dung, tiến trình)"
        try:
            for _ in range(args.import_runs):
                fresh_register(target, work)
                load_raw(target, reference)
                ours.append(measure(cli(target, ["import", str(source)]), env=env))
                fresh_register(target, work)
                load_raw(target, reference)
                base.append(cpu_of(lambda t=target, r=loaded: load_raw(t, r)))
        except RuntimeError as exc:
            lines.append(Line(label, [Sample(float("nan"), 0, 0)], None, "", "",
                              note=f"không chạy được: {exc}"))
            continue
        lines.append(Line(label, ours, base,
                          "executemany, không trigger, không lịch sử", "≥ 0.5× sàn, < 150 MB",
                          0.5, max_mb=150, rate=count))
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)

    # 6. Search latency in-process over a mix of queries (no floor: an absolute goal).
    from coordtrack.register.file import open_register
    from coordtrack.search import search

    reg = open_register(big, write=False)
    samples = []
    for query in SEARCH_QUERIES:
        samples.append(cpu_of(lambda q=query: search(reg, q, limit=20)))
    reg.close()
    lines.append(Line("tìm kiếm trong tiến trình (20 truy vấn, trung vị)", samples, None, "",
                      "< 50 ms", max_cpu=0.05))
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(str(big) + suffix).unlink(missing_ok=True)
    return lines


# -- printing -------------------------------------------------------------------------------
def seconds(value: float | None) -> str:
    if value is None or value != value:
        return "—"
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def cell(line: Line) -> str:
    text = f"{line.rate / line.cpu():,.0f} dòng/s" if line.rate else seconds(line.cpu())
    if line.max_mb is not None:
        text += f", {line.peak():.0f} MB"
    return text


def floor_cell(line: Line) -> str:
    base = line.floor_cpu()
    if base is None:
        return "—"
    if line.rate:
        return f"{line.floor_name}: {line.rate / base:,.0f} dòng/s"
    return f"{line.floor_name}: {seconds(base)}"


def render(lines: list[Line], size: int) -> str:
    head = ("| lệnh | coordtrack | sàn | tỉ lệ | mục tiêu | đạt |\n"
            "|---|---|---|---|---|---|")
    rows = []
    for line in lines:
        ratio = line.ratio()
        note = f" ({line.note})" if line.note else ""
        met = "—" if line.note else ("đạt" if line.met() else "**chưa đạt**")
        rows.append(f"| {line.name}{note} | {cell(line)} | {floor_cell(line)} | "
                    f"{f'{ratio:.2f}×' if ratio else ''} | {line.goal} | {met} |")
    return f"Sổ đăng ký thử: {size:,} nội dung.\n\n" + head + "\n" + "\n".join(rows)


def render_growth(by_size: dict[int, list[Line]]) -> str:
    sizes = sorted(by_size)
    head = ("| lệnh | " + " | ".join(f"{s:,}" for s in sizes) +
            f" | tăng {sizes[0]:,}→{sizes[-1]:,} |\n|---|" + "---|" * (len(sizes) + 1))

    def key(line: Line) -> str:
        return line.name.split(" (")[0]  # the import lines name their source's size

    rows = []
    for line in by_size[sizes[-1]]:
        found = [next((x for x in by_size[s] if key(x) == key(line)), None) for s in sizes]
        if line.rate:  # a throughput: rows per second at each size, and their ratio
            values = [x.rate / x.cpu() if x else None for x in found]
            shown = [f"{v:,.0f} dòng/s" if v else "—" for v in values]
        else:
            values = [x.cpu() if x else None for x in found]
            shown = [seconds(v) for v in values]
        first, last = values[0], values[-1]
        growth = f"{last / first:.1f}×" if first and last and first == first else ""
        rows.append(f"| {line.name} | " + " | ".join(shown) + f" | {growth} |")
    return (f"Thời gian CPU (hoặc số dòng/giây) theo cỡ sổ; số nội dung tăng "
            f"{sizes[-1] // sizes[0]:,}×.\n\n" + head + "\n" + "\n".join(rows))


def write_readme(text: str, command: str) -> None:
    machine = (f"{platform.machine()}, {os.cpu_count()} lõi, Python "
               f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    path = HERE / "README.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = "<!-- results -->"
    block = (f"{marker}\nĐo ngày {date.today().isoformat()} trên {machine}; "
             f"`{command}`.\n\n{text}\n{marker}")
    if marker in old:
        before, _, rest = old.partition(marker)
        _, _, after = rest.partition(marker)
        old = before + block + after
    else:
        old = old + "\n" + block + "\n"
    path.write_text(old, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="findings in the register")
    parser.add_argument("--sizes", default=None,
                        help="several sizes, comma-separated (e.g. 10000,100000,1000000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    parser.add_argument("--import-runs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true",
                        help="keep each built register (big-N.db) in --workdir")
    parser.add_argument("--write-readme", action="store_true",
                        help="write the tables into benchmarks/README.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.size]
    if shutil.which("sqlite3") is None:
        print("Cần chương trình sqlite3 (gói sqlite3) để đo sàn.", file=sys.stderr)
        return 1
    work = args.workdir or Path(tempfile.mkdtemp(prefix="coordtrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    by_size: dict[int, list[Line]] = {}
    sources: dict[str, Path] = {}
    for size in sorted(sizes):
        by_size[size] = run_size(size, args, work, sources)
        print(render(by_size[size], size), file=sys.stderr)
    text = render(by_size[max(sizes)], max(sizes))
    if len(sizes) > 1:
        text += "\n\n" + render_growth(by_size)
    print(text)
    if args.write_readme:
        write_readme(text, "python benchmarks/run.py " + " ".join(sys.argv[1:]))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
