"""Speed and memory of coordtrack at a province's scale, as ratios against baselines
measured in the same run (raw sqlite3, an empty register, a bare Typer app).

    python benchmarks/run.py [--size N] [--runs K] [--write-readme]

Prints one table: median and spread (min–max) of several runs per line, the goal and whether
it is met. Nothing here asserts: CI runs it small as a smoke test only.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import (  # noqa: E402
    AGREEMENT_COLUMNS,
    BODY_COLUMNS,
    FINDING_COLUMNS,
    MEETING_COLUMNS,
    Synthetic,
)

COORDTRACK = [sys.executable, "-m", "coordtrack"]
SEARCH_QUERIES = [
    "tiep cong dan", "TIẾP CÔNG DÂN", "dang uy", "Đảng ủy", "nong thon moi", "cải cách hành chính",
    "chuyen doi so", '"văn thư, lưu trữ"', "don thu khieu nai", "ky hop hdnd", "nghị quyết",
    "le tan khanh tiet", "Nguyễn Phong", "quoc phong an ninh", "bí mật nhà nước",
    "doan cong tac", "tai chinh tai san", "sap nhap", "cong nghe thong tin", "mặt trận tổ quốc",
]


@dataclass
class Line:
    name: str
    value: float
    spread: tuple[float, float]
    unit: str
    baseline: float | None
    goal: str
    met: bool | None
    note: str = ""

    def ratio(self) -> str:
        if self.baseline is None or not self.baseline:
            return ""
        return f"{self.value / self.baseline:.2f}×"


def timed(fn: Callable[[], object], runs: int) -> tuple[float, tuple[float, float]]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), (min(samples), max(samples))


def child_env(**extra: str) -> dict[str, str]:
    # Installed packages run from compiled bytecode; a dev shell that forbids writing it
    # would charge every run for compiling coordtrack's sources.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def run_cli(args: list[str], db: Path | None, check: bool = True) -> subprocess.CompletedProcess:
    env = child_env(COORDTRACK_CONFIG=str(db.parent / "none.toml") if db else "none.toml")
    argv = COORDTRACK + (["--db", str(db)] if db else []) + args
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")
    return done


def fresh_register(path: Path) -> None:
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    run_cli(["init"], path)


def load_raw(path: Path, data: Synthetic) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    for table, columns, rows in _tables(data):
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    conn.close()


def load_coordtrack(path: Path, data: Synthetic) -> None:
    from coordtrack.exchange.bulk_insert import insert_rows
    from coordtrack.register.file import open_register

    reg = open_register(path)
    with reg.transaction("benchmark import", "Nhập dữ liệu thử"):
        for table, columns, rows in _tables(data):
            insert_rows(reg, table, columns, rows)
    reg.close()


_MATERIALISED: dict[int, list] = {}


def _tables(data: Synthetic, reference_only: bool = False):
    """The rows, generated once: the timings measure loading, not the generator."""
    key = id(data)
    if key not in _MATERIALISED:
        tables = [("bodies", BODY_COLUMNS, list(data.body_rows())),
                  ("agreements", AGREEMENT_COLUMNS, list(data.agreement_rows())),
                  ("meetings", MEETING_COLUMNS, list(data.meeting_rows()))]
        tables += [(t, cols, rows) for t, (cols, rows) in data.link_rows().items()]
        tables.append(("findings", FINDING_COLUMNS, list(data.finding_rows())))
        _MATERIALISED[key] = tables
    tables = _MATERIALISED[key]
    if reference_only:
        return [t for t in tables if t[0] in {"bodies", "agreements", "agreement_parties"}]
    return tables


def child_peak_mb(argv: list[str], env: dict) -> float:
    """Peak resident memory of one child process, measured by the kernel (Linux: KiB)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                         env=env, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="findings in the register")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--write-readme", action="store_true",
                        help="write the table into benchmarks/README.md")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="coordtrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data = Synthetic(args.size)
    lines: list[Line] = []
    print(f"Sinh sổ đăng ký thử: {args.size:,} nội dung, {data.bodies} cơ quan, "
          f"{data.meetings:,} hội nghị — thư mục {work}", file=sys.stderr)

    # The "empty" register has the same bodies and agreements (so filters name real ones)
    # but no meetings or findings: what the big one adds is only the volume.
    empty = work / "empty.db"
    fresh_register(empty)
    conn = sqlite3.connect(empty, isolation_level=None)
    conn.execute("BEGIN")
    for table, columns, rows in _tables(data, reference_only=True):
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                         f"VALUES ({', '.join('?' * len(columns))})", rows)
    conn.execute("COMMIT")
    conn.close()
    raw_db, big = work / "raw.db", work / "big.db"

    # 1. Bulk import vs raw executemany of the same rows into the same schema.
    raw_samples, ours_samples = [], []
    for _ in range(args.import_runs):
        fresh_register(raw_db)
        start = time.perf_counter()
        load_raw(raw_db, data)
        raw_samples.append(time.perf_counter() - start)
        fresh_register(big)
        start = time.perf_counter()
        load_coordtrack(big, data)
        ours_samples.append(time.perf_counter() - start)
    raw_rate = args.size / statistics.median(raw_samples)
    our_rate = args.size / statistics.median(ours_samples)
    lines.append(Line("nhập hàng loạt (dòng/giây)", our_rate,
                      (args.size / max(ours_samples), args.size / min(ours_samples)),
                      "dòng/s", raw_rate, "≥ 0.5× raw", our_rate / raw_rate >= 0.5,
                      f"raw {raw_rate:,.0f} dòng/s"))
    raw_db.unlink(missing_ok=True)

    # 2. Whole-process commands: the big register vs an empty one.
    year = 2016 + data.years // 2
    commands = {
        "list (lọc theo cơ quan)": ["shortcoming", "list", "--body", "VP007", "--limit", "50",
                                    "--format", "tsv"],
        "search": ["search", "tiep cong dan", "--limit", "20", "--format", "tsv"],
        "report monthly": ["report", "monthly", "--month", f"{year}-05"],
        "report summary (một năm)": ["report", "summary", "--agreement", "1", "--year",
                                     str(year)],
    }
    for label, argv in commands.items():
        try:
            run_cli(argv, empty)
            base, _ = timed(lambda a=argv: run_cli(a, empty), args.runs)
            value, spread = timed(lambda a=argv: run_cli(a, big), args.runs)
        except RuntimeError as exc:
            lines.append(Line(label, float("nan"), (0, 0), "s", None, "≤ 1.5× rỗng", None,
                              f"không chạy được: {exc}"))
            continue
        lines.append(Line(label, value, spread, "s", base, "≤ 1.5× rỗng, < 0.5 s",
                          value / base <= 1.5 and value < 0.5))

    # 3. Start-up against the floor: a bare one-command Typer app.
    floor_argv = [sys.executable, str(HERE / "floor_app.py")]
    subprocess.run(floor_argv, capture_output=True, check=True, env=child_env())
    floor, _ = timed(lambda: subprocess.run(floor_argv, capture_output=True, check=True,
                                            env=child_env()), args.runs * 2)
    bare = work / "bare.db"  # nothing in it at all: only the cost of starting up
    fresh_register(bare)
    for label, argv in (("khởi động: --version", ["--version"]),
                        ("khởi động: list (sổ rỗng)", ["body", "list"])):
        value, spread = timed(lambda a=argv: run_cli(a, bare if a != ["--version"] else None),
                              args.runs * 2)
        lines.append(Line(label, value, spread, "s", floor, "≤ 1.25× sàn Typer",
                          value / floor <= 1.25))

    # 4. Search latency in-process over a mix of queries.
    try:
        from coordtrack.register.file import open_register
        from coordtrack.search import search

        reg = open_register(big, write=False)
        samples = []
        for _ in range(max(1, args.runs // 2)):
            for query in SEARCH_QUERIES:
                start = time.perf_counter()
                search(reg, query, limit=20)
                samples.append(time.perf_counter() - start)
        reg.close()
        med = statistics.median(samples)
        lines.append(Line("tìm kiếm trong tiến trình (20 truy vấn)", med,
                          (min(samples), max(samples)), "s", None, "trung vị < 50 ms",
                          med < 0.05))
    except ImportError as exc:
        lines.append(Line("tìm kiếm trong tiến trình", float("nan"), (0, 0), "s", None,
                          "trung vị < 50 ms", None, f"chưa có: {exc}"))

    # 5. Peak memory of export, against a raw sqlite3 dump of the same file.
    env = child_env(COORDTRACK_CONFIG=str(work / "none.toml"))
    out = work / "export.json"
    try:
        peak = child_peak_mb(COORDTRACK + ["--db", str(big), "export", "--format", "json",
                                           "-o", str(out)], env)
        raw_peak = child_peak_mb([sys.executable, "-c",
                                  "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                                  "[None for _ in c.execute('select * from findings')]",
                                  str(big)], env)
        lines.append(Line("bộ nhớ đỉnh khi export", peak, (peak, peak), "MB", raw_peak,
                          "< 150 MB", peak < 150))
    except subprocess.CalledProcessError as exc:
        lines.append(Line("bộ nhớ đỉnh khi export", float("nan"), (0, 0), "MB", None,
                          "< 150 MB", None, f"không chạy được ({exc.returncode})"))
    out.unlink(missing_ok=True)

    table = render(lines, args.size)
    print(table)
    if args.write_readme:
        write_readme(table, args)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def fmt(value: float, unit: str) -> str:
    if value != value:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms"
    if unit == "dòng/s":
        return f"{value:,.0f}"
    return f"{value:.1f} {unit}"


def render(lines: list[Line], size: int) -> str:
    head = ("| phép đo | trung vị | khoảng (min–max) | so với mốc | mục tiêu | đạt |\n"
            "|---|---|---|---|---|---|")
    rows = []
    for line in lines:
        met = {True: "đạt", False: "**chưa đạt**", None: "—"}[line.met]
        spread = f"{fmt(line.spread[0], line.unit)} – {fmt(line.spread[1], line.unit)}"
        note = f" ({line.note})" if line.note else ""
        rows.append(f"| {line.name}{note} | {fmt(line.value, line.unit)} | {spread} | "
                    f"{line.ratio()} | {line.goal} | {met} |")
    return f"Sổ đăng ký thử: {size:,} nội dung.\n\n" + head + "\n" + "\n".join(rows)


def write_readme(table: str, args) -> None:
    machine = (f"{platform.machine()}, {os.cpu_count()} lõi, Python "
               f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    path = HERE / "README.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = "<!-- results -->"
    block = (f"{marker}\nĐo ngày {date.today().isoformat()} trên {machine}; "
             f"`python benchmarks/run.py --size {args.size} --runs {args.runs}`.\n\n{table}\n"
             f"{marker}")
    if marker in text:
        before, _, rest = text.partition(marker)
        _, _, after = rest.partition(marker)
        text = before + block + after
    else:
        text = text + "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
