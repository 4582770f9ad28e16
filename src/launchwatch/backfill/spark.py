"""The Spark side of the backfill (the ``spark`` extra): a session, and the job as Spark runs it.

One task per archive file streams it (:func:`launchwatch.backfill.pages.kept_pages`); the pages
it keeps, keyed by file and record offset, are repartitioned over ``partitions`` tasks, which
read them into article rows (:func:`launchwatch.backfill.pages.read_page`). The result is
cached, so writing the rows and collecting the bad records read the archives once. Executors
need launchwatch installed with the ``backfill`` extra (on a cluster: in the Python that
``spark.pyspark.python`` names on every node).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pyspark import AccumulatorParam, StorageLevel
from pyspark.sql import DataFrame, SparkSession

from launchwatch.backfill.pages import kept_pages, read_page
from launchwatch.backfill.rows import ARTICLE_SCHEMA
from launchwatch.sources.warc import BadRecord, WarcPage

Item = dict[str, Any] | BadRecord


def spark_session(master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session on ``master`` (None: ``local[*]``, every core of this machine).

    Locally the Python workers are this interpreter, the web UI is off and Spark's own console
    progress is left out (launchwatch shows its own).
    """
    builder = SparkSession.builder.appName("launchwatch backfill").master(master or "local[*]")
    settings = {"spark.ui.showConsoleProgress": "false", **(conf or {})}
    if master is None or master.startswith("local"):
        # The workers run this interpreter, which has launchwatch (PYSPARK_PYTHON wins over
        # the setting for local workers, so both are set).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        settings.setdefault("spark.pyspark.python", sys.executable)
        settings.setdefault("spark.ui.enabled", "false")
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class _CounterParam(AccumulatorParam):  # type: ignore[type-arg]
    """Counts added up across tasks."""

    def zero(self, value: Counter[str]) -> Counter[str]:
        return Counter()

    def addInPlace(self, value1: Counter[str], value2: Counter[str]) -> Counter[str]:
        value1.update(value2)
        return value1


class ArchiveJob:
    """The cached result of reading archive files: rows and bad records, and the counts."""

    def __init__(
        self,
        spark: SparkSession,
        files: list[str],
        since: str | None,
        until: str | None,
        partitions: int | None,
    ) -> None:
        context = spark.sparkContext
        self._spark = spark
        accumulator = context.accumulator(Counter(), _CounterParam())
        self._accumulator = accumulator

        def scan(source: str) -> Iterator[tuple[tuple[str, int], WarcPage | BadRecord]]:
            counts: Counter[str] = Counter()
            for item in kept_pages(source, counts, since, until):
                yield (item.file, item.offset), item
            accumulator.add(counts)

        def read(pairs: Iterable[tuple[tuple[str, int], Any]]) -> Iterator[tuple[Any, Item]]:
            counts: Counter[str] = Counter()
            for key, item in pairs:
                result = item if isinstance(item, BadRecord) else read_page(item, counts)
                if result is not None:
                    yield key, result
            accumulator.add(counts)

        tasks = partitions or 2 * context.defaultParallelism
        self._results = (
            context.parallelize(files, max(len(files), 1))
            .flatMap(scan)
            .repartition(tasks)
            .mapPartitions(read)
            .persist(StorageLevel.MEMORY_AND_DISK)
        )

    def counts(self) -> Counter[str]:
        """What the finished tasks counted so far (``pages.COUNTS``)."""
        return Counter(self._accumulator.value)

    def rows_frame(self) -> DataFrame:
        """The article rows as a DataFrame of ``rows.ARTICLE_SCHEMA``."""
        from pyspark.sql.pandas.types import from_arrow_schema

        rows = self._results.filter(lambda pair: not isinstance(pair[1], BadRecord)).map(
            lambda pair: pair[1]
        )
        return self._spark.createDataFrame(rows, schema=from_arrow_schema(ARTICLE_SCHEMA))

    def write_parquet(self, out: str) -> int:
        """Write the rows to ``out`` (a folder of Parquet parts, replaced); returns how many."""
        frame = self.rows_frame().sortWithinPartitions("warc_file", "warc_offset")
        frame.write.mode("overwrite").parquet(out)
        return self._results.filter(lambda pair: not isinstance(pair[1], BadRecord)).count()

    def bad_records(self) -> list[BadRecord]:
        """Every bad record, in file and offset order."""
        bad = self._results.filter(lambda pair: isinstance(pair[1], BadRecord)).collect()
        return [item for _, item in sorted(bad, key=lambda pair: pair[0])]

    def items_in_order(self) -> Iterator[Item]:
        """Rows and bad records, in file and record-offset order, streamed to this process."""
        ordered = self._results.sortByKey()
        for _, item in ordered.toLocalIterator():
            yield item

    def close(self) -> None:
        """Drop the cached result."""
        self._results.unpersist()


def read_archives(
    spark: SparkSession,
    files: list[str],
    since: str | None = None,
    until: str | None = None,
    partitions: int | None = None,
) -> ArchiveJob:
    """The job over ``files`` (nothing runs until its results are asked for)."""
    return ArchiveJob(spark, files, since, until, partitions)
