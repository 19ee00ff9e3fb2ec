"""Clean WARC files with pagewash on Spark and write the pages as Parquet.

The list of WARC paths is parallelised (one file per task by default) and each partition is
cleaned by ONE ``pagewash.Pipeline``, built inside the partition from the options (a
pipeline pickles as its options and is rebuilt on arrival anyway; building takes ~10 ms),
reading each file with ``Pipeline.read_warc``: the same per-record decisions as
``pagewash clean FILE --format jsonl``, so a row here equals that command's line for the same
record. Non-page records (warcinfo, requests, images, non-2xx responses) are skipped and
counted, exactly as the command-line tool does.

Output
    ``OUT/`` Parquet, one row per cleaned page, with the explicit schema ``SCHEMA`` below:
    keys to match a row back to its record (``source`` path as given, byte ``offset`` of the
    record's gzip member, ``id``, ``warc_record_id``, ``url``, ``warc_date``), the metadata
    (``title``, ``date`` = publication date, ``author``, ``language``, ``encoding``...),
    ``flags`` (a struct), ``removed`` (``map<string,int>``: lines removed, by rule id) and
    ``text``.

    ``OUT/_pagewash_stats/`` JSON, one line per input file: the reader's counts (records =
    cleaned + skipped + failed, skipped by reason, failed by kind, the first damaged-record
    messages) or the error that kept the file from being opened. Spark and pyarrow ignore
    ``_``-prefixed entries, so the Parquet dataset reads as before. The driver also prints the
    totals as one JSON line and checks that the Parquet row count equals the pages cleaned;
    it exits with status 1 when a file could not be read or the counts disagree.

    The counts travel to the driver in an accumulator keyed by file path whose merge
    *replaces* a file's entry: a task that Spark re-runs reports the same file again instead
    of counting it twice.

Run locally (the ``pyspark`` pip package brings its own Spark; Java 17 or 21 needed)::

    pip install pagewash pyspark pyarrow
    python examples/spark_warc.py --master 'local[4]' crawl/*.warc.gz --out pages.parquet
    python examples/spark_warc.py --master 'local[4]' --list warc.paths --out pages.parquet \\
        --t2s

or through ``spark-submit --master 'local[4]' examples/spark_warc.py ...`` (then set
``PYSPARK_PYTHON`` to the Python that has pagewash installed, if it is not ``python3``).

Submit to a cluster. pagewash is a compiled extension (an abi3 wheel per OS and CPU
architecture, for CPython >= 3.9), so ``--py-files`` does NOT work: Python cannot import an
extension module from a zip, so a wheel on the path (renamed ``.zip``: PySpark adds only
``.zip``/``.egg``/``.jar`` to it, a ``.whl`` gives ``No module named 'pagewash'``) gives
``No module named 'pagewash._pagewash'``. Two ways work:

1. Ship a packed environment with ``--archives`` (``spark.archives``, Spark >= 3.1; on YARN,
   Kubernetes and standalone), as Spark's "Python Package Management" guide does::

       python -m venv env && env/bin/pip install pagewash pyarrow venv-pack
       env/bin/venv-pack -o env.tar.gz        # or conda-pack, which packs the interpreter too
       export PYSPARK_DRIVER_PYTHON=python    # client mode only: the driver's Python
       spark-submit --master yarn --archives env.tar.gz#environment \\
           --conf spark.pyspark.python=./environment/bin/python \\
           examples/spark_warc.py --list s3://bucket/warc.paths --out s3://bucket/pages

   Each executor unpacks the archive into its working directory as ``./environment``. A
   venv (venv-pack) links to its base interpreter, which must then exist at the same path
   on every node; conda-pack includes it. Build on the nodes' OS and CPU (a manylinux
   x86_64 wheel for x86_64 Linux executors).

2. Install the wheel into the executors' Python beforehand (a cluster library, an init
   script or bootstrap action, the image of ``spark.kubernetes.container.image``) and point
   ``spark.pyspark.python`` (or ``PYSPARK_PYTHON``) at that Python.

Inputs: local paths (also directories and globs, expanded on the driver) are read by Rust
directly and must exist on every executor (a shared file system) when the job is not local.
URIs (``s3://``, ``gs://``, ``hdfs://``, ``abfs://``...) are opened on the executor with
``pyarrow.fs`` (``fsspec`` if pyarrow does not know the scheme) and read through a Python
file object, without decompression, so offsets stay those of the file. ``--list`` reads one
path per line (gzip if it ends in ``.gz``, as Common Crawl's ``warc.paths.gz``), and
``--prefix`` is put before relative entries (``--prefix s3://commoncrawl/``).

Each task uses ``--threads`` Rust threads (default: ``spark.task.cpus``, usually 1). Expect
about 60-70 MB/s of HTML per core (12-15 MB/s of gzipped WARC; ~400 pages/s of 150 KB
pages), about 80% of ``pagewash clean --threads 1``: cores, not I/O, bound the job.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import logging
import os
import sys
import time
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple
from urllib.parse import urlparse

from pyspark import AccumulatorParam, TaskContext
from pyspark.sql import SparkSession
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DoubleType,
    IntegerType,
    LongType,
    MapType,
    StringType,
    StructField,
    StructType,
)

log = logging.getLogger("spark_warc")

# What one kind of repair did on a page (`Cleaned::repairs`).
REPAIR = StructType(
    [
        StructField("lines", LongType(), False),
        StructField("chars", LongType(), False),
        StructField("lost", LongType(), False),
    ]
)

FLAGS = StructType(
    [
        StructField("replaced_chars", LongType(), False),
        StructField("truncated", BooleanType(), False),
        StructField("repaired_lines", LongType(), False),
        StructField("depth_limited", BooleanType(), False),
        StructField("empty", BooleanType(), False),
        StructField("gzip", BooleanType(), False),
        StructField("gzip_error", StringType(), True),
        StructField("no_main_content", BooleanType(), False),
        StructField("timed_out", BooleanType(), False),
        StructField("not_text", StringType(), True),
        StructField("lossy", BooleanType(), False),
    ]
)

# One row per cleaned page. Each column is the field of the same name in a line of
# `pagewash clean --format jsonl`, except `date`, which is that line's `published`.
SCHEMA = StructType(
    [
        StructField("source", StringType(), False),  # the WARC path or URI, as listed
        StructField("offset", LongType(), False),  # of the record (its gzip member)
        StructField("id", StringType(), False),
        StructField("warc_record_id", StringType(), True),
        StructField("url", StringType(), True),
        StructField("warc_date", StringType(), True),  # crawl time
        StructField("http_status", IntegerType(), True),
        StructField("record_truncated", StringType(), True),
        StructField("title", StringType(), True),
        StructField("date", StringType(), True),  # publication date, ISO 8601
        StructField("author", StringType(), True),
        StructField("publisher", StringType(), True),
        StructField("language", StringType(), True),
        StructField("canonical_url", StringType(), True),
        StructField("encoding", StringType(), False),
        StructField("encoding_source", StringType(), False),
        StructField("format", StringType(), False),
        StructField("page_type", StringType(), True),  # article, forum, product… (HTML pages)
        StructField("flags", FLAGS, False),
        StructField("removed", MapType(StringType(), IntegerType(), False), False),
        StructField("repairs", MapType(StringType(), REPAIR, False), False),  # by repair kind
        StructField("text", StringType(), False),
    ]
)

# One row per input file: what became of its records.
STATS_SCHEMA = StructType(
    [
        StructField("source", StringType(), False),
        StructField("error", StringType(), True),  # the file could not be opened or read
        StructField("format", StringType(), True),
        StructField("records", LongType(), True),
        StructField("cleaned", LongType(), True),
        StructField("empty", LongType(), True),
        StructField("no_main_content", LongType(), True),
        StructField("lossy", LongType(), True),
        StructField("skipped", MapType(StringType(), LongType(), False), True),
        StructField("skipped_total", LongType(), True),
        StructField("failed", MapType(StringType(), LongType(), False), True),
        StructField("failed_total", LongType(), True),
        StructField("failures", ArrayType(StringType(), False), True),  # first messages
        StructField("bytes_in", LongType(), True),
        StructField("bytes_out", LongType(), True),
        StructField("seconds", DoubleType(), True),
    ]
)

MAX_FAILURE_MESSAGES = 20


class FileStatsParam(AccumulatorParam):
    """``{path: stats}``; merging replaces a path's entry, so a re-run task is not counted
    twice (its counts are the same: the input is)."""

    def zero(self, value: Dict[str, dict]) -> Dict[str, dict]:
        return {}

    def addInPlace(self, a: Dict[str, dict], b: Dict[str, dict]) -> Dict[str, dict]:
        a.update(b)
        return a


def is_uri(path: str) -> bool:
    """A path with a scheme (``s3://``) other than ``file:``; not ``C:\\`` either."""
    scheme = urlparse(path).scheme
    return len(scheme) > 1 and scheme != "file"


def open_source(path: str) -> Any:
    """What ``read_warc`` reads: a local path as is (Rust opens it), a URI as a binary
    file object, opened without decompression."""
    if not is_uri(path):
        return path[len("file://") :] if path.startswith("file://") else path
    try:
        from pyarrow import fs as pafs

        filesystem, inner = pafs.FileSystem.from_uri(path)
    except (ImportError, ValueError, NotImplementedError) as arrow_error:  # unknown scheme
        try:
            import fsspec

            return fsspec.open(path, "rb", compression=None).open()
        except ImportError:
            raise OSError(f"cannot open {path}: {arrow_error}") from arrow_error
        except ValueError as e:
            raise OSError(f"cannot open {path}: {e}") from e
    return filesystem.open_input_stream(inner, compression=None, buffer_size=1 << 20)


def page_row(path: str, d: Dict[str, Any]) -> Tuple[Any, ...]:
    """A row of ``SCHEMA`` from ``Record.to_dict()`` (the ``--format jsonl`` fields)."""
    flags = d["flags"]
    return (
        path,
        d["offset"],
        d["id"],
        d["warc_record_id"],
        d["url"],
        d["warc_date"],
        d["http_status"],
        d["record_truncated"],
        d["title"],
        d["published"],
        d["author"],
        d["publisher"],
        d["language"],
        d["canonical_url"],
        d["encoding"],
        d["encoding_source"],
        d["format"],
        d["page_type"],
        tuple(flags[f.name] for f in FLAGS.fields),
        d["removed"],
        {k: (r["lines"], r["chars"], r["lost"]) for k, r in d["repairs"].items()},
        d["text"],
    )


def clean_files(
    paths: Iterable[str],
    options: Dict[str, Any],
    threads: int = 0,
    report=None,
) -> Iterator[Tuple[Any, ...]]:
    """Rows of every page of ``paths``, cleaned by one pipeline; ``report(path, stats)`` is
    called once per file, when the file is done (``stats`` as ``STATS_SCHEMA``).

    The body of a Spark partition, and usable without Spark."""
    import pagewash  # on the executor

    pipeline = pagewash.Pipeline(**options)
    if threads <= 0:
        context = TaskContext.get()
        threads = max(1, context.cpus()) if context is not None else 1
    for path in paths:
        started = time.perf_counter()
        source = None
        try:
            source = open_source(path)
            reader = pipeline.read_warc(source, threads=threads, errors="raise")
        except (pagewash.PagewashError, OSError) as e:
            if hasattr(source, "close"):
                source.close()
            if report is not None:
                report(path, {"source": path, "error": f"{type(e).__name__}: {e}"})
            continue
        failures: List[str] = []
        try:
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except pagewash.RecordError as e:  # counted in the reader's stats too
                    if len(failures) < MAX_FAILURE_MESSAGES:
                        failures.append(str(e))
                    continue
                yield page_row(path, record.to_dict())
        finally:
            if hasattr(source, "close"):
                source.close()
        if report is not None:
            stats = reader.stats
            stats.pop("top_rules", None)
            stats.update(
                source=path,
                error=None,
                format=reader.format,
                failures=failures,
                seconds=time.perf_counter() - started,
            )
            report(path, stats)


def expand_inputs(
    spark: SparkSession, inputs: Sequence[str], list_file: Optional[str], prefix: str
) -> List[str]:
    """The WARC paths: ``inputs`` (local globs and directories expanded) then the entries
    of ``list_file``, ``prefix`` put before relative ones; duplicates dropped."""
    paths: List[str] = []
    for item in inputs:
        if is_uri(item):
            paths.append(item)
        elif os.path.isdir(item):
            paths.extend(
                os.path.join(root, name)
                for root, _, names in sorted(os.walk(item))
                for name in sorted(names)
                if not name.startswith((".", "_"))
            )
        elif glob.has_magic(item):
            paths.extend(sorted(glob.glob(item)))
        else:
            paths.append(item)
    if list_file:
        if is_uri(list_file):
            rdd = spark.sparkContext.textFile(list_file)  # gzip decoded by Hadoop
            lines = rdd.collect()
        else:
            opener = gzip.open if list_file.endswith(".gz") else open
            with opener(list_file, "rt", encoding="utf-8") as f:
                lines = f.read().splitlines()
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                relative = prefix and not is_uri(line) and not os.path.isabs(line)
                paths.append(prefix + line if relative else line)
    unique = list(dict.fromkeys(paths))
    if len(unique) < len(paths):
        log.warning("%d duplicate input paths dropped", len(paths) - len(unique))
    return unique


def totals(per_file: Dict[str, dict]) -> Dict[str, Any]:
    """The run's counts, summed over files."""
    out: Dict[str, Any] = {"files": len(per_file), "files_unreadable": 0}
    for key in ("records", "cleaned", "empty", "no_main_content", "lossy", "bytes_in", "bytes_out"):
        out[key] = 0
    out["skipped"], out["failed"] = {}, {}
    for stats in per_file.values():
        if stats.get("error"):
            out["files_unreadable"] += 1
            continue
        for key in ("records", "cleaned", "empty", "no_main_content", "lossy", "bytes_in", "bytes_out"):
            out[key] += stats[key]
        for kind in ("skipped", "failed"):
            for reason, n in stats[kind].items():
                out[kind][reason] = out[kind].get(reason, 0) + n
    out["skipped_total"] = sum(out["skipped"].values())
    out["failed_total"] = sum(out["failed"].values())
    return out


def run(
    spark: SparkSession,
    paths: Sequence[str],
    out: str,
    options: Optional[Dict[str, Any]] = None,
    *,
    partitions: Optional[int] = None,
    threads: int = 0,
    stats_out: Optional[str] = None,
    mode: str = "errorifexists",
) -> Dict[str, Any]:
    """Cleans ``paths`` into Parquet at ``out``; returns ``{"totals", "files", "rows",
    "seconds"}`` (``files``: path → stats). ``options`` are ``pagewash.Pipeline``'s."""
    options = dict(options or {})
    # Checked on the driver, by pagewash itself: an unknown option is a TypeError, a bad
    # value a pagewash.OptionError, before any executor starts.
    import pagewash

    pagewash.Pipeline(**options)
    if not paths:
        raise ValueError("no input paths")
    if __name__ != "__main__":
        # Imported (by a test, a notebook): ship this module's functions by value, since
        # the executors cannot import it by name.
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    sc = spark.sparkContext
    accumulator = sc.accumulator({}, FileStatsParam())

    def partition(items: Iterable[str]) -> Iterator[Tuple[Any, ...]]:
        return clean_files(items, options, threads, lambda p, s: accumulator.add({p: s}))

    started = time.perf_counter()
    rdd = sc.parallelize(list(paths), partitions or len(paths)).mapPartitions(partition)
    spark.createDataFrame(rdd, SCHEMA, verifySchema=False).write.mode(mode).parquet(out)
    seconds = time.perf_counter() - started

    reported: Dict[str, dict] = accumulator.value
    per_file = {  # in input order; a file no task reported cannot happen unless Spark lost it
        p: reported.get(p) or {"source": p, "error": "no report from any task"} for p in paths
    }
    rows = list(per_file.values())
    stats_out = stats_out or out.rstrip("/") + "/_pagewash_stats"
    spark.createDataFrame(
        [tuple(r.get(f.name) for f in STATS_SCHEMA.fields) for r in rows], STATS_SCHEMA
    ).coalesce(1).write.mode("overwrite").json(stats_out)

    summary = totals(per_file)
    try:
        written: Optional[int] = spark.read.parquet(out).count()  # from the Parquet footers
    except Exception as e:  # noqa: BLE001 (a path Hadoop takes for a glob: `out[1]`)
        log.warning("cannot count the rows written to %s: %s", out, e)
        written = None
    return {"totals": summary, "files": per_file, "rows": written, "seconds": seconds}


def pipeline_options(args: argparse.Namespace) -> Dict[str, Any]:
    return {
        "nfkc": not args.no_nfkc,
        "t2s": args.t2s,
        "strip": not args.no_strip,
        "content": not args.no_content,
        "title": args.title,
        "repair": not args.no_repair,
        "max_page_bytes": args.max_page_bytes,
        "time_budget": args.time_budget_ms / 1000 if args.time_budget_ms > 0 else None,
        "charset": args.charset,
    }


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Clean WARC files with pagewash on Spark into Parquet.")
    p.add_argument("inputs", nargs="*", help="WARC files (local: also directories, globs; or URIs)")
    p.add_argument("--list", dest="list_file", help="a file listing WARC paths, one a line (.gz too)")
    p.add_argument("--prefix", default="", help="put before the relative paths of --list")
    p.add_argument("--out", required=True, help="Parquet output directory")
    p.add_argument("--stats-out", help="per-file counts, JSON (default: OUT/_pagewash_stats)")
    p.add_argument("--mode", default="errorifexists", choices=["errorifexists", "overwrite"],
                   help="when OUT exists (default: errorifexists)")
    p.add_argument("--partitions", type=int, help="(default: one per file)")
    p.add_argument("--threads", type=int, default=0, help="Rust threads per task (default: spark.task.cpus)")
    p.add_argument("--master", help="Spark master when spark-submit does not set it: local[4]")
    g = p.add_argument_group("pagewash options (as `pagewash clean`)")
    g.add_argument("--no-nfkc", action="store_true", help="keep full-width forms")
    g.add_argument("--t2s", action="store_true", help="Traditional -> Simplified Chinese")
    g.add_argument("--no-strip", action="store_true", help="keep boilerplate")
    g.add_argument("--no-content", action="store_true", help="no main-content extraction")
    g.add_argument("--title", action="store_true", help="an HTML page's title as the first line")
    g.add_argument("--no-title", action="store_true", help=argparse.SUPPRESS)  # the old default's flag
    g.add_argument("--no-repair", action="store_true", help="no mojibake/pinyin repairs")
    g.add_argument("--max-page-bytes", type=int, default=16 * 1024 * 1024, help="(default: 16 MiB)")
    g.add_argument("--time-budget-ms", type=int, default=10_000, help="per page; 0: none (default: 10000)")
    g.add_argument("--charset", help="decode with this charset (a WHATWG label)")
    args = p.parse_args(argv)
    if not args.inputs and not args.list_file:
        p.error("give WARC paths or --list FILE")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    args = parse_args(argv)
    builder = SparkSession.builder.appName("pagewash-warc")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):
            # Python workers run `python3` from PATH unless told: use this Python (the one
            # that has pagewash). The config spark.pyspark.python would be read too late.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    paths = expand_inputs(spark, args.inputs, args.list_file, args.prefix)
    if not paths:
        log.error("no input files")
        return 1
    log.info("%d WARC files, pagewash options %s", len(paths), pipeline_options(args))
    result = run(
        spark,
        paths,
        args.out,
        pipeline_options(args),
        partitions=args.partitions,
        threads=args.threads,
        stats_out=args.stats_out,
        mode=args.mode,
    )
    t = result["totals"]
    print(json.dumps({**t, "rows": result["rows"], "seconds": round(result["seconds"], 3)}))
    status = 0
    for path, stats in result["files"].items():
        if stats.get("error"):
            log.error("%s: %s", path, stats["error"])
            status = 1
        for message in stats.get("failures") or []:
            log.warning("%s", message)
    if t["records"] != t["cleaned"] + t["skipped_total"] + t["failed_total"]:
        log.error("records %d != cleaned + skipped + failed", t["records"])
        status = 1
    if result["rows"] is not None and result["rows"] != t["cleaned"]:
        log.error("%d rows written for %d pages cleaned", result["rows"], t["cleaned"])
        status = 1
    log.info(
        "%d records: %d pages, %d skipped, %d failed; %.1f MB in %.1f s",
        t["records"],
        t["cleaned"],
        t["skipped_total"],
        t["failed_total"],
        t["bytes_in"] / 1e6,
        result["seconds"],
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
