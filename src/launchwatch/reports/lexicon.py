"""Words and patterns per language, kept as data in ``launchwatch/data/lexicon/<language>/``.

The reader's code names what it looks for (a source, a platform, a count); a lexicon file says how
one language writes it. Patterns are lists of regular-expression alternatives, one per line of the
file, joined here; their order is the order they are tried in.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en",)


@cache
def lexicon(name: str, language: str = "en") -> dict[str, Any]:
    """The data of ``data/lexicon/<language>/<name>.json``."""
    if language not in LANGUAGES:
        raise ValueError(f"no lexicon for language {language!r} (have: {', '.join(LANGUAGES)})")
    path = resources.files("launchwatch") / "data" / "lexicon" / language / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def alternations(name: str, key: str, language: str = "en") -> dict[str, str]:
    """Per label, the one pattern its listed alternatives make (``a|b|c``), in file order."""
    return {label: "|".join(alts) for label, alts in lexicon(name, language)[key].items()}
