"""examples/spark_warc.py on local Spark: every page record arrives once, each row equals
the CLI's `--format jsonl` line for the same record, and every record is accounted for.

The WARCs are written here, one gzip member per record as Common Crawl does, from the
repository's pages: CleanEval-zh (GB2312/GBK/UTF-8 HTML, with and without a charset in the
HTTP header, one with a lying header), AEB (English HTML; one sent gzip-encoded, one chunked)
and the seeds (WET-style text), plus warcinfo, request and metadata records, an image, a 404,
a redirect and, in a third file, a damaged gzip member between two pages.

The job runs in this process (`spark_warc.run` and `spark_warc.main`) on one `local[2]`
session shared by the module: a session costs ~10 s to start. Its Python workers are still
separate processes, so pickling the partition function and importing pagewash in the worker
are exercised. One test runs the script through `spark-submit` as users do, where the module
is `__main__` and pickled by value without help.

The CLI compared against is conftest's `pagewash_bin`: $PAGEWASH_BIN, else
target/release/pagewash under the repository root (built with cargo if missing).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")

from conftest import FIXTURES, REPO, warc_record  # noqa: E402

if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java (none on PATH, JAVA_HOME unset)", allow_module_level=True)

sys.path.insert(0, str(REPO / "examples"))
import spark_warc  # noqa: E402

COLUMNS = [f.name for f in spark_warc.SCHEMA.fields]


# ---------------------------------------------------------------------------------------
# WARC writing


def http(status: int, headers: list[tuple[str, str]], body: bytes) -> bytes:
    reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(status, "X")
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return head.encode("latin-1") + b"\r\n" + body


def response(url: str, block: bytes) -> bytes:
    return warc_record(
        "response",
        block,
        {"WARC-Target-URI": url, "Content-Type": "application/http; msgtype=response"},
    )


def chunked(body: bytes, size: int = 4000) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


class WarcWriter:
    """Writes records one gzip member each and remembers the offset of each page record."""

    def __init__(self, path: Path):
        self.path = path
        self.f = open(path, "wb")
        self.pages: dict[int, str] = {}  # offset -> url, for records that are pages

    def add(self, record: bytes, page_url: str | None = None, raw: bytes | None = None) -> None:
        offset = self.f.tell()
        if page_url is not None:
            self.pages[offset] = page_url
        self.f.write(raw if raw is not None else gzip.compress(record, mtime=0))

    def close(self) -> "WarcWriter":
        self.f.close()
        return self


def meta_charset(page: bytes) -> str | None:
    import re

    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", page[:4096])
    return m.group(1).decode() if m else None


def info(tool: str = "pagewash tests") -> bytes:
    return warc_record("warcinfo", f"software: {tool}\r\nformat: WARC File Format 1.0\r\n".encode(),
                       {"Content-Type": "application/warc-fields"})


def write_zh_warc(path: Path) -> WarcWriter:
    """warcinfo; the CleanEval-zh pages with header charsets right, absent and once wrong,
    each after its request record, and a metadata record; an image and a 404."""
    w = WarcWriter(path)
    w.add(info())
    for i, page in enumerate(sorted((FIXTURES / "dev" / "cleaneval_zh").glob("*.html"))):
        url = f"http://news.example.com.cn/{page.stem}.html"
        body = page.read_bytes()
        ctype = "text/html"
        if i % 3 == 1 and meta_charset(body):
            ctype = f"text/html; charset={meta_charset(body)}"
        elif i == 5:
            ctype = "text/html; charset=iso-8859-1"  # a lying header on GBK bytes
        w.add(warc_record("request", f"GET /{page.stem}.html HTTP/1.1\r\nHost: news.example.com.cn\r\n\r\n".encode(),
                          {"WARC-Target-URI": url, "Content-Type": "application/http; msgtype=request"}))
        w.add(response(url, http(200, [("Content-Type", ctype), ("Content-Length", str(len(body)))], body)), url)
        if i == 2:
            w.add(warc_record("metadata", b"fetchTimeMs: 120\r\n",
                              {"WARC-Target-URI": url, "Content-Type": "application/warc-fields"}))
        if i == 10:
            png = b"\x89PNG\r\n\x1a\n" + bytes(200)
            w.add(response("http://img.example.com.cn/logo.png", http(200, [("Content-Type", "image/png")], png)))
        if i == 20:
            w.add(response("http://news.example.com.cn/gone.html",
                           http(404, [("Content-Type", "text/html; charset=utf-8")], b"<html><body><p>404 Not Found</p></body></html>")))
    return w.close()


def write_en_warc(path: Path) -> WarcWriter:
    """warcinfo; AEB pages (one gzip-encoded, one chunked), the seed pages as text/plain, a
    redirect, an image; ends with non-page records (an image, a 404)."""
    w = WarcWriter(path)
    w.add(info("another crawler"))
    for i, page in enumerate(sorted((FIXTURES / "dev" / "aeb").glob("*.html.gz"))):
        url = f"https://www.example.com/article/{page.name[:16]}"
        packed = page.read_bytes()
        if i == 3:
            block = http(200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")], packed)
        elif i == 4:
            block = http(200, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")], chunked(gzip.decompress(packed)))
        else:
            block = http(200, [("Content-Type", "text/html; charset=UTF-8")], gzip.decompress(packed))
        w.add(response(url, block), url)
        if i == 6:
            w.add(response("https://www.example.com/old", http(301, [("Location", "https://www.example.com/new"),
                                                                       ("Content-Type", "text/html")], b"<a href=/new>moved</a>")))
        if i == 7:
            jpeg = b"\xff\xd8\xff\xe0" + bytes(300)
            w.add(response("https://cdn.example.com/a.jpg", http(200, [("Content-Type", "image/jpeg")], jpeg)))
    for page in sorted((FIXTURES / "seeds").glob("*.txt")):
        if page.name.count(".") == 1:  # not the .expected.txt
            url = f"https://seed.example.cn/{page.stem}"
            w.add(response(url, http(200, [("Content-Type", "text/plain; charset=utf-8")], page.read_bytes())), url)
    w.add(response("https://cdn.example.com/b.png", http(200, [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n")))
    w.add(response("https://www.example.com/gone", http(404, [("Content-Type", "text/html")], b"<p>gone</p>")))
    return w.close()


def write_damaged_warc(path: Path) -> WarcWriter:
    """Three seed pages; the second record's gzip member is corrupt."""
    w = WarcWriter(path)
    seeds = sorted(p for p in (FIXTURES / "seeds").glob("*.txt") if p.name.count(".") == 1)
    for i in range(3):
        url = f"https://damaged.example.cn/{i}"
        record = response(url, http(200, [("Content-Type", "text/plain")], seeds[i].read_bytes()))
        if i == 1:
            member = bytearray(gzip.compress(record, mtime=0))
            for k in range(200, 260):
                member[k] ^= 0x55
            w.add(record, raw=bytes(member))
        else:
            w.add(record, url)
    return w.close()


# ---------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The Python workers' interpreter: this one, which has pagewash. It is read from the
    # environment when the context starts (the config spark.pyspark.python is not, here).
    before = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("pagewash-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if before is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = before


@pytest.fixture(scope="module")
def warcs(tmp_path_factory) -> dict[str, WarcWriter]:
    d = tmp_path_factory.mktemp("warcs")
    return {
        "zh": write_zh_warc(d / "zh.warc.gz"),
        "en": write_en_warc(d / "en.warc.gz"),
        "damaged": write_damaged_warc(d / "damaged.warc.gz"),
    }


def cli_run(pagewash_bin: Path, path: Path, tmp: Path, *options: str) -> tuple[list[dict], dict]:
    """The CLI's jsonl lines and --stats of one WARC."""
    stats = tmp / (path.name + ".stats.json")
    done = subprocess.run(
        [str(pagewash_bin), "clean", "-q", "--format", "jsonl", "--threads", "2", "--stats", str(stats),
         *options, str(path)],
        capture_output=True,
    )
    assert done.returncode in (0, 1), done.stderr.decode()  # 1: a damaged record
    return [json.loads(line) for line in done.stdout.splitlines()], json.loads(stats.read_text())


def expected_row(line: dict) -> dict:
    """A CLI jsonl line as a row of spark_warc.SCHEMA (`published` is the `date` column)."""
    row = dict(line)
    row["date"] = row.pop("published")
    assert set(row) == set(COLUMNS), "the CLI's JSON and the Parquet schema differ"
    return row


def parquet_rows(out: Path) -> list[dict]:
    table = pq.read_table(out)  # pyarrow skips _SUCCESS and _pagewash_stats/
    assert table.column_names == COLUMNS
    rows = table.to_pylist()
    for row in rows:
        row["removed"] = dict(row["removed"])  # a Parquet map reads back as pairs
        row["repairs"] = dict(row["repairs"])
    return rows


@pytest.fixture(scope="module")
def default_run(spark, warcs, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "pages"
    paths = [str(w.path) for w in warcs.values()] + [str(out.parent / "missing.warc.gz")]
    result = spark_warc.run(spark, paths, str(out), {"time_budget": 10.0})
    return out, paths, result


# ---------------------------------------------------------------------------------------
# Tests


def test_every_page_record_arrives_exactly_once(default_run, warcs):
    out, _, result = default_run
    rows = parquet_rows(out)
    keys = [(r["source"], r["offset"]) for r in rows]
    assert len(keys) == len(set(keys)), "a record was written twice"
    expected = {(str(w.path), off): url for w in warcs.values() for off, url in w.pages.items()}
    assert {k: r["url"] for k, r in zip(keys, rows)} == expected
    assert result["rows"] == len(rows) == result["totals"]["cleaned"] == len(expected)
    assert len(expected) == 30 + 23 + 5 + 2


def test_rows_equal_the_cli_jsonl(default_run, warcs, pagewash_bin, tmp_path):
    out, _, _ = default_run
    rows = {(r["source"], r["offset"]): r for r in parquet_rows(out)}
    compared = 0
    for w in warcs.values():
        lines, _ = cli_run(pagewash_bin, w.path, tmp_path)
        assert len(lines) == len(w.pages)
        for line in lines:
            want = expected_row(line)
            got = rows[(want["source"], want["offset"])]
            for column in ("text", "title", "date", "encoding", "flags", "removed"):
                assert got[column] == want[column], (column, want["url"])
            assert got == want, want["url"]
            compared += 1
    assert compared == len(rows)
    # The pages exercise what they were put in for.
    by_url = {r["url"]: r for r in rows.values()}
    assert any(r["flags"]["gzip"] for r in rows.values())
    assert {r["encoding"] for r in rows.values()} >= {"UTF-8", "gb18030"}
    assert sum(bool(r["removed"]) for r in rows.values()) > len(rows) // 2
    assert by_url["https://damaged.example.cn/2"]["text"]


def test_every_record_is_accounted_for(default_run, warcs, pagewash_bin, tmp_path, spark):
    out, paths, result = default_run
    files = result["files"]
    assert list(files) == paths
    for w in warcs.values():
        _, cli = cli_run(pagewash_bin, w.path, tmp_path)
        ours = files[str(w.path)]
        for key in ("records", "cleaned", "skipped", "failed", "empty", "lossy", "bytes_in", "bytes_out"):
            assert ours[key] == cli[key], (w.path.name, key)
        assert ours["records"] == ours["cleaned"] + ours["skipped_total"] + ours["failed_total"]
    zh, en, damaged = (files[str(w.path)] for w in warcs.values())
    assert zh["skipped"] == {"warc warcinfo": 1, "warc request": 30, "warc metadata": 1,
                             "not text (image/png)": 1, "http status 4xx": 1}
    assert en["skipped"] == {"warc warcinfo": 1, "http status 3xx": 1, "not text (image/jpeg)": 1,
                             "not text (image/png)": 1, "http status 4xx": 1}
    assert damaged["failed"] == {"bad gzip member": 1}
    assert len(damaged["failures"]) == 1 and "gzip member 2" in damaged["failures"][0]
    missing = files[paths[-1]]
    assert "cannot open" in missing["error"]
    totals = result["totals"]
    assert totals["files"] == 4 and totals["files_unreadable"] == 1
    assert totals["records"] == sum(f["records"] for f in files.values() if not f.get("error"))
    # The side output holds the same, one JSON line per input file.
    side = [json.loads(line) for p in sorted((out / "_pagewash_stats").glob("part-*.json"))
            for line in p.read_text().splitlines()]
    assert [s["source"] for s in side] == paths
    assert side[0]["skipped"] == zh["skipped"] and side[2]["failures"] == damaged["failures"]
    assert "error" not in side[0] and "cannot open" in side[3]["error"]


def test_a_file_reported_twice_counts_once():
    """Spark may run a task again (lost executor, speculation): its report replaces."""
    param = spark_warc.FileStatsParam()
    acc = param.zero({})
    for report in ({"a": {"records": 3}}, {"b": {"records": 1}}, {"a": {"records": 3}}):
        acc = param.addInPlace(acc, report)
    assert acc == {"a": {"records": 3}, "b": {"records": 1}}
    assert spark_warc.totals({"a": {"error": "x"}})["files_unreadable"] == 1


def test_parquet_types(default_run):
    out, _, _ = default_run
    import pyarrow as pa

    schema = pq.read_schema(next(out.glob("part-*.parquet")))
    removed = schema.field("removed").type
    assert pa.types.is_map(removed) and (removed.key_type, removed.item_type) == (pa.string(), pa.int32())
    flags = schema.field("flags").type
    assert pa.types.is_struct(flags) and flags.field("replaced_chars").type == pa.int64()
    assert schema.field("offset").type == pa.int64() and schema.field("text").type == pa.string()


def test_main_with_options_and_a_list_several_files_per_partition(spark, warcs, pagewash_bin, tmp_path):
    listing = tmp_path / "warc.paths.gz"
    with gzip.open(listing, "wt") as f:
        f.write("# two files, one partition\n" + "\n".join(w.path.name for w in list(warcs.values())[:2]) + "\n")
    out = tmp_path / "t2s"
    argv = ["--list", str(listing), "--prefix", str(warcs["zh"].path.parent) + os.sep,
            "--out", str(out), "--partitions", "1", "--t2s", "--title"]
    assert spark_warc.main(argv) == 0
    rows = {(r["source"], r["offset"]): r for r in parquet_rows(out)}
    n = 0
    for w in list(warcs.values())[:2]:
        lines, _ = cli_run(pagewash_bin, w.path, tmp_path, "--t2s", "--title")
        for line in lines:
            want = expected_row(line)
            assert rows[(want["source"], want["offset"])] == want
            n += 1
    assert n == len(rows) == 30 + 23 + 5


def test_spark_submit(warcs, tmp_path, default_run):
    """The script as users run it: spark-submit, module as __main__, local[1]."""
    submit = Path(sys.executable).parent / "spark-submit"
    if not submit.exists():
        submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    out = tmp_path / "submitted"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    done = subprocess.run(
        [str(submit), "--master", "local[1]", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
         str(REPO / "examples" / "spark_warc.py"), str(warcs["zh"].path), str(warcs["damaged"].path),
         "--out", str(out), "--time-budget-ms", "10000"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    assert summary["rows"] == summary["cleaned"] == 30 + 2 and summary["failed"] == {"bad gzip member": 1}
    before = {(r["source"], r["offset"]): r for r in parquet_rows(default_run[0])}
    for row in parquet_rows(out):
        assert row == before[(row["source"], row["offset"])]
