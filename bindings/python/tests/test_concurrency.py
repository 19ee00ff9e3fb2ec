"""One Pipeline shared by threads: same results as one thread, and the GIL is released
while Rust cleans."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import pagewash


@pytest.fixture(scope="module")
def pages(repo_root) -> list[bytes]:
    dev = repo_root / "tests" / "fixtures" / "dev"
    return [p.read_bytes() for p in sorted(dev.glob("*/*.html"))]


def test_shared_pipeline_across_threads_gives_the_sequential_results(pages):
    p = pagewash.Pipeline()
    expected = [p.clean(x).text for x in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            got = list(pool.map(lambda x: p.clean(x).text, pages))
            assert got == expected


def test_clean_many_equals_clean_in_order(pages):
    p = pagewash.Pipeline(t2s=True)
    expected = [p.clean(x).text for x in pages]
    for threads in (1, 2, 3):
        assert [c.text for c in p.clean_many(pages, threads=threads)] == expected
    assert [c.text for c in p.clean_many(iter(pages))] == expected  # any iterable, default threads
    assert p.clean_many([]) == []


def test_clean_many_takes_hints_in_tuples():
    p = pagewash.Pipeline()
    big5 = "中文".encode("big5")
    page = "正文很長很長，有標點，這是文章的主體內容。".encode("big5")
    hinted = p.clean_many([(page, "https://x.tw/", "text/plain; charset=big5"), (big5, None)], threads=2)
    alone = p.clean(page, url="https://x.tw/", content_type="text/plain; charset=big5")
    assert hinted[0].text == alone.text and hinted[0].encoding_source == "http-header"
    assert hinted[1].text == p.clean(big5).text
    with pytest.raises(TypeError, match="not 1 items"):
        p.clean_many([(b"x",)])


def _big_page(pages: list[bytes]) -> bytes:
    # One long HTML page (about 4 MB): one Rust call long enough to watch.
    body = b"".join(x for x in pages if b"<p" in x)
    return body * max(1, 4_000_000 // max(1, len(body)))


def test_gil_is_released_during_clean(pages):
    """While one thread is inside `clean`, another keeps running Python: with the GIL held
    for the whole call, the counter could not move until it returned."""
    big = _big_page(pages)
    p = pagewash.Pipeline()
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    # The main thread must enter clean() while the counter runs: start it first.
    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    before = ticks
    p.clean(big)
    during = ticks - before
    stop.set()
    t.join()
    assert during > 1000, f"the counter advanced only {during} times while clean() ran"


def test_calls_from_two_threads_overlap(pages):
    """Two threads' Rust calls run at the same time (their intervals overlap), which a
    call holding the GIL would make impossible."""
    big = _big_page(pages)
    p = pagewash.Pipeline()
    spans: list[tuple[float, float]] = []
    barrier = threading.Barrier(2)

    def work():
        barrier.wait()
        start = time.perf_counter()
        p.clean(big)
        spans.append((start, time.perf_counter()))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (a0, a1), (b0, b1) = sorted(spans)
    overlap = min(a1, b1) - max(a0, b0)
    assert overlap > 0.5 * min(a1 - a0, b1 - b0), spans

