"""Boilerplate learned from a corpus (see :mod:`tidy.boilerplate`): whole furniture lines,
and a breadcrumb prefix glued before the title."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from tidy.boilerplate import MAX_LINE, normalise
from tidy.coderules import code_rule, option
from tidy.coderules.lines import drop_line, lines_in
from tidy.coderules.markup_lines import is_structure
from tidy.model import Change

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_WORD = re.compile(r"\S+")
_HEADING_MARK = re.compile(r"#{1,6}")
MAX_RAW = 4 * MAX_LINE  # a longer raw line cannot normalise to a learned one


@lru_cache(maxsize=8)
def _compile(
    lines: tuple[str, ...], prefixes: tuple[str, ...]
) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Options normalised again (hand-written values work) and prefixes longest first."""
    words = {tuple(normalise(p).split()) for p in prefixes}
    ordered = sorted((w for w in words if w), key=lambda w: (-len(w), w))
    return frozenset(filter(None, map(normalise, lines))), tuple(ordered)


def _learned(line: str, known: frozenset[str]) -> bool:
    return bool(known) and len(line) <= MAX_RAW and normalise(line) in known


@code_rule("learned-boilerplate", whole_lines=True)
def learned_boilerplate(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    known, prefixes = _compile(
        tuple(option(rule, "lines", [])), tuple(option(rule, "prefixes", []))
    )
    # Whole lines, in the regions the engine asks for; adjacent deletions are merged.
    spans: list[tuple[int, int, list[str]]] = []
    if known:
        for start, line in lines_in(text, ctx.regions):
            if line.strip() and _learned(line, known) and not is_structure(text, start, ctx.mode):
                a, b = drop_line(text, start, min(start + len(line) + 1, len(text)))
                if spans and a <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], max(b, spans[-1][1]), [*spans[-1][2], line])
                else:
                    spans.append((a, b, [line]))
    if spans and spans[-1][1] >= len(text):
        spans[-1] = (_tail_start(text, spans[-1][0]), len(text), spans[-1][2])
    for a, b, removed in spans:
        names = ", ".join(repr(s.strip()) for s in removed)
        kind = "line" if len(removed) == 1 else "lines"
        yield Change(a, b, "", f"Learned boilerplate {kind} {names}")
    if prefixes:
        title = _title(text, known)
        if title is not None:
            change = _strip_prefix(text, title[0], title[1], prefixes)
            if change is not None:
                yield change


def _tail_start(text: str, a: int) -> int:
    """Where a deletion that runs to the end of ``text`` should start: before the blank
    lines above it too, and before the last kept line's break if the text had no final one."""
    while a > 0:
        prev = text.rfind("\n", 0, a - 1) + 1
        if text[prev:a].strip():
            break
        a = prev
    if a > 0 and not text.endswith("\n"):
        a -= 2 if text[a - 2 : a] == "\r\n" else 1
    return a


def _title(text: str, known: frozenset[str]) -> tuple[int, str] | None:
    """The first non-empty line that is not itself learned boilerplate (so the title is
    found behind a learned menu line, in the same pass that removes the menu)."""
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if line.strip() and not _learned(line, known):
            return pos, line
        pos = end + 1
    return None


def _strip_prefix(
    text: str, start: int, line: str, prefixes: tuple[tuple[str, ...], ...]
) -> Change | None:
    """Remove the longest learned prefix that begins ``line`` and is followed by more words:
    exactly its own characters and the space after it, behind any heading mark."""
    if len(line) > MAX_RAW:
        return None
    words = list(_WORD.finditer(line, 0, len(line)))
    if words and _HEADING_MARK.fullmatch(words[0].group()):
        words = words[1:]
    norm = [normalise(w.group()) for w in words[: len(prefixes[0])]]
    for p in prefixes:
        k = len(p)
        if len(words) > k and tuple(norm[:k]) == p:
            a, b = start + words[0].start(), start + words[k].start()
            removed = text[a:b].rstrip()
            return Change(a, b, "", f"Learned prefix {removed!r} glued to the title")
    return None
