"""Where a backfill's results go: article rows to Parquet or into the store, bad records to JSONL.

- :class:`ParquetRows` writes rows to one Parquet file as they come (in batches), for a run
  without Spark; Spark writes its own (a folder of part files). :func:`read_rows` reads either.
- :func:`store_rows` saves rows into the store as ``ingest`` saves articles and resolves the
  events once at the end (``pipeline.ingest_reports``).
- :class:`BadRecordLog` lists every bad record, one JSON line each: file, offset, reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from launchwatch.backfill.rows import ARTICLE_SCHEMA, from_row
from launchwatch.pipeline import Echo, IngestSummary, ingest_reports
from launchwatch.sources.warc import BadRecord

BATCH_ROWS = 256


class ParquetRows:
    """Write article rows to one Parquet file in batches of ``BATCH_ROWS``; use as a context."""

    def __init__(self, path: Path | str) -> None:
        import pyarrow.parquet as pq

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(str(path), ARTICLE_SCHEMA)
        self._batch: list[dict[str, Any]] = []
        self.written = 0

    def add(self, row: dict[str, Any]) -> None:
        """Queue one row; a full batch is written."""
        self._batch.append(row)
        if len(self._batch) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._batch:
            self._writer.write_table(pa.Table.from_pylist(self._batch, schema=ARTICLE_SCHEMA))
            self.written += len(self._batch)
            self._batch = []

    def __enter__(self) -> ParquetRows:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._flush()
        self._writer.close()


def read_rows(path: Path | str) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file, or of a folder of part files as Spark writes it, in order.

    Raises ``FileNotFoundError`` when there is nothing at ``path``, and ``ValueError`` when
    its columns are not the backfill's.
    """
    import pyarrow.dataset as ds

    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    dataset = ds.dataset(str(path), format="parquet")
    missing = set(ARTICLE_SCHEMA.names) - set(dataset.schema.names)
    if missing:
        raise ValueError(f"{path}: not a backfill's reports (no {', '.join(sorted(missing))})")
    for batch in dataset.to_batches(columns=list(ARTICLE_SCHEMA.names), batch_size=BATCH_ROWS):
        yield from batch.to_pylist()


def store_rows(
    rows: Iterable[dict[str, Any]],
    db: str | None,
    echo: Echo | None = None,
    error: Echo | None = None,
) -> IngestSummary:
    """Save the articles and reports of ``rows`` into the store at ``db``; events once at the end.

    An article stored before with the same text is unchanged, so storing the same rows twice
    adds nothing.
    """
    return ingest_reports((from_row(row) for row in rows), db, echo=echo, error=error)


class BadRecordLog:
    """Append bad records to a JSONL file (created on the first one); counts them."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.count = 0
        self._file: IO[str] | None = None

    def add(self, bad: BadRecord) -> None:
        """Write one line: ``{"file", "offset", "reason"}``."""
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("w", encoding="utf-8")
        self._file.write(json.dumps(bad.to_json(), ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        """Close the file, if one was written."""
        if self._file is not None:
            self._file.close()
