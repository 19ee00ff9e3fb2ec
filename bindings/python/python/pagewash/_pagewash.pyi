"""Type stubs of the compiled module; import everything from ``pagewash``."""

import os
from typing import BinaryIO, Iterable, Iterator, Literal, Optional, Union, final

__all__ = [
    "Cleaned",
    "DEFAULT_MAX_PAGE_BYTES",
    "Edit",
    "OPTIONS",
    "Flags",
    "Pipeline",
    "Record",
    "RecordReader",
    "__version__",
    "clean",
    "read_warc",
]

__version__: str
DEFAULT_MAX_PAGE_BYTES: int
OPTIONS: list[tuple[str, str, str]]
"""Every option, as declared once in the library: ``(name, default as Python writes it,
what it does)``, in the order the signatures list them."""

_Page = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]
"""A page: ``bytes`` (pagewash decides the charset), ``str`` (the page's text, already
decoded: never a file name) or a ``pathlib.Path`` (the file's bytes; a ``*.txt`` file is
plain text unless ``content_type`` says otherwise, as the command line reads it)."""
_Favor = Literal["precision", "balanced", "recall"]

@final
class Flags:
    """Anything lossy or unusual about a result; all false / 0 on a clean page."""

    @property
    def replaced_chars(self) -> int: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def repaired_lines(self) -> int: ...
    @property
    def depth_limited(self) -> bool: ...
    @property
    def empty(self) -> bool: ...
    @property
    def gzip(self) -> bool: ...
    @property
    def gzip_error(self) -> Optional[str]: ...
    @property
    def no_main_content(self) -> bool: ...
    @property
    def timed_out(self) -> bool: ...
    @property
    def not_text(self) -> Optional[str]: ...
    @property
    def lossy(self) -> bool:
        """The text may differ from the page's for reasons other than boilerplate removal."""
    def to_dict(self) -> dict[str, Union[int, bool, str, None]]: ...

@final
class Edit:
    """One removal or repair of one line."""

    @property
    def kind(self) -> Literal["removed", "repaired"]: ...
    @property
    def rule(self) -> str:
        """The rule's stable id (``footer.icp``, ``content.outside``, ``repair.pinyin``)."""
    @property
    def reason(self) -> str: ...
    @property
    def line(self) -> int:
        """The 1-based input line (for HTML, the block's number in the visible text)."""
    @property
    def source_line(self) -> Optional[int]:
        """For HTML, the 1-based line of the page's source where the block starts."""
    @property
    def before(self) -> str:
        """The line's text before the edit: the removed text, for a removal."""
    @property
    def after(self) -> Optional[str]:
        """The repaired text; ``None`` for a removal."""
    def to_dict(self) -> dict[str, Union[int, str, None]]: ...

@final
class Cleaned:
    """The clean text of one page and everything decided on the way."""

    @property
    def text(self) -> str:
        """One line per block, each ending in a newline."""
    @property
    def title(self) -> Optional[str]: ...
    @property
    def date(self) -> Optional[str]:
        """Publication date, ISO 8601 (``to_dict()["published"]``)."""
    @property
    def author(self) -> Optional[str]: ...
    @property
    def publisher(self) -> Optional[str]: ...
    @property
    def language(self) -> Optional[str]: ...
    @property
    def canonical_url(self) -> Optional[str]: ...
    @property
    def encoding(self) -> str:
        """WHATWG name of the encoding used: ``UTF-8``, ``gb18030``, ``Big5``…"""
    @property
    def encoding_source(self) -> str:
        """``bom``, ``http-header``, ``meta-tag``, ``xml-declaration``, ``detected``,
        ``valid-utf8``, ``mostly-utf8`` or ``forced``."""
    @property
    def format(self) -> Literal["html", "text"]: ...
    @property
    def flags(self) -> Flags: ...
    @property
    def edits(self) -> list[Edit]: ...
    @property
    def removed(self) -> dict[str, int]:
        """Lines removed, counted by rule id."""
    @property
    def markdown(self) -> Optional[str]:
        """The text as Markdown, with ``markdown=True``; ``None`` otherwise."""
    def signals(self) -> dict[str, Union[int, float]]:
        """Quality signals (``pagewash clean --signals``): cjk_ratio, line lengths,
        terminal_punct_ratio, dup_line_frac, top_/dup_ n-gram fractions, U+FFFD,
        repairs, traditional_chars."""
    def to_dict(self, *, edits: bool = False, signals: bool = False) -> dict[str, object]:
        """The fields of a ``pagewash clean --format jsonl`` line."""

@final
class Record:
    """One cleaned record of a stream."""

    @property
    def id(self) -> str:
        """A name for the page: the URL if known, else the ``WARC-Record-ID``, the JSON id
        field, or the line number. Use ``warc_record_id`` for a unique key."""
    @property
    def url(self) -> Optional[str]: ...
    @property
    def warc_record_id(self) -> Optional[str]: ...
    @property
    def warc_date(self) -> Optional[str]: ...
    @property
    def offset(self) -> int: ...
    @property
    def http_status(self) -> Optional[int]: ...
    @property
    def record_truncated(self) -> Optional[str]: ...
    @property
    def source(self) -> str: ...
    @property
    def body_bytes(self) -> int:
        """Bytes of the page as read (the HTTP body, uncompressed)."""
    @property
    def cleaned(self) -> Cleaned: ...
    @property
    def text(self) -> str: ...
    @property
    def lossy(self) -> bool: ...
    def to_dict(self, *, edits: bool = False) -> dict[str, object]:
        """Exactly the fields of a line of ``pagewash clean FILE --format jsonl``."""

@final
class RecordReader(Iterator[Record]):
    """Cleaned records of one input, read and cleaned as you iterate."""

    def __iter__(self) -> "RecordReader": ...
    def __next__(self) -> Record: ...
    def __enter__(self) -> "RecordReader": ...
    def __exit__(self, *args: object) -> bool: ...
    @property
    def format(self) -> Literal["warc", "wet", "jsonl", "plain"]: ...
    @property
    def source(self) -> str: ...
    @property
    def stats(self) -> dict[str, object]:
        """Counts so far, as ``pagewash clean --stats`` writes them."""

_Source = Union[str, "os.PathLike[str]", BinaryIO]
_Format = Literal["auto", "warc", "wet", "jsonl", "plain"]
_OnError = Literal["raise", "warn", "ignore"]

@final
class Pipeline:
    """A cleaning pipeline, built once and shared freely (across threads too)."""

    def __new__(
        cls,
        *,
        nfkc: bool = True,
        nfkc_cjk: bool = False,
        t2s: bool = False,
        dedup: bool = True,
        strip: bool = True,
        content: bool = True,
        title: bool = False,
        repair: bool = True,
        favor: _Favor = "balanced",
        markdown: bool = False,
        max_page_bytes: int = ...,
        time_budget: Optional[float] = 10.0,
        charset: Optional[str] = None,
    ) -> "Pipeline": ...
    def clean(
        self, data: _Page, *, url: Optional[str] = None, content_type: Optional[str] = None
    ) -> Cleaned: ...
    def clean_many(
        self,
        pages: Iterable[Union[_Page, tuple[_Page, Optional[str]], tuple[_Page, Optional[str], Optional[str]]]],
        *,
        threads: Optional[int] = None,
    ) -> list[Cleaned]:
        """Pages, or ``(page, url)`` / ``(page, url, content_type)`` tuples, cleaned on Rust
        threads in input order."""
    def read_warc(
        self,
        source: _Source,
        *,
        format: _Format = "auto",
        threads: int = 1,
        errors: _OnError = "warn",
        json_text_field: Optional[str] = None,
        json_id_field: Optional[str] = None,
        name: Optional[str] = None,
    ) -> RecordReader: ...
    @property
    def stages(self) -> list[str]: ...
    @property
    def options(self) -> dict[str, object]: ...

def clean(
    data: _Page,
    *,
    url: Optional[str] = None,
    content_type: Optional[str] = None,
    nfkc: bool = True,
    nfkc_cjk: bool = False,
    t2s: bool = False,
    dedup: bool = True,
    strip: bool = True,
    content: bool = True,
    title: bool = False,
    repair: bool = True,
    favor: _Favor = "balanced",
    markdown: bool = False,
    max_page_bytes: int = ...,
    time_budget: Optional[float] = 10.0,
    charset: Optional[str] = None,
) -> Cleaned:
    """Cleans one page. ``data`` is the page itself: ``bytes`` (charset decided by
    pagewash), ``str`` (its text: ``clean("page.html")`` cleans the 9 characters
    "page.html", not the file) or a ``pathlib.Path`` (the file is read)."""
def read_warc(
    source: _Source,
    *,
    format: _Format = "auto",
    threads: int = 1,
    errors: _OnError = "warn",
    json_text_field: Optional[str] = None,
    json_id_field: Optional[str] = None,
    name: Optional[str] = None,
    nfkc: bool = True,
    nfkc_cjk: bool = False,
    t2s: bool = False,
    dedup: bool = True,
    strip: bool = True,
    content: bool = True,
    title: bool = False,
    repair: bool = True,
    favor: _Favor = "balanced",
    markdown: bool = False,
    max_page_bytes: int = ...,
    time_budget: Optional[float] = 10.0,
    charset: Optional[str] = None,
) -> RecordReader: ...
