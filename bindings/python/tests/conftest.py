"""Shared fixtures: the repository's test pages, the CLI binary, and a WARC writer."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds() -> list[tuple[Path, Path]]:
    """(page, expected text) pairs of the seed pages."""
    pages = sorted(p for p in (FIXTURES / "seeds").glob("*.txt") if not p.name.endswith(".expected.txt"))
    assert len(pages) == 5, pages
    return [(p, p.with_name(p.name[: -len(".txt")] + ".expected.txt")) for p in pages]


@pytest.fixture(scope="session")
def gbk_pages() -> list[Path]:
    """CleanEval-zh pages, raw GB2312/GBK HTML."""
    pages = sorted((FIXTURES / "dev" / "cleaneval_zh").glob("*.html"))
    assert len(pages) >= 10
    return pages


@pytest.fixture(scope="session")
def pagewash_bin() -> Path:
    """The CLI: $PAGEWASH_BIN, else target/release/pagewash (built if missing)."""
    env = os.environ.get("PAGEWASH_BIN")
    if env:
        return Path(env)
    path = REPO / "target" / "release" / "pagewash"
    if not path.exists():
        subprocess.run(["cargo", "build", "--release", "--bin", "pagewash"], cwd=REPO, check=True)
    return path


def warc_record(warc_type: str, block: bytes, headers: dict[str, str] | None = None) -> bytes:
    """One WARC/1.0 record (uncompressed)."""
    head = {
        "WARC-Type": warc_type,
        "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
        "WARC-Date": "2026-11-23T00:00:00Z",
    }
    head.update(headers or {})
    head["Content-Length"] = str(len(block))
    lines = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n"
    return lines.encode() + block + b"\r\n\r\n"


def http_response(url: str, body: bytes, content_type: str = "text/html", status: int = 200) -> bytes:
    """A WARC `response` record wrapping an HTTP response."""
    http = (
        f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    return warc_record(
        "response",
        http,
        {"WARC-Target-URI": url, "Content-Type": "application/http; msgtype=response"},
    )


def write_warc(path: Path, records: list[bytes], gz: bool = True) -> Path:
    """Writes records, one gzip member each (as Common Crawl does) unless `gz` is false."""
    with open(path, "wb") as f:
        for r in records:
            f.write(gzip.compress(r) if gz else r)
    return path


@pytest.fixture
def small_warc(tmp_path, seeds, gbk_pages) -> tuple[Path, list[str]]:
    """A gzip WARC: warcinfo, 5 seed pages, 3 GBK pages, an image and a 404.
    Returns the path and the URLs of the 8 page records, in order."""
    records = [warc_record("warcinfo", b"software: pagewash tests\r\n", {"Content-Type": "application/warc-fields"})]
    urls = []
    for i, (page, _) in enumerate(seeds):
        urls.append(f"https://seed.example.cn/{i}.html")
        records.append(http_response(urls[-1], page.read_bytes(), "text/plain; charset=utf-8"))
    for i, page in enumerate(gbk_pages[:3]):
        urls.append(f"https://gbk.example.cn/{i}.html")
        records.append(http_response(urls[-1], page.read_bytes()))
    records.append(http_response("https://img.example.cn/a.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"))
    records.append(http_response("https://gone.example.cn/", b"<html>not found</html>", status=404))
    return write_warc(tmp_path / "small.warc.gz", records), urls


@pytest.fixture
def warc_bytes_io(small_warc) -> io.BytesIO:
    return io.BytesIO(small_warc[0].read_bytes())


def pytest_sessionfinish(session, exitstatus):
    """With PAGEWASH_NO_SKIPS=1 (set by .ci/run), a skipped test fails the run: CI must not
    pass because Java, pyspark or datatrove went missing."""
    if not os.environ.get("PAGEWASH_NO_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        for r in skipped:
            print(f"\nPAGEWASH_NO_SKIPS: skipped {r.nodeid}: {r.longrepr}")
        session.exitstatus = 1
