"""pagewash as a `datatrove <https://github.com/huggingface/datatrove>`_ pipeline step.

:class:`PagewashExtractor` takes the place of datatrove's ``Trafilatura`` (or
``ReadabilityInscriptis``) extractor: it reads each ``Document``'s HTML (or plain text) from
``doc.text``, replaces it with pagewash's clean text, drops the documents left empty and adds
what pagewash found out about the page to ``doc.metadata``::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
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

This module needs datatrove (``pip install datatrove``, or ``pip install 'pagewash[datatrove]'``);
``import pagewash`` alone never imports it.
"""

from __future__ import annotations

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.extractors.base import BaseExtractor
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as _e:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "pagewash.integrations.datatrove needs datatrove: `pip install datatrove` "
        f"(or `pip install 'pagewash[datatrove]'`). The import failed with: {_e}"
    ) from _e

import time
from itertools import islice
from typing import Any, Optional, Union

from .. import Cleaned, Pipeline

__all__ = ["PagewashExtractor"]

_UNSET: Any = object()


def _is_clean_failure(e: BaseException) -> bool:
    """An error cleaning one page (to count and skip), as opposed to an interruption (to let
    through). A Rust panic reaches Python as pyo3's ``PanicException``, a ``BaseException``."""
    return isinstance(e, Exception) or type(e).__name__ == "PanicException"


class PagewashExtractor(BaseExtractor):
    """Extracts the clean text of web pages with pagewash: a drop-in for datatrove's
    ``Trafilatura`` step (same place in a pipeline, same ``Document`` fields).

    For each document, ``doc.text`` (the page: ``str`` as datatrove's readers give it, or
    ``bytes``, whose charset pagewash then detects itself) is replaced with the clean text,
    one line per block, each ending in a newline. It is exactly the text
    ``pagewash.clean(doc.text, **options)`` returns. Documents whose clean text is empty are
    dropped.

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
            ``t2s``, ``strip``, ``content``, ``title``, ``repair``, ``max_page_bytes``,
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

    # -- pickling: datatrove ships steps to its workers with pickle/dill. The step travels
    # as its options (a Pipeline would pickle as its options too); each worker rebuilds the
    # pipeline on first use (once per step and process).

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
        import pyarrow as pa

        def flag_type(value: Any) -> Any:
            if isinstance(value, bool):
                return pa.bool_()
            if isinstance(value, int):
                return pa.int64()
            return pa.string()  # gzip_error: a message or None

        sample = Pipeline().clean("").flags.to_dict()
        p = self.metadata_prefix
        strings = ["title", "date", "author", "publisher", "language", "canonical_url"]
        strings += ["encoding", "encoding_source", "format"]
        return [pa.field(p + name, pa.string()) for name in strings] + [
            pa.field(p + "flags", pa.struct([(k, flag_type(v)) for k, v in sample.items()])),
            pa.field(p + "removed", pa.map_(pa.string(), pa.int64())),
        ]

    def metadata_of(self, cleaned: Cleaned) -> dict[str, Any]:
        """The metadata this step adds to a document for ``cleaned`` (see the class docstring)."""
        p = self.metadata_prefix
        return {
            p + "title": cleaned.title,
            p + "date": cleaned.date,
            p + "author": cleaned.author,
            p + "publisher": cleaned.publisher,
            p + "language": cleaned.language,
            p + "canonical_url": cleaned.canonical_url,
            p + "encoding": cleaned.encoding,
            p + "encoding_source": cleaned.encoding_source,
            p + "format": cleaned.format,
            p + "flags": cleaned.flags.to_dict(),
            p + "removed": dict(cleaned.removed),
        }
