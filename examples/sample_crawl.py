"""Writes a small crawl to try the examples on: DIR/sample.warc.gz, one gzip member per
record, holding the dev pages of tests/fixtures/dev as HTTP responses (run from the
repository root; stdlib only).

    python examples/sample_crawl.py crawl/
"""

import gzip
import pathlib
import sys
import uuid


def record(url: str, html: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def main(out: str = "crawl/") -> None:
    dir = pathlib.Path(out)
    dir.mkdir(parents=True, exist_ok=True)
    pages = sorted(pathlib.Path("tests/fixtures/dev").glob("*/*.html"))
    with open(dir / "sample.warc.gz", "wb") as f:
        for p in pages:
            f.write(record(f"http://example.com/{p.parent.name}/{p.name}", p.read_bytes()))
    print(f"{len(pages)} pages -> {dir / 'sample.warc.gz'}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
