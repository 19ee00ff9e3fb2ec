"""pagewash: clean text from scraped web pages, for language-model corpora and search indexes.

>>> import pagewash
>>> page = pagewash.clean("<html><body><article><p>正文很长很长，有标点，这是文章的主体内容。</p></article>"
...                       "<footer>版权所有 某某网 京ICP备12345678号</footer></body></html>")
>>> page.text
'正文很长很长,有标点,这是文章的主体内容。\\n'

The page is ``bytes``, ``str`` (its text: a ``str`` is never a file name) or a
``pathlib.Path`` (the file is read): ``pagewash.clean(pathlib.Path("page.html"))``.

Build a :class:`Pipeline` once and share it (across threads too); each call releases the
GIL while Rust cleans. :meth:`Pipeline.clean_many` cleans a batch on Rust threads, and
:func:`read_warc` streams the cleaned records of a WARC, WET or JSON Lines file.
"""

from ._errors import OptionError, PagewashError, PagewashWarning, ReadError, RecordError
from ._pagewash import (
    DEFAULT_MAX_PAGE_BYTES,
    OPTIONS,
    Cleaned,
    Edit,
    Flags,
    Pipeline,
    Record,
    RecordReader,
    __version__,
    clean,
    read_warc,
)


def _pipeline_from_options(options: dict) -> Pipeline:
    """Rebuilds a pickled :class:`Pipeline` from its options."""
    return Pipeline(**options)


__all__ = [
    "DEFAULT_MAX_PAGE_BYTES",
    "OPTIONS",
    "Cleaned",
    "Edit",
    "Flags",
    "OptionError",
    "PagewashError",
    "PagewashWarning",
    "Pipeline",
    "ReadError",
    "Record",
    "RecordError",
    "RecordReader",
    "__version__",
    "clean",
    "read_warc",
]
