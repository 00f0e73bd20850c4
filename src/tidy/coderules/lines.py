"""Line helpers shared by the line-oriented rules. Line endings may be LF or CRLF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # offset of the first character
    end: int  # offset just past the content (before "\r\n" or "\n")
    next: int  # offset of the next line's first character
    text: str  # content without the line ending

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def iter_lines(text: str, start: int = 0) -> Iterator[Line]:
    n = len(text)
    pos = start
    while pos < n:
        nl = text.find("\n", pos)
        nxt = n if nl < 0 else nl + 1
        end = n if nl < 0 else nl
        if end > pos and text[end - 1] == "\r":
            end -= 1
        yield Line(pos, end, nxt, text[pos:end])
        pos = nxt


WINDOW = 20_000  # how far a rule looks for a line or paragraph end around one position
# The next word at a position, after any whitespace (\s and \S part words as str.split()
# does): read outward from a token rather than splitting its whole line.
WORD_AT = re.compile(r"\s*(\S+)")


def letters_before(text: str, pos: int, limit: int = 32) -> str:
    """The run of letters ending at ``pos`` (at most ``limit`` of them: no word that a
    rule asks about is longer, and looking further would cost on letter-only input)."""
    i = pos
    while i > 0 and pos - i < limit and text[i - 1].isalpha():
        i -= 1
    return text[i:pos]


# A copyright notice's line (behind a comment's marks): a licence's, to reproduce as it is.
COPYRIGHT_NOTICE = re.compile(r"[ \t*#/;-]*(?:Copyright\b|\([cC]\) ?\d|© ?\d)")


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the line around ``pos`` (without its line break). A line longer than the
    window is cut there: looking no further keeps every rule linear on any input."""
    lo = max(0, pos - WINDOW)
    s = text.rfind("\n", lo, pos)
    hi = min(len(text), pos + WINDOW)
    e = text.find("\n", pos, hi)
    block = pos // WINDOW  # a longer line is cut at fixed blocks: stable bounds to memoise on
    start = s + 1 if s >= 0 else (0 if lo == 0 else block * WINDOW)
    end = e if e >= 0 else (hi if hi == len(text) else min(len(text), (block + 1) * WINDOW))
    return start, end


def line_at(text: str, pos: int) -> Line:
    s, e = line_bounds(text, pos)
    nxt = e + 1 if e < len(text) and text[e] == "\n" else e
    end = e - 1 if e > s and text[e - 1] == "\r" else e
    return Line(s, end, nxt, text[s:end])


def _blank_line_at(text: str, pos: int) -> int | None:
    """If a blank line starts at ``pos``, the offset just past it."""
    i = pos
    n = len(text)
    while i < n and text[i] in " \t\r":
        i += 1
    if i < n and text[i] == "\n":
        return i + 1
    return None


def drop_line(text: str, start: int, nxt: int) -> tuple[int, int]:
    """Span that deletes the line [start, nxt) without leaving two blank lines in a row:
    when the line sits between blank lines (or at the top), one of them goes with it."""
    if start == 0:
        after = _blank_line_at(text, nxt)
        return (start, after) if after is not None else (start, nxt)
    prev_start = text.rfind("\n", 0, start - 1) + 1
    if text[prev_start : start - 1].strip() == "":
        after = _blank_line_at(text, nxt)
        if after is not None:
            return start, after
        if nxt >= len(text):
            return prev_start, nxt  # the last line: take the blank line before it instead
    return start, nxt


def add_span(spans: list[tuple[int, int]], start: int, end: int, touching: bool = False) -> None:
    """Append [start, end) to sorted ``spans``, merging it with the last one if they overlap
    (or, with ``touching``, if it starts where the last one ends)."""
    if spans and (start < spans[-1][1] or (touching and start == spans[-1][1])):
        spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
    else:
        spans.append((start, end))


def lines_in(text: str, regions: list[tuple[int, int]]) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line that starts inside ``regions``."""
    for s, e in regions:
        s = text.rfind("\n", 0, s) + 1 if s else 0
        pos = s
        for line in text[s:e].split("\n"):
            yield pos, line
            pos += len(line) + 1
