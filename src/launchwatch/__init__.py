"""launchwatch: a sourced, deduplicated record of missile launches, read from the news."""

__version__ = "0.1.0"
