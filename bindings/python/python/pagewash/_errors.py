"""Exceptions and warnings raised by pagewash (the Rust side raises these classes)."""


class PagewashError(Exception):
    """Base class of every pagewash error. The message is the Rust message: what was
    wrong and where (a path, a byte offset, an option name)."""


class OptionError(PagewashError, ValueError):
    """An option is invalid: an unknown charset label, a negative time budget, ``threads=0``."""


class ReadError(PagewashError, OSError):
    """An input could not be opened or read (a missing file, a text-mode file object)."""


class RecordError(PagewashError):
    """A damaged record in a stream (bad gzip member, bad WARC header, bad JSON line),
    raised by ``read_warc(..., errors="raise")``. Iteration can continue after it: the
    reader resynchronises at the next record.

    Attributes: ``kind`` (``"bad gzip member"``, ``"bad warc header"``, ``"bad json line"``…,
    as counted in ``reader.stats["failed"]``), ``offset`` (input byte offset; of the gzip
    member in gzip input) and ``source`` (the input's name)."""

    kind: str
    offset: "int | None"
    source: str


class PagewashWarning(UserWarning):
    """A damaged record skipped by ``read_warc(..., errors="warn")`` (the default)."""


__all__ = ["PagewashError", "OptionError", "ReadError", "RecordError", "PagewashWarning"]
