"""The per-item error that sources yield in place of an Article, so one bad item stops nothing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputError:
    """One input that could not be read: ``origin`` is "path" or "path:line"."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"
