"""The datatrove step, ``pagewash.integrations.datatrove.PagewashExtractor``, on real pages.

Runs against the installed package (``.ci/run`` builds and installs the wheel first).
"""

import copy
import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

import pagewash  # noqa: E402
from datatrove.data import Document  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"
from pagewash.integrations.datatrove import PagewashExtractor  # noqa: E402


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
    with_title = pagewash.clean(data).text
    without = pagewash.clean(data, title=False).text
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
