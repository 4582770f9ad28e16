"""Sources: where articles come from (files, JSONL streams), each bad item an InputError."""

from launchwatch.sources.errors import InputError
from launchwatch.sources.files import read_jsonl_stream, read_paths

__all__ = ["InputError", "read_jsonl_stream", "read_paths"]
