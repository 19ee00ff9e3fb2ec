"""read_warc: records cleaned on the Rust side, the CLI's decisions, errors as asked."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import warnings

import pytest

import pagewash
from conftest import http_response, write_warc


def test_every_page_record_once_in_order_with_skips_counted(small_warc):
    path, urls = small_warc
    reader = pagewash.read_warc(path)
    assert reader.format == "warc" and reader.source == str(path)
    records = list(reader)
    assert [r.url for r in records] == urls
    assert all(r.http_status == 200 and r.warc_record_id.startswith("<urn:uuid:") for r in records)
    stats = reader.stats
    assert stats["records"] == 11
    assert stats["cleaned"] == 8
    assert stats["skipped"] == {"warc warcinfo": 1, "not text (image/png)": 1, "http status 4xx": 1}
    assert stats["records"] == stats["cleaned"] + stats["skipped_total"] + stats["failed_total"]


def test_records_equal_the_cli_jsonl(small_warc, pagewash_bin):
    path, _ = small_warc
    out = subprocess.run([str(pagewash_bin), "clean", "-q", "--format", "jsonl", str(path)],
                         check=True, capture_output=True).stdout
    cli = [json.loads(line) for line in out.splitlines()]
    ours = [r.to_dict() for r in pagewash.read_warc(path)]
    assert ours == cli


def test_seed_text_through_a_warc(small_warc, seeds):
    path, _ = small_warc
    records = list(pagewash.read_warc(path))
    for record, (_, expected) in zip(records, seeds):
        assert record.text == expected.read_text(encoding="utf-8")
        assert record.cleaned.text == record.text and not record.lossy


def test_file_objects_and_pipeline_method(small_warc, warc_bytes_io):
    path, urls = small_warc
    p = pagewash.Pipeline(t2s=True)
    from_path = [r.text for r in p.read_warc(path)]
    with open(path, "rb") as f:
        assert [r.text for r in p.read_warc(f)] == from_path
    records = list(p.read_warc(warc_bytes_io, name="crawl-00001.warc.gz"))
    assert [r.url for r in records] == urls
    assert {r.source for r in records} == {"crawl-00001.warc.gz"}
    assert records[0].body_bytes == len(small_warc_pages(path)[0])
    with open(path, "r", encoding="latin-1") as text_mode:
        with pytest.raises(pagewash.ReadError, match="binary mode"):
            p.read_warc(text_mode)


def test_runs_of_skipped_records_do_not_end_the_stream(tmp_path, seeds):
    png = http_response("https://img.cn/a.png", b"\x89PNG" + bytes(32), "image/png")
    page = http_response("https://p.cn/", seeds[0][0].read_bytes(), "text/plain")
    path = write_warc(tmp_path / "mixed.warc.gz", [png, png, page, png, png, page, png])
    for threads in (1, 2):
        reader = pagewash.read_warc(path, threads=threads)
        assert [r.url for r in reader] == ["https://p.cn/"] * 2
        assert reader.stats["skipped"] == {"not text (image/png)": 5}


def small_warc_pages(path):
    """The HTTP bodies of the page records of `path`, in order (a reader of our own)."""
    import re
    data = gzip.decompress(path.read_bytes())
    bodies = []
    for block in data.split(b"WARC/1.0\r\n")[1:]:
        if b"WARC-Type: response" in block and b"HTTP/1.1 200" in block and b"image/" not in block:
            http = block.split(b"\r\n\r\n", 1)[1]
            head, body = http.split(b"\r\n\r\n", 1)
            n = int(re.search(rb"Content-Length: (\d+)", head).group(1))
            bodies.append(body[:n])
    return bodies


def test_threads_give_the_same_records(small_warc):
    path, _ = small_warc
    one = [r.to_dict() for r in pagewash.read_warc(path)]
    for threads in (2, 3):
        assert [r.to_dict() for r in pagewash.read_warc(path, threads=threads)] == one


@pytest.fixture
def damaged_warc(tmp_path, seeds):
    """Three page records with a cut gzip member between the first and the second."""
    members = [gzip.compress(http_response(f"https://x.cn/{i}", seeds[i][0].read_bytes(),
                                           "text/plain")) for i in range(3)]
    members[1] = members[1][: len(members[1]) // 2] + b"\x00" * 7 + members[1][len(members[1]) // 2:]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(members))
    return path


def test_damaged_record_warns_by_default_and_the_rest_arrives(damaged_warc):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reader = pagewash.read_warc(damaged_warc)
        urls = [r.url for r in reader]
    assert "https://x.cn/0" in urls and "https://x.cn/2" in urls
    assert [w.category for w in caught] == [pagewash.PagewashWarning] * len(caught) and caught
    assert str(damaged_warc) in str(caught[0].message)
    assert reader.stats["failed_total"] == len(caught)


def test_damaged_record_raises_when_asked_and_iteration_goes_on(damaged_warc):
    reader = pagewash.read_warc(damaged_warc, errors="raise")
    got, raised = [], 0
    while True:
        try:
            got.append(next(reader).url)
        except pagewash.RecordError as e:
            raised += 1
            assert "gzip" in str(e) or "warc" in str(e).lower()
            assert e.kind in reader.stats["failed"] and e.source == str(damaged_warc)
            assert isinstance(e.offset, int) and 0 < e.offset < damaged_warc.stat().st_size
        except StopIteration:
            break
    assert raised >= 1 and got[0] == "https://x.cn/0" and got[-1] == "https://x.cn/2"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = pagewash.read_warc(damaged_warc, errors="ignore")
        assert [r.url for r in quiet] == got
    assert quiet.stats["failed_total"] == raised


def test_jsonl_and_wet_inputs(tmp_path, seeds):
    lines = [json.dumps({"id": f"doc{i}", "url": f"https://j.cn/{i}", "text": p.read_text(encoding="utf-8")},
                        ensure_ascii=False) for i, (p, _) in enumerate(seeds)]
    jl = tmp_path / "docs.jsonl"
    jl.write_text("\n".join(lines) + "\n{not json\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reader = pagewash.read_warc(jl)
        records = list(reader)
    assert reader.format == "jsonl"
    # The id is the first of the id fields present: url, then id (as in the CLI).
    assert [r.id for r in records] == [f"https://j.cn/{i}" for i in range(5)]
    named = list(pagewash.read_warc(jl, json_id_field="id", errors="ignore"))
    assert [r.id for r in named] == [f"doc{i}" for i in range(5)]
    assert [r.text for r in records] == [e.read_text(encoding="utf-8") for _, e in seeds]
    assert len(caught) == 1 and "json" in str(caught[0].message).lower()
    body = seeds[0][0].read_bytes()
    wet = write_warc(tmp_path / "x.wet.gz", [
        b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://w.cn/\r\n"
        b"Content-Type: text/plain\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body + b"\r\n\r\n"])
    recs = list(pagewash.read_warc(wet, format="wet"))
    assert [r.text for r in recs] == [seeds[0][1].read_text(encoding="utf-8")]


def test_bad_reader_arguments(small_warc, tmp_path):
    path, _ = small_warc
    with pytest.raises(pagewash.OptionError, match="errors must be"):
        pagewash.read_warc(path, errors="explode")
    with pytest.raises(pagewash.OptionError, match="format must be"):
        pagewash.read_warc(path, format="pdf")
    with pytest.raises(pagewash.OptionError, match="threads"):
        pagewash.read_warc(path, threads=0)
    with pytest.raises(pagewash.ReadError, match="cannot open .*missing.warc") as e:
        pagewash.read_warc(tmp_path / "missing.warc")
    assert isinstance(e.value, FileNotFoundError) or isinstance(e.value, OSError)
    with pytest.raises(TypeError, match="path or a binary file object"):
        pagewash.read_warc(3.5)
    # An empty input is one empty page (as `pagewash clean` treats a 0-byte file), flagged.
    [empty] = list(pagewash.read_warc(io.BytesIO(b"")))
    assert empty.text == "" and empty.cleaned.flags.empty
