"""Wire copies: the same story on many sites is one source, not many confirmations.

An article's fingerprint is the set of hashes of its normalised sentences (lower case, words
only, sentences of at least ``MIN_WORDS`` words). Two articles are copies of one story when the
sentences they share make up at least ``COPY_SHARE`` of the shorter one's: rewrites that keep
most of the wire text count as copies, while two outlets' own accounts share few sentences.
Families are the connected groups of copies (union-find), computed within one event only, so
the cost follows the size of events, not of the store.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

MIN_WORDS = 6
COPY_SHARE = 0.5

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z0-9]+")


def fingerprint(text: str) -> frozenset[int]:
    """Hashes (CRC-32) of the text's normalised sentences of ``MIN_WORDS`` words or more."""
    hashes = set()
    for sentence in _SENTENCE_END.split(text.lower()):
        words = _WORD.findall(sentence)
        if len(words) >= MIN_WORDS:
            hashes.add(zlib.crc32(" ".join(words).encode()))
    return frozenset(hashes)


def are_copies(first: frozenset[int], second: frozenset[int]) -> bool:
    """True when the two fingerprints share ``COPY_SHARE`` of the smaller one's sentences."""
    if not first or not second:
        return False
    return len(first & second) >= COPY_SHARE * min(len(first), len(second))


def families(prints: Sequence[frozenset[int]]) -> list[int]:
    """For each fingerprint, the index of its family (the first member's position)."""
    parent = list(range(len(prints)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(prints)):
        for j in range(i):
            if are_copies(prints[i], prints[j]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    return [root(i) for i in range(len(prints))]
