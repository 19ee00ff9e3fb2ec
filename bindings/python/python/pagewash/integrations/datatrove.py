"""pagewash as `datatrove <https://github.com/huggingface/datatrove>`_ pipeline steps.

:class:`PagewashWarcReader` reads WARC, WET and JSON Lines files (gzip or not) with
pagewash and yields ``Document`` objects whose text is already clean: it takes the place of
both datatrove's ``WarcReader`` and its extractor. pagewash decodes each page from its bytes
(HTTP header, ``<meta>``, GBK/Big5 detection, labels that lie), which ``WarcReader`` does
not let it do: it decodes the page itself (UTF-8, else cchardet) and drops what it cannot
decode. This is the step to use on Chinese crawls::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter
    from pagewash.integrations.datatrove import PagewashWarcReader

    LocalPipelineExecutor(
        pipeline=[
            PagewashWarcReader("crawl/", glob_pattern="*.warc.gz", t2s=True),  # no extractor after it
            JsonlWriter("out/clean"),
        ],
        tasks=8,
    ).run()

:class:`PagewashExtractor` takes the place of datatrove's ``Trafilatura`` (or
``ReadabilityInscriptis``) extractor behind any reader: it reads each ``Document``'s HTML (or
plain text) from ``doc.text``, replaces it with pagewash's clean text, drops the documents
left empty and adds what pagewash found out about the page to ``doc.metadata``::

    from datatrove.pipeline.readers import WarcReader
    from pagewash.integrations.datatrove import PagewashExtractor

    LocalPipelineExecutor(
        pipeline=[
            WarcReader("s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/",
                       glob_pattern="*/warc/*.warc.gz", limit=1000),
            PagewashExtractor(t2s=True, title=False),   # instead of Trafilatura()
            JsonlWriter("out/clean"),
        ],
        tasks=8,
    ).run()

Both steps write the same ``pagewash_*`` metadata (:meth:`PagewashExtractor.metadata_of`).

This module needs datatrove (``pip install datatrove``, or ``pip install 'pagewash[datatrove]'``);
``import pagewash`` alone never imports it.
"""

from __future__ import annotations

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.io import DataFileLike, DataFolderLike
    from datatrove.pipeline.extractors.base import BaseExtractor
    from datatrove.pipeline.readers.base import BaseDiskReader
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as _e:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "pagewash.integrations.datatrove needs datatrove: `pip install datatrove` "
        f"(or `pip install 'pagewash[datatrove]'`). The import failed with: {_e}"
    ) from _e

import time
from itertools import islice
from typing import Any, Callable, Iterator, Optional, Union

from .. import Cleaned, Pipeline, Record, RecordReader

__all__ = ["PagewashExtractor", "PagewashWarcReader"]

_UNSET: Any = object()


def _is_clean_failure(e: BaseException) -> bool:
    """An error cleaning one page (to count and skip), as opposed to an interruption (to let
    through). A Rust panic reaches Python as pyo3's ``PanicException``, a ``BaseException``."""
    return isinstance(e, Exception) or type(e).__name__ == "PanicException"


def _metadata_of(cleaned: Cleaned, prefix: str) -> dict[str, Any]:
    """The ``pagewash_*`` metadata of a page (both steps write it; see
    :class:`PagewashExtractor`)."""
    return {
        prefix + "title": cleaned.title,
        prefix + "date": cleaned.date,
        prefix + "author": cleaned.author,
        prefix + "publisher": cleaned.publisher,
        prefix + "language": cleaned.language,
        prefix + "canonical_url": cleaned.canonical_url,
        prefix + "encoding": cleaned.encoding,
        prefix + "encoding_source": cleaned.encoding_source,
        prefix + "format": cleaned.format,
        prefix + "flags": cleaned.flags.to_dict(),
        prefix + "removed": dict(cleaned.removed),
    }


def _pyarrow_fields(prefix: str) -> list:
    """The ``pyarrow`` fields of :func:`_metadata_of`'s keys. Needs pyarrow."""
    import pyarrow as pa

    def flag_type(value: Any) -> Any:
        if isinstance(value, bool):
            return pa.bool_()
        if isinstance(value, int):
            return pa.int64()
        return pa.string()  # gzip_error: a message or None

    sample = Pipeline().clean("").flags.to_dict()
    strings = ["title", "date", "author", "publisher", "language", "canonical_url"]
    strings += ["encoding", "encoding_source", "format"]
    return [pa.field(prefix + name, pa.string()) for name in strings] + [
        pa.field(prefix + "flags", pa.struct([(k, flag_type(v)) for k, v in sample.items()])),
        pa.field(prefix + "removed", pa.map_(pa.string(), pa.int64())),
    ]


class _LazyPipeline:
    """A step holding pagewash options (``self.options``) and its :class:`pagewash.Pipeline`
    (``self._pipeline``), built on first use.

    Pickling: datatrove ships steps to its workers with pickle/dill (and deep-copies them
    per task). The step travels as its options (a Pipeline would pickle as its options
    too); each worker rebuilds the pipeline on first use (once per step and process)."""

    options: dict[str, Any]
    _pipeline: Optional[Pipeline]

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_pipeline"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def pipeline(self) -> Pipeline:
        """The :class:`pagewash.Pipeline` of this step, built on first use."""
        if self._pipeline is None:
            self._pipeline = Pipeline(**self.options)
        return self._pipeline


class PagewashExtractor(_LazyPipeline, BaseExtractor):
    """Extracts the clean text of web pages with pagewash: a drop-in for datatrove's
    ``Trafilatura`` step (same place in a pipeline, same ``Document`` fields).

    For each document, ``doc.text`` (the page: ``str`` as datatrove's readers give it, or
    ``bytes``, whose charset pagewash then detects itself) is replaced with the clean text,
    one line per block, each ending in a newline. It is exactly the text
    ``pagewash.clean(doc.text, **options)`` returns. Documents whose clean text is empty are
    dropped.

    Behind datatrove's ``WarcReader``, pages arrive as ``str``, already decoded by it (UTF-8,
    else cchardet; what it cannot decode never arrives): to let pagewash decide the charset
    of WARC pages, read them with :class:`PagewashWarcReader` instead, which needs no
    extractor after it.

    Usage, in place of ``Trafilatura(favour_precision=True, timeout=1)``::

        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.readers import WarcReader
        from datatrove.pipeline.writers import JsonlWriter
        from pagewash.integrations.datatrove import PagewashExtractor

        LocalPipelineExecutor(
            pipeline=[
                WarcReader("crawl/", glob_pattern="*.warc.gz"),
                PagewashExtractor(t2s=True, title=False, timeout=0.5),
                JsonlWriter("out/"),
            ],
            tasks=8,
        ).run()

    Time limit, and why there is no sandbox process: datatrove runs ``Trafilatura`` in a
    child process (``ExtractorSandbox``) that it kills when a page takes longer than
    ``timeout``, because a Python extractor cannot be interrupted. pagewash enforces its
    ``time_budget`` itself, in Rust: ``timeout`` (seconds) becomes pagewash's
    ``time_budget``, and a page over budget comes back flagged ``timed_out`` with no text;
    the step counts it under ``timeout`` and skips it, as datatrove does. Everything runs in
    the worker's own process: no child process, no pipe, no pickling of each page. The
    budget is checked after decoding and after each cleaning stage, so a page can overrun
    it by at most the time of one stage; the work per page is bounded by ``max_page_bytes``
    (16 MiB by default; a longer page is cut and flagged ``truncated``) and HTML nesting is
    depth-limited, so there is no runaway parse for a sandbox to kill. A Rust panic on a
    page is caught, counted as ``clean_error`` and skips that page, like any other error.

    Args:
        timeout: per-page time limit in seconds, pagewash's ``time_budget`` (default 1, as
            datatrove's extractors; ``None`` for no limit). Do not pass both ``timeout`` and
            ``time_budget``.
        threads: Rust threads per datatrove task (default 1: datatrove already runs one
            task per worker process, so more threads per task would oversubscribe the
            cores). With ``threads`` > 1 (or ``None``: all cores) the step cleans
            ``batch_size`` documents at a time with :meth:`pagewash.Pipeline.clean_many`
            (GIL released, each page with its hints), yielding them in order once each
            batch is done.
        batch_size: documents per :meth:`~pagewash.Pipeline.clean_many` call when
            ``threads`` != 1 (default 256).
        url_key: the ``doc.metadata`` key holding the page's URL (datatrove's readers:
            ``"url"``), passed to pagewash as a charset hint for ``bytes`` pages;
            ``None`` to ignore it.
        content_type_key: the ``doc.metadata`` key holding the page's HTTP
            ``Content-Type``, if your reader keeps one (default ``None``: none). Its
            ``charset=`` is a hint for ``bytes`` pages and ``text/html`` marks the page as
            HTML (otherwise pagewash sniffs it).
        metadata: add pagewash's metadata to ``doc.metadata`` (default ``True``).
        metadata_prefix: prefix of the metadata keys (default ``"pagewash_"``, which keeps
            clear of datatrove's own ``url``, ``date``, ``language``...).
        **options: pagewash's options, as for :class:`pagewash.Pipeline`: ``nfkc``,
            ``t2s``, ``dedup``, ``strip``, ``content``, ``title``, ``repair``, ``max_page_bytes``,
            ``time_budget``, ``charset``. Checked here, in the constructor: a bad one raises
            :class:`pagewash.OptionError` (or ``TypeError`` for an unknown name) before any
            worker starts.

    Metadata (with the default prefix; every key is set on every forwarded document, to
    ``None`` when pagewash found nothing):

    - ``pagewash_title``, ``pagewash_date`` (publication date, ISO 8601; datatrove's own
      ``date`` is the crawl date), ``pagewash_author``, ``pagewash_publisher``,
      ``pagewash_language`` (pagewash's guess; datatrove's ``LanguageFilter`` writes
      ``language``), ``pagewash_canonical_url``: what the page states about itself;
    - ``pagewash_encoding`` (WHATWG name: ``UTF-8``, ``gb18030``...) and
      ``pagewash_encoding_source`` (``meta-tag``, ``detected``...; ``forced`` for a ``str``
      page, already decoded by the reader), ``pagewash_format`` (``html`` or ``text``);
    - ``pagewash_flags``: :meth:`pagewash.Flags.to_dict` (``lossy``, ``truncated``,
      ``replaced_chars``, ``no_main_content``...; always the same keys);
    - ``pagewash_removed``: lines removed per rule id, e.g. ``{"footer.icp": 2}``.

    ``JsonlWriter`` takes these as they are. ``ParquetWriter`` infers its schema from the
    first document, so a ``None`` there or a rule id first seen later breaks it: pass it a
    schema (as datatrove advises for heterogeneous metadata), with :meth:`pyarrow_fields`
    for pagewash's keys (``pagewash_removed`` is then a ``map<string, int64>``)::

        import pyarrow as pa
        step = PagewashExtractor()
        schema = pa.schema([
            ("text", pa.string()), ("id", pa.string()),
            ("metadata", pa.struct([("url", pa.string()), ("date", pa.string()),
                                    *step.pyarrow_fields()])),
        ])
        pipeline = [WarcReader("crawl/"), step, ParquetWriter("out/", schema=schema)]

    Stats (``self.stat_update``, shown in datatrove's stats per step), per document:
    ``total``; then exactly one of ``extracted``, ``timeout`` (over the time budget) or
    ``clean_error`` (an exception or a panic, logged once); an ``extracted`` document is
    then ``forwarded`` or ``dropped`` (empty text), as in datatrove's extractors. Among the
    forwarded: ``lossy`` (the text may differ from the page's for reasons other than
    boilerplate removal: undecodable bytes, truncation, a damaged gzip stream),
    ``truncated`` (over ``max_page_bytes``), ``no_main_content`` (no article region found:
    the whole page was kept, minus boilerplate lines) and ``removed_lines`` (lines removed,
    summed over rules; its mean is per document), plus datatrove's ``doc_len``.
    """

    name = "🧼 Pagewash"

    def __init__(
        self,
        timeout: Optional[float] = _UNSET,
        *,
        threads: Optional[int] = 1,
        batch_size: int = 256,
        url_key: Optional[str] = "url",
        content_type_key: Optional[str] = None,
        metadata: bool = True,
        metadata_prefix: str = "pagewash_",
        **options: Any,
    ):
        if "time_budget" in options:
            if timeout is not _UNSET:
                raise TypeError("pass either timeout or time_budget, not both (they are one option)")
        else:
            options["time_budget"] = 1.0 if timeout is _UNSET else timeout
        if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int) or threads < 1):
            raise ValueError(f"threads must be None or an integer >= 1, got {threads!r}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be an integer >= 1, got {batch_size!r}")
        # Building the pipeline checks the options now, on the machine that launches the job.
        pipeline = Pipeline(**options)
        super().__init__(timeout=options["time_budget"])
        #: The complete pagewash options (defaults filled in): ``Pipeline(**options)``.
        self.options: dict[str, Any] = dict(pipeline.options)
        self.threads = threads
        self.batch_size = batch_size
        self.url_key = url_key
        self.content_type_key = content_type_key
        self.metadata = metadata
        self.metadata_prefix = metadata_prefix
        self._pipeline: Optional[Pipeline] = pipeline
        self._warned_timeout = False

    # -- datatrove's extractor interface

    def extract(self, text: Union[str, bytes]) -> str:
        """The clean text of one page (``str`` or ``bytes``): ``pagewash.clean(text).text``
        with this step's options. :meth:`run` does not go through it; it is here for
        datatrove's ``BaseExtractor`` interface and for trying the step on one page."""
        return self.pipeline.clean(text).text

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Cleans every document of ``data`` in this process (no sandbox process: see the
        class docstring) and yields those with text left, in input order."""
        if data is None:
            return
        pipeline = self.pipeline
        if self.threads == 1:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    cleaned = self._clean_one(pipeline, doc)
                if cleaned is not None and self._finish(doc, cleaned):
                    yield doc
        else:
            it = iter(data)
            while batch := list(islice(it, self.batch_size)):
                for _ in batch:
                    self.stat_update(StatHints.total)
                started = time.perf_counter()
                results = self._clean_batch(pipeline, batch)
                per_doc = (time.perf_counter() - started) / len(batch)
                for _ in batch:
                    self.stats.time_stats.update(per_doc)
                for doc, cleaned in zip(batch, results):
                    if cleaned is not None and self._finish(doc, cleaned):
                        yield doc

    # -- internals

    def _page(self, doc: Document) -> tuple[Any, Optional[str], Optional[str]]:
        """The page of ``doc`` and its hints: (data, url, content_type)."""
        meta = doc.metadata or {}
        url = meta.get(self.url_key) if self.url_key else None
        content_type = meta.get(self.content_type_key) if self.content_type_key else None
        return (
            doc.text,
            url if isinstance(url, str) and url else None,
            content_type if isinstance(content_type, str) and content_type else None,
        )

    def _clean_one(
        self, pipeline: Pipeline, doc: Document, page: Optional[tuple] = None
    ) -> Optional[Cleaned]:
        """Cleans one document; ``None`` (counted as ``clean_error``) if that failed."""
        data, url, content_type = page if page is not None else self._page(doc)
        try:
            return pipeline.clean(data, url=url, content_type=content_type)
        except BaseException as e:
            if not _is_clean_failure(e):
                raise
            self._count_error(doc, e)
            return None

    def _clean_batch(self, pipeline: Pipeline, batch: list[Document]) -> list[Optional[Cleaned]]:
        """Cleans a batch with ``clean_many``, each page with its hints."""
        pages = [self._page(doc) for doc in batch]
        try:
            return list(pipeline.clean_many(pages, threads=self.threads))
        except BaseException as e:
            # One bad page (not bytes/str, a panic) fails the whole call: redo the batch
            # page by page so that only that page is lost.
            if not _is_clean_failure(e):
                raise
            return [self._clean_one(pipeline, doc, page) for doc, page in zip(batch, pages)]

    def _count_error(self, doc: Document, e: BaseException) -> None:
        self.stat_update("clean_error")
        if not self._warned_error:
            logger.warning(
                f'❌ Error "{e}" while cleaning record text (document {doc.id!r}). Skipping record. '
                f"This message will only appear once."
            )
            self._warned_error = True

    def _finish(self, doc: Document, cleaned: Cleaned) -> bool:
        """Sets the document's text and metadata and counts the outcome; whether to keep it."""
        flags = cleaned.flags
        if flags.timed_out:
            self.stat_update("timeout")
            if not self._warned_timeout:
                logger.warning(
                    f"⏰ Document {doc.id!r} took longer than the time budget ({self.timeout} s) "
                    f"to clean. Skipping record. This message will only appear once."
                )
                self._warned_timeout = True
            return False
        self.stat_update("extracted")
        doc.text = cleaned.text
        if not doc.text:
            self.stat_update(StatHints.dropped)
            return False
        if self.metadata:
            doc.metadata.update(self.metadata_of(cleaned))
        self.stat_update(StatHints.forwarded)
        if flags.lossy:
            self.stat_update("lossy")
        if flags.truncated:
            self.stat_update("truncated")
        if flags.no_main_content:
            self.stat_update("no_main_content")
        self.stat_update("removed_lines", value=sum(cleaned.removed.values()))
        self.update_doc_stats(doc)
        return True

    def pyarrow_fields(self) -> list:
        """The ``pyarrow`` fields of the metadata this step writes (with its prefix), for
        the ``metadata`` struct of a ``ParquetWriter`` schema (see the class docstring).
        Strings are nullable; ``<prefix>flags`` is a struct, ``<prefix>removed`` a
        ``map<string, int64>``. Needs pyarrow."""
        return _pyarrow_fields(self.metadata_prefix)

    def metadata_of(self, cleaned: Cleaned) -> dict[str, Any]:
        """The metadata this step adds to a document for ``cleaned`` (see the class docstring)."""
        return _metadata_of(cleaned, self.metadata_prefix)


_FORMATS = ("auto", "warc", "wet", "jsonl", "plain")
_ON_ERROR = ("raise", "warn", "ignore")


class PagewashWarcReader(_LazyPipeline, BaseDiskReader):
    """Reads WARC, WET and JSON Lines files (gzip or not) with pagewash and yields their
    pages as ``Document`` objects of clean text: datatrove's ``WarcReader`` and extractor
    in one step, with pagewash deciding each page's charset from its bytes.

    datatrove's ``WarcReader`` decodes each page itself (UTF-8, else cchardet's guess) and
    drops what it cannot decode, so an extractor behind it only ever sees ``str``: the
    page's HTTP ``charset=``, its ``<meta charset>``, GBK/Big5 detection and the correction
    of labels that lie (``gb2312`` on a GBK page) are bypassed. This step hands the raw
    file to :meth:`pagewash.Pipeline.read_warc`, which reads the records and cleans each
    page from its bytes, exactly as ``pagewash.read_warc(path, **options)`` (and
    ``pagewash clean``) would. No extractor step is needed after it. It needs neither
    warcio, cchardet nor python-magic.

    Usage::

        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.writers import JsonlWriter
        from pagewash.integrations.datatrove import PagewashWarcReader

        LocalPipelineExecutor(
            pipeline=[
                PagewashWarcReader("s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/",
                                   glob_pattern="*/warc/*.warc.gz", t2s=True),
                JsonlWriter("out/"),
            ],
            tasks=8,
        ).run()

    Files are found and sharded among tasks as by every datatrove disk reader
    (``data_folder``, ``paths_file``, ``glob_pattern``, ``recursive``, ``shuffle_files``),
    opened with ``data_folder.open(path, "rb")`` (fsspec: local, ``s3://``, ``hf://``...) and
    read in order. ``limit`` and ``skip`` count documents per task, as in datatrove.

    Which records become documents: those ``pagewash.read_warc`` yields (WARC ``response``
    records of HTML or text with an HTTP status 2xx, WET ``conversion`` records, JSON
    lines; the others are skipped and counted by reason), minus those whose clean text is
    empty (counted ``dropped``) or that went over the time budget (counted ``timeout``).
    A damaged record (a bad gzip member, a bad WARC header, a bad JSON line) is counted
    under ``failed: <kind>``, and by ``errors``: ``"warn"`` (default) emits a
    :class:`pagewash.PagewashWarning` and goes on with the next record, ``"ignore"`` only
    counts it, ``"raise"`` raises :class:`pagewash.RecordError` (``.kind``, ``.offset``,
    ``.source``) and so fails the task. A file that cannot be opened fails the task, as in
    datatrove's readers.

    Document ids are stable across runs and unique: the ``WARC-Record-ID``
    (``<urn:uuid:...>``, as datatrove's ``WarcReader``), or for a record without one (a JSON
    line) ``f"{path}/{offset}"`` (``path`` relative to ``data_folder``, ``offset`` the
    record's byte offset; in gzip input, the offset of its gzip member, so that records
    after the first in one member, as in a ``.jsonl.gz`` compressed as one stream, get
    ``f"{path}/{offset}/{n}"``, ``n`` = 1, 2...); with ``json_id_field``, that JSON field.

    Args:
        data_folder, paths_file, limit, skip, file_progress, doc_progress, adapter,
            default_metadata, recursive, glob_pattern, shuffle_files, add_file_path: as
            for datatrove's ``WarcReader`` / ``JsonlReader``. ``adapter`` gets the dict
            ``{"text", "id", "url", "date", ...}`` described below (the metadata keys at
            the top level, as ``WarcReader`` gives them).
        format: ``"auto"`` (default: detected from the first bytes of each file),
            ``"warc"``, ``"wet"``, ``"jsonl"`` or ``"plain"`` (the whole file is one page).
        threads: Rust threads per datatrove task to clean pages on (default 1: datatrove
            already runs one task per worker process, so more threads per task would
            oversubscribe the cores). With more, the reader cleans ``8 * threads`` records
            at a time, in order.
        errors: what to do with a damaged record: ``"warn"`` (default), ``"ignore"`` or
            ``"raise"`` (see above).
        json_text_field, json_id_field: the JSON fields holding the page and its id in
            JSON Lines input (default: pagewash's, as for ``pagewash clean``). With
            ``json_id_field``, that field is the document id: give one that every line has
            and that is unique across files.
        compression: passed to ``data_folder.open`` (default ``None``: the file is read
            as it is stored). Leave it for gzip: pagewash reads gzip itself, member by
            member, and resynchronises at the next member after a damaged one; use
            ``"zstd"`` for zstd files, which fsspec then decompresses.
        metadata: add pagewash's metadata (the ``pagewash_*`` keys) to the documents
            (default ``True``).
        metadata_prefix: prefix of those keys (default ``"pagewash_"``).
        **options: pagewash's options, as for :class:`pagewash.Pipeline`: ``nfkc``,
            ``t2s``, ``dedup``, ``strip``, ``content``, ``title``, ``repair``, ``max_page_bytes``,
            ``time_budget`` (seconds per page; pagewash's default, 10, as
            ``pagewash clean``), ``charset`` (forces a charset on every page). Checked
            here, in the constructor: a bad one raises :class:`pagewash.OptionError` (or
            ``TypeError`` for an unknown name) before any worker starts.

    Metadata of each document (every key set, to ``None`` when there is nothing):

    - ``url`` (``WARC-Target-URI``, or the JSON url field), ``date`` (the ``WARC-Date``,
      the crawl time, as datatrove's ``WarcReader`` names it), ``warc_record_id`` and
      ``offset`` (byte offset of the record, or of its gzip member), plus datatrove's
      ``file_path`` (the file's full path; unless ``add_file_path=False``);
    - the ``pagewash_*`` keys :class:`PagewashExtractor` writes
      (:meth:`PagewashExtractor.metadata_of`: ``pagewash_title``, ``pagewash_date``,
      ``pagewash_encoding`` (``gb18030``...), ``pagewash_encoding_source``
      (``http-header``, ``meta-tag``, ``detected``...), ``pagewash_flags``,
      ``pagewash_removed``...), and ``pagewash_record_truncated``: why the record is
      incomplete (its ``WARC-Truncated`` value, or ``length`` when cut at
      ``max_page_bytes``), else ``None``.

    For ``ParquetWriter``, build the schema's ``metadata`` struct from
    :meth:`pyarrow_fields` (plus your ``default_metadata`` keys)::

        import pyarrow as pa
        reader = PagewashWarcReader("crawl/")
        schema = pa.schema([("text", pa.string()), ("id", pa.string()),
                            ("metadata", pa.struct(reader.pyarrow_fields()))])
        pipeline = [reader, ParquetWriter("out/", schema=schema)]

    Stats (``self.stat_update``): per file, ``records`` (records read: WARC records, JSON
    lines), ``skipped`` and ``skipped: <reason>`` (``warc request``, ``not text
    (image/png)``, ``http status 4xx``...), ``failed`` and ``failed: <kind>`` (``bad gzip
    member``...), all as pagewash counts them (``reader.stats``); then per record cleaned,
    ``dropped`` (empty clean text) or ``timeout``, and among the documents read, ``lossy``
    (the text may differ from the page's for reasons other than boilerplate removal, or
    the record is incomplete), ``truncated`` (page over ``max_page_bytes``),
    ``record_truncated``, ``no_main_content`` and ``removed_lines``; plus datatrove's
    reader stats (``input_files``, ``documents`` per file, ``doc_len``). So records =
    documents + dropped + timeout + skipped + failed for each file read to its end (with
    ``skip``/``limit``, the reader may read a few records more than it forwards).
    """

    name = "🧼 Pagewash WARC"

    def __init__(
        self,
        data_folder: DataFolderLike,
        paths_file: Optional[DataFileLike] = None,
        *,
        format: str = "auto",
        threads: int = 1,
        errors: str = "warn",
        json_text_field: Optional[str] = None,
        json_id_field: Optional[str] = None,
        compression: Optional[str] = None,
        limit: int = -1,
        skip: int = 0,
        file_progress: bool = False,
        doc_progress: bool = False,
        adapter: Optional[Callable] = None,
        default_metadata: Optional[dict] = None,
        recursive: bool = True,
        glob_pattern: Optional[str] = None,
        shuffle_files: bool = False,
        add_file_path: bool = True,
        metadata: bool = True,
        metadata_prefix: str = "pagewash_",
        **options: Any,
    ):
        if format not in _FORMATS:
            raise ValueError(f"format must be one of {', '.join(map(repr, _FORMATS))}, got {format!r}")
        if errors not in _ON_ERROR:
            raise ValueError(f"errors must be one of {', '.join(map(repr, _ON_ERROR))}, got {errors!r}")
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
            raise ValueError(f"threads must be an integer >= 1, got {threads!r}")
        # Building the pipeline checks the options now, on the machine that launches the job.
        pipeline = Pipeline(**options)
        super().__init__(
            data_folder,
            paths_file=paths_file,
            limit=limit,
            skip=skip,
            file_progress=file_progress,
            doc_progress=doc_progress,
            adapter=adapter,
            text_key="text",
            id_key="id",
            default_metadata=default_metadata,
            recursive=recursive,
            glob_pattern=glob_pattern,
            shuffle_files=shuffle_files,
            add_file_path=add_file_path,
        )
        #: The complete pagewash options (defaults filled in): ``Pipeline(**options)``.
        self.options: dict[str, Any] = dict(pipeline.options)
        self.format = format
        self.threads = threads
        self.errors = errors
        self.json_text_field = json_text_field
        self.json_id_field = json_id_field
        self.compression = compression
        self.metadata = metadata
        self.metadata_prefix = metadata_prefix
        self._pipeline: Optional[Pipeline] = pipeline
        self._warned_timeout = False

    def open_records(self, filepath: str, file: Any) -> RecordReader:
        """pagewash's reader of one open file (binary), named ``filepath`` in its records'
        ``source`` and in its warnings and errors."""
        return self.pipeline.read_warc(
            file,
            format=self.format,
            threads=self.threads,
            errors=self.errors,
            json_text_field=self.json_text_field,
            json_id_field=self.json_id_field,
            name=filepath,
        )

    def read_file(self, filepath: str) -> Iterator[Document]:
        """The documents of one file (``filepath`` relative to ``data_folder``), in order."""
        kwargs = {} if self.compression is None else {"compression": self.compression}
        with self.data_folder.open(filepath, "rb", **kwargs) as f:
            records = self.open_records(filepath, f)
            offset, nth = None, 0
            try:
                while True:
                    started = time.perf_counter()
                    record = next(records, None)  # reads and cleans; RecordError with errors="raise"
                    if record is None:
                        break
                    nth = nth + 1 if record.offset == offset else 0
                    offset = record.offset
                    doc = self._document(record, filepath, nth)
                    self.stats.time_stats.update(time.perf_counter() - started)
                    if doc is not None:
                        yield doc
            finally:
                # Also when datatrove stops early (limit) or a RecordError goes through.
                self._count_file(records.stats)

    def doc_id(self, record: Record, filepath: str, nth: int = 0) -> str:
        """The id of the document of ``record`` (see the class docstring); ``nth``: how many
        records of the file came before it at the same offset (in one gzip member)."""
        if record.warc_record_id:
            return record.warc_record_id
        if self.json_id_field is not None:
            return record.id
        return f"{filepath}/{record.offset}" if nth == 0 else f"{filepath}/{record.offset}/{nth}"

    def metadata_of(self, cleaned: Cleaned) -> dict[str, Any]:
        """The ``pagewash_*`` metadata of a page: :meth:`PagewashExtractor.metadata_of`."""
        return _metadata_of(cleaned, self.metadata_prefix)

    def pyarrow_fields(self) -> list:
        """The ``pyarrow`` fields of the metadata this step writes, for the ``metadata``
        struct of a ``ParquetWriter`` schema (see the class docstring): the record's keys
        (``offset`` is an ``int64``), ``file_path`` (unless ``add_file_path=False``) and,
        with ``metadata``, the ``pagewash_*`` keys (as :meth:`PagewashExtractor.pyarrow_fields`).
        Needs pyarrow."""
        import pyarrow as pa

        fields = [
            pa.field("url", pa.string()),
            pa.field("date", pa.string()),
            pa.field("warc_record_id", pa.string()),
            pa.field("offset", pa.int64()),
        ]
        if self.add_file_path:
            fields.append(pa.field("file_path", pa.string()))
        if self.metadata:
            fields += _pyarrow_fields(self.metadata_prefix)
            fields.append(pa.field(self.metadata_prefix + "record_truncated", pa.string()))
        return fields

    # -- internals

    def _document(self, record: Record, filepath: str, nth: int) -> Optional[Document]:
        """The document of one cleaned record, or ``None`` (counted) if it has no text."""
        cleaned = record.cleaned
        flags = cleaned.flags
        if flags.timed_out:
            self.stat_update("timeout")
            if not self._warned_timeout:
                logger.warning(
                    f"⏰ Record {record.id!r} of {filepath} took longer than the time budget "
                    f"({self.options['time_budget']} s) to clean. Skipping record. "
                    f"This message will only appear once."
                )
                self._warned_timeout = True
            return None
        text = record.text
        if not text:
            self.stat_update("dropped")
            return None
        data: dict[str, Any] = {
            "text": text,
            "id": self.doc_id(record, filepath, nth),
            "url": record.url,
            "date": record.warc_date,
            "warc_record_id": record.warc_record_id,
            "offset": record.offset,
        }
        if self.metadata:
            data.update(self.metadata_of(cleaned))
            data[self.metadata_prefix + "record_truncated"] = record.record_truncated
        doc = self.get_document_from_dict(data, filepath, record.offset)
        if doc is None:  # a custom adapter left it without text
            return None
        if record.lossy:
            self.stat_update("lossy")
        if flags.truncated:
            self.stat_update("truncated")
        if record.record_truncated:
            self.stat_update("record_truncated")
        if flags.no_main_content:
            self.stat_update("no_main_content")
        self.stat_update("removed_lines", value=sum(cleaned.removed.values()))
        return doc

    def _count_file(self, stats: dict[str, Any]) -> None:
        """Adds pagewash's counts for one file (``RecordReader.stats``) to the step's."""
        self.stat_update("records", value=stats["records"], unit="input_file")
        for what in ("skipped", "failed"):
            if stats[f"{what}_total"]:
                self.stat_update(what, value=stats[f"{what}_total"], unit="input_file")
            for reason, n in sorted(stats[what].items()):
                self.stat_update(f"{what}: {reason}", value=n, unit="input_file")
