"""Throughput of the Python binding beside the Rust CLI, on the same pages, in one run.

    python bindings/python/bench/pages.py [--rounds 8] [--cli target/release/pagewash]

The pages are the dev sets in tests/fixtures/dev (AEB English HTML and CleanEval-zh GBK
HTML), repeated `--rounds` times. Each line gives pages/s, MB/s and the ratio to the CLI
with one thread (the baseline): the CLI cleaning the pages as files in a directory, the
binding's `Pipeline.clean` in a loop, `pagewash.clean` (module function), `clean_many` on 1
and 2 threads, and `read_warc` over a gzip WARC of the same pages beside the CLI on that
WARC. Nothing is written to the repository: the copies live in a temporary directory.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pagewash

REPO = Path(__file__).resolve().parents[3]


def best_of(n: int, run) -> float:
    return min(run() for _ in range(n))


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def warc_of(pages: list[bytes], path: Path) -> None:
    with open(path, "wb") as f:
        for i, body in enumerate(pages):
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012d}>\r\n"
                f"WARC-Target-URI: https://bench.example/{i}\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n"
            ).encode()
            f.write(gzip.compress(head + http + b"\r\n\r\n", compresslevel=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=8, help="copies of the dev pages (default 8)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per line, best kept (default 3)")
    ap.add_argument("--cli", default=os.environ.get("PAGEWASH_BIN", str(REPO / "target/release/pagewash")))
    args = ap.parse_args()

    dev = sorted((REPO / "tests/fixtures/dev").glob("*/*.html*"))
    raw = [p.read_bytes() for p in dev]
    pages = [gzip.decompress(b) if p.suffix == ".gz" else b for p, b in zip(dev, raw)] * args.rounds
    n, mb = len(pages), sum(map(len, pages)) / 1e6
    print(f"{n} pages, {mb:.1f} MB ({len(dev)} dev pages x {args.rounds}); best of {args.repeat}; "
          f"{os.cpu_count()} cores; pagewash {pagewash.__version__}")

    results: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "pages"
        src.mkdir()
        for i, body in enumerate(pages):
            (src / f"{i:06d}.html").write_bytes(body)
        warc = tmp / "pages.warc.gz"
        warc_of(pages, warc)

        def cli_dir(threads: int):
            return lambda: timed(lambda: subprocess.run(
                [args.cli, "clean", "-q", "--threads", str(threads), str(src), "--out-dir", str(tmp / "out")],
                check=True))

        def cli_warc(threads: int):
            return lambda: timed(lambda: subprocess.run(
                [args.cli, "clean", "-q", "--threads", str(threads), str(warc), "--out", str(tmp / "o.jsonl")],
                check=True))

        p = pagewash.Pipeline()
        results.append(("CLI, page files, --threads 1 (baseline)", best_of(args.repeat, cli_dir(1))))
        results.append(("CLI, page files, --threads 2", best_of(args.repeat, cli_dir(2))))
        results.append(("Python Pipeline.clean, loop", best_of(args.repeat, lambda: timed(lambda: [p.clean(x) for x in pages]))))
        results.append(("Python pagewash.clean, loop", best_of(args.repeat, lambda: timed(lambda: [pagewash.clean(x) for x in pages]))))
        results.append(("Python clean_many, threads=1", best_of(args.repeat, lambda: timed(lambda: p.clean_many(pages, threads=1)))))
        results.append(("Python clean_many, threads=2", best_of(args.repeat, lambda: timed(lambda: p.clean_many(pages, threads=2)))))
        results.append(("CLI, WARC, --threads 1", best_of(args.repeat, cli_warc(1))))
        results.append(("CLI, WARC, --threads 2", best_of(args.repeat, cli_warc(2))))
        results.append(("Python read_warc, threads=1", best_of(args.repeat, lambda: timed(lambda: sum(1 for _ in p.read_warc(warc))))))
        results.append(("Python read_warc, threads=2", best_of(args.repeat, lambda: timed(lambda: sum(1 for _ in p.read_warc(warc, threads=2))))))

    base = results[0][1]
    width = max(len(name) for name, _ in results)
    for name, secs in results:
        print(f"{name:<{width}}  {n / secs:7.0f} pages/s  {mb / secs:6.1f} MB/s  x{base / secs:4.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
