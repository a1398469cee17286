"""How long `coordtrack extract` takes over a folder of old articles (goal: 100 in < 5 s).

The articles are the example articles in shared/seeds/ when they stand beside the checkout,
each varied by its paragraph order so that no two are the same text; otherwise the news items
coordtrack writes for its own fixtures. The whole run is timed in one process, as a clerk's
loop over a folder would be dominated by it, plus one run of the command as a process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def articles(count: int) -> list[str]:
    seeds_dir = next((p / "shared" / "seeds" for p in ROOT.parents
                      if (p / "shared" / "seeds").is_dir()), None)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))] \
        if seeds_dir else []
    if not texts:
        from coordtrack import demo, open_register, render

        with tempfile.TemporaryDirectory() as tmp:
            reg = open_register(Path(tmp) / "r.db")
            demo.build(reg)
            ids = [row["id"] for row in reg.rows("SELECT id FROM meetings")]
            texts = [render(reg, "news", meeting=i) for i in ids]
            reg.close()
    out = []
    for n in range(count):
        paragraphs = texts[n % len(texts)].split("\n")
        k = n // len(texts) % max(1, len(paragraphs) - 2)
        # Keep the headline and lead; rotate the body so each article differs.
        body = paragraphs[2:]
        out.append("\n".join(paragraphs[:2] + body[k:] + body[:k]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    from coordtrack.exchange import extract

    texts = articles(args.count)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            path = Path(tmp) / f"bai-{i:03d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        start = time.perf_counter()
        for path in paths:
            extract.extract(str(path))
        in_process = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "coordtrack", "extract", str(paths[0])],
                       check=True, capture_output=True)
        one_process = time.perf_counter() - start
    print(f"extract: {len(texts)} bài trong {in_process:.2f} s "
          f"({1000 * in_process / len(texts):.1f} ms/bài; mục tiêu < 5 s cho 100 bài: "
          f"{'đạt' if in_process < 5 * len(texts) / 100 else 'chưa đạt'})")
    print(f"extract: một lệnh (một tiến trình, gồm khởi động) {one_process:.2f} s")


if __name__ == "__main__":
    main()
