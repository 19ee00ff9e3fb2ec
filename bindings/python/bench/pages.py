"""Throughput of the Python binding beside the Rust CLI, on the same pages, in one run.

    python bindings/python/bench/pages.py [--rounds 8] [--cli target/release/pagewash]

The pages are the dev sets in tests/fixtures/dev (AEB English HTML and CleanEval-zh GBK
HTML), repeated `--rounds` times. Each line gives pages/s, MB/s and the ratio to the CLI
with one thread (the baseline): the CLI cleaning the pages as files in a directory, the
binding's `Pipeline.clean` in a loop, `pagewash.clean` (module function), `clean_many` on 1
and 2 threads, and `read_warc` over a gzip WARC of the same pages beside the CLI on that
WARC. Nothing is written to the repository: the copies live in a temporary directory.

    python bindings/python/bench/pages.py --peers [--dev ../shared/fixtures/dev] [--repeat 5] [--copies 10]

`--peers` times pagewash beside the peers a corpus builder would pick instead, in this one
process, pinned to one core, on each dev set apart (AEB: UTF-8 English HTML; CleanEval-zh: GBK
HTML): resiliparse (`extract_plain_text(HTMLTree.parse(...), main_content=True)`, its own
`detect_encoding` and `bytes_to_str` for the bytes) and trafilatura (`extract(bytes)`), each
bytes in, text out. Rounds are interleaved (the order turns each round) so that a slower
minute of the machine falls on every tool alike; the best round of each counts. A peer that
is not installed is named and skipped: without any, pagewash is timed alone.
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


def peer_tools() -> tuple[list[tuple[str, object]], list[str]]:
    """(name, clean(bytes) -> str) for pagewash and every installed peer; the missing names."""
    p = pagewash.Pipeline()
    tools: list[tuple[str, object]] = [("pagewash", p.clean)]
    missing = []
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
        from resiliparse.parse.html import HTMLTree

        def resiliparse(raw: bytes) -> str:
            html = bytes_to_str(raw, detect_encoding(raw))
            return extract_plain_text(HTMLTree.parse(html), main_content=True)

        tools.append(("resiliparse", resiliparse))
    except ImportError:
        missing.append("resiliparse")
    try:
        import trafilatura

        tools.append(("trafilatura", lambda raw: trafilatura.extract(raw) or ""))
    except ImportError:
        missing.append("trafilatura")
    return tools, missing


def peers(args) -> None:
    """pagewash beside the peers on one core, set by set, interleaved rounds (see the docs)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    tools, missing = peer_tools()
    dev = Path(args.dev)
    print(f"one core; best of {args.repeat} interleaved rounds; pagewash {pagewash.__version__}"
          + (f"; not installed: {', '.join(missing)}" if missing else ""))
    for name in ("aeb", "cleaneval_zh"):
        files = sorted((dev / name).glob("*.html*"))
        if not files:
            print(f"{name}: no pages under {dev / name}")
            continue
        pages = [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes() for f in files]
        # Each timing runs over the set `--copies` times: 30 CleanEval-zh pages take ~35 ms,
        # too short a run for a stable figure.
        pages = pages * args.copies
        n, mb = len(pages), sum(map(len, pages)) / 1e6
        best = {t: float("inf") for t, _ in tools}
        for r in range(args.repeat):
            for k in range(len(tools)):
                tool, fn = tools[(r + k) % len(tools)]
                t0 = time.process_time()
                for raw in pages:
                    fn(raw)
                best[tool] = min(best[tool], time.process_time() - t0)
        print(f"{name}: {n} pages, {mb:.1f} MB")
        base = best["pagewash"]
        for tool, _ in tools:
            secs = best[tool]
            print(f"  {tool:<12} {n / secs:7.1f} pages/s  {mb / secs:6.2f} MB/s  "
                  f"pagewash is x{secs / base:5.2f} its speed")
    sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=8, help="copies of the dev pages (default 8)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per line, best kept (default 3)")
    ap.add_argument("--copies", type=int, default=1,
                    help="with --peers: each timing runs over the set this many times (default 1)")
    ap.add_argument("--cli", default=os.environ.get("PAGEWASH_BIN", str(REPO / "target/release/pagewash")))
    ap.add_argument("--peers", action="store_true", help="time pagewash beside resiliparse and trafilatura")
    ap.add_argument("--dev", default=str(REPO / "tests/fixtures/dev"),
                    help="folder holding aeb/ and cleaneval_zh/ pages (default: the copies in tests/fixtures/dev)")
    args = ap.parse_args()
    if args.peers:
        peers(args)
        return

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
