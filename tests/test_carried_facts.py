"""Facts a context hands on to the next rule's context instead of finding them again, and
shortcuts that settle a paragraph without the full scan, say what a fresh look would say."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tidy import protect
from tidy.context import Context
from tidy.model import Change

NEEDLES = ["tidy:", " ,", "&", "ab", "a", " –", "aba"]
TEXT = st.text(alphabet="ab ,&t–idy:", max_size=40)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, list[Change]]:
    """A text and sorted, disjoint changes to it (insertions among them)."""
    text = draw(TEXT)
    changes = []
    pos = 0
    while pos <= len(text) and draw(st.booleans()):
        start = draw(st.integers(pos, len(text)))
        end = draw(st.integers(start, min(len(text), start + 3)))
        changes.append(Change(start, end, draw(st.text(alphabet="ab ,&t–:", max_size=3))))
        pos = end + (end == start)  # (one insertion per position)
    return text, changes


def _applied(text: str, changes: list[Change]) -> str:
    out, pos = [], 0
    for c in changes:
        out += [text[pos : c.start], c.text]
        pos = c.end
    return "".join([*out, text[pos:]])


@settings(max_examples=500, deadline=None)
@given(edited(), st.lists(st.sampled_from(NEEDLES), min_size=1, unique=True))
def test_carried_needles_are_found_where_they_are(
    case: tuple[str, list[Change]], needles: list[str]
) -> None:
    text, changes = case
    ctx = Context(text, "plain")
    for needle in needles:
        ctx.contains(needle)
    new = _applied(text, changes)
    after = ctx.after(new, changes)
    for needle in needles:
        assert after.contains(needle) == (needle in new)
        at = after._find(needle)
        assert (at < 0) == (needle not in new)
        assert at < 0 or new.startswith(needle, at)


PIECE = st.sampled_from(["a", "b", " ", "  ", "\t", "\u00a0", "\r", "\u2003", "x  y"])
LINES = st.lists(st.lists(PIECE, max_size=8).map("".join), max_size=6).map("\n".join)


@settings(max_examples=2000, deadline=None)
@given(LINES)
def test_gap_lines_apart_means_nothing_lines_up(text: str) -> None:
    """When the shortcut says so, no line with an inner gap is indented and no two lines
    with one are neighbours: _aligned_lines' own loop would find nothing."""
    if not protect._gap_lines_apart(text):
        return
    gapped = [bool(re.search(protect._GAP, line)) for line in text.split("\n")]
    lines = text.split("\n")
    assert not any(g and line[:1] in (" ", "\t") for g, line in zip(gapped, lines, strict=True))
    assert not any(a and b for a, b in itertools.pairwise(gapped))
