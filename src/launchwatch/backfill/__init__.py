"""Backfill: read years of crawled news from web archive files into the record, on Spark.

``sources.warc`` reads the archives; here :mod:`prefilter` drops the pages that cannot be launch
news before any HTML is parsed, :mod:`pages` runs one file's pages through the same article and
report steps as ``ingest``, :mod:`rows` turns the results into rows of one schema (Parquet,
Spark), :mod:`job` runs the files serially or as a Spark job, and :mod:`output` writes the rows
to Parquet or into the store, where the events are resolved once at the end.
"""
