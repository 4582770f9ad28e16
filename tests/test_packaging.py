"""The files the web app serves are in the package: every one matches pyproject's package-data."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "src" / "launchwatch"


def test_served_files_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["launchwatch"]
    served = [
        path.relative_to(PACKAGE).as_posix()
        for folder in ("serve/static", "serve/templates")
        for path in (PACKAGE / folder).rglob("*")
        if path.is_file()
    ]
    assert "serve/static/swagger-ui/swagger-ui-bundle.js" in served
    missing = [name for name in served if not any(_glob(p).fullmatch(name) for p in patterns)]
    assert missing == []


def _glob(pattern: str) -> re.Pattern[str]:
    """A package-data pattern as setuptools reads it: ``*`` does not reach into sub-folders."""
    return re.compile("".join("[^/]*" if c == "*" else re.escape(c) for c in pattern))
