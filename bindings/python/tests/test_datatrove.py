"""The datatrove steps of ``pagewash.integrations.datatrove`` on real pages:
``PagewashExtractor``, and ``PagewashWarcReader`` on WARC files written in tmp dirs.

Runs against the installed package (``.ci/run`` builds and installs the wheel first).
"""

import copy
import gzip
import json
import pickle
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

import pagewash  # noqa: E402
from datatrove.data import Document  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"
from conftest import http_response, warc_record, write_warc  # noqa: E402
from pagewash.integrations.datatrove import PagewashExtractor, PagewashWarcReader  # noqa: E402


# ---------------------------------------------------------------- fixtures


def seeds():
    """(id, page text, expected text) of the five golden seed pages."""
    out = []
    for page in sorted((FIXTURES / "seeds").glob("*_????????????????.txt")):
        expected = page.with_name(page.stem + ".expected.txt")
        out.append((page.stem, page.read_text(encoding="utf-8"), expected.read_text(encoding="utf-8")))
    assert len(out) == 5
    return out


def cleaneval_pages(utf8: bool):
    """(id, bytes) of the CleanEval-zh dev pages that are (not) valid UTF-8."""
    out = []
    for page in sorted((FIXTURES / "dev" / "cleaneval_zh").glob("*.html")):
        data = page.read_bytes()
        try:
            data.decode("utf-8")
            is_utf8 = True
        except UnicodeDecodeError:
            is_utf8 = False
        if is_utf8 == utf8:
            out.append((page.stem, data))
    assert len(out) >= 5
    return out


def stats(step):
    """The step's counters, as {label: total}."""
    return {k: v.total for k, v in step.stats.stats.items()}


def run(step, docs):
    return list(step.run(iter(docs)))


# ---------------------------------------------------------------- text


def test_seed_pages_give_their_expected_text_exactly():
    pages = seeds()
    docs = [
        Document(text=text, id=pid, metadata={"url": f"http://example.cn/{pid}"}) for pid, text, _ in pages
    ]
    step = PagewashExtractor()
    out = run(step, docs)
    assert [d.id for d in out] == [pid for pid, _, _ in pages]
    for doc, (_, text, expected) in zip(out, pages):
        assert doc.text == expected
        assert doc.text == pagewash.clean(text).text
        assert doc.metadata["url"].startswith("http://example.cn/")  # the reader's keys stay
    s = stats(step)
    assert s["total"] == s["extracted"] == s["forwarded"] == 5
    assert "dropped" not in s and "timeout" not in s and "clean_error" not in s
    assert s["doc_len"] == sum(len(e) for _, _, e in pages)
    assert s["removed_lines"] == sum(sum(pagewash.clean(t).removed.values()) for _, t, _ in pages) > 0


def test_gbk_pages_as_bytes_and_as_decoded_str():
    pages = cleaneval_pages(utf8=False)
    # bytes: pagewash decides the charset itself
    step = PagewashExtractor()
    out = run(step, [Document(text=data, id=pid) for pid, data in pages])
    assert [d.id for d in out] == [pid for pid, _ in pages]
    for doc, (_, data) in zip(out, pages):
        want = pagewash.clean(data)
        assert doc.text == want.text and doc.text
        assert doc.metadata["pagewash_encoding"] == want.encoding == "gb18030"
        assert doc.metadata["pagewash_encoding_source"] in ("meta-tag", "detected")
    # str, decoded beforehand as datatrove's WarcReader does: cleaned as already-decoded text
    decoded = [(pid, data.decode("gb18030", errors="replace")) for pid, data in pages]
    out = run(PagewashExtractor(), [Document(text=text, id=pid) for pid, text in decoded])
    for doc, (_, text) in zip(out, decoded):
        assert doc.text == pagewash.clean(text).text
        assert doc.metadata["pagewash_encoding_source"] == "forced"
    assert [d.id for d in out] == [pid for pid, _ in decoded]


def test_extract_is_pagewash_clean_text():
    pid, data = cleaneval_pages(utf8=True)[0]
    step = PagewashExtractor(t2s=True)
    assert step.extract(data) == pagewash.clean(data, t2s=True).text
    assert step.extract(data.decode("utf-8")) == pagewash.clean(data.decode("utf-8"), t2s=True).text


# ---------------------------------------------------------------- dropping and stats


def test_empty_results_are_dropped_and_counted():
    _, seed, expected = seeds()[0]
    boilerplate = "<html><body><footer>版权所有 某某网 京ICP备12345678号</footer></body></html>"
    title_only = "<html><head><title>标题</title></head><body></body></html>"
    for page in ("", boilerplate, title_only):
        assert pagewash.clean(page).text == ""  # the premise
    docs = [
        Document(text="", id="empty"),
        Document(text=seed, id="seed"),
        Document(text=boilerplate, id="boilerplate"),
        Document(text=title_only, id="title-only"),
    ]
    step = PagewashExtractor()
    out = run(step, docs)
    assert [d.id for d in out] == ["seed"]
    assert out[0].text == expected
    s = stats(step)
    assert (s["total"], s["extracted"], s["forwarded"], s["dropped"]) == (4, 4, 1, 3)
    assert "pagewash_title" not in docs[3].metadata  # no metadata on dropped documents


def test_timeout_maps_to_time_budget_and_timed_out_pages_are_skipped():
    pages = cleaneval_pages(utf8=False)[:3]
    step = PagewashExtractor(timeout=1e-9)
    assert step.options["time_budget"] == pytest.approx(1e-9)
    assert step.timeout == pytest.approx(1e-9)
    assert all(pagewash.clean(data, time_budget=1e-9).flags.timed_out for _, data in pages)
    out = run(step, [Document(text=data, id=pid) for pid, data in pages])
    assert out == []
    s = stats(step)
    assert s["total"] == s["timeout"] == 3
    assert "extracted" not in s and "dropped" not in s and "forwarded" not in s

    # datatrove's default (1 s), none, and pagewash's own name for it
    assert PagewashExtractor().options["time_budget"] == 1.0
    assert PagewashExtractor(timeout=None).options["time_budget"] is None
    assert PagewashExtractor(timeout=2.5).options["time_budget"] == 2.5
    assert PagewashExtractor(time_budget=0.25).options["time_budget"] == 0.25
    with pytest.raises(TypeError, match="timeout"):
        PagewashExtractor(timeout=1, time_budget=1)
    with pytest.raises(pagewash.OptionError):
        PagewashExtractor(timeout=-1)


def test_lossy_truncated_and_error_stats():
    pages = cleaneval_pages(utf8=False) + cleaneval_pages(utf8=True)
    lossy = sum(pagewash.clean(data).flags.lossy for _, data in pages)
    assert lossy >= 1  # b70f455d has bytes its charset cannot map
    docs = [Document(text=data, id=pid) for pid, data in pages]
    docs.insert(3, Document(text=12345, id="not-a-page"))  # TypeError inside pagewash
    step = PagewashExtractor()
    out = run(step, docs)
    assert "not-a-page" not in [d.id for d in out]
    assert len(out) == len(pages)
    s = stats(step)
    assert s["clean_error"] == 1
    assert s["total"] == len(pages) + 1 and s["extracted"] == len(pages)
    assert s["lossy"] == lossy
    assert sum(d.metadata["pagewash_flags"]["lossy"] for d in out) == lossy

    # a page over max_page_bytes is cut, flagged and counted
    _, seed, _ = seeds()[0]
    step = PagewashExtractor(max_page_bytes=2000)
    (doc,) = run(step, [Document(text=seed, id="long")])
    assert doc.metadata["pagewash_flags"]["truncated"] and doc.metadata["pagewash_flags"]["lossy"]
    assert stats(step)["truncated"] == stats(step)["lossy"] == 1
    assert doc.text == pagewash.clean(seed, max_page_bytes=2000).text != pagewash.clean(seed).text


# ---------------------------------------------------------------- metadata


def test_metadata_keys_values_and_no_collision():
    pid, data = next((p, d) for p, d in cleaneval_pages(utf8=True) if p.startswith("c4d032a1"))
    want = pagewash.clean(data)
    assert want.title and want.date and want.language  # the premise: a page with all three
    doc = Document(text=data, id=pid, metadata={"url": "http://x.cn/a", "date": "2024-01-01T00:00:00Z"})
    (out,) = run(PagewashExtractor(), [doc])
    m = out.metadata
    assert m["url"] == "http://x.cn/a" and m["date"] == "2024-01-01T00:00:00Z"  # datatrove's keys kept
    assert m["pagewash_title"] == want.title
    assert m["pagewash_date"] == want.date
    assert m["pagewash_author"] == want.author
    assert m["pagewash_publisher"] == want.publisher
    assert m["pagewash_language"] == want.language == "zh"
    assert m["pagewash_canonical_url"] == want.canonical_url
    assert m["pagewash_encoding"] == "UTF-8" and m["pagewash_encoding_source"] == want.encoding_source
    assert m["pagewash_format"] == "html"
    assert m["pagewash_flags"] == want.flags.to_dict()
    assert m["pagewash_removed"] == want.removed and sum(m["pagewash_removed"].values()) > 0
    json.dumps(m)  # writers serialise it

    (out,) = run(PagewashExtractor(metadata=False), [Document(text=data, id=pid, metadata={"url": "u"})])
    assert out.metadata == {"url": "u"} and out.text == want.text
    (out,) = run(PagewashExtractor(metadata_prefix="pw."), [Document(text=data, id=pid)])
    assert out.metadata["pw.title"] == want.title and not any(k.startswith("pagewash_") for k in out.metadata)


# ---------------------------------------------------------------- options


def test_options_are_passed_through():
    page = (
        "<html><body><article><p>漢字與簡體字的轉換是這個步驟的選項之一,這是正文。</p></article>"
        "</body></html>"
    )
    (doc,) = run(PagewashExtractor(t2s=True), [Document(text=page, id="t2s")])
    assert "汉字与简体字的转换" in doc.text and "漢" not in doc.text
    (doc,) = run(PagewashExtractor(), [Document(text=page, id="t2s")])
    assert "漢字與簡體字" in doc.text

    pid, data = next((p, d) for p, d in cleaneval_pages(utf8=True) if p.startswith("c4d032a1"))
    with_title = pagewash.clean(data, title=True).text
    without = pagewash.clean(data, title=False).text
    assert pagewash.clean(data).text == without  # the default leaves the title out
    assert with_title != without  # the premise: this page's title is its first line
    (doc,) = run(PagewashExtractor(title=False), [Document(text=data, id=pid)])
    assert doc.text == without

    step = PagewashExtractor(t2s=True, title=False, nfkc=False, charset="gbk", timeout=3)
    assert step.options == dict(
        pagewash.Pipeline(t2s=True, title=False, nfkc=False, charset="gbk", time_budget=3).options
    )
    with pytest.raises(TypeError, match="bogus"):
        PagewashExtractor(bogus=True)
    with pytest.raises(pagewash.OptionError):
        PagewashExtractor(charset="no-such-charset")
    with pytest.raises(ValueError):
        PagewashExtractor(threads=0)
    with pytest.raises(ValueError):
        PagewashExtractor(batch_size=0)


def test_content_type_key_marks_html():
    page = "<b>这是一段没有任何结构的页面文字内容</b>" * 3
    assert pagewash.clean(page).format != pagewash.clean(page, content_type="text/html").format
    want = pagewash.clean(page, content_type="text/html")
    for threads in (1, 2):
        doc = Document(text=page, id="ct", metadata={"content_type": "text/html"})
        (out,) = run(PagewashExtractor(content_type_key="content_type", threads=threads), [doc])
        assert out.metadata["pagewash_format"] == want.format and out.text == want.text
        doc = Document(text=page, id="ct", metadata={"content_type": "text/html"})
        (out,) = run(PagewashExtractor(threads=threads), [doc])  # no key: not used
        assert out.metadata["pagewash_format"] == pagewash.clean(page).format


# ---------------------------------------------------------------- batches on Rust threads


def test_threads_and_batches_match_one_by_one():
    pages = [(pid, text) for pid, text, _ in seeds()] + cleaneval_pages(utf8=False)
    pages += [("empty", ""), ("bad", None)]

    def docs():
        # "bad" has no URL, so it goes to clean_many, whose failure must cost only that page;
        # the bytes pages with a URL are cleaned one by one (clean_many takes no hints)
        return [
            Document(text=t, id=pid, metadata={} if pid == "bad" else {"url": "http://x.cn/" + pid})
            for pid, t in pages
        ]

    one = PagewashExtractor()
    want = [(d.id, d.text, d.metadata) for d in run(one, docs())]
    for threads, batch_size in ((2, 3), (None, 100), (4, 1)):
        step = PagewashExtractor(threads=threads, batch_size=batch_size)
        got = [(d.id, d.text, d.metadata) for d in run(step, docs())]
        assert got == want
        assert stats(step) == stats(one)
        assert step.stats.time_stats.n == len(pages)


# ---------------------------------------------------------------- pickling


def test_step_pickles_and_rebuilds_its_pipeline():
    dill = pytest.importorskip("dill")
    _, seed, expected = seeds()[1]
    step = PagewashExtractor(t2s=True, title=False, timeout=5)
    assert step.extract(seed)  # the pipeline is built (and checked) already
    for clone in (
        pickle.loads(pickle.dumps(step)),
        dill.loads(dill.dumps(step)),
        copy.deepcopy(step),  # LocalPipelineExecutor deep-copies the pipeline per task
    ):
        assert clone._pipeline is None
        assert clone.options == step.options and clone.options["t2s"] is True
        (doc,) = run(clone, [Document(text=seed, id="s")])
        assert doc.text == pagewash.clean(seed, t2s=True, title=False).text
        assert clone._pipeline is not None  # built once, then kept
    assert step._pipeline is not None  # pickling did not strip the original

    # in a fresh interpreter, as a datatrove worker
    code = textwrap.dedent(
        """
        import pickle, sys
        from datatrove.data import Document
        step = pickle.loads(sys.stdin.buffer.read())
        out = list(step.run(iter([Document(text=%r, id="s")])))
        sys.stdout.write(out[0].text)
        """
        % seed
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(PagewashExtractor()), capture_output=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8") == expected


# ---------------------------------------------------------------- a datatrove pipeline


def test_in_a_local_pipeline_executor_with_parquet_output(tmp_path):
    """datatrove runs the step (deep-copied per task) between a source and ParquetWriter,
    with the schema the docstring recommends."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import ParquetWriter

    pages = seeds()
    _, gbk = cleaneval_pages(utf8=False)[0]
    docs = [Document(text=text, id=pid, metadata={"url": f"http://x.cn/{pid}"}) for pid, text, _ in pages]
    docs.append(Document(text="京ICP备12345678号", id="boilerplate", metadata={"url": "http://x.cn/b"}))
    docs.append(Document(text=gbk, id="gbk", metadata={"url": "http://x.cn/g"}))
    inputs = {d.id: d.text for d in docs}
    step = PagewashExtractor(t2s=True)
    schema = pa.schema(
        [
            ("text", pa.string()),
            ("id", pa.string()),
            ("metadata", pa.struct([("url", pa.string()), *step.pyarrow_fields()])),
        ]
    )
    stats = LocalPipelineExecutor(
        pipeline=[docs, step, ParquetWriter(str(tmp_path / "out"), schema=schema)],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    (out_file,) = (tmp_path / "out").glob("*.parquet")
    rows = pq.read_table(out_file).to_pylist()
    assert [r["id"] for r in rows] == [pid for pid, _, _ in pages] + ["gbk"]
    for row in rows:
        want = pagewash.clean(inputs[row["id"]], t2s=True)
        assert row["text"] == want.text
        m = row["metadata"]
        assert m["url"] == f"http://x.cn/{row['id']}" or row["id"] == "gbk"
        assert m["pagewash_language"] == want.language and m["pagewash_date"] == want.date
        assert dict(m["pagewash_removed"]) == want.removed
        assert m["pagewash_flags"] == want.flags.to_dict()
    assert rows[-1]["metadata"]["pagewash_encoding"] == "gb18030"
    (step_stats,) = [s for s in stats.stats if "Pagewash" in s.name]
    counters = {k: v.total for k, v in step_stats.stats.items()}
    assert (counters["total"], counters["forwarded"], counters["dropped"]) == (7, 6, 1)
    saved = json.loads((tmp_path / "logs" / "stats.json").read_text())
    assert any("Pagewash" in s["name"] and s["stats"]["forwarded"] == 6 for s in saved)


def test_pyarrow_fields_cover_the_metadata():
    pa = pytest.importorskip("pyarrow")
    step = PagewashExtractor(metadata_prefix="pw_")
    cleaned = pagewash.clean(seeds()[0][1])
    written = step.metadata_of(cleaned)
    fields = step.pyarrow_fields()
    assert [f.name for f in fields] == list(written)
    flags = next(f for f in fields if f.name == "pw_flags")
    assert [flags.type.field(i).name for i in range(flags.type.num_fields)] == list(cleaned.flags.to_dict())
    pa.RecordBatch.from_pylist([written], schema=pa.schema(fields))  # the types fit


# ---------------------------------------------------------------- without datatrove


def _python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_import_pagewash_does_not_import_datatrove():
    proc = _python(
        "import sys, pagewash\n"
        + "assert not any(m == 'datatrove' or m.startswith('datatrove.') for m in sys.modules), 'imported'\n"
    )
    assert proc.returncode == 0, proc.stderr


def test_import_error_without_datatrove():
    proc = _python(
        "import sys\n"
        "sys.modules['datatrove'] = None  # as if it were not installed\n"
        + textwrap.dedent(
            """
            import pagewash
            assert pagewash.clean('正文。').text == '正文。\\n'
            try:
                import pagewash.integrations.datatrove
            except ImportError as e:
                print(e)
            else:
                raise SystemExit('no ImportError')
            """
        )
    )
    assert proc.returncode == 0, proc.stderr
    assert "pip install datatrove" in proc.stdout
    assert "pagewash[datatrove]" in proc.stdout


# ---------------------------------------------------------------- the reader: PagewashWarcReader
#
# WARC files are written in tmp dirs with conftest's helpers (`small_warc`: warcinfo, 5 seed
# pages, 3 CleanEval pages, an image and a 404).


def read_all(reader, rank=0, world_size=1):
    return list(reader.run(rank=rank, world_size=world_size))


def test_reader_documents_equal_read_warc_records(small_warc):
    path, urls = small_warc
    reader = PagewashWarcReader(str(path.parent), glob_pattern="*.warc.gz", t2s=True)
    docs = read_all(reader)
    records = list(pagewash.read_warc(path, t2s=True))
    assert len(records) == len(urls) == 8 and all(r.text for r in records)
    assert [d.id for d in docs] == [r.warc_record_id for r in records]
    assert len({d.id for d in docs}) == 8 and all(d.id.startswith("<urn:uuid:") for d in docs)
    assert [d.text for d in docs] == [r.text for r in records]
    metadata_of = PagewashExtractor(t2s=True).metadata_of  # the extractor's keys, the same function
    for doc, record in zip(docs, records):
        assert doc.metadata == {
            "url": record.url,
            "date": record.warc_date,  # the crawl date, as datatrove's WarcReader names it
            "warc_record_id": record.warc_record_id,
            "offset": record.offset,
            "file_path": str(path),
            **metadata_of(record.cleaned),
            "pagewash_record_truncated": None,
        }
        assert doc.metadata["date"] == "2026-11-23T00:00:00Z"
    assert [d.metadata["url"] for d in docs] == urls
    assert len({d.metadata["offset"] for d in docs}) == 8  # one gzip member per record
    s = stats(reader)
    assert (s["input_files"], s["records"], s["documents"], s["skipped"]) == (1, 11, 8, 3)
    assert s["skipped: warc warcinfo"] == s["skipped: not text (image/png)"] == s["skipped: http status 4xx"] == 1
    assert "failed" not in s and "dropped" not in s and "timeout" not in s
    assert s["doc_len"] == sum(len(r.text) for r in records)
    assert s["removed_lines"] == sum(sum(r.cleaned.removed.values()) for r in records)
    assert reader.stats.time_stats.n == 8

    # Rust threads: the same documents, in order
    threaded = read_all(PagewashWarcReader(str(path.parent), threads=3, t2s=True))
    assert [(d.id, d.text, d.metadata) for d in threaded] == [(d.id, d.text, d.metadata) for d in docs]
    # metadata=False: the record's keys only
    (doc, *_) = read_all(PagewashWarcReader(str(path.parent), metadata=False, add_file_path=False, limit=1))
    first = records[0]
    assert doc.metadata == {
        "url": urls[0], "date": first.warc_date, "warc_record_id": first.warc_record_id, "offset": first.offset
    }


def test_reader_gbk_pages_are_decoded_by_pagewash(tmp_path, gbk_pages):
    raw = []
    for page in gbk_pages:
        data = page.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raw.append((page.stem, data))
    assert len(raw) >= 10
    # No charset in the HTTP header (pagewash reads the <meta> or detects GBK), and two pages
    # whose header lies ("utf-8" on GBK bytes).
    lying = {raw[0][0], raw[1][0]}
    records = [
        http_response(f"https://gbk.example.cn/{pid}", data,
                      "text/html; charset=utf-8" if pid in lying else "text/html")
        for pid, data in raw
    ]
    write_warc(tmp_path / "gbk.warc.gz", records)
    docs = read_all(PagewashWarcReader(str(tmp_path)))
    # Every page arrives, decoded from its bytes: the text is exactly pagewash.clean(bytes).
    # datatrove's WarcReader (which needs warcio, cchardet and python-magic, not installed
    # here) would instead try UTF-8, then take cchardet's guess, and drop the page when that
    # guess cannot decode it (a GB2312 guess on a page with GBK-only characters); what it
    # kept would reach an extractor as an already-decoded str ("forced" encoding), with the
    # page's own <meta charset> and HTTP charset never consulted.
    assert [d.metadata["url"] for d in docs] == [f"https://gbk.example.cn/{pid}" for pid, _ in raw]
    for doc, (pid, data) in zip(docs, raw):
        want = pagewash.clean(data)
        assert doc.text == want.text and "的" in doc.text
        assert doc.metadata["pagewash_encoding"] == want.encoding == "gb18030"
        assert doc.metadata["pagewash_encoding_source"] == want.encoding_source in ("meta-tag", "detected")
    assert {d.metadata["pagewash_encoding_source"] for d in docs} == {"meta-tag", "detected"}


@pytest.fixture
def mixed_warc(tmp_path):
    """A WARC with a cut gzip member, skipped records and a page with no text left."""
    _, seed, _ = seeds()[0]
    boilerplate = "<html><body><footer>版权所有 某某网 京ICP备12345678号</footer></body></html>"
    members = [
        gzip.compress(warc_record("warcinfo", b"software: x\r\n")),
        gzip.compress(http_response("https://x.cn/0", seed.encode(), "text/plain; charset=utf-8")),
        gzip.compress(http_response("https://x.cn/1", seed.encode(), "text/plain; charset=utf-8")),
        gzip.compress(http_response("https://x.cn/img.png", b"\x89PNG" + bytes(32), "image/png")),
        gzip.compress(http_response("https://x.cn/empty", boilerplate.encode("utf-8"))),
        gzip.compress(http_response("https://x.cn/gone", b"<html>gone</html>", status=404)),
        gzip.compress(http_response("https://x.cn/2", seed.encode(), "text/plain; charset=utf-8")),
    ]
    members[2] = members[2][: len(members[2]) // 2] + b"\x00" * 7 + members[2][len(members[2]) // 2:]
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "mixed.warc.gz").write_bytes(b"".join(members))
    return folder


def test_reader_counts_skipped_failed_and_dropped(mixed_warc):
    path = mixed_warc / "mixed.warc.gz"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        want = pagewash.read_warc(path)
        records = list(want)
    assert [r.url for r in records] == ["https://x.cn/0", "https://x.cn/empty", "https://x.cn/2"]
    assert records[1].text == ""
    n_warnings = len(caught)
    assert want.stats["failed"] and want.stats["failed_total"] == n_warnings

    reader = PagewashWarcReader(str(mixed_warc))
    with pytest.warns(pagewash.PagewashWarning, match="mixed.warc.gz"):
        docs = read_all(reader)
    assert [d.metadata["url"] for d in docs] == ["https://x.cn/0", "https://x.cn/2"]
    s = stats(reader)
    assert s["records"] == want.stats["records"]
    assert s["skipped"] == want.stats["skipped_total"] == 3
    for reason, n in want.stats["skipped"].items():
        assert s[f"skipped: {reason}"] == n
    assert s["failed"] == want.stats["failed_total"] >= 1
    for kind, n in want.stats["failed"].items():
        assert s[f"failed: {kind}"] == n
    assert s["dropped"] == 1 and s["documents"] == 2
    assert s["records"] == s["documents"] + s["dropped"] + s["skipped"] + s["failed"]

    # errors="ignore": counted, not warned
    reader = PagewashWarcReader(str(mixed_warc), errors="ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [d.id for d in read_all(reader)] == [d.id for d in docs]
    assert stats(reader)["failed"] == want.stats["failed_total"]
    # errors="raise": the task fails on the damaged record, with what was read counted
    reader = PagewashWarcReader(str(mixed_warc), errors="raise")
    got = []
    with pytest.raises(pagewash.RecordError) as e:
        for doc in reader.run():
            got.append(doc.metadata["url"])
    assert got == ["https://x.cn/0"] and e.value.source == "mixed.warc.gz"
    assert e.value.kind in want.stats["failed"]
    assert stats(reader)["failed"] == 1 and stats(reader)["skipped"] == 1  # the warcinfo record

    # pages over the time budget: failed records with their offset (as in the CLI), not
    # documents
    reader = PagewashWarcReader(str(mixed_warc), errors="ignore", time_budget=1e-9)
    assert read_all(reader) == []
    s = stats(reader)
    assert "dropped" not in s and s["documents"] == 0
    assert s["failed: time budget exceeded"] == 3


def test_reader_limit_and_skip(small_warc, tmp_path):
    path, urls = small_warc
    folder = path.parent
    ids = [r.warc_record_id for r in pagewash.read_warc(path)]
    reader = PagewashWarcReader(str(folder), limit=3)
    docs = read_all(reader)
    assert [d.id for d in docs] == ids[:3]
    assert stats(reader)["documents"] == 3
    assert [d.id for d in read_all(PagewashWarcReader(str(folder), skip=2, limit=3))] == ids[2:5]
    # across files: a second copy of the file, read after the first
    (folder / "zz.warc.gz").write_bytes(path.read_bytes())
    reader = PagewashWarcReader(str(folder), glob_pattern="*.warc.gz", limit=10)
    docs = read_all(reader)
    assert [d.id for d in docs] == ids + ids[:2]
    assert [d.metadata["file_path"] for d in docs] == [str(path)] * 8 + [str(folder / "zz.warc.gz")] * 2
    s = stats(reader)
    assert s["input_files"] == 2 and s["documents"] == 10
    # sharded among tasks, one file each
    assert [d.id for d in read_all(PagewashWarcReader(str(folder), limit=2), rank=1, world_size=2)] == ids[:2]


def test_reader_ids_of_json_lines_are_unique_and_stable(tmp_path):
    pages = seeds()
    lines = [
        json.dumps({"id": f"doc{i}", "url": f"https://j.cn/{i}", "text": text}, ensure_ascii=False)
        for i, (_, text, _) in enumerate(pages)
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (tmp_path / "a.jsonl").write_bytes(data)
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(data))  # one gzip member: one offset for all
    reader = PagewashWarcReader(str(tmp_path))
    docs = read_all(reader)
    assert [d.text for d in docs] == [expected for _, _, expected in pages] * 2
    a, b = docs[:5], docs[5:]
    offsets = [0] + [len("\n".join(lines[:i]).encode("utf-8")) + 1 for i in range(1, 5)]
    assert [d.id for d in a] == [f"a.jsonl/{o}" for o in offsets]
    assert [d.id for d in b] == ["b.jsonl.gz/0"] + [f"b.jsonl.gz/0/{n}" for n in range(1, 5)]
    assert len({d.id for d in docs}) == 10
    assert [d.id for d in read_all(PagewashWarcReader(str(tmp_path)))] == [d.id for d in docs]  # stable
    assert [d.metadata["url"] for d in a] == [f"https://j.cn/{i}" for i in range(5)]
    assert all(d.metadata["date"] is None and d.metadata["warc_record_id"] is None for d in docs)
    # the JSON id field, when asked for
    named = read_all(PagewashWarcReader(str(tmp_path), glob_pattern="*.jsonl", json_id_field="id"))
    assert [d.id for d in named] == [f"doc{i}" for i in range(5)]


def test_reader_in_a_local_pipeline_executor_with_parquet_output(small_warc, tmp_path):
    """The reader alone, then a writer. ParquetWriter rather than JsonlWriter: JsonlWriter needs
    orjson, which datatrove does not install by itself."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import ParquetWriter

    path, urls = small_warc
    (path.parent / "copy.warc.gz").write_bytes(path.read_bytes())  # two files, two tasks
    reader = PagewashWarcReader(str(path.parent), glob_pattern="*.warc.gz", t2s=True)
    schema = pa.schema([("text", pa.string()), ("id", pa.string()), ("metadata", pa.struct(reader.pyarrow_fields()))])
    run_stats = LocalPipelineExecutor(
        pipeline=[reader, ParquetWriter(str(tmp_path / "out"), schema=schema)],
        tasks=2,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    rows = [r for f in sorted((tmp_path / "out").glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    records = list(pagewash.read_warc(path, t2s=True))
    assert len(rows) == 16
    by_file = {}
    for row in rows:
        by_file.setdefault(row["metadata"]["file_path"], []).append(row)
    assert sorted(by_file) == [str(path.parent / "copy.warc.gz"), str(path)]
    for file_rows in by_file.values():
        assert [r["id"] for r in file_rows] == [r.warc_record_id for r in records]
        for row, record in zip(file_rows, records):
            assert row["text"] == record.text
            m = row["metadata"]
            assert m["url"] == record.url and m["date"] == record.warc_date and m["offset"] == record.offset
            assert m["pagewash_encoding"] == record.cleaned.encoding
            assert m["pagewash_flags"] == record.cleaned.flags.to_dict()
            assert dict(m["pagewash_removed"]) == record.cleaned.removed
    (step_stats,) = [s for s in run_stats.stats if "Pagewash" in s.name]
    counters = {k: v.total for k, v in step_stats.stats.items()}
    assert (counters["input_files"], counters["records"], counters["documents"], counters["skipped"]) == (2, 22, 16, 6)
    saved = json.loads((tmp_path / "logs" / "stats.json").read_text())
    assert any("Pagewash" in s["name"] and s["stats"]["skipped: http status 4xx"]["total"] == 2 for s in saved)


def test_reader_pickles_and_rebuilds_its_pipeline(small_warc):
    dill = pytest.importorskip("dill")
    path, _ = small_warc
    reader = PagewashWarcReader(str(path.parent), t2s=True, title=False, limit=2)
    want = [(d.id, d.text) for d in read_all(reader)]
    assert reader._pipeline is not None
    for clone in (pickle.loads(pickle.dumps(reader)), dill.loads(dill.dumps(reader)), copy.deepcopy(reader)):
        assert clone._pipeline is None
        assert clone.options == reader.options and clone.options["t2s"] is True and clone.limit == 2
        assert [(d.id, d.text) for d in read_all(clone)] == want
        assert clone._pipeline is not None
    # in a fresh interpreter, as a datatrove worker
    code = "import json, pickle, sys\nstep = pickle.loads(sys.stdin.buffer.read())\n" \
           "json.dump([[d.id, d.text] for d in step.run()], sys.stdout)"
    proc = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(PagewashWarcReader(
        str(path.parent), t2s=True, title=False, limit=2)), capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [tuple(x) for x in json.loads(proc.stdout)] == want


def test_reader_options():
    reader = PagewashWarcReader("/nonexistent", t2s=True, nfkc=False, charset="gbk", time_budget=3)
    assert reader.options == dict(pagewash.Pipeline(t2s=True, nfkc=False, charset="gbk", time_budget=3).options)
    assert PagewashWarcReader("/x").options == pagewash.Pipeline().options  # pagewash's defaults (10 s)
    with pytest.raises(TypeError, match="bogus"):
        PagewashWarcReader("/x", bogus=True)
    with pytest.raises(pagewash.OptionError):
        PagewashWarcReader("/x", charset="no-such-charset")
    for bad in ({"threads": 0}, {"threads": None}, {"errors": "explode"}, {"format": "pdf"}):
        with pytest.raises(ValueError):
            PagewashWarcReader("/x", **bad)
