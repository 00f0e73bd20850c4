"""The literal prefixes a regular expression's matches must start with.

A whole-line matcher that alternates a hundred phrases and a dozen patterns, under
IGNORECASE, is tried at every line start and costs far more than a scan for the few
letters its matches can start with. ``literal_prefixes`` reads those letters from the
pattern itself (so a pattern added in a rule file or in configuration is covered too), and
says None where it cannot tell: the caller then scans without a filter.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser behind re.compile (re._parser since Python 3.11)
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter without it: no filter
    _sre = None

_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_MAX_CLASS = 12  # a character class wider than this says too little to filter by


def literal_prefixes(pattern: str, length: int = 3) -> frozenset[str] | None:
    """Lower-case strings of at most ``length`` characters, one of which starts every
    match of ``pattern`` (compared without regard to case); None when the pattern may
    start with something else (a class, a wildcard, an empty match)."""
    if _sre is None:
        return None
    try:
        found = _sequence(list(_sre.parse(pattern, re.IGNORECASE)), length)
    except Exception:  # (a construct this reader does not know: no filter)
        return None
    if found is None or any(p == "" for p, _ in found):
        return None
    return frozenset(p for p, _ in found)


# A prefix, and whether what follows its item may still be appended to it (False where
# reading stopped inside the item: a class, a wildcard, a repeat's next turn).
_Prefixes = set[tuple[str, bool]]


def _sequence(items: list[Any], length: int) -> _Prefixes | None:
    """Prefixes of a sequence of parsed items: each item's, extended by the next one's up
    to ``length`` characters wherever it may be."""
    out: _Prefixes = set()
    growing = {""}
    for op, av in items:
        if not growing:
            break
        step = _item(str(op), av, length)
        if step is None:
            out |= {(p, False) for p in growing}
            return out
        nxt = set()
        for p in growing:
            for piece, more in step:
                q = (p + piece)[:length]
                if len(q) >= length or not more:
                    out.add((q, False))
                else:
                    nxt.add(q)
        growing = nxt
    out |= {(p, True) for p in growing}
    return out


def _item(op: str, av: Any, length: int) -> _Prefixes | None:
    """The strings one item can start with, each marked as whole or cut short."""
    if op == "LITERAL":
        return {(chr(av).lower(), True)}
    if op in _ZERO_WIDTH:
        return {("", True)}
    if op == "IN":
        chars = set()
        for kind, value in av:
            if str(kind) != "LITERAL":
                return None
            chars.add((chr(value).lower(), True))
        return chars if len(chars) <= _MAX_CLASS else None
    if op == "SUBPATTERN":
        return _sequence(list(av[-1]), length)
    if op == "BRANCH":
        found: _Prefixes = set()
        for branch in av[1]:
            inner = _sequence(list(branch), length)
            if inner is None:
                return None
            found |= inner
        return found
    if op in _REPEATS:
        low, high, item = av
        inner = _sequence(list(item), length)
        if inner is None:
            return None
        # (after one turn of a repeat another may follow: only an item taken at most once
        # is followed by what comes next; skipped, it is followed by that at once)
        found = {(p, more and high == 1) for p, more in inner}
        return found | {("", True)} if low == 0 else found
    return None
